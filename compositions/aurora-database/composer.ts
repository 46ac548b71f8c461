/**
 * AuroraDatabase → an Aurora cluster (PostgreSQL or MySQL 3) and its instances on the Network's database subnets:
 * storage, Performance Insights, the Secrets Manager master secret, the exported logs and the SSM parameters all
 * encrypted with the EncryptionKey's KMS key; TLS enforced by the cluster parameter group; connection and audit
 * logging in the DB parameter group, exported to CloudWatch log groups with a retention; a security group that
 * admits the database port only from the security groups named; Enhanced Monitoring with its own role; IAM
 * database authentication; backups, deletion protection and a final snapshot; and Usages that keep the
 * EncryptionKey and the Network from being deleted while the database exists.
 */
import { LogsGroup } from '../../imports/aws-cloudwatchlogs-cloudwatchlogs.aws.m.upbound.io';
import * as ec2 from '../../imports/aws-ec2-ec2.aws.m.upbound.io';
import * as iam from '../../imports/aws-iam-iam.aws.m.upbound.io';
import * as rds from '../../imports/aws-rds-rds.aws.m.upbound.io';
import { SsmParameter } from '../../imports/aws-ssm-ssm.aws.m.upbound.io';
import { sameXrSelector } from '../../lib/common';
import { defined, InputError, reported, type ComposeInput, type Composition, type KubeObject, type XrCondition } from '../../lib/composer';
import { ComposerKit } from '../../lib/kit';
import { LABEL_PREFIX, NETWORK_LABEL, SUBNET_TIER_LABEL } from '../../lib/platform';
import { aliasNameOf, KIND as ENCRYPTION_KEY_KIND } from '../encryption-key/composer';
import { composedKeyArn, encryptionKeyDependency } from '../encryption-key/dependency';
import type { EncryptionKeyParameters } from '../encryption-key/parameters';
import { AURORA_DATABASE_DEFAULTS, type AuroraDatabaseParameters, type AuroraDatabaseStatus, type Engine } from './parameters';

export const KIND = 'AuroraDatabase';
/** Kind of the Network platform API, whose resources carry NETWORK_LABEL (see lib/platform.ts). */
export const NETWORK_KIND = 'Network';

/** Enhanced Monitoring granularity, in seconds. */
export const MONITORING_INTERVAL = 60;
/** Performance Insights retention (7 days is the free tier). */
export const PERFORMANCE_INSIGHTS_RETENTION_DAYS = 7;
/**
 * AWS-managed policy of the Enhanced Monitoring role. An accepted exception to "no AWS-managed policies": it only
 * allows creating and writing the RDSOSMetrics log group/streams, AWS maintains it as the service changes, and
 * the role can be assumed only by monitoring.rds.amazonaws.com for this account's instances of this cluster.
 */
export const ENHANCED_MONITORING_POLICY_ARN = 'arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole';

interface EngineProfile {
  readonly rdsEngine: 'aurora-postgresql' | 'aurora-mysql';
  readonly port: number;
  readonly family: (version: string) => string;
  readonly logExports: (p: AuroraDatabaseParameters) => string[];
  /** Cluster parameter group: TLS only, TLS 1.2 or later (and, for MySQL, the audit log). */
  readonly clusterParameters: (p: AuroraDatabaseParameters) => Array<{ name: string; value: string }>;
  /** DB (instance) parameter group: connection, audit and slow-query logging. */
  readonly instanceParameters: (p: AuroraDatabaseParameters) => Array<{ name: string; value: string }>;
}

export const ENGINES: Readonly<Record<Engine, EngineProfile>> = {
  postgresql: {
    rdsEngine: 'aurora-postgresql',
    port: 5432,
    family: (v) => `aurora-postgresql${v.split('.')[0]}`,
    logExports: () => ['postgresql'],
    clusterParameters: () => [
      { name: 'rds.force_ssl', value: '1' },
      { name: 'ssl_min_protocol_version', value: 'TLSv1.2' },
    ],
    // pgaudit is not configured: it needs shared_preload_libraries (replacing the engine's default list) and
    // CREATE EXTENSION plus the rds_pgaudit role inside the database. Connections, disconnections and DDL are
    // logged by the engine itself.
    instanceParameters: () => [
      { name: 'log_connections', value: '1' },
      { name: 'log_disconnections', value: '1' },
      { name: 'log_statement', value: 'ddl' },
    ],
  },
  mysql: {
    rdsEngine: 'aurora-mysql',
    port: 3306,
    family: () => 'aurora-mysql8.0',
    logExports: (p) => (p.mysqlGeneralLog ? ['audit', 'error', 'general', 'slowquery'] : ['audit', 'error', 'slowquery']),
    clusterParameters: () => [
      { name: 'require_secure_transport', value: 'ON' },
      { name: 'tls_version', value: 'TLSv1.2,TLSv1.3' },
      // Advanced Auditing (cluster-level in Aurora MySQL): connections, grants and schema changes.
      { name: 'server_audit_logging', value: '1' },
      { name: 'server_audit_events', value: 'CONNECT,QUERY_DCL,QUERY_DDL' },
    ],
    instanceParameters: (p) => [
      // Log exports to CloudWatch need the logs in files, not tables.
      { name: 'log_output', value: 'FILE' },
      { name: 'slow_query_log', value: '1' },
      { name: 'long_query_time', value: '2' },
      { name: 'general_log', value: p.mysqlGeneralLog ? '1' : '0' },
    ],
  },
};

