/**
 * Compliance of one XR, on every reconcile: the rules run on the managed resources its composer desires (the same
 * code at synth time, so the preview's status equals the cluster's). The XR's status gets a summary and its
 * conditions `Compliant`; a failure is a warning, or stops composition where `spec.compliance.enforce` is set.
 */
import type { ComplianceSettings } from '../lib/common';
import { InputError, type ComposeInput, type Composition, type PlatformApi, type XrCondition } from '../lib/composer';
import { obj, arr, int, str, type JsonSchema } from '../lib/schema';
import { evaluate, type Evaluation } from './engine';
import { RULES } from './rules';

/** Status schema of the summary every XR reports (merged into every API's status by lib/definitions.ts). */
export const COMPLIANCE_STATUS: JsonSchema = obj('Compliance rules evaluated on what this resource composes, at its last reconcile.', {
  rulesEvaluated: int('Rules that applied to what this resource composes.'),
  passed: int('Rules that passed.'),
  failed: arr('Ids of the rules that failed (not suppressed).', str('A rule id.')),
  suppressed: arr('Ids of the rules whose failures are suppressed.', str('A rule id.')),
});

function isManaged(o: { apiVersion: string }): boolean {
  return o.apiVersion.includes('.aws.m.upbound.io/');
}

export function complianceOf(composition: Composition, settings: ComplianceSettings | undefined, today = new Date()): Evaluation {
  return evaluate(Object.values(composition.resources).filter(isManaged), RULES, settings?.suppressions ?? [], today);
}

/** Composes the XR with its API's composer and adds the compliance summary, condition and warnings. */
export function composeXr<P>(api: PlatformApi<P>, input: ComposeInput<P>, today = new Date()): Composition {
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
