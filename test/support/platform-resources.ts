/**
 * Fixtures for rule tests: real resources the platform composes (every environment, scenario and API example,
 * once everything has reported its ARNs and ids), so a rule's passing fixture is what the platform really emits
 * and its failing fixture is that resource with one field weakened.
 */
import { environmentXrs, exampleXrs } from '../../synth/claims';
import type { KubeObject } from '../../lib/composer';
import { previewClaim } from '../../synth/preview';
import { reconciled, settledXrs } from '../../synth/steady-state';
import { SYNTHESIZED_ENVIRONMENTS } from '../../examples';

let cache: KubeObject[] | undefined;

/** Every managed resource the platform composes, as first composed and once reconciled. */
export function platformResources(): KubeObject[] {
  if (!cache) {
    const sets = [...SYNTHESIZED_ENVIRONMENTS.map(({ env }) => environmentXrs(env)), exampleXrs()];
    cache = sets.flatMap((xrs) => {
      const settled = settledXrs(xrs);
      return [...xrs.flatMap((x) => Object.values(previewClaim(x, xrs).resources)), ...settled.flatMap((x) => Object.values(reconciled(x, settled)))];
    }).filter((o) => o.apiVersion.includes('.aws.m.upbound.io/'));
  }
  return cache;
}

/** The first composed resource of a kind (`<group>/<Kind>`) that satisfies `where`. */
export function composed(kind: string, where: (o: KubeObject) => boolean = () => true): KubeObject {
  const found = platformResources().find((o) => `${o.apiVersion.split('/')[0]}/${o.kind}` === kind && where(o));
  if (!found) throw new Error(`no composed ${kind} matches`);
  return structuredClone(found);
}

/** A deep copy of `o` with the value at `path` (dotted, `a.b[0].c`) replaced, or removed when `value` is undefined. */
export function weakened(o: KubeObject, path: string, value: unknown): KubeObject {
  const copy = structuredClone(o) as Record<string, any>;
  const segs = path.split('.').flatMap((s) => s.split(/\[(\d+)\]/).filter(Boolean));
  let cur = copy;
  for (const s of segs.slice(0, -1)) cur = cur[s];
  const last = segs[segs.length - 1];
  if (value === undefined) delete cur[last];
  else cur[last] = value;
  return copy as KubeObject;
}
