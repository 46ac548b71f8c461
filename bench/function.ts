/**
 * Function benchmark: our function (the production bundle, insecure on loopback) against Crossplane's Go
 * function-patch-and-transform serving the equivalent Composition, driven by the same client with the same
 * requests, in one run on one machine. For each workload, mode and concurrency: throughput, p50/p99 latency and
 * the server's CPU time per request; per server: peak RSS and the first (cold) request's latency.
 *
 * Modes:
 *   changed  every call carries a tag never seen before (and the XR's content cycles through variants), as when
 *            something in the request changed: the function does all its work.
 *   steady   the same request again (same tag), as on the periodic reconcile of an unchanged XR.
 */
import { RunFunctionResponse, Severity } from '@crossplane-org/function-sdk-typescript';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, openSync, readFileSync, writeFileSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { buildFunction, FUNCTION_NODE_OPTIONS } from '../functions/build';
import type { KubeObject } from '../lib/composer';
import { toYaml } from '../lib/yaml';
import { PROJECT_ROOT } from '../lib/crds';
import { freePort } from '../lib/process';
import { RawFunctionClient, type LoadOptions, type LoadResult } from './driver';
import type { DriverJob } from './driver-worker';
import { buildWorkloads, encodedMeta, patchAndTransformComposition, type Workload, type XrRequest } from './workload';

export type ServerName = 'secure-baseline' | 'function-patch-and-transform';
export type Mode = 'changed' | 'steady';
export const MODES: readonly Mode[] = ['changed', 'steady'];
export const CONCURRENCY = [1, 8, 32] as const;

export interface FunctionRun extends LoadResult {
  readonly server: ServerName;
  readonly workload: string;
  readonly mode: Mode;
  /** The server process's CPU time (user + system) per measured request. */
  readonly serverCpuMsPerRequest: number;
  /** Peak resident set size of the server during this run (warm-up included). */
  readonly peakRssMb: number;
}

export interface ServerFigures {
  readonly server: ServerName;
  readonly version: string;
  /** Latency of the first request the freshly started server answers (largest XR): nothing compiled yet. */
  readonly firstRequestMs: number;
  /** Peak resident set size of the server process over all its runs (VmHWM, the maximum of the runs' peaks). */
  readonly peakRssMb: number;
}

export interface Equivalence {
  readonly workload: string;
  readonly resources: number;
  readonly identical: number;
  readonly differences: readonly string[];
}

export interface FunctionBenchResult {
  readonly workloads: ReadonlyArray<{ readonly name: string; readonly description: string; readonly xrs: number; readonly composed: number; readonly requestBytes: number }>;
  readonly servers: readonly ServerFigures[];
  readonly runs: readonly FunctionRun[];
  readonly equivalence: readonly Equivalence[];
  readonly settings: { readonly warmupMs: number; readonly durationMs: number };
}

interface ServerUnderTest {
  readonly name: ServerName;
  readonly version: string;
  readonly command: readonly string[];
  readonly bytesOf: (r: XrRequest) => Buffer;
  readonly changedBytesOf: (r: XrRequest, variant: number) => Buffer;
}

const START_TIMEOUT_MS = 30_000;
const CLOCK_TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

function procStatus(pid: number, field: string): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : NaN;
}

/** Resets the process's peak RSS (VmHWM) to its current RSS (Linux: "5" to /proc/<pid>/clear_refs). */
function resetPeakRss(pid: number): void {
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
}

function cpuMs(pid: number): number {
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
}

const children = new Set<ChildProcess>();
const killAll = () => { for (const c of children) if (c.exitCode === null) c.kill('SIGKILL'); };
process.on('exit', killAll);

