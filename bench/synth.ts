/**
 * Synth at scale (not a test): how synth's wall time and memory grow with the number of environments.
 * `npx tsx bench/synth.ts [--quick]` prints a Markdown table; `benchSynth` returns the figures.
 *
 * Each case runs in a fresh Node process (bench/synth-child.ts), so its peak RSS is its own and no case warms the
 * caches (compiled schemas, CEL programs) of the next. The scenarios of examples/ are synthesized in every case,
 * as synth always does: a constant that the per-environment growth figures cancel out.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENVIRONMENTS, type EnvironmentConfig } from '../config/environments';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const PROJECT_ROOT = resolve(BENCH_DIR, '..');
const CHILD_SCRIPT = join(BENCH_DIR, 'synth-child.ts');
/** The child prints its figures on a line of its own after this marker, whatever else ends up on stdout. */
export const CHILD_RESULT_MARKER = 'SYNTH_BENCH_RESULT ';

// ---- generated environments ---------------------------------------------------------------------------------

/**
 * Generated VPCs are /22 blocks from 10.64.0.0/10: clear of the default environments' and the scenarios' VPCs
 * (10.0.0.0/16 to 10.30.0.0/16), 4096 of them, and each still large enough for the Network API's subnet layout.
 */
const GENERATED_VPC_RANGE_BASE = (10 * 256 + 64) * 256 * 256;
const GENERATED_VPC_PREFIX = 22;
const GENERATED_VPC_CAPACITY = 2 ** (GENERATED_VPC_PREFIX - 10);
/** Generated account ids start here: 12 digits, none of them an account of the defaults or the scenarios. */
const GENERATED_ACCOUNT_BASE = 900_000_000_000;

function ipv4(address: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256).join('.');
}

export const generatedEnvironmentName = (index: number) => `bench-${String(index + 1).padStart(4, '0')}`;
export const generatedVpcCidr = (index: number) => `${ipv4(GENERATED_VPC_RANGE_BASE + index * 2 ** (32 - GENERATED_VPC_PREFIX))}/${GENERATED_VPC_PREFIX}`;
export const generatedAccountId = (index: number) => String(GENERATED_ACCOUNT_BASE + index + 1);

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every string below value rewritten by rename (objects and arrays copied; keys kept). */
function renameStrings<T>(value: T, rename: (s: string) => string): T {
  if (typeof value === 'string') return rename(value) as T;
  if (Array.isArray(value)) return value.map((v) => renameStrings(v, rename)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renameStrings(v, rename)])) as T;
  }
  return value;
}

/**
 * The template as an environment of its own: its name, account and VPC replaced, and every value the template
 * derived from them moved along (role ARNs and the artifact bucket carry the account id; `prod-orders-api`,
 * `prod-sessions` and `prod/payment-token` are named after the environment, as the composers name what they
 * create), so references inside the environment still point at its own resources.
 */
function environmentFrom(template: EnvironmentConfig, name: string, accountId: string, cidr: string): EnvironmentConfig {
  // Only where the environment's name starts a name or an ARN's resource part and is followed by `-` or `/`:
  // the tier `prod` and member names that merely contain it stay as they are.
  const derivedFromName = new RegExp(`(^|[/:])${escapeRegExp(template.name)}(?=[-/])`, 'g');
  const rename = (s: string) => s.split(template.accountId).join(accountId).replace(derivedFromName, `$1${name}`);
  const renamed = renameStrings(template, rename);
  return { ...renamed, name, accountId, network: { ...renamed.network, cidr } };
}

/**
 * n distinct environments, cycling through the default ones as templates (dev, staging, prod, dev, …) so every
 * tier and every kind of member is represented in proportion. Each gets a unique name (`bench-0001`), account
 * (compliance monitoring is once per account and region) and VPC; teams keep their names, and their namespaces
 * (`<env>-<team>`) are unique because the environments' names are.
 */
