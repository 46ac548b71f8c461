/**
 * Synth-time preview: runs each claim through its API's composer exactly as the function does in the cluster
 * (same defaulting, same composer; nothing observed yet), resolving the composer's requirements from the
 * environment's own claims the way Crossplane resolves them from the API server.
 */
import { apiForKind } from '../compositions';
import type { CompositeResource, Composition, KubeObject } from '../lib/composer';
import { API_GROUP_VERSION } from '../lib/platform';
import { composePlatformXr, platformXrOf } from '../runtime/compose';

export const COMPOSITION_RESOURCE_NAME = 'crossplane.io/composition-resource-name';

export interface ClaimPreview {
  readonly claim: KubeObject;
  /** Composed resources keyed by composition resource name, with namespace and resource-name annotation. */
  readonly resources: Record<string, KubeObject>;
  readonly status: Record<string, unknown>;
  /** The resources handed to the composer for its requirements (what `crossplane composition render -e` must be given too). */
  readonly required: Record<string, KubeObject[]>;
}

/** Crossplane calls a function again until its requirements stop changing; it gives up after a few rounds too. */
const MAX_REQUIREMENT_ROUNDS = 5;

interface CachedXr {
  readonly xr: CompositeResource<unknown>;
  /** By the observed and required resources composed with (as JSON). */
  readonly compositions: Map<string, Composition>;
}

/**
 * What previews of the same XR objects have computed already: the XR's defaulted spec, and its compositions by
 * the observed and required resources they were given. Synth previews every XR twice, once while expanding the
 * environment (to learn what it nests) and once for its preview file, with worlds that mostly resolve its
 * requirements alike; composing is a function of the XR and those resources, so the second preview reuses the
 * first's work and composes again only where a requirement resolves differently. Keyed by object identity: only
 * for XR objects nobody changes while the cache is in use (synth's, within one environment).
 */
export class PreviewCache {
  private readonly byXr = new WeakMap<KubeObject, CachedXr>();

  /** What is cached for this XR object; `parse` gives its defaulted form the first time. */
  entry(claim: KubeObject, parse: () => CompositeResource<unknown>): CachedXr {
    let e = this.byXr.get(claim);
    if (!e) {
      e = { xr: parse(), compositions: new Map() };
      this.byXr.set(claim, e);
    }
    return e;
  }
}

/**
 * `observed`: composed resources as the cluster holds them (tests simulate later reconciles with it; synth never).
 * `cache`: reuse what earlier previews of the same XR object computed (see PreviewCache).
 */
export function previewClaim(claim: KubeObject, world: readonly KubeObject[], observed: Readonly<Record<string, KubeObject>> = {}, cache?: PreviewCache): ClaimPreview {
  const api = apiForKind(claim.kind);
  if (!api) throw new Error(`${claim.kind} is not a platform API`);
  const name = claim.metadata?.name ?? '';
  const namespace = claim.metadata?.namespace ?? '';
  const parse = () => platformXrOf(claim).xr;
  const cached = cache?.entry(claim, parse);
  const xr = cached?.xr ?? parse();
  // Requirements are compared as JSON from round to round; the same text keys the cached compositions.
  const observedJson = cached ? JSON.stringify(observed) : '';
  const compose = (required: Record<string, KubeObject[]>, requiredJson: string): Composition => {
    if (!cached) return composePlatformXr(api, { xr, observed, required });
    const key = `${observedJson}\u0000${requiredJson}`;
    let out = cached.compositions.get(key);
    if (!out) {
      out = composePlatformXr(api, { xr, observed, required });
      cached.compositions.set(key, out);
    }
    return out;
  };
  let required: Record<string, KubeObject[]> = {};
  let requiredJson = JSON.stringify(required);
  for (let round = 0; round < MAX_REQUIREMENT_ROUNDS; round++) {
    const out = compose(required, requiredJson);
    const next: Record<string, KubeObject[]> = {};
    for (const [k, r] of Object.entries(out.requirements ?? {})) {
      next[k] = world.filter((o) => o.apiVersion === r.apiVersion && o.kind === r.kind && o.metadata?.name === r.matchName && o.metadata?.namespace === r.namespace);
    }
    const nextJson = JSON.stringify(next);
    if (nextJson === requiredJson) {
      const resources: Record<string, KubeObject> = {};
      for (const [k, r] of Object.entries(out.resources)) {
        resources[k] = { ...r, metadata: { ...r.metadata, namespace, annotations: { ...r.metadata?.annotations, [COMPOSITION_RESOURCE_NAME]: k } } };
      }
      return { claim, resources, status: out.status, required };
    }
    required = next;
    requiredJson = nextJson;
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
export function expandXrs(claims: readonly KubeObject[], cache?: PreviewCache): KubeObject[] {
  const all: KubeObject[] = [];
  const visit = (xr: KubeObject, world: readonly KubeObject[]) => {
    all.push(xr);
    const { resources } = previewClaim(xr, world, {}, cache);
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
