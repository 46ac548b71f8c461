/**
 * Compliance of what one XR composes: the rules run on the managed resources its composer desires. Called on every
 * reconcile by runtime/compose.ts (the same code at synth time, so the preview's status equals the cluster's).
 */
import type { ComplianceSettings } from '../lib/common';
import type { Composition } from '../lib/composer';
import { obj, arr, int, str, type JsonSchema } from '../lib/schema';
import { evaluate, type Evaluation } from './engine';
import { RULES } from './rules';

/** Status schema of the summary every XR reports (merged into every API's status by synth/definitions.ts). */
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