/** RDS identifier of the cluster (instances are `<id>-<n>`). */
export function clusterIdentifierOf(xrName: string, p: Pick<AuroraDatabaseParameters, 'clusterIdentifier' | 'environment'>): string {
  const id = p.clusterIdentifier ?? `${p.environment}-${xrName}`;
  if (!/^[a-z][a-z0-9-]*[a-z0-9]$/.test(id) || id.includes('--') || id.length > 57) {
    throw new InputError('spec.clusterIdentifier', `cluster identifier "${id}" must start with a letter, hold only lowercase letters, digits and single hyphens, and be at most 57 characters: set spec.clusterIdentifier`);
  }
  return id;
}

/** Names of the SSM parameters the connection details are published under. */
export function parameterNamesOf(clusterId: string) {
  const prefix = `/aurora/${clusterId}`;
  return { endpoint: `${prefix}/writer-endpoint`, readerEndpoint: `${prefix}/reader-endpoint`, port: `${prefix}/port` };
}

/** Trust policy of the Enhanced Monitoring role: only RDS monitoring, only for this account's instances of this cluster. */
export function monitoringTrustPolicy(p: Pick<AuroraDatabaseParameters, 'accountId' | 'region'>, clusterId: string) {
  return {
    Version: '2012-10-17',
    Statement: [{
      Sid: 'RdsEnhancedMonitoring',
      Effect: 'Allow',
      Principal: { Service: 'monitoring.rds.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: {
        StringEquals: { 'aws:SourceAccount': p.accountId },
        ArnLike: { 'aws:SourceArn': `arn:aws:rds:${p.region}:${p.accountId}:db:${clusterId}-*` },
      },
    }],
  };
}

/** What every part of an AuroraDatabase's composition shares: the kit, the engine, the cluster's names. */
interface DatabaseParts {
  readonly kit: ComposerKit<AuroraDatabaseParameters>;
  readonly p: AuroraDatabaseParameters;
  readonly engine: EngineProfile;
  readonly engineVersion: string;
  readonly clusterId: string;
  /** The cluster's connection secret (endpoints, port, master user name), which the SSM parameters read. */
  readonly connectionSecretName: string;
}

/** Network placement: the Network's isolated database subnets, a security group in its VPC admitting the allowed groups. */
function composeNetworkPlacement({ kit, p, engine, clusterId }: DatabaseParts): void {
  const { region } = p;
  const { tags } = kit;
  const { port } = engine;
  kit.add('subnet-group', rds.RdsSubnetGroup, {
    region,
    description: `Database subnets of Network ${p.networkRef.name} for Aurora cluster ${clusterId}`,
    subnetIdSelector: { matchLabels: { [NETWORK_LABEL]: p.networkRef.name, [SUBNET_TIER_LABEL]: 'database' } },
    tags,
  }, { externalName: clusterId });
  kit.add('security-group', ec2.Ec2SecurityGroup, {
    region,
    name: `aurora-${clusterId}`,
    description: `Aurora cluster ${clusterId}: ${p.engine} port ${port} from the allowed security groups only`,
    vpcIdSelector: { matchLabels: { [NETWORK_LABEL]: p.networkRef.name, [`${LABEL_PREFIX}/component`]: 'vpc' } },
    // The provider removes the allow-all egress rule AWS adds to a new group; egress is the rule below only.
    revokeRulesOnDelete: true,
    tags,
  });
  const securityGroupIdSelector = sameXrSelector('security-group');
  for (const sg of [...p.allowedSecurityGroupIds].sort()) {
    kit.add(`ingress-${sg}`, ec2.Ec2SecurityGroupIngressRule, {
      region, securityGroupIdSelector, referencedSecurityGroupId: sg,
      ipProtocol: 'tcp', fromPort: port, toPort: port,
      description: `${p.engine} from ${sg}`,
      tags,
    });
  }
  // Explicit, and the only egress: to the cluster's own group on the database port. Replies to clients need no
  // egress rule (security groups are stateful); nothing may leave for 0.0.0.0/0.
  kit.add('egress-self', ec2.Ec2SecurityGroupEgressRule, {
    region, securityGroupIdSelector, referencedSecurityGroupIdSelector: securityGroupIdSelector,
    ipProtocol: 'tcp', fromPort: port, toPort: port,
    description: `${p.engine} within the cluster's own security group only`,
    tags,
  });
}

