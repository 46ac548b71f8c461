/**
 * RDS rules (Aurora clusters and their instances): data, Performance Insights and the master secret encrypted
 * with customer-managed keys; TLS enforced by the cluster parameter group; IAM authentication; never public;
 * backups, deletion protection, monitoring and audit logs.
 */
import { get, verdict, type ComposedResource, type ResourceSet, type Rule, type RuleResult } from '../rule';
import { firstFailure, keyVerdict, resolveReference } from './logs';

const CLUSTER = 'rds.aws.m.upbound.io/Cluster';
const CLUSTER_INSTANCE = 'rds.aws.m.upbound.io/ClusterInstance';
const INSTANCE = 'rds.aws.m.upbound.io/Instance';
const CLUSTER_PARAMETER_GROUP = 'rds.aws.m.upbound.io/ClusterParameterGroup';

/** Shortest automated-backup retention accepted (days); the platform keeps ≥ 7, ≥ 14 in prod. */
export const MIN_BACKUP_RETENTION_DAYS = 7;

type EngineFamily = 'postgres' | 'mysql';

/** Per engine family: the cluster parameter that refuses connections without TLS, and the logs that must be exported. */
export const ENGINE_REQUIREMENTS: Readonly<Record<EngineFamily, {
  readonly tls: { readonly name: string; readonly values: readonly string[]; readonly set: string };
  /** A parameter bounding the TLS versions, when declared: the versions it may admit. */
  readonly tlsVersion: { readonly name: string; readonly allowed: readonly string[] };
  readonly logExports: readonly string[];
}>> = {
  postgres: {
    tls: { name: 'rds.force_ssl', values: ['1'], set: 'rds.force_ssl=1' },
    tlsVersion: { name: 'ssl_min_protocol_version', allowed: ['TLSv1.2', 'TLSv1.3'] },
    logExports: ['postgresql'],
  },
  mysql: {
    tls: { name: 'require_secure_transport', values: ['ON', '1'], set: 'require_secure_transport=ON' },
    tlsVersion: { name: 'tls_version', allowed: ['TLSv1.2', 'TLSv1.3'] },
    // The audit log (Advanced Auditing) and the error log; slow and general query logs are not security evidence.
    logExports: ['audit', 'error'],
  },
};

function engineFamily(r: ComposedResource): EngineFamily | undefined {
  const engine = get(r.object, 'spec.forProvider.engine');
  if (typeof engine !== 'string') return undefined;
  return engine.includes('postgres') ? 'postgres' : engine.includes('mysql') ? 'mysql' : undefined;
}

/** Management policies without Delete (nor `*`): deleting the claim orphans the AWS resource (prod). */
function orphansOnDelete(r: ComposedResource): boolean {
  const policies = r.object.spec?.managementPolicies;
  return Array.isArray(policies) && !policies.includes('*') && !policies.includes('Delete');
}

/** The TLS verdicts on the cluster parameter group of one cluster. */
function tlsResults(set: ResourceSet, cluster: ComposedResource): RuleResult[] {
  const family = engineFamily(cluster);
  if (!family) return [];
  const { tls, tlsVersion } = ENGINE_REQUIREMENTS[family];
  const to = resolveReference(set, cluster, CLUSTER_PARAMETER_GROUP, 'spec.forProvider.dbClusterParameterGroupName');
  if (!to || (typeof to.value === 'string' && to.value.startsWith('default.'))) {
    return [{ resource: cluster.ref, passed: false, field: to?.field ?? 'spec.forProvider.dbClusterParameterGroupName', value: to?.value,
      message: `the cluster uses the engine's default cluster parameter group, which does not set ${tls.set}: select a cluster parameter group that does (AuroraDatabase composes one)` }];
  }
  if (!to.found.length) {
    return to.withinComposition
      ? [{ resource: cluster.ref, passed: false, field: to.field, value: to.value, message: `the selector matches no cluster parameter group of this composition: compose one that sets ${tls.set} and select it` }]
      : [];
  }
  return to.found.map((group) => {
    const parameters: unknown = get(group.object, 'spec.forProvider.parameter');
    const list = Array.isArray(parameters) ? parameters as Array<{ name?: unknown; value?: unknown }> : [];
    const at = list.findIndex((p) => p?.name === tls.name);
    if (at < 0) {
      return { resource: group.ref, passed: false, field: 'spec.forProvider.parameter', value: parameters,
        message: `add parameter ${tls.set} (applyMethod pending-reboot): without it ${cluster.ref} accepts unencrypted connections` };
    }
    const value = String(list[at].value);
    if (!tls.values.includes(value)) {
      return { resource: group.ref, passed: false, field: `spec.forProvider.parameter[${at}].value`, value: list[at].value,
        message: `set ${tls.set}: with ${tls.name}=${value} ${cluster.ref} accepts unencrypted connections` };
    }
    const v = list.findIndex((p) => p?.name === tlsVersion.name);
    if (v >= 0) {
      const versions = String(list[v].value).split(',').map((s) => s.trim());
      if (!versions.every((s) => tlsVersion.allowed.includes(s))) {
        return { resource: group.ref, passed: false, field: `spec.forProvider.parameter[${v}].value`, value: list[v].value,
          message: `set ${tlsVersion.name} to admit only ${tlsVersion.allowed.join(' or ')}: older TLS versions have known weaknesses` };
      }
    }
    return { resource: group.ref, passed: true, field: `spec.forProvider.parameter[${at}].value`, value: list[at].value };
  });
}

