/**
 * Evaluates rules over a set of composed managed resources, applies suppressions, and sums up. Pure: the report
 * script, the composition function and the tests call it the same way.
 */
import type { KubeObject } from '../lib/composer';
import { ResourceSet, type Rule, type RuleResult } from './rule';

/**
 * A decision to accept a failing rule for a while: always with a reason and an expiry date (YYYY-MM-DD, UTC).
 * On and after that date the suppression no longer applies and the failure counts again, flagged as expired.
 */
export interface Suppression {
  readonly ruleId: string;
  /** Only results whose resource reference contains this text; every result of the rule when absent. */
  readonly resource?: string;
  readonly reason: string;
  readonly expires: string;
}

export type RuleStatus = 'pass' | 'fail' | 'suppressed' | 'not-applicable';

export interface JudgedResult extends RuleResult {
  /** The suppression accepting this failure, when one applies. */
  readonly suppressedBy?: Suppression;
  /** A suppression that would have applied but has expired. */
  readonly expiredSuppression?: Suppression;
}

export interface RuleOutcome {
  readonly rule: Rule;
  readonly status: RuleStatus;
  readonly results: readonly JudgedResult[];
}

export interface Evaluation {
  readonly outcomes: readonly RuleOutcome[];
  readonly totals: { readonly rules: number; readonly evaluated: number; readonly passed: number; readonly failed: number; readonly suppressed: number; readonly notApplicable: number };
  readonly failedRuleIds: readonly string[];
  readonly suppressedRuleIds: readonly string[];
}

/** Whether a suppression is still in force on `today` (it expires at the start of its date, UTC). */
export function isActive(s: Suppression, today: Date): boolean {
  return today.getTime() < Date.parse(`${s.expires}T00:00:00Z`);
}

export function evaluate(objects: readonly KubeObject[], rules: readonly Rule[], suppressions: readonly Suppression[] = [], today = new Date()): Evaluation {
  const set = new ResourceSet(objects);
  const outcomes = rules.map((rule): RuleOutcome => {
    const results = rule.check(set).map((r): JudgedResult => {
      if (r.passed) return r;
      const matching = suppressions.filter((s) => s.ruleId === rule.id && (!s.resource || r.resource.includes(s.resource)));
      const active = matching.find((s) => isActive(s, today));
      if (active) return { ...r, suppressedBy: active };
      const expired = matching[0];
      return expired ? { ...r, expiredSuppression: expired, message: `${r.message ?? 'fails'} (suppression expired on ${expired.expires}: ${expired.reason})` } : r;
    });
    const failing = results.filter((r) => !r.passed && !r.suppressedBy);
    const status: RuleStatus = results.length === 0 ? 'not-applicable' : failing.length ? 'fail' : results.some((r) => r.suppressedBy) ? 'suppressed' : 'pass';
    return { rule, status, results };
  });
  const count = (s: RuleStatus) => outcomes.filter((o) => o.status === s).length;
  return {
    outcomes,
    totals: { rules: rules.length, evaluated: rules.length - count('not-applicable'), passed: count('pass'), failed: count('fail'), suppressed: count('suppressed'), notApplicable: count('not-applicable') },
    failedRuleIds: outcomes.filter((o) => o.status === 'fail').map((o) => o.rule.id),
    suppressedRuleIds: outcomes.filter((o) => o.status === 'suppressed').map((o) => o.rule.id),
  };
}
