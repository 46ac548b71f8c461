import { COMMON_PROPERTIES, COMMON_REQUIRED, COMMON_RULES, type CommonParameters } from '../../lib/common';
import { arr, bool, int, obj, str, type JsonSchema } from '../../lib/schema';

export const ENGINES = ['postgresql', 'mysql'] as const;
export type Engine = (typeof ENGINES)[number];

/** Engine versions the API admits, per engine (Aurora PostgreSQL 14-17; Aurora MySQL 3, i.e. MySQL 8.0). */
export const POSTGRESQL_VERSION = '^1[4-7]\\.[0-9]{1,2}$';
export const MYSQL_VERSION = '^8\\.0\\.mysql_aurora\\.3\\.[0-9]{2}\\.[0-9]{1,2}$';

/** Retention values CloudWatch Logs accepts, in days. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/** Master user names refused: the first ones an attacker tries, and names the engines reserve. */
export const RESERVED_USERNAMES = ['admin', 'administrator', 'root', 'postgres', 'rdsadmin', 'rdsrepladmin', 'rdsproxyadmin', 'mysql', 'sa', 'user', 'master'] as const;
/** Database names the engines reserve. */
export const RESERVED_DATABASE_NAMES = ['postgres', 'template0', 'template1', 'rdsadmin', 'mysql', 'sys', 'information_schema', 'performance_schema'] as const;

export const MIN_BACKUP_RETENTION_DAYS = 7;
export const MIN_PROD_BACKUP_RETENTION_DAYS = 14;
export const MIN_PROD_LOG_RETENTION_DAYS = 365;

export const AURORA_DATABASE_DEFAULTS = {
  engine: 'postgresql',
  /** Per engine: the schema has no default for engineVersion because it depends on engine. */
  engineVersion: { postgresql: '16.9', mysql: '8.0.mysql_aurora.3.08.0' },
  instanceClass: 'db.r6g.large',
  instances: 2,
  databaseName: 'app',
  masterUsername: 'dbadmin',
  backupRetentionDays: MIN_BACKUP_RETENTION_DAYS,
  logRetentionDays: 365,
  allowedSecurityGroupIds: [] as string[],
  mysqlGeneralLog: false,
} as const;

/**
 * An Aurora cluster (PostgreSQL or MySQL) on the database subnets of a Network, encrypted with an EncryptionKey,
 * TLS-only, reachable only from the security groups named, with its master password in Secrets Manager.
 * Nothing here can make it public, unencrypted or password-authenticated from git.
 */
export interface AuroraDatabaseParameters extends CommonParameters {
  /** The Network (same namespace) whose database subnets and VPC the cluster uses. */
  readonly networkRef: { readonly name: string };
  /** The EncryptionKey (same namespace) whose KMS key encrypts storage, Performance Insights, the master secret, logs and SSM parameters. */
  readonly encryptionKeyRef: { readonly name: string };
  /**
   * Database engine; cannot change after creation.
   * @default 'postgresql'
   */
  readonly engine: Engine;
  /**
   * Engine version: `1x.y` for PostgreSQL (14-17), `8.0.mysql_aurora.3.xx.y` for MySQL. Minor upgrades are made
   * by changing it (no automatic minor upgrades); the major version cannot change.
   * @default '16.9' (postgresql) or '8.0.mysql_aurora.3.08.0' (mysql)
   */
  readonly engineVersion?: string;
  /**
   * DB instance class of every instance (provisioned; no serverless).
   * @default 'db.r6g.large'
   */
  readonly instanceClass: string;
  /**
   * Number of DB instances: one writer, the rest readers (failover targets). At least 2 in prod.
   * @default 2
   */
  readonly instances: number;
  /**
   * Availability zones of the instances, one instance per zone in order; at least as many as instances and
   * distinct. Required in prod. @default none (RDS places the instances)
   */
  readonly availabilityZones?: readonly string[];
  /**
   * Cluster identifier; instances are `<clusterIdentifier>-<n>`. Cannot change.
   * @default `<environment>-<name>`
   */
  readonly clusterIdentifier?: string;
  /**
   * Name of the database created with the cluster.
   * @default 'app'
   */
  readonly databaseName: string;
  /**
   * Master user name; its password is generated and rotated by Secrets Manager, never set here.
   * @default 'dbadmin'
   */
  readonly masterUsername: string;
  /**
   * Days automated backups are kept (7-35; at least 14 in prod).
   * @default 7
   */
  readonly backupRetentionDays: number;
  /** Daily backup window, UTC `hh:mm-hh:mm`. @default chosen by RDS */
  readonly preferredBackupWindow?: string;
  /** Weekly maintenance window, UTC `ddd:hh:mm-ddd:hh:mm`. @default chosen by RDS */
  readonly preferredMaintenanceWindow?: string;
  /**
   * Security group ids (`sg-...`) allowed to connect on the database port; nothing else can.
   * @default []
   */
  readonly allowedSecurityGroupIds: readonly string[];
  /**
   * Days the exported database logs are kept in CloudWatch Logs (at least 365 in prod).
   * @default 365
   */
  readonly logRetentionDays: number;
  /**
   * MySQL only: also turn on and export the general query log (every statement, with its literals).
   * @default false
   */
  readonly mysqlGeneralLog: boolean;
}