export const RDS_RULES: readonly Rule[] = [
  {
    id: 'SB-RDS-1',
    title: 'Database storage is encrypted with a customer-managed KMS key',
    severity: 'high',
    rationale: 'Storage encryption covers the data, automated backups, snapshots and replicas. With a customer-managed key, access to all of them follows your key policy, and a snapshot shared or copied out cannot be restored without the key.',
    reads: [CLUSTER, INSTANCE],
    mappings: { cis: ['2.3.1'], nist80053: ['SC-12', 'SC-28'], pciDss: ['3.5.1'], soc2: ['CC6.1'], cdkNag: ['AwsSolutions-RDS2'], checkov: ['CKV_AWS_16', 'CKV_AWS_96', 'CKV_AWS_327'], awsConfig: 'RDS_CLUSTER_ENCRYPTED_AT_REST' },
    check: (set) => [...set.ofKind(CLUSTER), ...set.ofKind(INSTANCE)].map((c) => firstFailure([
      () => verdict(c, 'spec.forProvider.storageEncrypted', (v) => v === true, 'set storageEncrypted: true (encryption cannot be added to an existing database: restore a snapshot into an encrypted one)'),
      () => keyVerdict(c, 'spec.forProvider.kmsKeyId', "set kmsKeyId to the ARN of the EncryptionKey's customer-managed key, not the AWS-managed aws/rds key"),
    ])),
  },
  {
    id: 'SB-RDS-2',
    title: 'Database instances are not publicly accessible',
    severity: 'critical',
    rationale: 'A publicly accessible instance gets a public DNS name and IP; only its security group and password stand between it and the internet.',
    reads: [CLUSTER_INSTANCE, INSTANCE],
    mappings: { cis: ['2.3.3'], nist80053: ['AC-4', 'SC-7'], pciDss: ['1.4.4'], soc2: ['CC6.6'], checkov: ['CKV_AWS_17'], awsConfig: 'RDS_INSTANCE_PUBLIC_ACCESS_CHECK' },
    check: (set) => [...set.ofKind(CLUSTER_INSTANCE), ...set.ofKind(INSTANCE)].map((i) => verdict(i, 'spec.forProvider.publiclyAccessible', (v) => v === false,
      'set publiclyAccessible: false (explicitly: the default depends on the subnets)')),
  },
  {
    id: 'SB-RDS-3',
    title: 'Database clusters that outlive their claim have deletion protection',
    severity: 'high',
    rationale: 'A cluster whose management policies leave out Delete (prod: deletionProtection) is meant to survive its claim; RDS deletion protection also stops anyone deleting it in AWS, by console, CLI or another tool.',
    reads: [CLUSTER],
    mappings: { nist80053: ['CP-9', 'SI-12'], soc2: ['A1.2'], cdkNag: ['AwsSolutions-RDS10'], checkov: ['CKV_AWS_139'], awsConfig: 'RDS_CLUSTER_DELETION_PROTECTION_ENABLED' },
    check: (set) => set.ofKind(CLUSTER).filter(orphansOnDelete).map((c) => verdict(c, 'spec.forProvider.deletionProtection', (v) => v === true,
      'set deletionProtection: true (AuroraDatabase does whenever spec.deletionProtection is set, as prod requires)')),
  },
  {
    id: 'SB-RDS-4',
    title: 'Database clusters refuse connections without TLS (cluster parameter group)',
    severity: 'high',
    rationale: 'Aurora accepts unencrypted connections unless its cluster parameter group sets rds.force_ssl=1 (PostgreSQL) or require_secure_transport=ON (MySQL); credentials and data would cross the network in clear text. TLS versions, when bounded, must be 1.2 or later.',
    reads: [CLUSTER, CLUSTER_PARAMETER_GROUP],
    mappings: { nist80053: ['SC-8', 'SC-8(1)', 'SC-13'], pciDss: ['4.2.1'], soc2: ['CC6.7'] },
    check: (set) => set.ofKind(CLUSTER).flatMap((c) => tlsResults(set, c)),
  },
  {
    id: 'SB-RDS-5',
    title: 'Database clusters have IAM database authentication on',
    severity: 'medium',
    rationale: 'IAM authentication lets applications connect with short-lived tokens issued to their role instead of long-lived database passwords, and revoking access is an IAM change.',
    reads: [CLUSTER],
    mappings: { nist80053: ['AC-2(1)', 'IA-2', 'IA-5'], soc2: ['CC6.1'], cdkNag: ['AwsSolutions-RDS6'], checkov: ['CKV_AWS_128', 'CKV_AWS_162'], awsConfig: 'RDS_CLUSTER_IAM_AUTHENTICATION_ENABLED' },
    check: (set) => set.ofKind(CLUSTER).map((c) => verdict(c, 'spec.forProvider.iamDatabaseAuthenticationEnabled', (v) => v === true, 'set iamDatabaseAuthenticationEnabled: true')),
  },
  {
    id: 'SB-RDS-6',
    title: `Database clusters keep automated backups for at least ${MIN_BACKUP_RETENTION_DAYS} days`,
    severity: 'medium',
    rationale: 'Point-in-time recovery reaches back only as far as the backup retention; corruption or a malicious change found after a few days must still be recoverable.',
    reads: [CLUSTER],
    mappings: { nist80053: ['CP-9', 'CP-10'], soc2: ['A1.2'], checkov: ['CKV_AWS_133'], awsConfig: 'RDS_CLUSTER_BACKUP_RETENTION_CHECK' },
    check: (set) => set.ofKind(CLUSTER).map((c) => verdict(c, 'spec.forProvider.backupRetentionPeriod', (v) => typeof v === 'number' && v >= MIN_BACKUP_RETENTION_DAYS,
      `set backupRetentionPeriod to at least ${MIN_BACKUP_RETENTION_DAYS} days (AuroraDatabase spec.backupRetentionDays; ≥ 14 in prod)`)),
  },
  {
    id: 'SB-RDS-7',
    title: 'Performance Insights is on and encrypted with a customer-managed KMS key',
    severity: 'medium',
    rationale: 'Performance Insights stores query text, which can hold data. Encrypted with the database\'s customer-managed key it is governed by the same key policy; with the AWS-managed key it is not.',
    reads: [CLUSTER_INSTANCE],
    mappings: { nist80053: ['SC-12', 'SC-28', 'SI-4'], pciDss: ['3.5.1'], soc2: ['CC6.1'], checkov: ['CKV_AWS_353', 'CKV_AWS_354'] },
    check: (set) => set.ofKind(CLUSTER_INSTANCE).map((i) => firstFailure([
      () => verdict(i, 'spec.forProvider.performanceInsightsEnabled', (v) => v === true, 'set performanceInsightsEnabled: true'),
      () => keyVerdict(i, 'spec.forProvider.performanceInsightsKmsKeyId', "set performanceInsightsKmsKeyId to the ARN of the EncryptionKey's key (it cannot be changed once Performance Insights is on)"),
    ])),
  },
  {
    id: 'SB-RDS-8',
    title: 'Database instances have Enhanced Monitoring',
    severity: 'low',
    rationale: 'Enhanced Monitoring reports OS-level metrics (processes, memory, I/O) every few seconds, which CloudWatch metrics do not show, to detect and diagnose abnormal load.',
    reads: [CLUSTER_INSTANCE],
    mappings: { nist80053: ['CA-7', 'SI-4'], soc2: ['CC7.2'], checkov: ['CKV_AWS_118'], awsConfig: 'RDS_ENHANCED_MONITORING_ENABLED' },
    check: (set) => set.ofKind(CLUSTER_INSTANCE).map((i) => verdict(i, 'spec.forProvider.monitoringInterval', (v) => typeof v === 'number' && v > 0,
      'set monitoringInterval (1, 5, 10, 15, 30 or 60 seconds) and a monitoring role (monitoringRoleArnSelector)')),
  },
  {
    id: 'SB-RDS-9',
    title: 'Database clusters export their audit and error logs to CloudWatch Logs',
    severity: 'medium',
    rationale: 'Connection, authentication and DDL records are the database\'s audit trail; left on the instances they rotate away within days and are lost with the cluster. Exported, they are retained and encrypted by their log groups.',
    reads: [CLUSTER],
    mappings: { nist80053: ['AU-2', 'AU-12'], pciDss: ['10.2.1'], soc2: ['CC7.2'], checkov: ['CKV_AWS_324'] },
    check: (set) => set.ofKind(CLUSTER).flatMap((c) => {
      const family = engineFamily(c);
      if (!family) return [];
      const needed = ENGINE_REQUIREMENTS[family].logExports;
      return [verdict(c, 'spec.forProvider.enabledCloudwatchLogsExports', (v) => Array.isArray(v) && needed.every((l) => v.includes(l)),
        `set enabledCloudwatchLogsExports to include ${needed.join(', ')}`)];
    }),
  },
  {
    id: 'SB-RDS-10',
    title: 'The master password is managed by RDS in Secrets Manager, never in the spec',
    severity: 'high',
    rationale: 'A master password in a manifest or a Kubernetes Secret lives wherever those are copied and is never rotated. RDS-managed, it is generated, stored in Secrets Manager and rotated, and no person needs to know it.',
    reads: [CLUSTER],
    mappings: { nist80053: ['IA-5', 'IA-5(7)'], pciDss: ['8.6.2'], soc2: ['CC6.1'] },
    check: (set) => set.ofKind(CLUSTER).map((c) => firstFailure([
      () => verdict(c, 'spec.forProvider.masterPasswordSecretRef', (v) => v === undefined, 'remove masterPasswordSecretRef and set manageMasterUserPassword: true'),
      () => verdict(c, 'spec.forProvider.masterPasswordWoSecretRef', (v) => v === undefined, 'remove masterPasswordWoSecretRef and set manageMasterUserPassword: true'),
      () => verdict(c, 'spec.forProvider.manageMasterUserPassword', (v) => v === true, 'set manageMasterUserPassword: true'),
    ])),
  },
  {
    id: 'SB-RDS-11',
    title: 'The RDS-managed master secret is encrypted with a customer-managed KMS key',
    severity: 'medium',
    rationale: 'The master secret opens the whole database. Encrypted with the database\'s customer-managed key, reading it needs kms:Decrypt under that key\'s policy; with the default aws/secretsmanager key, any principal allowed secretsmanager:GetSecretValue can read it.',
    reads: [CLUSTER],
    mappings: { nist80053: ['IA-5(7)', 'SC-12', 'SC-28'], pciDss: ['8.3.2'], soc2: ['CC6.1'] },
    check: (set) => set.ofKind(CLUSTER).filter((c) => get(c.object, 'spec.forProvider.manageMasterUserPassword') === true).map((c) => keyVerdict(c, 'spec.forProvider.masterUserSecretKmsKeyId',
      "set masterUserSecretKmsKeyId to the ARN of the EncryptionKey's customer-managed key")),
  },
  {
    id: 'SB-RDS-12',
    title: 'Database clusters copy their tags to snapshots',
    severity: 'low',
    rationale: 'Snapshots hold the same data as the cluster; with its tags (Owner, DataClassification, Environment) they stay attributable, inventoried and covered by tag-based access and lifecycle policies.',
    reads: [CLUSTER],
    mappings: { nist80053: ['CM-8'], soc2: ['CC6.1'], checkov: ['CKV_AWS_313'] },
    check: (set) => set.ofKind(CLUSTER).map((c) => verdict(c, 'spec.forProvider.copyTagsToSnapshot', (v) => v === true, 'set copyTagsToSnapshot: true')),
  },
];
