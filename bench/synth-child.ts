/**
 * One case of bench/synth.ts, in a process of its own: `node --import tsx bench/synth-child.ts <default|n> <outdir>`.
 * Synthesizes the default environments or n generated ones into outdir and prints its figures as JSON after
 * CHILD_RESULT_MARKER.
 */
import { readFileSync } from 'node:fs';
import { ENVIRONMENTS } from '../config/environments';
import { synth } from '../main';
import { CHILD_RESULT_MARKER, generateEnvironments, type ChildSynthFigures } from './synth';

/** Peak resident set size in MB: VmHWM where /proc exists, else what the kernel reports as maxrss. */
function peakRssMb(): number {
  try {
    const hwm = /^VmHWM:\s+(\d+)\s+kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (hwm) return Number(hwm[1]) / 1024;
  } catch {
    // No /proc (macOS): fall through.
  }
  return process.resourceUsage().maxRSS / 1024;
}

const [caseName, outdir] = process.argv.slice(2);
if (!caseName || !outdir) throw new Error('usage: bench/synth-child.ts <default|n> <outdir>');
const environments = caseName === 'default' ? ENVIRONMENTS : generateEnvironments(Number(caseName));

const start = performance.now();
const cpuAtStart = process.cpuUsage();
synth(outdir, environments);
const synthSeconds = (performance.now() - start) / 1000;
const cpu = process.cpuUsage(cpuAtStart);

const figures: ChildSynthFigures = { environments: environments.length, synthSeconds, synthCpuSeconds: (cpu.user + cpu.system) / 1e6, peakRssMb: peakRssMb() };
console.log(`${CHILD_RESULT_MARKER}${JSON.stringify(figures)}`);
