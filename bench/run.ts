/**
 * `npm run bench [-- --quick] [-- --json]`: the function benchmark (ours against function-patch-and-transform)
 * and the synth-at-scale benchmark. Prints Markdown (or JSON with --json) with the machine it ran on. Figures,
 * not assertions: see the README's Performance section for recorded runs and targets.
 */
import { cpus, totalmem } from 'node:os';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../lib/crds';
import { benchFunctions, formatFunctions } from './function';
import { benchSynth, formatSynth } from './synth';
import { formatTargets, judgeTargets } from './targets';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    /** `function` or `synth`: run one of the two benchmarks. */
    only: { type: 'string' },
    /** Node.js flags for our function's process instead of production's (FUNCTION_NODE_OPTIONS), space-separated: `--node-flags=...`. */
    'node-flags': { type: 'string' },
    /** Measure our function only (no function-patch-and-transform). */
    'ours-only': { type: 'boolean', default: false },
  },
  strict: true,
});

const machine = {
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memoryGiB: Math.round(totalmem() / 1024 ** 3),
  node: process.version,
  go: (() => { try { return execFileSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' }).trim(); } catch { return 'not found'; } })(),
  date: new Date().toISOString(),
};
const log = (line: string) => { if (!values.json) process.stderr.write(`${line}\n`); };
const outDir = join(PROJECT_ROOT, '.cache', 'bench');

if (values.only && !['function', 'synth'].includes(values.only)) throw new Error(`--only takes function or synth, not "${values.only}"`);
const functions = values.only === 'synth' ? undefined : await benchFunctions({
  quick: values.quick, outDir, log, oursOnly: values['ours-only'],
  nodeFlags: values['node-flags']?.split(' ').filter(Boolean),
});
if (functions) log('function benchmark done; timing synth');
const synth = values.only === 'function' ? undefined : await benchSynth({ quick: values.quick });
const targets = judgeTargets(functions, synth);

if (values.json) {
  console.log(JSON.stringify({ machine, quick: values.quick, targets, functions, synth }, null, 2));
} else {
  console.log(`## Benchmark (${values.quick ? 'quick' : 'full'})\n`);
  console.log(`Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB; Node ${machine.node}; ${machine.go}; ${machine.date}\n`);
  console.log(`### Targets\n\n${formatTargets(targets)}\n`);
  if (functions) console.log(`${formatFunctions(functions)}\n`);
  if (values['node-flags']) console.log(`Our function ran with Node.js flags: ${values['node-flags']}\n`);
  if (synth) console.log(`### Synth at scale\n\n${formatSynth(synth)}`);
}
process.exit(0);