export function generateEnvironments(n: number): EnvironmentConfig[] {
  if (!Number.isInteger(n) || n < 0) throw new Error(`generateEnvironments: n must be a non-negative integer, not ${n}`);
  if (n > GENERATED_VPC_CAPACITY) throw new Error(`generateEnvironments: at most ${GENERATED_VPC_CAPACITY} environments fit in 10.64.0.0/10 as /${GENERATED_VPC_PREFIX} VPCs`);
  return Array.from({ length: n }, (_, i) => environmentFrom(ENVIRONMENTS[i % ENVIRONMENTS.length], generatedEnvironmentName(i), generatedAccountId(i), generatedVpcCidr(i)));
}

// ---- the benchmark ------------------------------------------------------------------------------------------

/** What the child process reports (bench/synth-child.ts). */
export interface ChildSynthFigures {
  readonly environments: number;
  /** Wall time of the synth call alone. */
  readonly synthSeconds: number;
  /**
   * CPU time (user and system, every thread: the garbage collector's too) of the synth call: less disturbed than
   * wall time by other processes competing for the cores.
   */
  readonly synthCpuSeconds: number;
  /** Peak resident set size of the child (VmHWM). */
  readonly peakRssMb: number;
}

export interface SynthCase extends ChildSynthFigures {
  /** `default` (config/environments.ts) or the number of generated environments. */
  readonly name: string;
  /** XRs previewed: one file each under preview/<env>/ (the scenarios' included). */
  readonly xrs: number;
  /** Wall time of the whole child process: Node and tsx startup, module loading, synth. */
  readonly processSeconds: number;
  readonly files: number;
  readonly bytes: number;
}

/** Marginal cost of one more environment between two cases. */
export interface SynthGrowth {
  readonly from: string;
  readonly to: string;
  readonly synthSecondsPerEnvironment: number;
  readonly synthCpuSecondsPerEnvironment: number;
  readonly peakRssMbPerEnvironment: number;
  readonly bytesPerEnvironment: number;
}

export interface SynthBenchResult {
  readonly cases: readonly SynthCase[];
  /** Between consecutive cases. */
  readonly growth: readonly SynthGrowth[];
  /** Marginal synth wall time per environment of the last step over that of the step before (1 = linear). */
  readonly linearityRatio: number;
  /** The same of synth CPU time, which other processes on the machine disturb less. */
  readonly cpuLinearityRatio: number;
  /** Verdict on cpuLinearityRatio. */
  readonly linearity: string;
}

function filesAndBytesBelow(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    files++;
    bytes += statSync(join(entry.parentPath, entry.name)).size;
  }
  return { files, bytes };
}

function previewedXrs(outdir: string): number {
  const preview = join(outdir, 'preview');
  return readdirSync(preview).reduce((sum, env) => sum + readdirSync(join(preview, env)).filter((f) => f.endsWith('.yaml')).length, 0);
}

function runChild(caseName: string, outdir: string): Promise<ChildSynthFigures> {
  return new Promise((resolvePromise, reject) => {
    // `node --import tsx` rather than `npx tsx`: one process (tsx's cli would start another), whose VmHWM is synth's.
    execFile(process.execPath, ['--import', 'tsx', CHILD_SCRIPT, caseName, outdir], { cwd: PROJECT_ROOT, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`synth of ${caseName} environments failed: ${error.message}\n${stderr}`));
      const line = stdout.split('\n').find((l) => l.startsWith(CHILD_RESULT_MARKER));
      if (!line) return reject(new Error(`synth of ${caseName} environments reported nothing:\n${stdout}\n${stderr}`));
      resolvePromise(JSON.parse(line.slice(CHILD_RESULT_MARKER.length)) as ChildSynthFigures);
    });
  });
}