async function startServer(s: ServerUnderTest, logDir: string): Promise<{ child: ChildProcess; client: RawFunctionClient }> {
  const port = await freePort();
  const log = openSync(join(logDir, `${s.name}.log`), 'w');
  const [cmd, ...args] = s.command;
  const child = spawn(cmd, [...args, '--insecure', '--address', `127.0.0.1:${port}`], { stdio: ['ignore', log, log] });
  closeSync(log);
  children.add(child);
  child.once('exit', () => children.delete(child));
  const client = new RawFunctionClient(`127.0.0.1:${port}`);
  await client.ready(START_TIMEOUT_MS);
  return { child, client };
}

/** A tag like Crossplane's: the SHA-256 of the request's content (here, of its bytes without meta). */
const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/** What the driver thread sends in each mode (see driver-worker.ts). */
function driverJob(s: ServerUnderTest, w: Workload, mode: Mode, target: string, options: Omit<LoadOptions, 'onMeasureStart'>): DriverJob {
  return mode === 'steady'
    ? { target, options, steady: w.requests.map((r) => Buffer.concat([s.bytesOf(r), encodedMeta(sha256(s.bytesOf(r)))])) }
    : { target, options, changed: w.requests.map((r) => Array.from({ length: r.changedOurs.length }, (_, v) => s.changedBytesOf(r, v))) };
}

