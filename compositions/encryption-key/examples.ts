/** Example EncryptionKey claims: documentation that is tested (composed, validated, rendered). */
import type { EncryptionKeyParameters } from './parameters';

type Example = { readonly name: string; readonly spec: Partial<EncryptionKeyParameters> & Pick<EncryptionKeyParameters, 'description'> };

export const ENCRYPTION_KEY_EXAMPLES: readonly Example[] = [
  {
    name: 'minimal',
    spec: { environment: 'dev', tier: 'dev', region: 'eu-west-1', accountId: '123456789012', owner: 'team-a', costCenter: 'cc-42', description: 'Team A data' },
  },
  {
    // The key of a dev account's audit trail: what ComplianceMonitoring encrypts with (trail, its bucket and log group, alarm topic).
    name: 'dev-audit',
    spec: {
      environment: 'dev', tier: 'dev', region: 'eu-west-1', accountId: '123456789012', owner: 'security', costCenter: 'cc-42',
      description: 'Audit trail, configuration history and security alarms', services: ['cloudtrail', 'logs', 'sns', 's3'],
    },
  },
  {
    name: 'prod-all-services',
    spec: {
      environment: 'prod', tier: 'prod', region: 'us-east-1', accountId: '123456789012', owner: 'team-a', costCenter: 'cc-42',
      description: 'Everything in prod', aliasName: 'prod/shared', deletionProtection: true, rotationPeriodInDays: 180,
      services: ['logs', 'cloudtrail', 'sns', 'secretsmanager', 'rds', 's3', 'lambda', 'dynamodb', 'ssm', 'log-delivery'], dataClassification: 'restricted',
      tags: { Project: 'atlas' },
    },
  },
];