const DNS_LABEL = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';
const HHMM = '([01][0-9]|2[0-3]):[0-5][0-9]';
const DAY = '(mon|tue|wed|thu|fri|sat|sun)';
const ref = (what: string, kind: string) => obj(`The ${kind}, in this namespace, ${what}.`, {
  name: str(`Name of the ${kind}.`, { pattern: DNS_LABEL, maxLength: 63 }),
}, { required: ['name'] });

export const AURORA_DATABASE_SPEC: JsonSchema = obj('Desired state of the Aurora database.', {
  ...COMMON_PROPERTIES,
  networkRef: ref('whose isolated database subnets host the cluster and whose VPC holds its security group', 'Network'),
  encryptionKeyRef: ref('whose KMS key encrypts the cluster storage, Performance Insights, the master user secret, the exported logs and the SSM parameters', 'EncryptionKey'),
  engine: str('Database engine: postgresql (Aurora PostgreSQL) or mysql (Aurora MySQL 3). Cannot change after creation.', {
    enum: ENGINES, default: AURORA_DATABASE_DEFAULTS.engine,
    rules: [{ rule: 'self == oldSelf', message: 'engine cannot change after creation' }],
  }),
  engineVersion: str('Engine version: 14.x to 17.x for postgresql (default 16.9), 8.0.mysql_aurora.3.xx.y for mysql (default 8.0.mysql_aurora.3.08.0). Minor upgrades are made by changing it (in the maintenance window); the major version cannot change.', {
    pattern: `${POSTGRESQL_VERSION}|${MYSQL_VERSION}`, maxLength: 32,
  }),
  instanceClass: str('DB instance class of every instance, e.g. db.r6g.large (provisioned instances only).', {
    pattern: '^db\\.[a-z0-9]+\\.[a-z0-9]+$', maxLength: 32, default: AURORA_DATABASE_DEFAULTS.instanceClass,
  }),
  instances: int('Number of DB instances: one writer, the others readers and failover targets. At least 2 when tier is prod.', {
    minimum: 1, maximum: 15, default: AURORA_DATABASE_DEFAULTS.instances,
  }),
  availabilityZones: arr('Availability zones of the instances, one instance per zone in this order: distinct, in the region, at least as many as instances. Required when tier is prod.',
    str('An availability zone, e.g. us-east-1a.', { pattern: '^[a-z]{2}(-gov)?-[a-z]+-[0-9][a-z]$', maxLength: 32 }), {
      minItems: 1, maxItems: 6, listType: 'set',
    }),
  clusterIdentifier: str('Cluster identifier in RDS; instances are <clusterIdentifier>-<n>. Defaults to <environment>-<name>. Cannot change.', {
    pattern: '^[a-z][a-z0-9-]*[a-z0-9]$', maxLength: 57,
    rules: [{ rule: "!self.contains('--')", message: 'clusterIdentifier must not contain two consecutive hyphens' }],
  }),
  databaseName: str('Name of the database created with the cluster: a letter, then letters, digits or underscores.', {
    pattern: '^[a-zA-Z][a-zA-Z0-9_]*$', maxLength: 63, default: AURORA_DATABASE_DEFAULTS.databaseName,
    rules: [{ rule: `!(self.lowerAscii() in ${JSON.stringify(RESERVED_DATABASE_NAMES)})`, message: 'databaseName is reserved by the engine' }],
  }),
  masterUsername: str('Master user name (its password is generated by RDS and kept in Secrets Manager, encrypted with the key). Lowercase letter, then lowercase letters, digits or underscores.', {
    pattern: '^[a-z][a-z0-9_]*$', maxLength: 16, default: AURORA_DATABASE_DEFAULTS.masterUsername,
    rules: [{ rule: `!(self in ${JSON.stringify(RESERVED_USERNAMES)})`, message: `masterUsername must not be a well-known or reserved name (${RESERVED_USERNAMES.join(', ')})` }],
  }),
  backupRetentionDays: int(`Days automated backups are kept (at least ${MIN_PROD_BACKUP_RETENTION_DAYS} when tier is prod).`, {
    minimum: MIN_BACKUP_RETENTION_DAYS, maximum: 35, default: AURORA_DATABASE_DEFAULTS.backupRetentionDays,
  }),
  preferredBackupWindow: str('Daily window for automated backups, UTC hh:mm-hh:mm (at least 30 minutes, not overlapping the maintenance window). Chosen by RDS when unset.', {
    pattern: `^${HHMM}-${HHMM}$`,
  }),
  preferredMaintenanceWindow: str('Weekly maintenance window, UTC ddd:hh:mm-ddd:hh:mm, e.g. sun:03:00-sun:04:00. Chosen by RDS when unset.', {
    pattern: `^${DAY}:${HHMM}-${DAY}:${HHMM}$`,
  }),
  allowedSecurityGroupIds: arr('Security groups (sg-... ids) whose members may connect to the database port. Nothing else can reach the cluster.',
    str('A security group id.', { pattern: '^sg-[0-9a-f]{8,17}$' }), {
      maxItems: 10, listType: 'set', default: [...AURORA_DATABASE_DEFAULTS.allowedSecurityGroupIds],
    }),
  logRetentionDays: int(`Days the database logs exported to CloudWatch Logs are kept (a CloudWatch retention value; at least ${MIN_PROD_LOG_RETENTION_DAYS} when tier is prod).`, {
    minimum: 1, maximum: 3653, default: AURORA_DATABASE_DEFAULTS.logRetentionDays,
    rules: [{ rule: `self in ${JSON.stringify(LOG_RETENTION_DAYS)}`, message: `logRetentionDays must be one of ${LOG_RETENTION_DAYS.join(', ')}` }],
  }),
  mysqlGeneralLog: bool('MySQL only: also turn on and export the general query log. It records every statement with its literal values: leave off unless the data allows it.', {
    default: AURORA_DATABASE_DEFAULTS.mysqlGeneralLog,
  }),
}, {
  required: [...COMMON_REQUIRED, 'networkRef', 'encryptionKeyRef'],
  rules: [
    ...COMMON_RULES,
    {
      rule: `!has(self.engineVersion) || (self.engine == 'postgresql' ? self.engineVersion.matches('${POSTGRESQL_VERSION.replace(/\\/g, '\\\\')}') : self.engineVersion.matches('${MYSQL_VERSION.replace(/\\/g, '\\\\')}'))`,
      message: 'engineVersion does not belong to engine: postgresql takes 14.x to 17.x, mysql takes 8.0.mysql_aurora.3.xx.y',
      fieldPath: '.engineVersion',
    },
    { rule: "self.tier != 'prod' || self.instances >= 2", message: 'instances must be at least 2 when tier is prod (a writer and a failover reader in another zone)', fieldPath: '.instances' },
    { rule: "self.tier != 'prod' || has(self.availabilityZones)", message: 'availabilityZones must be set when tier is prod, so the instances land in distinct zones', fieldPath: '.availabilityZones' },
    { rule: '!has(self.availabilityZones) || size(self.availabilityZones) >= self.instances', message: 'availabilityZones must list at least as many zones as instances (one instance per zone)', fieldPath: '.availabilityZones' },
    { rule: '!has(self.availabilityZones) || self.availabilityZones.all(z, z.startsWith(self.region))', message: 'availabilityZones must be zones of the region', fieldPath: '.availabilityZones' },
    { rule: `self.tier != 'prod' || self.backupRetentionDays >= ${MIN_PROD_BACKUP_RETENTION_DAYS}`, message: `backupRetentionDays must be at least ${MIN_PROD_BACKUP_RETENTION_DAYS} when tier is prod`, fieldPath: '.backupRetentionDays' },
    { rule: `self.tier != 'prod' || self.logRetentionDays >= ${MIN_PROD_LOG_RETENTION_DAYS}`, message: `logRetentionDays must be at least ${MIN_PROD_LOG_RETENTION_DAYS} when tier is prod`, fieldPath: '.logRetentionDays' },
    { rule: "!self.mysqlGeneralLog || self.engine == 'mysql'", message: 'mysqlGeneralLog applies to engine mysql only', fieldPath: '.mysqlGeneralLog' },
    {
      rule: "!has(oldSelf.engineVersion) || !has(self.engineVersion) || self.engineVersion.split('.')[0] == oldSelf.engineVersion.split('.')[0]",
      message: 'engineVersion can change within its major version only (major version upgrades are not supported by this API)',
      fieldPath: '.engineVersion',
    },
    { rule: '!has(oldSelf.clusterIdentifier) || (has(self.clusterIdentifier) && self.clusterIdentifier == oldSelf.clusterIdentifier)', message: 'clusterIdentifier cannot change', fieldPath: '.clusterIdentifier' },
  ],
});

export const AURORA_DATABASE_STATUS: JsonSchema = obj('Observed outputs of the Aurora database.', {
  clusterIdentifier: str('RDS identifier of the cluster.'),
  engineVersion: str('Engine version requested for the cluster.'),
  writerEndpoint: str('Cluster (writer) endpoint, once the cluster reports it.'),
  readerEndpoint: str('Reader endpoint (load-balanced over the readers), once the cluster reports it.'),
  port: int('Port the database listens on.'),
  masterUserSecretArn: str('ARN of the Secrets Manager secret holding the master user credentials, once RDS created it.'),
  securityGroupId: str('Id of the security group of the cluster, once created.'),
  endpointParameterName: str('SSM parameter (SecureString) holding the writer endpoint.'),
  readerEndpointParameterName: str('SSM parameter (SecureString) holding the reader endpoint.'),
  portParameterName: str('SSM parameter (SecureString) holding the port.'),
  connectionSecretName: str('Kubernetes Secret, in this namespace, with the endpoints, port and master user name (never the password).'),
});
