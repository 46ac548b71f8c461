/**
 * `npm run diff -- <git-ref>`: what the working tree's dist/ changes in AWS compared with dist/ at <git-ref>
 * (default HEAD): managed resources added, removed and changed (with the changed fields), then the other objects
 * (claims, nested XRs, Usages). Reads dist/preview, dist/environments and dist/scenarios. Informational: exits 0.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../lib/composer';
import { diffObjects, formatChanges, isAwsManagedResource } from '../lib/dist-diff';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DIRS = ['dist/preview', 'dist/environments', 'dist/scenarios'];
const ref = process.argv.slice(2).find((a) => a !== '--') ?? 'HEAD';

const parse = (text: string): KubeObject[] => parseAllDocuments(text).map((d) => d.toJS() as KubeObject).filter((o) => o && typeof o === 'object' && !!o.kind);
const isYaml = (f: string) => f.endsWith('.yaml') || f.endsWith('.yml');
const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 30 });

function atRef(): KubeObject[] {
  const files = git('ls-tree', '-r', '--name-only', ref, '--', ...DIRS).split('\n').filter(isYaml).sort();
  return files.flatMap((f) => parse(git('show', `${ref}:${f}`)));
}

function workingTree(): KubeObject[] {
  const walk = (d: string): string[] => (existsSync(d) ? readdirSync(d).sort().flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : [join(d, n)])) : []);
  return DIRS.flatMap((d) => walk(join(root, d))).filter(isYaml).flatMap((f) => parse(readFileSync(f, 'utf8')));
}

try {
  const changes = diffObjects(atRef(), workingTree());
  console.log(`dist/ compared with ${ref}\n`);
  process.stdout.write(formatChanges(changes.filter((c) => isAwsManagedResource(c)), 'AWS managed resources'));
  console.log();
  process.stdout.write(formatChanges(changes.filter((c) => !isAwsManagedResource(c)), 'Other objects (claims, XRs, Usages, …)'));
} catch (e) {
  console.error(`diff: ${(e as Error).message}`);
  process.exitCode = 2;
}