/** Parameter groups: TLS enforced for the cluster; connection/audit logging for the instances. */
function composeParameterGroups({ kit, p, engine, engineVersion, clusterId }: DatabaseParts): void {
  const { region } = p;
  const family = engine.family(engineVersion);
  // pending-reboot is accepted for static and dynamic parameters alike; a new cluster starts with them applied.
  const parameters = (list: Array<{ name: string; value: string }>) => list.map((x) => ({ ...x, applyMethod: 'pending-reboot' }));
  kit.add('cluster-parameter-group', rds.RdsClusterParameterGroup, {
    region, family,
    description: `Aurora cluster ${clusterId}: TLS 1.2+ only`,
    parameter: parameters(engine.clusterParameters(p)),
    tags: kit.tags,
  }, { externalName: `${clusterId}-cluster` });
  kit.add('db-parameter-group', rds.RdsParameterGroup, {
    region, family,
    description: `Aurora cluster ${clusterId} instances: connection and audit logging`,
    parameter: parameters(engine.instanceParameters(p)),
    tags: kit.tags,
  }, { externalName: `${clusterId}-instance` });
}

/** Log groups RDS exports to, created first so they are encrypted and expire. */
function composeLogGroups({ kit, p, clusterId }: DatabaseParts, keyArn: string, logExports: readonly string[], observed: ComposeInput<AuroraDatabaseParameters>['observed']): void {
  for (const log of logExports) {
    kit.add(`log-group-${log}`, LogsGroup, {
      region: p.region, kmsKeyId: composedKeyArn(keyArn, observed[`log-group-${log}`], 'kmsKeyId'), retentionInDays: p.logRetentionDays, tags: kit.tags,
    }, { externalName: `/aws/rds/cluster/${clusterId}/${log}` });
  }
}

/** Enhanced Monitoring: a role only RDS monitoring of this cluster's instances can assume, with its managed policy. */
function composeMonitoring({ kit, p, clusterId }: DatabaseParts): void {
  kit.add('monitoring-role', iam.IamRole, {
    description: `Enhanced Monitoring of Aurora cluster ${clusterId}`,
    assumeRolePolicy: JSON.stringify(monitoringTrustPolicy(p, clusterId)),
    forceDetachPolicies: true,
    maxSessionDuration: 3600,
    tags: kit.tags,
  });
  // AWS-managed policy: the accepted exception documented at ENHANCED_MONITORING_POLICY_ARN.
  kit.add('monitoring-role-policy', iam.IamRolePolicyAttachment, { policyArn: ENHANCED_MONITORING_POLICY_ARN, roleSelector: sameXrSelector('monitoring-role') });
}

/** The cluster, encrypted with the key; it writes its connection details to the connection secret. */
function composeCluster({ kit, p, engine, engineVersion, clusterId, connectionSecretName }: DatabaseParts, keyArn: string, logExports: string[]): void {
  const keepFinalSnapshot = p.tier !== 'dev' || p.deletionProtection;
  // Endpoints, port and master user name (no password: RDS manages it in Secrets Manager). The SSM parameters
  // (composeConnectionParameters) read their values from here, so they never hold a placeholder.
  kit.add('cluster', rds.RdsCluster, {
    region: p.region,
    engine: engine.rdsEngine,
    engineVersion,
    engineMode: 'provisioned',
    allowMajorVersionUpgrade: false,
    port: engine.port,
    databaseName: p.databaseName,
    masterUsername: p.masterUsername,
    manageMasterUserPassword: true,
    masterUserSecretKmsKeyId: keyArn,
    storageEncrypted: true,
    kmsKeyId: keyArn,
    iamDatabaseAuthenticationEnabled: true,
    dbSubnetGroupNameSelector: sameXrSelector('subnet-group'),
    dbClusterParameterGroupNameSelector: sameXrSelector('cluster-parameter-group'),
    vpcSecurityGroupIdSelector: sameXrSelector('security-group'),
    networkType: 'IPV4',
    enabledCloudwatchLogsExports: logExports,
    backupRetentionPeriod: p.backupRetentionDays,
    copyTagsToSnapshot: true,
    deletionProtection: p.deletionProtection,
    skipFinalSnapshot: !keepFinalSnapshot,
    ...(keepFinalSnapshot ? { finalSnapshotIdentifier: `${clusterId}-final` } : {}),
    // Keep automated backups after deletion whenever a final snapshot is kept.
    deleteAutomatedBackups: !keepFinalSnapshot,
    ...defined({ preferredBackupWindow: p.preferredBackupWindow, preferredMaintenanceWindow: p.preferredMaintenanceWindow }),
    tags: kit.tags,
  }, { externalName: clusterId, writeConnectionSecretToRef: { name: connectionSecretName } });
}

