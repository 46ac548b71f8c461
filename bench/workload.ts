/**
 * What the function benchmark sends: the RunFunction requests Crossplane makes for the largest environment the
 * platform ships (prod: a SecureEnvironment with every optional member), in steady state (every composed resource
 * exists, is Ready and reports its outputs), and, for function-patch-and-transform, the equivalent Pipeline
 * Composition generated from the very resources our function renders.
 */
import { RunFunctionRequest, RunFunctionResponse, Severity } from '@crossplane-org/function-sdk-typescript';
import { ENVIRONMENTS } from '../config/environments';
import { environmentXrs } from '../synth/claims';
import type { KubeObject } from '../lib/composer';
import { fakeAtProvider, readyManaged, reconciled, settledXrs } from '../synth/steady-state';
import { runEncoded } from '../functions/src/server';
export { encodedMeta } from './workload-encoding';

export const BENCH_ENVIRONMENT = 'prod';
export const PATCH_AND_TRANSFORM_STEP = 'patch-and-transform';

/** One XR's request, encoded without `meta` (the driver appends the tag, as Crossplane does per call). */
export interface XrRequest {
  readonly xr: KubeObject;
  /** Composed resources our function desires for it (= what Crossplane observes in steady state). */
  readonly composed: number;
  /** The request to our function (its Composition has no input). */
  readonly ours: Buffer;
  /** The request to function-patch-and-transform: the same observed state plus the generated Resources input. */
  readonly theirs: Buffer;
  /** The Resources input given to function-patch-and-transform. */
  readonly patchAndTransformInput: PatchAndTransformResources;
  /** Variants of both requests that differ in content (an annotation of the XR), for the changed-input runs. */
  readonly changedOurs: readonly Buffer[];
  readonly changedTheirs: readonly Buffer[];
}

export interface Workload {
  readonly name: string;
  readonly description: string;
  /** Sent round-robin: one pass is one reconcile of each XR. */
  readonly requests: readonly XrRequest[];
}

/** How many content variants the changed-input runs cycle through (each call also gets a never-seen tag). */
const CHANGED_VARIANTS = 8;

/** The XRs of the bench environment, settled (statuses reported), each with its observed composed resources. */
function steadyStateXrs(): Array<{ xr: KubeObject; observed: Record<string, KubeObject> }> {
  const env = ENVIRONMENTS.find((e) => e.name === BENCH_ENVIRONMENT);
  if (!env) throw new Error(`environment ${BENCH_ENVIRONMENT} not found in config/environments.ts`);
  const xrs = settledXrs(environmentXrs(env));
  return xrs.map((xr, i) => {
    const resources = reconciled(xr, xrs);
    const observed = Object.fromEntries(Object.entries(resources).map(([k, r]) => [k, withServerMetadata(readyManaged(r, fakeAtProvider(k, r)), `${i}-${k}`)]));
    return { xr: withServerMetadata(xr, `xr-${i}`), observed };
  });
}

/** Metadata the API server adds, so requests are as large as Crossplane's. */
function withServerMetadata(o: KubeObject, seed: string): KubeObject {
  return {
    ...o,
    metadata: {
      ...o.metadata,
      uid: `00000000-0000-4000-8000-${seed.replace(/[^a-z0-9]/gi, '').slice(0, 12).padStart(12, '0')}`,
      resourceVersion: '123456', generation: 1, creationTimestamp: '2026-11-23T00:00:00Z',
    },
  };
}

function encodeRequest(xr: KubeObject, observed: Record<string, KubeObject>, input?: PatchAndTransformResources): Buffer {
  const req = RunFunctionRequest.fromPartial({
    observed: { composite: { resource: xr }, resources: Object.fromEntries(Object.entries(observed).map(([k, r]) => [k, { resource: r }])) } as never,
    ...(input ? { input: input as never } : {}),
  });
  return Buffer.from(RunFunctionRequest.encode(req).finish());
}

