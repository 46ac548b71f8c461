/**
 * Example SecureEnvironment claims: documentation that is tested (composed, validated, rendered). The requirement
 * scenarios under examples/ are whole environments too; these two show the smallest and a typical one.
 */
import type { SecureEnvironmentParameters } from './parameters';

type Example = { readonly name: string; readonly spec: Partial<SecureEnvironmentParameters> };

const team = { region: 'eu-west-1', accountId: '123456789012', owner: 'team-a', costCenter: 'cc-42' } as const;

export const SECURE_ENVIRONMENT_EXAMPLES: readonly Example[] = [
  {
    name: 'minimal',
    spec: {
      environment: 'sandbox', tier: 'dev', ...team,
      encryptionKeys: [{ name: 'sandbox-data', description: 'Sandbox data at rest', services: ['s3'] }],
      buckets: [{ name: 'sandbox-data', encryptionKeyRef: { name: 'sandbox-data' } }],
    },
  },
  {
    name: 'team-prod',
    spec: {
      environment: 'team-prod', tier: 'prod', ...team, deletionProtection: true, dataClassification: 'confidential',
      tags: { Compliance: 'iso27001' },
      encryptionKeys: [
        { name: 'team-prod-data', description: 'Team data at rest', services: ['s3', 'log-delivery', 'logs', 'rds', 'secretsmanager', 'ssm', 'dynamodb'] },
      ],
      network: { name: 'team-prod', cidr: '10.40.0.0/16', encryptionKeyRef: { name: 'team-prod-data' } },
      buckets: [{ name: 'team-prod-uploads', encryptionKeyRef: { name: 'team-prod-data' } }],
      databases: [{
        name: 'team-prod-db', networkRef: { name: 'team-prod' }, encryptionKeyRef: { name: 'team-prod-data' },
        engine: 'postgresql', engineVersion: '16.9', instanceClass: 'db.r6g.large', databaseName: 'app', masterUsername: 'app_owner',
        availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
      }],
      tables: [{ name: 'team-prod-sessions', encryptionKeyRef: { name: 'team-prod-data' }, partitionKey: { name: 'id', type: 'S' } }],
    },
  },
];
