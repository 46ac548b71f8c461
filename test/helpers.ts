/** Shared helpers of the repository-level tests. */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../lib/composer';
import { PROJECT_ROOT } from '../lib/crds';

export { PROJECT_ROOT };

/** Every file below dir, relative to it, sorted. */
export function filesBelow(dir: string): string[] {
  const walk = (d: string): string[] => readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : [join(d, n)]));
  return walk(dir).map((f) => relative(dir, f)).sort();
}

/** Runs the synth entry point (what `cdk8s synth` runs) into outdir. */
export function synthInto(outdir: string): void {
  execFileSync(join(PROJECT_ROOT, 'node_modules/.bin/tsx'), [join(PROJECT_ROOT, 'main.ts')], {
    cwd: PROJECT_ROOT, env: { ...process.env, CDK8S_OUTDIR: outdir }, stdio: ['ignore', 'ignore', 'inherit'],
  });
}

export function readYamlDocs(file: string): KubeObject[] {
  return parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS() as KubeObject).filter(Boolean);
}

/** Every object in the committed dist/ with the file it came from. */
export function distObjects(): Array<{ file: string; object: KubeObject }> {
  const dist = join(PROJECT_ROOT, 'dist');
  return filesBelow(dist).filter((f) => f.endsWith('.yaml')).flatMap((f) => readYamlDocs(join(dist, f)).map((object) => ({ file: f, object })));
}