/** The cluster's instances: private, monitored, Performance Insights encrypted with the key; the first the writer. */
function composeInstances({ kit, p, engine, clusterId }: DatabaseParts, keyArn: string): void {
  for (let i = 0; i < p.instances; i++) {
    kit.add(`instance-${i + 1}`, rds.RdsClusterInstance, {
      region: p.region,
      clusterIdentifierSelector: sameXrSelector('cluster'),
      engine: engine.rdsEngine,
      instanceClass: p.instanceClass,
      ...defined({ availabilityZone: p.availabilityZones?.[i], preferredMaintenanceWindow: p.preferredMaintenanceWindow }),
      dbSubnetGroupNameSelector: sameXrSelector('subnet-group'),
      dbParameterGroupNameSelector: sameXrSelector('db-parameter-group'),
      publiclyAccessible: false,
      // The engine version is declared in the spec (and reviewed in git); minor upgrades are made by changing
      // spec.engineVersion. Automatic minor upgrades would move the cluster off the declared version and the
      // provider would then try to move it back.
      autoMinorVersionUpgrade: false,
      caCertIdentifier: 'rds-ca-rsa2048-g1',
      // The first instance is the preferred writer; readers follow in order as failover targets.
      promotionTier: Math.min(i, 15),
      monitoringInterval: MONITORING_INTERVAL,
      monitoringRoleArnSelector: sameXrSelector('monitoring-role'),
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: keyArn,
      performanceInsightsRetentionPeriod: PERFORMANCE_INSIGHTS_RETENTION_DAYS,
      copyTagsToSnapshot: true,
      tags: kit.tags,
    }, { externalName: `${clusterId}-${i + 1}` });
  }
}

/** Usages: the key and the network must outlive the database. */
function composeUsages({ kit, p }: DatabaseParts): void {
  kit.usage('encryption-key-usage', { kind: ENCRYPTION_KEY_KIND, name: p.encryptionKeyRef.name },
    `AuroraDatabase ${kit.name} stores data, backups and its master secret encrypted with this key`);
  kit.usage('network-usage', { kind: NETWORK_KIND, name: p.networkRef.name },
    `AuroraDatabase ${kit.name} runs in this network's database subnets`);
}

/** Connection details in SSM Parameter Store, once the cluster has an endpoint; returns whether they are composed. */
function composeConnectionParameters({ kit, p, clusterId, connectionSecretName }: DatabaseParts, keyObject: KubeObject | undefined, observed: ComposeInput<AuroraDatabaseParameters>['observed'], writerEndpoint: string | undefined): boolean {
  const keyAlias: string | undefined = keyObject
    ? (keyObject.status?.aliasName || aliasNameOf(p.encryptionKeyRef.name, { environment: p.environment, ...(keyObject.spec as Partial<EncryptionKeyParameters>) }))
    : undefined;
  const ssmComposed = ['ssm-writer-endpoint', 'ssm-reader-endpoint', 'ssm-port'].some((k) => observed[k]);
  // The value of a SecureString can only come from a Secret (the provider refuses insecureValue for it): the
  // cluster's connection secret, which the provider writes once the endpoint exists. So the parameters are
  // composed only once the endpoint is observed (and kept from then on), encrypted with the key by alias.
  if (keyAlias === undefined || (writerEndpoint === undefined && !ssmComposed)) return false;
  const parameterNames = parameterNamesOf(clusterId);
  const ssm = (component: string, parameterName: string, key: string, what: string) => kit.add(component, SsmParameter, {
    region: p.region,
    type: 'SecureString',
    keyId: keyAlias,
    tier: 'Standard',
    dataType: 'text',
    description: `${what} of Aurora cluster ${clusterId}`,
    valueSecretRef: { name: connectionSecretName, key },
    tags: kit.tags,
  }, { externalName: parameterName });
  ssm('ssm-writer-endpoint', parameterNames.endpoint, 'endpoint', 'Writer endpoint');
  ssm('ssm-reader-endpoint', parameterNames.readerEndpoint, 'reader_endpoint', 'Reader endpoint');
  ssm('ssm-port', parameterNames.port, 'port', 'Port');
  return true;
}