async function benchCase(caseName: string): Promise<SynthCase> {
  const outdir = mkdtempSync(join(tmpdir(), `sb-bench-synth-${caseName}-`));
  try {
    const start = performance.now();
    const figures = await runChild(caseName, outdir);
    const processSeconds = (performance.now() - start) / 1000;
    return { name: caseName, ...figures, xrs: previewedXrs(outdir), processSeconds, ...filesAndBytesBelow(outdir) };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function growthBetween(a: SynthCase, b: SynthCase): SynthGrowth {
  const added = b.environments - a.environments;
  return {
    from: a.name,
    to: b.name,
    synthSecondsPerEnvironment: (b.synthSeconds - a.synthSeconds) / added,
    synthCpuSecondsPerEnvironment: (b.synthCpuSeconds - a.synthCpuSeconds) / added,
    peakRssMbPerEnvironment: (b.peakRssMb - a.peakRssMb) / added,
    bytesPerEnvironment: (b.bytes - a.bytes) / added,
  };
}

function linearityOf(ratio: number): string {
  if (!Number.isFinite(ratio)) return 'not measurable';
  // Timings of a few seconds on a shared 2-core machine vary by tens of percent: only a clear rise counts.
  if (ratio < 1.3) return 'linear (the marginal time per environment does not grow)';
  if (ratio < 2) return 'slightly super-linear';
  return 'super-linear (the marginal time per environment grows with the number of environments)';
}

/** Cases in order: the defaults, then 10, 100 and (unless quick) 1000 generated environments. */
export async function benchSynth(opts: { quick: boolean }): Promise<SynthBenchResult> {
  const caseNames = ['default', '10', '100', ...(opts.quick ? [] : ['1000'])];
  const cases: SynthCase[] = [];
  // One at a time: concurrent cases would compete for the 2 cores and disturb each other's wall time.
  for (const caseName of caseNames) cases.push(await benchCase(caseName));
  const growth = cases.slice(1).map((c, i) => growthBetween(cases[i], c));
  const [previous, last] = growth.slice(-2);
  const linearityRatio = last.synthSecondsPerEnvironment / previous.synthSecondsPerEnvironment;
  const cpuLinearityRatio = last.synthCpuSecondsPerEnvironment / previous.synthCpuSecondsPerEnvironment;
  return { cases, growth, linearityRatio, cpuLinearityRatio, linearity: linearityOf(cpuLinearityRatio) };
}

// ---- report -------------------------------------------------------------------------------------------------

const seconds = (s: number) => s.toFixed(2);
const megabytes = (mb: number) => mb.toFixed(0);
const millis = (s: number) => (s * 1000).toFixed(1);

export function formatSynth(result: SynthBenchResult): string {
  const lines = [
    '| case | environments | XRs previewed | synth s | synth CPU s | process s | peak RSS MB | files | MB written |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...result.cases.map((c) => `| ${c.name} | ${c.environments} | ${c.xrs} | ${seconds(c.synthSeconds)} | ${seconds(c.synthCpuSeconds)} | ${seconds(c.processSeconds)} | ${megabytes(c.peakRssMb)} | ${c.files} | ${(c.bytes / 1e6).toFixed(1)} |`),
    '',
    '| growth | synth ms / env | synth CPU ms / env | peak RSS MB / env | KB written / env |',
    '|---|---:|---:|---:|---:|',
    ...result.growth.map((g) => `| ${g.from} → ${g.to} | ${millis(g.synthSecondsPerEnvironment)} | ${millis(g.synthCpuSecondsPerEnvironment)} | ${g.peakRssMbPerEnvironment.toFixed(2)} | ${(g.bytesPerEnvironment / 1e3).toFixed(0)} |`),
    '',
    `Linearity: ${result.linearity}. Marginal synth time per environment, last step over the one before: CPU ${result.cpuLinearityRatio.toFixed(2)}, wall ${result.linearityRatio.toFixed(2)}.`,
    'Every case also synthesizes the 5 scenarios of examples/ (constant). The default environments are dev, staging and prod; generated ones cycle through them.',
  ];
  return `${lines.join('\n')}\n`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(formatSynth(await benchSynth({ quick: process.argv.includes('--quick') })));
}
