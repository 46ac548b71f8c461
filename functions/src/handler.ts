/**
 * RunFunction for every platform API: dispatch on the XR's kind, default and validate its spec, call the API's
 * composer (the same code the synth-time preview runs), and translate the result into the function protocol:
 * desired composed resources with their readiness, XR status, conditions, requirements, results.
 * It never throws: any failure becomes a fatal result whose message names the problem.
 */
import {
  Ready, Status, Target, fatal, to, warning,
  type Resource, type RunFunctionRequest, type RunFunctionResponse,
} from '@crossplane-org/function-sdk-typescript';
import { InputError, type KubeObject, type XrCondition } from '../../lib/composer';
import { composePlatformXr, platformXrOf } from '../../runtime/compose';

/** A composed resource is ready when its provider (or Crossplane, for Usages) reports Ready=True. */
export function isReady(observed: KubeObject | undefined): boolean {
  const conditions: Array<{ type?: string; status?: string }> = observed?.status?.conditions ?? [];
  return conditions.some((c) => c.type === 'Ready' && c.status === 'True');
}

const CONDITION_STATUS: Record<XrCondition['status'], Status> = {
  True: Status.STATUS_CONDITION_TRUE,
  False: Status.STATUS_CONDITION_FALSE,
  Unknown: Status.STATUS_CONDITION_UNKNOWN,
};

export function runFunction(req: RunFunctionRequest): RunFunctionResponse {
  const rsp = to(req);
  try {
    return compose(req, rsp);
  } catch (e) {
    if (e instanceof InputError) return fatal(rsp, e.message);
    // A bug of ours, not the user's: say so, and keep serving.
    return fatal(rsp, `internal error composing ${describeXr(req)}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function describeXr(req: RunFunctionRequest): string {
  const xr = req.observed?.composite?.resource;
  return xr ? `${xr.kind} ${xr.metadata?.namespace}/${xr.metadata?.name}` : 'an unknown XR';
}

function compose(req: RunFunctionRequest, rsp: RunFunctionResponse): RunFunctionResponse {
  const xr = req.observed?.composite?.resource as KubeObject | undefined;
  if (!xr || typeof xr !== 'object') throw new InputError('observed.composite', 'the request has no observed composite resource');
  const { api, xr: composite } = platformXrOf(xr);

  const observed: Record<string, KubeObject> = {};
  for (const [k, r] of Object.entries(req.observed?.resources ?? {})) if (r?.resource) observed[k] = r.resource as KubeObject;
  const required: Record<string, KubeObject[]> = {};
  for (const [k, rs] of Object.entries(req.requiredResources ?? {})) {
    required[k] = (rs?.items ?? []).map((i) => i.resource as KubeObject).filter(Boolean);
  }

  const out = composePlatformXr(api, { xr: composite, observed, required });

  const desired = rsp.desired ?? { composite: undefined, resources: {} };
  const resources: Record<string, Resource> = { ...desired.resources };
  for (const [k, manifest] of Object.entries(out.resources)) {
    resources[k] = { resource: manifest, connectionDetails: {}, ready: isReady(observed[k]) ? Ready.READY_TRUE : Ready.READY_FALSE };
  }
  // Only status goes into the desired XR: Crossplane applies it with server-side apply, owned by this function.
  rsp.desired = {
    composite: { resource: { apiVersion: xr.apiVersion, kind: xr.kind, status: out.status }, connectionDetails: {}, ready: Ready.READY_UNSPECIFIED },
    resources,
  };
  rsp.conditions = (out.conditions ?? []).map((c) => ({
    type: c.type, status: CONDITION_STATUS[c.status], reason: c.reason, message: c.message, target: Target.TARGET_COMPOSITE,
  }));
  if (out.requirements) {
    rsp.requirements = {
      extraResources: {},
      resources: Object.fromEntries(Object.entries(out.requirements).map(([k, r]) => [k, { apiVersion: r.apiVersion, kind: r.kind, matchName: r.matchName, namespace: r.namespace }])),
      schemas: {},
    } as NonNullable<RunFunctionResponse['requirements']>;
  }
  for (const w of out.warnings ?? []) warning(rsp, w);
  return rsp;
}

