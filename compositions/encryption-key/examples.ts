/** Example EncryptionKey claims: documentation that is tested (composed, validated, rendered). */
import type { EncryptionKeyParameters } from './parameters';

type Example = { readonly name: string; readonly spec: Partial<EncryptionKeyParameters> & Pick<EncryptionKeyParameters, 'description'> };

export const ENCRYPTION_KEY_EXAMPLES: readonly Example[] = [
  {
    name: 'minimal',
    spec: { environment: 'dev', tier: 'dev', region: 'eu-west-1', accountId: '123456789012', owner: 'team-a', costCenter: 'cc-42', description: 'Team A data' },
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