/** A non-empty string, else undefined (what the status reports of an observed field). */
function nonEmpty(v: unknown): string | undefined {
  return typeof v === 'string' && v ? v : undefined;
}

/** AuroraDatabase → its resources, composed part by part in a fixed order, with its conditions and status. */
export function composeAuroraDatabase({ xr, observed, required }: ComposeInput<AuroraDatabaseParameters>): Composition<AuroraDatabaseStatus> {
  const p = xr.spec;
  const name = xr.metadata.name;
  const engine = ENGINES[p.engine];
  const engineVersion = p.engineVersion ?? AURORA_DATABASE_DEFAULTS.engineVersion[p.engine];
  const clusterId = clusterIdentifierOf(name, p);
  const kit = new ComposerKit(KIND, xr);
  const connectionSecretName = `${name}-aurora-connection`;
  const parts: DatabaseParts = { kit, p, engine, engineVersion, clusterId, connectionSecretName };

  const dependency = encryptionKeyDependency(p.encryptionKeyRef.name, xr.metadata.namespace, required);
  // Every KMS key field gets the key's ARN itself, not a key selector (see composedKeyArn): provider-aws resolves
  // the master user secret's and Performance Insights' key selectors to the key ID, which RDS answers with the ARN,
  // and the key of a cluster cannot change after creation. So the cluster, its instances and its log groups are
  // composed once the ARN is known, and keep the ARN they were composed with.
  const keyArn = dependency.arnFor(observed.cluster, 'kmsKeyId');
  const logExports = engine.logExports(p);
  const at = observed.cluster?.status?.atProvider ?? {};
  const writerEndpoint = nonEmpty(at.endpoint);

  composeNetworkPlacement(parts);
  composeParameterGroups(parts);
  if (keyArn) composeLogGroups(parts, keyArn, logExports, observed);
  composeMonitoring(parts);
  if (keyArn) {
    composeCluster(parts, keyArn, logExports);
    composeInstances(parts, keyArn);
  }
  composeUsages(parts);
  const publish = composeConnectionParameters(parts, dependency.key, observed, writerEndpoint);

  const conditions: XrCondition[] = [
    dependency.condition(`Encrypted with ${keyArn}`),
    publish
      ? { type: 'ConnectionParametersPublished', status: 'True', reason: 'Available', message: `Endpoints and port are in SSM under /aurora/${clusterId}/` }
      : { type: 'ConnectionParametersPublished', status: 'False', reason: 'WaitingForEndpoint', message: 'The SSM parameters are composed once the cluster reports its endpoint and the EncryptionKey is found' },
  ];
  const warnings = p.allowedSecurityGroupIds.length === 0
    ? [`spec.allowedSecurityGroupIds is empty: only SecureFunctions listing AuroraDatabase ${name} in spec.permissions.connectDatabases can connect to it`]
    : [];

  const secret = Array.isArray(at.masterUserSecret) ? at.masterUserSecret[0] : undefined;
  const parameterNames = parameterNamesOf(clusterId);
  return {
    resources: kit.resources,
    requirements: dependency.requirements,
    conditions,
    ...(warnings.length ? { warnings } : {}),
    status: reported<AuroraDatabaseStatus>({
      clusterIdentifier: clusterId,
      engineVersion,
      writerEndpoint,
      readerEndpoint: nonEmpty(at.readerEndpoint),
      port: typeof at.port === 'number' ? at.port : engine.port,
      masterUserSecretArn: nonEmpty(secret?.secretArn),
      securityGroupId: nonEmpty(observed['security-group']?.status?.atProvider?.id),
      endpointParameterName: publish ? parameterNames.endpoint : undefined,
      readerEndpointParameterName: publish ? parameterNames.readerEndpoint : undefined,
      portParameterName: publish ? parameterNames.port : undefined,
      connectionSecretName,
    }),
  };
}