export function buildWorkloads(): Workload[] {
  const requests = steadyStateXrs().map(({ xr, observed }): XrRequest => {
    const ours = encodeRequest(xr, observed);
    const rsp = RunFunctionResponse.decode(runEncoded(ours).response);
    const fatal = rsp.results.find((r) => r.severity === Severity.SEVERITY_FATAL);
    if (fatal) throw new Error(`${xr.kind} ${xr.metadata?.name}: our function fails on the bench request: ${fatal.message}`);
    const desired = Object.fromEntries(Object.entries(rsp.desired?.resources ?? {}).map(([k, r]) => [k, r.resource as KubeObject]));
    const input = patchAndTransformResources(xr, desired, (rsp.desired?.composite?.resource?.status ?? {}) as Record<string, unknown>, observed);
    const variants = Array.from({ length: CHANGED_VARIANTS }, (_, v) => ({
      ...xr, metadata: { ...xr.metadata, annotations: { ...xr.metadata?.annotations, 'bench.secure-baseline.io/revision': String(v) } },
    }));
    return {
      xr, composed: Object.keys(desired).length, ours, theirs: encodeRequest(xr, observed, input), patchAndTransformInput: input,
      changedOurs: variants.map((v) => encodeRequest(v, observed)),
      changedTheirs: variants.map((v) => encodeRequest(v, observed, input)),
    };
  });
  const largest = [...requests].sort((a, b) => b.composed - a.composed)[0];
  return [
    {
      name: 'largest-xr',
      description: `the XR composing the most resources: ${largest.xr.kind} ${largest.xr.metadata?.name} of the ${BENCH_ENVIRONMENT} environment (${largest.composed} composed resources)`,
      requests: [largest],
    },
    {
      name: 'environment',
      description: `every XR of the ${BENCH_ENVIRONMENT} SecureEnvironment (${requests.length} XRs, ${requests.reduce((n, r) => n + r.composed, 0)} composed resources), round-robin: one pass reconciles the whole environment`,
      requests,
    },
  ];
}

// ---- function-patch-and-transform equivalent -------------------------------------------------------------------

interface Patch {
  readonly type: 'FromCompositeFieldPath' | 'CombineFromComposite' | 'ToCompositeFieldPath';
  readonly fromFieldPath?: string;
  readonly toFieldPath: string;
  readonly combine?: { readonly variables: ReadonlyArray<{ readonly fromFieldPath: string }>; readonly strategy: 'string'; readonly string: { readonly fmt: string } };
}

export interface PatchAndTransformResources {
  readonly apiVersion: 'pt.fn.crossplane.io/v1beta1';
  readonly kind: 'Resources';
  readonly resources: ReadonlyArray<{ readonly name: string; readonly base: KubeObject; readonly patches: readonly Patch[] }>;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Path = ReadonlyArray<string | number>;

/** A Crossplane field path: `spec.forProvider.tags[Name]`, `metadata.annotations[crossplane.io/external-name]`. */
export function fieldPath(path: Path): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : /^[A-Za-z_$][\w$-]*$/.test(s) ? `${i ? '.' : ''}${s}` : `[${s}]`)).join('');
}

function leaves(value: Json, path: Path = [], out: Array<{ path: Path; value: Json }> = []): Array<{ path: Path; value: Json }> {
  if (Array.isArray(value)) value.forEach((v, i) => leaves(v, [...path, i], out));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) leaves(v, [...path, k], out);
  else out.push({ path, value });
  return out;
}

/** Shorter strings ("dev", "s3") would match by accident; a patch author would not derive them from the XR. */
const MIN_DERIVED_LENGTH = 4;

/**
 * A patch for every field of every composed resource that depends on the XR, found by value: a string equal to a
 * string of the XR (name, namespace, labels, spec) becomes FromCompositeFieldPath; a string containing some becomes
 * CombineFromComposite with a format (names, ARNs, JSON policies); a number equal to one of the spec's numbers
 * becomes FromCompositeFieldPath. Every XR status output that is an observed field of a composed resource becomes a
 * ToCompositeFieldPath patch. Bases are the rendered resources with patched object fields removed, so the patches
 * really produce them (bench checks that function-patch-and-transform returns resources equal to ours).
 */
