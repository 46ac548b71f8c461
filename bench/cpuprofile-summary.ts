/**
 * Self and total time per function of a V8 CPU profile (`node --cpu-prof`, bench/profile-function.ts):
 * `npx tsx bench/cpuprofile-summary.ts <file.cpuprofile> [top=25]`. Total time (the function anywhere on the stack,
 * counted once per sample even when recursive) shows a cost spread thinly over many callees, as cdk8s
 * re-resolving its whole App for every chart was; self time shows the hot leaves.
 */
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

interface CallFrame { readonly functionName: string; readonly url: string; readonly lineNumber: number }
interface ProfileNode { readonly id: number; readonly callFrame: CallFrame; readonly children?: readonly number[] }
export interface CpuProfile { readonly nodes: readonly ProfileNode[]; readonly samples: readonly number[]; readonly timeDeltas: readonly number[] }

export interface FunctionTime { readonly fn: string; readonly selfMs: number; readonly totalMs: number }

const PROJECT_ROOT = resolve(fileURLToPath(import.meta.url), '../..');

function label({ functionName, url, lineNumber }: CallFrame): string {
  const file = url.startsWith('file://') ? relative(PROJECT_ROOT, fileURLToPath(url)) : url;
  // lineNumber is 0-based in profiles.
  return `${functionName || '(anonymous)'} ${file ? `${file}:${lineNumber + 1}` : ''}`.trim();
}

export function summarizeProfile(profile: CpuProfile): FunctionTime[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parentOf = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parentOf.set(c, n.id);
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    // A sample's time is the delta to the next sample.
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const leaf = label(byId.get(id)!.callFrame);
    self.set(leaf, (self.get(leaf) ?? 0) + ms);
    const onStack = new Set<string>();
    for (let n: number | undefined = id; n !== undefined; n = parentOf.get(n)) onStack.add(label(byId.get(n)!.callFrame));
    for (const fn of onStack) total.set(fn, (total.get(fn) ?? 0) + ms);
  });
  return [...total.keys()].map((fn) => ({ fn, selfMs: self.get(fn) ?? 0, totalMs: total.get(fn)! }));
}

/** The top functions by self time, then by total time. */
export function formatProfile(profile: CpuProfile, top = 25): string {
  const times = summarizeProfile(profile);
  const row = (t: FunctionTime) => `${t.selfMs.toFixed(0).padStart(8)} ${t.totalMs.toFixed(0).padStart(8)}  ${t.fn}`;
  return [
    '    self    total  (ms) by self time',
    ...[...times].sort((a, b) => b.selfMs - a.selfMs).slice(0, top).map(row),
    '',
    '    self    total  (ms) by total time',
    ...[...times].sort((a, b) => b.totalMs - a.totalMs).slice(0, top).map(row),
  ].join('\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [file, topArg] = process.argv.slice(2);
  if (!file) throw new Error('usage: bench/cpuprofile-summary.ts <file.cpuprofile> [top]');
  console.log(formatProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, Number(topArg ?? 25)));
}
