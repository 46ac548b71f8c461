/**
 * What the live-control-plane tests (test/e2e, test/e2e-aws) do with the API server: read objects as JSON, wait for
 * a condition, read an object's status conditions.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../../lib/composer';
import { PROJECT_ROOT } from '../../lib/crds';
import type { ControlPlane } from './control-plane';

/** Every document of a synthesized file (relative to the project root). */
export const docs = (file: string) => parseAllDocuments(readFileSync(join(PROJECT_ROOT, file), 'utf8')).map((d) => d.toJS() as KubeObject).filter(Boolean);

export const asYaml = (objects: readonly KubeObject[]) => objects.map((o) => JSON.stringify(o)).join('\n---\n');

export async function kubectlJson(cp: ControlPlane, args: readonly string[], timeoutMs = 120_000): Promise<KubeObject> {
  // Listing a few hundred managed resources (large specs) takes seconds under load; an empty stderr was a timeout.
  const r = await cp.kubectl([...args, '-o', 'json'], { timeoutMs });
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')}: exit ${r.code} ${r.stderr}`);
  return JSON.parse(r.stdout) as KubeObject;
}

export async function kubectlItems(cp: ControlPlane, args: readonly string[]): Promise<KubeObject[]> {
  return ((await kubectlJson(cp, args)) as unknown as { items: KubeObject[] }).items;
}

/** Server-side apply of objects (or of a file when given a path); throws with kubectl's message when refused. */
export async function apply(cp: ControlPlane, what: string, objects: readonly KubeObject[] | string): Promise<void> {
  const r = typeof objects === 'string'
    ? await cp.kubectl(['apply', '--server-side', '-f', objects])
    : await cp.kubectl(['apply', '--server-side', '-f', '-'], { input: asYaml(objects) });
  if (r.code !== 0) throw new Error(`apply ${what}: ${r.stderr}`);
}

export interface Condition {
  readonly type: string;
  readonly status: string;
  readonly reason?: string;
  readonly message?: string;
  readonly lastTransitionTime?: string;
}

export const condition = (o: KubeObject, type: string) => (o.status?.conditions ?? []).find((c: Condition) => c.type === type) as Condition | undefined;

/**
 * Polls probe every half second until it returns a value; throws after timeoutMs with the probe's last error and
 * whatever diagnostics() adds (the output of the processes under test).
 */
export async function eventually<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>, diagnostics: () => string = () => ''): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`${what} not within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}\n${diagnostics()}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
