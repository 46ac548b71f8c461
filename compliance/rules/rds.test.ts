import { describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../lib/composer';
import { LABEL_PREFIX } from '../../lib/platform';
import { evaluate } from '../engine';
import { composed, platformResources, weakened } from '../../test/support/platform-resources';
import { RDS_RULES } from './rds';

const CLUSTER = 'rds.aws.m.upbound.io/Cluster';
const CLUSTER_INSTANCE = 'rds.aws.m.upbound.io/ClusterInstance';
const CLUSTER_PARAMETER_GROUP = 'rds.aws.m.upbound.io/ClusterParameterGroup';

const label = (o: KubeObject, key: string) => o.metadata?.labels?.[`${LABEL_PREFIX}/${key}`];
/** The resource of component `c` composed by the same XR as `x`. */
const sameXr = (x: KubeObject, c: string) => (o: KubeObject) => o.metadata?.namespace === x.metadata?.namespace
  && label(o, 'kind') === label(x, 'kind') && label(o, 'name') === label(x, 'name') && label(o, 'component') === c;
const engine = (e: string) => (o: KubeObject) => o.spec?.forProvider?.engine === e;
const orphaning = (o: KubeObject) => Array.isArray(o.spec?.managementPolicies) && !o.spec.managementPolicies.includes('*');

const postgres = () => composed(CLUSTER, engine('aurora-postgresql'));
/** A PostgreSQL cluster and its cluster parameter group (rds.force_ssl is parameter[0]). */
const postgresWithGroup = (weaken?: (g: KubeObject) => KubeObject) => {
  const cluster = postgres();
  const group = composed(CLUSTER_PARAMETER_GROUP, sameXr(cluster, 'cluster-parameter-group'));
  return [cluster, weaken ? weaken(group) : group];
};

/** [rule id, passing fixture, failing fixture, field the failure names] */
const CASES = [
  ['SB-RDS-1', () => composed(CLUSTER), () => weakened(composed(CLUSTER), 'spec.forProvider.kmsKeyId', undefined), 'spec.forProvider.kmsKeyId'],
  ['SB-RDS-2', () => composed(CLUSTER_INSTANCE), () => weakened(composed(CLUSTER_INSTANCE), 'spec.forProvider.publiclyAccessible', true), 'spec.forProvider.publiclyAccessible'],
  ['SB-RDS-3', () => composed(CLUSTER, orphaning), () => weakened(composed(CLUSTER, orphaning), 'spec.forProvider.deletionProtection', false), 'spec.forProvider.deletionProtection'],
  ['SB-RDS-4', () => postgresWithGroup(), () => postgresWithGroup((g) => weakened(g, 'spec.forProvider.parameter[0].value', '0')), 'spec.forProvider.parameter[0].value'],
  ['SB-RDS-5', () => composed(CLUSTER), () => weakened(composed(CLUSTER), 'spec.forProvider.iamDatabaseAuthenticationEnabled', false), 'spec.forProvider.iamDatabaseAuthenticationEnabled'],
  ['SB-RDS-6', () => composed(CLUSTER), () => weakened(composed(CLUSTER), 'spec.forProvider.backupRetentionPeriod', 1), 'spec.forProvider.backupRetentionPeriod'],
  ['SB-RDS-7', () => composed(CLUSTER_INSTANCE), () => weakened(composed(CLUSTER_INSTANCE), 'spec.forProvider.performanceInsightsKmsKeyId', undefined), 'spec.forProvider.performanceInsightsKmsKeyId'],
  ['SB-RDS-8', () => composed(CLUSTER_INSTANCE), () => weakened(composed(CLUSTER_INSTANCE), 'spec.forProvider.monitoringInterval', 0), 'spec.forProvider.monitoringInterval'],
  ['SB-RDS-9', () => composed(CLUSTER), () => weakened(composed(CLUSTER), 'spec.forProvider.enabledCloudwatchLogsExports', []), 'spec.forProvider.enabledCloudwatchLogsExports'],
  ['SB-RDS-10', () => composed(CLUSTER), () => weakened(composed(CLUSTER), 'spec.forProvider.manageMasterUserPassword', false), 'spec.forProvider.manageMasterUserPassword'],
  ['SB-RDS-11', () => composed(CLUSTER), () => weakened(composed(CLUSTER), 'spec.forProvider.masterUserSecretKmsKeyId', undefined), 'spec.forProvider.masterUserSecretKmsKeyId'],
  ['SB-RDS-12', () => composed(CLUSTER), () => weakened(composed(CLUSTER), 'spec.forProvider.copyTagsToSnapshot', false), 'spec.forProvider.copyTagsToSnapshot'],
] as const;

const list = (x: KubeObject | readonly KubeObject[]) => (Array.isArray(x) ? [...x] : [x as KubeObject]);
const rule = (id: string) => RDS_RULES.filter((r) => r.id === id);
const failedFields = (objects: KubeObject[], id: string) => evaluate(objects, rule(id)).outcomes[0].results.filter((r) => !r.passed).map((r) => r.field);

describe('RDS rules', () => {
  it.each(CASES)('%s passes on what the platform composes and fails on the weakened fixture, naming the field', (id, pass, fail, field) => {
    expect(evaluate(list(pass()), rule(id)).outcomes[0].status).toBe('pass');
    const failed = evaluate(list(fail()), rule(id)).outcomes[0];
    expect(failed.status).toBe('fail');
    expect(failed.results.filter((r) => !r.passed).map((r) => r.field)).toEqual([field]);
  });
  it('every RDS rule has a case', () => expect(CASES.map((c) => c[0])).toEqual(RDS_RULES.map((r) => r.id)));

  it('passes on everything the platform composes', () => {
    const e = evaluate(platformResources(), RDS_RULES);
    expect(e.failedRuleIds).toEqual([]);
    expect(e.outcomes.map((o) => [o.rule.id, o.status])).toEqual(RDS_RULES.map((r) => [r.id, 'pass']));
  });

  it('SB-RDS-1 refuses the AWS-managed aws/rds key and unencrypted storage', () => {
    const awsManaged = weakened(composed(CLUSTER), 'spec.forProvider.kmsKeyId', 'alias/aws/rds');
    expect(failedFields([awsManaged], 'SB-RDS-1')).toEqual(['spec.forProvider.kmsKeyId']);
    expect(failedFields([weakened(composed(CLUSTER), 'spec.forProvider.storageEncrypted', false)], 'SB-RDS-1')).toEqual(['spec.forProvider.storageEncrypted']);
  });

  it('SB-RDS-3 judges only clusters whose management policies keep them when the claim goes', () => {
    const deletable = weakened(composed(CLUSTER, (o) => !orphaning(o)), 'spec.forProvider.deletionProtection', false);
    expect(evaluate([deletable], rule('SB-RDS-3')).outcomes[0].status).toBe('not-applicable');
  });

  it('SB-RDS-4 checks require_secure_transport for MySQL, and TLS versions when bounded', () => {
    const cluster = composed(CLUSTER, engine('aurora-mysql'));
    const group = composed(CLUSTER_PARAMETER_GROUP, sameXr(cluster, 'cluster-parameter-group'));
    expect(group.spec.forProvider.parameter[0].name).toBe('require_secure_transport');
    expect(group.spec.forProvider.parameter[1].name).toBe('tls_version');
    expect(failedFields([cluster, group], 'SB-RDS-4')).toEqual([]);
    expect(failedFields([cluster, weakened(group, 'spec.forProvider.parameter[0].value', 'OFF')], 'SB-RDS-4')).toEqual(['spec.forProvider.parameter[0].value']);
    expect(failedFields([cluster, weakened(group, 'spec.forProvider.parameter[1].value', 'TLSv1.1,TLSv1.2')], 'SB-RDS-4')).toEqual(['spec.forProvider.parameter[1].value']);
  });

  it('SB-RDS-4 fails a cluster on the default parameter group or whose selector finds nothing in its composition, and does not judge a group named elsewhere', () => {
    const noGroup = weakened(postgres(), 'spec.forProvider.dbClusterParameterGroupNameSelector', undefined);
    expect(failedFields([noGroup], 'SB-RDS-4')).toEqual(['spec.forProvider.dbClusterParameterGroupName']);
    expect(failedFields([weakened(noGroup, 'spec.forProvider.dbClusterParameterGroupName', 'default.aurora-postgresql16')], 'SB-RDS-4')).toEqual(['spec.forProvider.dbClusterParameterGroupName']);
    expect(failedFields([postgres()], 'SB-RDS-4')).toEqual(['spec.forProvider.dbClusterParameterGroupNameSelector']);
    const namedElsewhere = weakened(noGroup, 'spec.forProvider.dbClusterParameterGroupName', 'shared-postgres-tls');
    expect(evaluate([namedElsewhere], rule('SB-RDS-4')).outcomes[0].status).toBe('not-applicable');
  });

  it('SB-RDS-10 refuses a master password given in the spec', () => {
    const withPassword = weakened(composed(CLUSTER), 'spec.forProvider.masterPasswordSecretRef', { name: 'db', key: 'password' });
    expect(failedFields([withPassword], 'SB-RDS-10')).toEqual(['spec.forProvider.masterPasswordSecretRef']);
  });
});
