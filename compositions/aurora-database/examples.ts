/** Example AuroraDatabase claims: documentation that is tested (composed, validated, rendered). */
import type { AuroraDatabaseParameters } from './parameters';

type Example = { readonly name: string; readonly spec: Partial<AuroraDatabaseParameters> & Pick<AuroraDatabaseParameters, 'networkRef' | 'encryptionKeyRef'> };

export const AURORA_DATABASE_EXAMPLES: readonly Example[] = [
  {
    name: 'minimal',
    spec: {
      environment: 'dev', tier: 'dev', region: 'eu-west-1', accountId: '123456789012', owner: 'team-a', costCenter: 'cc-42',
      networkRef: { name: 'minimal' }, encryptionKeyRef: { name: 'minimal' }, instances: 1,
    },
  },
  {
    name: 'prod-postgres',
    spec: {
      environment: 'prod', tier: 'prod', region: 'us-east-1', accountId: '123456789012', owner: 'team-a', costCenter: 'cc-42',
      deletionProtection: true, dataClassification: 'restricted', tags: { Project: 'atlas' },
      networkRef: { name: 'prod-three-az' }, encryptionKeyRef: { name: 'prod-all-services' },
      engine: 'postgresql', engineVersion: '16.9', instanceClass: 'db.r6g.xlarge',
      instances: 2, availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
      databaseName: 'orders', masterUsername: 'orders_owner',
      backupRetentionDays: 35, preferredBackupWindow: '02:00-03:00', preferredMaintenanceWindow: 'sun:04:00-sun:05:00',
      allowedSecurityGroupIds: ['sg-0123456789abcdef0', 'sg-0fedcba9876543210'],
      logRetentionDays: 731,
    },
  },
  {
    name: 'mysql',
    spec: {
      environment: 'staging', tier: 'staging', region: 'eu-west-1', accountId: '123456789012', owner: 'team-b', costCenter: 'cc-7',
      networkRef: { name: 'minimal' }, encryptionKeyRef: { name: 'minimal' },
      engine: 'mysql', engineVersion: '8.0.mysql_aurora.3.08.0', instanceClass: 'db.r6g.large',
      instances: 2, availabilityZones: ['eu-west-1a', 'eu-west-1b'],
      databaseName: 'catalog', masterUsername: 'catalog_owner', backupRetentionDays: 14,
      allowedSecurityGroupIds: ['sg-0a1b2c3d4e5f60718'],
    },
  },
];