/** tsx compiles the main thread's modules only: the driver thread loads its TypeScript through tsx's API. */
const DRIVER_BOOTSTRAP = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
  .then(({ tsImport }) => tsImport(${JSON.stringify(new URL('./driver-worker.ts', import.meta.url).href)}, ${JSON.stringify(import.meta.url)}));`;

/** Runs the driver in its own thread (its own small heap: see driver-worker.ts). */
function driveInWorker(job: DriverJob, onMeasureStart: () => void): Promise<LoadResult> {
  const worker = new Worker(DRIVER_BOOTSTRAP, { eval: true, workerData: job });
  return new Promise<LoadResult>((resolve, reject) => {
    worker.on('message', (m: { measuring?: true; result?: LoadResult; error?: string }) => {
      if (m.measuring) onMeasureStart();
      else if (m.result) resolve(m.result);
      else reject(new Error(`driver: ${m.error}`));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`driver thread exited (${code}) without a result`)));
  }).finally(() => void worker.terminate());
}

const fatalOf = (rsp: RunFunctionResponse) => rsp.results.find((r) => r.severity === Severity.SEVERITY_FATAL)?.message;

/** Canonical JSON (sorted keys) for comparing resources produced by different encoders. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  return JSON.stringify(v);
}

/** Both servers' answers to the steady request of each XR: the composed resources must be the same. */
async function compareOutputs(w: Workload, ours: RawFunctionClient, theirs: RawFunctionClient, servers: readonly ServerUnderTest[]): Promise<Equivalence> {
  let resources = 0;
  let identical = 0;
  const differences: string[] = [];
  for (const r of w.requests) {
    const [a, b] = await Promise.all([ours.call(Buffer.concat([servers[0].bytesOf(r), encodedMeta('compare')])), theirs.call(Buffer.concat([servers[1].bytesOf(r), encodedMeta('compare')]))]);
    const [ra, rb] = [RunFunctionResponse.decode(a), RunFunctionResponse.decode(b)];
    for (const [who, rsp] of [['ours', ra], ['theirs', rb]] as const) {
      const f = fatalOf(rsp);
      if (f) throw new Error(`${who} failed on ${r.xr.kind} ${r.xr.metadata?.name}: ${f}`);
    }
    for (const [name, res] of Object.entries(ra.desired?.resources ?? {})) {
      resources++;
      const mine = res.resource as KubeObject;
      const other = rb.desired?.resources[name]?.resource as KubeObject | undefined;
      // function-patch-and-transform copies the observed resource's namespace; ours leaves it to Crossplane.
      const strip = (o: KubeObject | undefined) => o && { ...o, metadata: { ...o.metadata, namespace: undefined } };
      if (other && canonical(strip(mine)) === canonical(strip(other))) identical++;
      else if (differences.length < 5) differences.push(`${r.xr.kind}/${name}: ${other ? 'differs' : 'missing'}`);
    }
  }
  return { workload: w.name, resources, identical, differences };
}

export interface FunctionBenchOptions {
  readonly quick: boolean;
  readonly outDir: string;
  /** Node.js flags for our function's process, to try runtime settings. @default FUNCTION_NODE_OPTIONS, as in production */
  readonly nodeFlags?: readonly string[];
  /** Measure our function only (no baseline, no ratios): quicker, when trying settings. */
  readonly oursOnly?: boolean;
  readonly log?: (line: string) => void;
}

export async function benchFunctions(opts: FunctionBenchOptions): Promise<FunctionBenchResult> {
  const log = opts.log ?? (() => {});
  const settings = opts.quick ? { warmupMs: 300, durationMs: 1000 } : { warmupMs: 1000, durationMs: 5000 };
  mkdirSync(opts.outDir, { recursive: true });

  log('building the function bundle and function-patch-and-transform');
  const bundle = await buildFunction();
  const ptInstall = execFileSync('bash', [join(PROJECT_ROOT, 'scripts', 'install-patch-and-transform.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const ptBinary = ptInstall.trim().split('\n').pop()!;
  const ptVersion = /function-patch-and-transform-(v[\d.]+)\//.exec(ptBinary)?.[1] ?? 'unknown';

  log('rendering the workloads');
  const workloads = buildWorkloads();
  for (const w of workloads) {
    for (const r of w.requests) {
      const file = join(opts.outDir, 'patch-and-transform', `${r.xr.kind.toLowerCase()}-${r.xr.metadata?.name}.yaml`);
      mkdirSync(join(opts.outDir, 'patch-and-transform'), { recursive: true });
      writeFileSync(file, toYaml([patchAndTransformComposition(r.xr, r.patchAndTransformInput)]));
    }
  }

  const servers: ServerUnderTest[] = [
    {
      name: 'secure-baseline', version: JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')).version,
      command: [process.execPath, ...(opts.nodeFlags ?? FUNCTION_NODE_OPTIONS), bundle], bytesOf: (r) => r.ours, changedBytesOf: (r, v) => r.changedOurs[v],
    },
    {
      name: 'function-patch-and-transform', version: ptVersion,
      command: [ptBinary], bytesOf: (r) => r.theirs, changedBytesOf: (r, v) => r.changedTheirs[v],
    },
  ];

  // Equivalence first, on fresh servers (also proves the generated Composition is accepted).
  const [a, b] = await Promise.all(servers.map((s) => startServer(s, opts.outDir)));
  const equivalence: Equivalence[] = [];
  for (const w of workloads) equivalence.push(await compareOutputs(w, a.client, b.client, servers));
  for (const x of [a, b]) { x.client.close(); x.child.kill('SIGTERM'); }

  const runs: FunctionRun[] = [];
  const figures: ServerFigures[] = [];
  for (const s of opts.oursOnly ? servers.slice(0, 1) : servers) {
    const { child, client } = await startServer(s, opts.outDir);
    const pid = child.pid!;
    const largest = workloads[0].requests[0];
    const t = performance.now();
    await client.call(Buffer.concat([s.bytesOf(largest), encodedMeta('first')]));
    const firstRequestMs = performance.now() - t;
    let overallPeak = 0;
    for (const w of workloads) {
      for (const mode of MODES) {
        for (const concurrency of CONCURRENCY) {
          let cpuStart = 0;
          overallPeak = Math.max(overallPeak, procStatus(pid, 'VmHWM') / 1024);
          resetPeakRss(pid);
          const result = await driveInWorker(driverJob(s, w, mode, client.target, { concurrency, ...settings }), () => { cpuStart = cpuMs(pid); });
          const run: FunctionRun = {
            ...result, server: s.name, workload: w.name, mode,
            serverCpuMsPerRequest: (cpuMs(pid) - cpuStart) / result.requests,
            peakRssMb: procStatus(pid, 'VmHWM') / 1024,
          };
          runs.push(run);
          log(`${s.name} ${w.name} ${mode} c=${concurrency}: ${run.requestsPerSecond.toFixed(0)} req/s, p50 ${run.p50Ms.toFixed(2)} ms, p99 ${run.p99Ms.toFixed(2)} ms, peak RSS ${run.peakRssMb.toFixed(0)} MB`);
        }
      }
    }
    figures.push({ server: s.name, version: s.version, firstRequestMs, peakRssMb: Math.max(overallPeak, procStatus(pid, 'VmHWM') / 1024) });
    client.close();
    child.kill('SIGTERM');
  }
  return {
    workloads: workloads.map((w) => ({
      name: w.name, description: w.description, xrs: w.requests.length,
      composed: w.requests.reduce((n, r) => n + r.composed, 0),
      requestBytes: w.requests.reduce((n, r) => n + r.ours.length, 0),
    })),
    servers: figures, runs, equivalence, settings,
  };
}

/** Throughput of ours over theirs for each workload, mode and concurrency. */
export function ratios(result: FunctionBenchResult): Array<{ workload: string; mode: Mode; concurrency: number; ours: number; theirs: number; ratio: number }> {
  return result.runs.filter((r) => r.server === 'secure-baseline').flatMap((o) => {
    const t = result.runs.find((r) => r.server === 'function-patch-and-transform' && r.workload === o.workload && r.mode === o.mode && r.concurrency === o.concurrency);
    if (!t) return [];
    return [{ workload: o.workload, mode: o.mode, concurrency: o.concurrency, ours: o.requestsPerSecond, theirs: t.requestsPerSecond, ratio: o.requestsPerSecond / t.requestsPerSecond }];
  });
}

export function formatFunctions(result: FunctionBenchResult): string {
  const f = (n: number, d = 2) => (Number.isFinite(n) ? n.toFixed(d) : '-');
  const lines: string[] = [];
  lines.push('### Workloads', '');
  for (const w of result.workloads) lines.push(`- **${w.name}**: ${w.description}; ${(w.requestBytes / 1024).toFixed(0)} KiB of requests per pass`);
  lines.push('', `Each run: ${result.settings.warmupMs} ms warm-up, then ${result.settings.durationMs} ms measured, closed loop.`, '');
  lines.push('### Equivalence of the generated function-patch-and-transform Composition', '');
  for (const e of result.equivalence) lines.push(`- ${e.workload}: ${e.identical} of ${e.resources} composed resources identical to ours${e.differences.length ? ` (first differences: ${e.differences.join('; ')})` : ''}`);
  lines.push('', '### Throughput and latency', '', '| workload | mode | concurrency | server | req/s | p50 ms | p99 ms | max ms | server CPU ms/req | peak RSS MB |', '|---|---|---:|---|---:|---:|---:|---:|---:|---:|');
  for (const r of result.runs) lines.push(`| ${r.workload} | ${r.mode} | ${r.concurrency} | ${r.server} | ${f(r.requestsPerSecond, 0)} | ${f(r.p50Ms)} | ${f(r.p99Ms)} | ${f(r.maxMs)} | ${f(r.serverCpuMsPerRequest)} | ${f(r.peakRssMb, 0)} |`);
  lines.push('', '### Ours / function-patch-and-transform (throughput)', '', '| workload | mode | concurrency | ours req/s | theirs req/s | ratio |', '|---|---|---:|---:|---:|---:|');
  for (const r of ratios(result)) lines.push(`| ${r.workload} | ${r.mode} | ${r.concurrency} | ${f(r.ours, 0)} | ${f(r.theirs, 0)} | ${f(r.ratio)}× |`);
  lines.push('', '### Servers', '', '| server | version | first request ms | peak RSS MB |', '|---|---|---:|---:|');
  for (const s of result.servers) lines.push(`| ${s.server} | ${s.version} | ${f(s.firstRequestMs)} | ${f(s.peakRssMb, 1)} |`);
  return lines.join('\n');
}