export function patchAndTransformResources(xr: KubeObject, desired: Record<string, KubeObject>, status: Record<string, unknown>, observed: Record<string, KubeObject>): PatchAndTransformResources {
  const sources = new Map<string, string>();
  const numbers = new Map<number, string>();
  const xrLeaves = [
    ...leaves((xr.metadata ?? {}) as Json, ['metadata']).filter((l) => ['name', 'namespace', 'labels'].includes(String(l.path[1]))),
    ...leaves((xr.spec ?? {}) as Json, ['spec']),
  ];
  for (const { path, value } of xrLeaves) {
    if (typeof value === 'string' && value.length >= MIN_DERIVED_LENGTH && !sources.has(value)) sources.set(value, fieldPath(path));
    if (typeof value === 'number' && value > 1 && !numbers.has(value)) numbers.set(value, fieldPath(path));
  }
  // Longest first, so "prod-orders-data" is taken whole rather than as "prod" + "orders".
  const candidates = [...sources.keys()].sort((a, b) => b.length - a.length);

  const statusLeaves = leaves(status as Json, ['status']).filter((l) => typeof l.value === 'string' && (l.value as string).length >= MIN_DERIVED_LENGTH);
  const resources = Object.entries(desired).map(([name, resource]) => {
    const base = structuredClone(resource) as Json;
    const patches: Patch[] = [];
    for (const { path, value } of leaves(resource as Json)) {
      if (path[0] === 'apiVersion' || path[0] === 'kind') continue;
      const to = fieldPath(path);
      let patched = false;
      if (typeof value === 'string') {
        const whole = sources.get(value);
        if (whole) {
          patches.push({ type: 'FromCompositeFieldPath', fromFieldPath: whole, toFieldPath: to });
          patched = true;
        } else {
          const combined = combineOf(value, candidates, sources);
          if (combined) {
            patches.push({ type: 'CombineFromComposite', toFieldPath: to, combine: { variables: combined.variables.map((v) => ({ fromFieldPath: v })), strategy: 'string', string: { fmt: combined.fmt } } });
            patched = true;
          }
        }
      } else if (typeof value === 'number' && numbers.has(value)) {
        patches.push({ type: 'FromCompositeFieldPath', fromFieldPath: numbers.get(value)!, toFieldPath: to });
        patched = true;
      }
      if (patched && typeof path[path.length - 1] === 'string') removeField(base, path);
    }
    const seen = leaves((observed[name]?.status?.atProvider ?? {}) as Json, ['status', 'atProvider']);
    for (const out of statusLeaves) {
      const from = seen.find((l) => l.value === out.value);
      if (from) patches.push({ type: 'ToCompositeFieldPath', fromFieldPath: fieldPath(from.path), toFieldPath: fieldPath(out.path) });
    }
    return { name, base: base as KubeObject, patches };
  });
  return { apiVersion: 'pt.fn.crossplane.io/v1beta1', kind: 'Resources', resources };
}

function combineOf(value: string, candidates: readonly string[], sources: ReadonlyMap<string, string>): { fmt: string; variables: string[] } | undefined {
  const variables: string[] = [];
  let fmt = '';
  let rest = value;
  while (rest.length) {
    let at = -1;
    let match = '';
    for (const c of candidates) {
      const i = rest.indexOf(c);
      if (i >= 0 && (at < 0 || i < at || (i === at && c.length > match.length))) { at = i; match = c; }
    }
    if (at < 0) { fmt += escapeFmt(rest); break; }
    fmt += `${escapeFmt(rest.slice(0, at))}%s`;
    variables.push(sources.get(match)!);
    rest = rest.slice(at + match.length);
  }
  return variables.length ? { fmt, variables } : undefined;
}

const escapeFmt = (s: string) => s.replace(/%/g, '%%');

function removeField(root: Json, path: Path): void {
  let node = root as Record<string, Json>;
  for (const s of path.slice(0, -1)) node = (node as unknown as Record<string | number, Json>)[s] as Record<string, Json>;
  delete node[path[path.length - 1] as string];
}

/** The Pipeline Composition a platform team would write with function-patch-and-transform for this XR. */
export function patchAndTransformComposition(xr: KubeObject, input: PatchAndTransformResources): KubeObject {
  return {
    apiVersion: 'apiextensions.crossplane.io/v1',
    kind: 'Composition',
    metadata: { name: `${xr.kind.toLowerCase()}-patch-and-transform` },
    spec: {
      compositeTypeRef: { apiVersion: xr.apiVersion, kind: xr.kind },
      mode: 'Pipeline',
      pipeline: [{ step: PATCH_AND_TRANSFORM_STEP, functionRef: { name: 'function-patch-and-transform' }, input }],
    },
  };
}
