/**
 * The targets, judged on one run's figures. Reported, never asserted: timings depend on the machine.
 */
import type { FunctionBenchResult } from './function';
import { ratios } from './function';
import type { SynthBenchResult } from './synth';

export interface TargetVerdict {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
}

const LARGEST = 'largest-xr';

export function judgeTargets(functions: FunctionBenchResult | undefined, synth: SynthBenchResult | undefined): TargetVerdict[] {
  const out: TargetVerdict[] = [];
  if (functions) {
    const ours = functions.runs.filter((r) => r.server === 'secure-baseline' && r.workload === LARGEST);
    const worstP99 = (mode: string) => Math.max(...ours.filter((r) => r.mode === mode && r.concurrency === 1).map((r) => r.p99Ms));
    // One request at a time, so the figure is the function's latency, not queueing behind other requests.
    out.push({ target: 'largest XR, warm, unchanged request (steady state): p99 ≤ 5 ms at concurrency 1', measured: `${worstP99('steady').toFixed(2)} ms`, met: worstP99('steady') <= 5 });
    out.push({ target: 'largest XR, warm, changed request: p99 ≤ 5 ms at concurrency 1', measured: `${worstP99('changed').toFixed(2)} ms`, met: worstP99('changed') <= 5 });
    const r = ratios(functions).filter((x) => x.workload === LARGEST);
    const minRatio = (mode: string) => Math.min(...r.filter((x) => x.mode === mode).map((x) => x.ratio));
    out.push({ target: 'largest XR throughput ≥ 1.0× function-patch-and-transform (changed requests, every concurrency)', measured: `min ${minRatio('changed').toFixed(2)}×`, met: minRatio('changed') >= 1 });
    out.push({ target: 'largest XR throughput ≥ 5× function-patch-and-transform in steady state (every concurrency)', measured: `min ${minRatio('steady').toFixed(2)}×`, met: minRatio('steady') >= 5 });
    const peak = functions.servers.find((s) => s.server === 'secure-baseline')?.peakRssMb ?? NaN;
    out.push({ target: 'peak RSS of our function ≤ 120 MB (over every run, concurrency up to 32)', measured: `${peak.toFixed(0)} MB`, met: peak <= 120 });
    const lowConcurrencyPeak = Math.max(...functions.runs.filter((x) => x.server === 'secure-baseline' && x.concurrency <= 8).map((x) => x.peakRssMb));
    out.push({ target: 'peak RSS of our function ≤ 120 MB at concurrency ≤ 8', measured: `${lowConcurrencyPeak.toFixed(0)} MB`, met: lowConcurrencyPeak <= 120 });
  }
  if (synth) {
    const hundred = synth.cases.find((c) => c.name === '100');
    if (hundred) out.push({ target: 'synth of 100 environments ≤ 15 s wall', measured: `${hundred.synthSeconds.toFixed(1)} s (synth call; ${hundred.processSeconds.toFixed(1)} s whole process)`, met: hundred.processSeconds <= 15 });
    out.push({ target: 'synth time grows close to linearly', measured: `${synth.linearity} (marginal CPU per environment, last step over the one before: ${synth.cpuLinearityRatio.toFixed(2)})`, met: synth.linearity.startsWith('linear') });
  }
  return out;
}

export function formatTargets(verdicts: readonly TargetVerdict[]): string {
  return ['| target | measured | met |', '|---|---|---|', ...verdicts.map((v) => `| ${v.target} | ${v.measured} | ${v.met ? 'yes' : '**no**'} |`)].join('\n');
}
