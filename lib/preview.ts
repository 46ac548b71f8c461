/**
 * Synth-time preview: runs each claim through its API's composer exactly as the function does in the cluster
 * (same defaulting, same composer; nothing observed yet), resolving the composer's requirements from the
 * environment's own claims the way Crossplane resolves them from the API server.
 */
import { composeXr } from '../compliance/xr';
import { apiForKind } from '../compositions';
import type { KubeObject } from './composer';
import { parseSpec } from './parameters';
import { API_GROUP_VERSION } from './platform';

export const COMPOSITION_RESOURCE_NAME = 'crossplane.io/composition-resource-name';

export interface ClaimPreview {
  readonly claim: KubeObject;
  /** Composed resources keyed by composition resource name, with namespace and resource-name annotation. */
  readonly resources: Record<string, KubeObject>;
  readonly status: Record<string, unknown>;
  /** The resources handed to the composer for its requirements (what `crank render -e` must be given too). */
  readonly required: Record<string, KubeObject[]>;
}

/** Crossplane calls a function again until its requirements stop changing; it gives up after a few rounds too. */
const MAX_REQUIREMENT_ROUNDS = 5;

/** `observed`: composed resources as the cluster holds them (tests simulate later reconciles with it; synth never). */
export function previewClaim(claim: KubeObject, world: readonly KubeObject[], observed: Readonly<Record<string, KubeObject>> = {}): ClaimPreview {
  const api = apiForKind(claim.kind);
  if (!api) throw new Error(`${claim.kind} is not a platform API`);
  const name = claim.metadata?.name ?? '';
  const namespace = claim.metadata?.namespace ?? '';
  const xr = { apiVersion: claim.apiVersion, kind: claim.kind, metadata: { name, namespace }, spec: parseSpec(api, claim.spec) };
  let required: Record<string, KubeObject[]> = {};
  for (let round = 0; round < MAX_REQUIREMENT_ROUNDS; round++) {
    const out = composeXr(api, { xr, observed, required });
    const next: Record<string, KubeObject[]> = {};
    for (const [k, r] of Object.entries(out.requirements ?? {})) {
      next[k] = world.filter((o) => o.apiVersion === r.apiVersion && o.kind === r.kind && o.metadata?.name === r.matchName && o.metadata?.namespace === r.namespace);
    }
    if (JSON.stringify(next) === JSON.stringify(required)) {
      const resources: Record<string, KubeObject> = {};
      for (const [k, r] of Object.entries(out.resources)) {
        resources[k] = { ...r, metadata: { ...r.metadata, namespace, annotations: { ...r.metadata?.annotations, [COMPOSITION_RESOURCE_NAME]: k } } };
      }
      return { claim, resources, status: out.status, required };
    }
    required = next;
  }
  throw new Error(`${claim.kind} ${namespace}/${name}: requirements did not settle after ${MAX_REQUIREMENT_ROUNDS} rounds`);
}

/** Whether a composed resource is an XR of a platform API (a nested XR), which the function composes in turn. */
export function isPlatformXr(o: KubeObject): boolean {
  return !!apiForKind(o.kind) && o.apiVersion === API_GROUP_VERSION;
}

/**
 * The claims and every XR they compose, recursively (a SecureEnvironment composes EncryptionKeys, a Network, …;
 * those compose managed resources only). What the cluster ends up holding as XRs, in the order Crossplane
 * creates them: each claim before what it composes. Nested XRs get the claim's namespace, as Crossplane gives them.
 */
export function expandXrs(claims: readonly KubeObject[]): KubeObject[] {
  const all: KubeObject[] = [];
  const visit = (xr: KubeObject, world: readonly KubeObject[]) => {
    all.push(xr);
    const { resources } = previewClaim(xr, world);
    const nested = Object.values(resources).filter(isPlatformXr).map((r) => ({
      apiVersion: r.apiVersion, kind: r.kind,
      metadata: { name: r.metadata!.name, namespace: xr.metadata!.namespace, ...(r.metadata?.labels ? { labels: r.metadata.labels } : {}) },
      spec: r.spec,
    }));
    for (const n of nested) visit(n, [...world, ...nested]);
  };
  for (const c of claims) visit(c, claims);
  return all;
}
