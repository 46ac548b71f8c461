/** Example ComplianceMonitoring claims: documentation that is tested (composed, validated, rendered). */
import type { ComplianceMonitoringParameters } from './parameters';

type Example = { readonly name: string; readonly spec: Partial<ComplianceMonitoringParameters> & Pick<ComplianceMonitoringParameters, 'encryptionKeyRef'> };

export const COMPLIANCE_MONITORING_EXAMPLES: readonly Example[] = [
  {
    // The home region of a dev account; its alarms must reach someone even in dev (rule SB-AUDIT-13).
    name: 'minimal',
    spec: {
      environment: 'dev', tier: 'dev', region: 'eu-west-1', accountId: '123456789012', owner: 'team-a', costCenter: 'cc-42', encryptionKeyRef: { name: 'dev-audit' },
      subscriptions: [{ protocol: 'email', endpoint: 'team-a-alerts@example.com' }],
    },
  },
  {
    name: 'prod-home-region',
    spec: {
      environment: 'prod', tier: 'prod', region: 'us-east-1', accountId: '123456789012', owner: 'security', costCenter: 'cc-42',
      encryptionKeyRef: { name: 'prod-all-services' }, deletionProtection: true, dataClassification: 'restricted',
      // Audit evidence locked seven years, then it expires (never before the lock ends).
      homeRegion: true, auditBucketName: 'acme-prod-audit-logs', auditObjectLock: { mode: 'COMPLIANCE', days: 2555 }, auditLogExpirationDays: 2555,
      trailLogRetentionDays: 400, guardDutyMinimumSeverity: 'HIGH',
      subscriptions: [
        { protocol: 'email', endpoint: 'security-oncall@example.com' },
        { protocol: 'https', endpoint: 'https://events.pagerduty.com/integration/0123456789abcdef/enqueue' },
      ],
      tags: { Project: 'atlas' },
    },
  },
];
