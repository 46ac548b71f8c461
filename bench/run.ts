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

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    only: { type: 'string' },
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

const functions = values.only && values.only !== 'function' ? undefined : await benchFunctions({ quick: values.quick, outDir, log });

if (values.json) {
  console.log(JSON.stringify({ machine, quick: values.quick, functions }, null, 2));
} else {
  console.log(`## Benchmark (${values.quick ? 'quick' : 'full'})\n`);
  console.log(`Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB; Node ${machine.node}; ${machine.go}; ${machine.date}\n`);
  if (functions) console.log(formatFunctions(functions));
}
process.exit(0);
