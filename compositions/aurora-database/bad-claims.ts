/** AuroraDatabase claims the API must refuse, each changing one of its examples in one way (see PlatformApi.badClaims). */
import { withoutField as without, type BadClaim } from '../../lib/composer';
import { AURORA_DATABASE_EXAMPLES } from './examples';

const MINIMAL: Record<string, unknown> = { ...AURORA_DATABASE_EXAMPLES[0].spec };
const PROD: Record<string, unknown> = { ...AURORA_DATABASE_EXAMPLES.find((e) => e.name === 'prod-postgres')!.spec };

export const AURORA_DATABASE_BAD_CLAIMS: readonly BadClaim[] = [
  { what: 'an attempt to store the database unencrypted', spec: { ...MINIMAL, storageEncrypted: false }, field: 'spec.storageEncrypted', words: '' },
  { what: 'an engine that is not Aurora PostgreSQL or MySQL', spec: { ...MINIMAL, engine: 'oracle' }, field: 'spec.engine', words: 'must be one of' },
  { what: 'a PostgreSQL version for the MySQL engine', spec: { ...MINIMAL, engine: 'mysql', engineVersion: '16.9' }, field: 'spec.engineVersion', words: 'does not belong to engine' },
  { what: 'a prod database of one instance (no failover)', spec: { ...PROD, instances: 1 }, field: 'spec.instances', words: 'at least 2 when tier is prod' },
  { what: 'a prod database without zones to spread over', spec: without(PROD, 'availabilityZones'), field: 'spec.availabilityZones', words: 'must be set when tier is prod' },
  { what: 'more instances than zones', spec: { ...PROD, instances: 4 }, field: 'spec.availabilityZones', words: 'at least as many zones as instances' },
  { what: 'a zone of another region', spec: { ...PROD, availabilityZones: ['us-east-1a', 'eu-west-1b'] }, field: 'spec.availabilityZones', words: 'zones of the region' },
  { what: 'backups kept 3 days', spec: { ...MINIMAL, backupRetentionDays: 3 }, field: 'spec.backupRetentionDays', words: '>= 7' },
  { what: 'prod backups kept 7 days', spec: { ...PROD, backupRetentionDays: 7 }, field: 'spec.backupRetentionDays', words: 'at least 14 when tier is prod' },
  { what: 'prod database logs kept 30 days', spec: { ...PROD, logRetentionDays: 30 }, field: 'spec.logRetentionDays', words: 'at least 365 when tier is prod' },
  { what: 'a log retention CloudWatch does not offer', spec: { ...MINIMAL, logRetentionDays: 10 }, field: 'spec.logRetentionDays', words: 'must be one of' },
  { what: 'a well-known master user name', spec: { ...MINIMAL, masterUsername: 'admin' }, field: 'spec.masterUsername', words: 'reserved' },
  { what: 'a database name the engine reserves', spec: { ...MINIMAL, databaseName: 'postgres' }, field: 'spec.databaseName', words: 'reserved by the engine' },
  { what: 'the MySQL general log on PostgreSQL', spec: { ...MINIMAL, mysqlGeneralLog: true }, field: 'spec.mysqlGeneralLog', words: 'applies to engine mysql only' },
  { what: 'a cluster identifier with two hyphens in a row', spec: { ...MINIMAL, clusterIdentifier: 'orders--db' }, field: 'spec.clusterIdentifier', words: 'two consecutive hyphens' },
  { what: 'an allowed security group that is not a group id', spec: { ...MINIMAL, allowedSecurityGroupIds: ['0.0.0.0/0'] }, field: 'spec.allowedSecurityGroupIds[0]', words: 'must match pattern' },
  { what: 'a database without a network', spec: without(MINIMAL, 'networkRef'), field: 'spec.networkRef', words: 'equired' },
];
