/**
 * The one compose step of every platform XR, run by the composition function on each reconcile and by the
 * synth-time preview (so a preview is what the cluster will do): resolve the XR's API, default and validate its
 * spec, call the API's composer, and add compliance. The XR's status gets a compliance summary and its conditions
 * `Compliant`; a failing rule is a warning, or stops composition where `spec.compliance.enforce` is set.
 */
import { apiForKind, PLATFORM_APIS } from '../compositions';
import { complianceOf } from '../compliance/xr';
import type { ComplianceSettings } from '../lib/common';
import { InputError, type CompositeResource, type ComposeInput, type Composition, type KubeObject, type PlatformApi, type XrCondition } from '../lib/composer';
import { parseSpec } from '../lib/parameters';
import { API_GROUP_VERSION } from '../lib/platform';

/** The XR's spec without Crossplane's spec.crossplane; anything that is not an object is left for parseSpec to refuse. */
function withoutMachinery(spec: unknown): unknown {
  if (!spec || typeof spec !== 'object' || Array.isArray(spec)) return spec;
  const { crossplane: _machinery, ...parameters } = spec as Record<string, unknown>;
  return parameters;
}

/**
 * The API serving an XR and the XR as its composer sees it (spec defaulted and validated). Refuses, naming the
 * field, an XR of another group, an unknown kind, or one without name or namespace.
 */
export function platformXrOf(xr: KubeObject): { readonly api: PlatformApi; readonly xr: CompositeResource<unknown> } {
  if (xr.apiVersion !== API_GROUP_VERSION) {
    throw new InputError('apiVersion', `"${xr.apiVersion}" is not served by this function (expected ${API_GROUP_VERSION})`);
  }
  const api = apiForKind(xr.kind);
  if (!api) {
    throw new InputError('kind', `"${xr.kind}" is not a platform API (known: ${PLATFORM_APIS.map((a) => a.kind).join(', ')})`);
  }
  const name = xr.metadata?.name;
  const namespace = xr.metadata?.namespace;
  if (typeof name !== 'string' || name === '') throw new InputError('metadata.name', 'is required');
  if (typeof namespace !== 'string' || namespace === '') {
    throw new InputError('metadata.namespace', 'is required: platform APIs are namespaced XRs');
  }
  // Crossplane v2 writes its own machinery into every XR's spec.crossplane (compositionRef, resourceRefs, ...): not
  // the user's parameters, and not in the API's schema, so it is set aside before validating them.
  const spec = parseSpec(api, withoutMachinery(xr.spec));
  return { api, xr: { apiVersion: xr.apiVersion, kind: xr.kind, metadata: { ...xr.metadata, name, namespace }, spec, ...(xr.status ? { status: xr.status } : {}) } };
}

/** Composes the XR with its API's composer and adds the compliance summary, condition and warnings. */
export function composePlatformXr<P>(api: PlatformApi<P>, input: ComposeInput<P>, today = new Date()): Composition {
  const out = api.compose(input);
  const settings = (input.xr.spec as { compliance?: ComplianceSettings }).compliance;
  const e = complianceOf(out, settings, today);
  const failures = e.outcomes.filter((o) => o.status === 'fail').flatMap((o) => o.results.filter((r) => !r.passed && !r.suppressedBy).map((r) => `${o.rule.id} ${r.resource}: ${r.field}=${JSON.stringify(r.value)}: ${r.message}`));
  if (failures.length && settings?.enforce) {
    throw new InputError('spec.compliance.enforce', `compliance rules fail on what this resource would compose: ${failures.join('; ')}`);
  }
  const condition: XrCondition = failures.length
    ? { type: 'Compliant', status: 'False', reason: 'RulesFailed', message: `Failing: ${e.failedRuleIds.join(', ')}` }
    : { type: 'Compliant', status: 'True', reason: e.suppressedRuleIds.length ? 'PassedWithSuppressions' : 'Passed', message: `${e.totals.passed} of ${e.totals.evaluated} applicable rules pass${e.suppressedRuleIds.length ? `; suppressed: ${e.suppressedRuleIds.join(', ')}` : ''}` };
  const warnings = [...(out.warnings ?? []), ...failures.map((f) => `compliance: ${f}`)];
  return {
    ...out,
    status: { ...out.status, compliance: { rulesEvaluated: e.totals.evaluated, passed: e.totals.passed, failed: [...e.failedRuleIds], suppressed: [...e.suppressedRuleIds] } },
    conditions: [...(out.conditions ?? []), condition],
    ...(warnings.length ? { warnings } : {}),
  };
}
