/**
 * The EventBridge rules that forward security findings to the alarm topic: GuardDuty findings from a minimum
 * severity up, active and new Security Hub findings labelled HIGH or CRITICAL, and AWS Config rules turning
 * NON_COMPLIANT. GuardDuty and Security Hub are not enabled here (that is an organization-level decision); the
 * rules simply stay silent until they are, and Config rules report when they are not.
 */
import { GUARDDUTY_SEVERITIES, type GuardDutySeverity } from './parameters';

export type FindingRuleId = 'guardduty-findings' | 'securityhub-findings' | 'config-noncompliance';

export interface FindingRule {
  /** Stable id: names the rule (`<environment>-<name>-<id>`) and its composed resources. */
  readonly id: FindingRuleId;
  readonly description: string;
  /** EventBridge event pattern. */
  readonly pattern: Record<string, unknown>;
}

export function findingRules(minimumGuardDutySeverity: GuardDutySeverity): readonly FindingRule[] {
  return [
    {
      id: 'guardduty-findings',
      description: `GuardDuty findings of severity ${minimumGuardDutySeverity} (${GUARDDUTY_SEVERITIES[minimumGuardDutySeverity]}) or higher`,
      pattern: {
        source: ['aws.guardduty'],
        'detail-type': ['GuardDuty Finding'],
        detail: { severity: [{ numeric: ['>=', GUARDDUTY_SEVERITIES[minimumGuardDutySeverity]] }] },
      },
    },
    {
      id: 'securityhub-findings',
      description: 'New, active Security Hub findings of severity HIGH or CRITICAL',
      pattern: {
        source: ['aws.securityhub'],
        'detail-type': ['Security Hub Findings - Imported'],
        // Updates of a finding are imported again: only new, active ones notify, once.
        detail: { findings: { Severity: { Label: ['HIGH', 'CRITICAL'] }, RecordState: ['ACTIVE'], Workflow: { Status: ['NEW'] } } },
      },
    },
    {
      id: 'config-noncompliance',
      description: 'AWS Config rules evaluating a resource NON_COMPLIANT',
      pattern: {
        source: ['aws.config'],
        'detail-type': ['Config Rules Compliance Change'],
        detail: { messageType: ['ComplianceChangeNotification'], newEvaluationResult: { complianceType: ['NON_COMPLIANT'] } },
      },
    },
  ];
}
