/**
 * Scenario 002 (aurora-postgres-platform): its document's concrete requirements, checked against what the
 * environment composes once every XR has reported its ARNs and ids. Row ids are the item numbers of the README
 * table. Items the platform cannot meet (README: "not met") have no row, except where the row pins the part that
 * is met.
 */
import { describe, expect, it } from '@jest/globals';
import { XpCompositeResourceDefinitionV2 } from '../../imports/crossplane-apiextensions-apiextensions.crossplane.io';
import { PLATFORM_APIS, secureEnvironmentApi } from '../../compositions';
import { API_GATEWAY_WELCOME_LOG_GROUP } from '../../compositions/compliance-monitoring/composer';
import { resourceNameOf, membersOf } from '../../compositions/secure-environment/composer';
import { environmentClaims } from '../../synth/claims';
import type { KubeObject } from '../../lib/composer';
import { xrdProps } from '../../synth/definitions';
import { parseSpec } from '../../lib/parameters';
import { expandXrs, previewClaim } from '../../synth/preview';
import { fakeAtProvider, readyManaged, reconciled, settledXrs } from '../../synth/steady-state';
import { KubeValidator } from '../../lib/validation';
import type { SecureEnvironmentParameters } from '../../compositions/secure-environment/parameters';
import { SCENARIO } from './environment';

const ENV = SCENARIO.name;
const ACCOUNT = SCENARIO.environment.accountId;
const REGION = 'us-east-1';

const claims = environmentClaims(SCENARIO.environment);
const xrs = expandXrs(claims);
/** What the provider reports for the cluster's security group and its RDS-managed master secret. */
const DB_SECURITY_GROUP_ID = 'sg-0d0d0d0d0d0d0d0d0';
const MASTER_SECRET_ARN = `arn:aws:secretsmanager:us-east-1:${SCENARIO.environment.accountId}:secret:rds!cluster-0a1b2c3d-4e5f-AbCdEf`;
/**
 * The AuroraDatabase as it reports once its cluster and security group exist. settledXrs derives each XR's status
 * from a composition with nothing observed yet, where the database has no security group id or master secret ARN
 * to report; the function needs both. They come from the database's own composer here, given what the provider
 * reports (the stand-in outputs of every composed resource, the group's id and the cluster's master secret).
 */
function withDatabaseReported(world: KubeObject[]): KubeObject[] {
  return world.map((x) => {
    if (x.kind !== 'AuroraDatabase') return x;
    const provided = (k: string, r: KubeObject) => ({
      ...fakeAtProvider(k, r),
      ...(k === 'security-group' ? { id: DB_SECURITY_GROUP_ID } : {}),
      ...(k === 'cluster' ? { masterUserSecret: [{ secretArn: MASTER_SECRET_ARN, secretStatus: 'active' }] } : {}),
    });
    const observed = Object.fromEntries(Object.entries(reconciled(x, world)).map(([k, r]) => [k, readyManaged(r, provided(k, r))]));
    return { ...x, status: { ...x.status, ...previewClaim(x, world, observed).status } };
  });
}
const settled = withDatabaseReported(settledXrs(xrs));
/** What each XR composes once everything it asked for exists. */
const composed = settled.map((xr) => ({ xr, resources: reconciled(xr, settled) }));

const xrOf = (kind: string, name: string) => {
  const x = settled.find((o) => o.kind === kind && o.metadata?.name === name);
  if (!x) throw new Error(`no ${kind} ${name}`);
  return x;
};
const of = (kind: string, name: string): Record<string, KubeObject> => {
  const c = composed.find((o) => o.xr.kind === kind && o.xr.metadata?.name === name);
  if (!c) throw new Error(`no ${kind} ${name}`);
  return c.resources;
};
/** Every managed resource (not nested XRs) of every XR. */
const managed = composed.flatMap((c) => Object.entries(c.resources)
  .filter(([, r]) => !r.apiVersion.startsWith('platform.secure-baseline.io/') && r.kind !== 'Usage')
  .map(([component, r]) => ({ owner: `${c.xr.kind}/${c.xr.metadata?.name}`, component, r })));
const fp = (r: KubeObject | undefined): Record<string, any> => {
  if (!r) throw new Error('resource not composed');
  return r.spec.forProvider;
};
const ofKind = (kind: string) => managed.filter((m) => m.r.kind === kind);
interface Statement { Sid?: string; Effect: string; Action?: string | string[]; NotAction?: string[]; Resource?: string | string[]; Principal?: any; Condition?: Record<string, Record<string, unknown>> }
const statements = (policy: string): Statement[] => [JSON.parse(policy).Statement].flat();
const bySid = (policy: string, sid: string) => {
  const s = statements(policy).find((x) => x.Sid === sid);
  if (!s) throw new Error(`no statement ${sid}`);
  return s;
};
const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : [v].flat() as T[]);
/** The conditions an XR reports, composed as the function does in the cluster (its requirements from the world). */
const conditionsOf = (x: KubeObject) => {
  const api = PLATFORM_APIS.find((a) => a.kind === x.kind)!;
  const { required } = previewClaim(x, settled);
  const xr = { apiVersion: x.apiVersion, kind: x.kind, metadata: { name: x.metadata!.name!, namespace: x.metadata!.namespace! }, spec: parseSpec(api, x.spec) };
  return api.compose({ xr: xr as never, observed: {}, required }).conditions ?? [];
};

const key = of('EncryptionKey', 'tap');
const keyArn: string = xrOf('EncryptionKey', 'tap').status!.keyArn;
const keyPolicy = fp(key.key).policy as string;
const network = of('Network', ENV);
const data = of('SecureBucket', 'data');
const db = of('AuroraDatabase', 'tap');
const fn = of('SecureFunction', 'data-processor');
const compliance = of('ComplianceMonitoring', 'compliance');
const audit = of('SecureBucket', 'compliance-audit-logs');
const guardrails = of('AccessGuardrails', 'guardrails');
const functionRolePolicy = fp(fn['role-policy']).policy as string;
const topicArn = `arn:aws:sns:${REGION}:${ACCOUNT}:${ENV}-compliance-security-alerts`;
const buckets = ofKind('Bucket');
/** A part of a bucket (encryption, versioning), by the bucket's AWS name: components are `<bucket component>-<part>`. */
const bucketPart = (bucketName: string, part: 'encryption' | 'versioning') => {
  const b = buckets.find((x) => x.r.metadata?.annotations?.['crossplane.io/external-name'] === bucketName);
  if (!b) throw new Error(`no bucket ${bucketName}`);
  return composed.find((c) => `${c.xr.kind}/${c.xr.metadata?.name}` === b.owner)!.resources[`${b.component}-${part}`];
};
const sseOf = (bucketName: string) => fp(bucketPart(bucketName, 'encryption')).rule[0].applyServerSideEncryptionByDefault;
const versioningOf = (bucketName: string) => fp(bucketPart(bucketName, 'versioning')).versioningConfiguration.status;

const DATA_BUCKET = `data-${ENV}-${ACCOUNT}`;
const FLOW_LOG_BUCKET = `flow-logs-${ENV}-${ACCOUNT}`;
const AUDIT_BUCKET = `audit-${ENV}-${ACCOUNT}`;

const REQUIREMENTS: Array<[string, string, () => void]> = [
  ['1', 'everything is in us-east-1', () => {
    expect(new Set(xrs.map((x) => x.spec.region))).toEqual(new Set([REGION]));
    const regional = managed.filter((m) => fp(m.r).region !== undefined);
    expect(regional.length).toBeGreaterThan(100);
    expect(regional.filter((m) => fp(m.r).region !== REGION)).toEqual([]);
  }],
  ['2', 'AWS names carry the environment name', () => {
    expect(db.cluster.metadata?.annotations?.['crossplane.io/external-name']).toBe(`${ENV}-tap`);
    expect(fn.function.metadata?.annotations?.['crossplane.io/external-name']).toBe(`${ENV}-data-processor`);
    expect(xrOf('EncryptionKey', 'tap').status?.aliasName).toBe(`alias/${ENV}/tap`);
    expect(buckets.map((b) => b.r.metadata?.annotations?.['crossplane.io/external-name']).sort()).toEqual(
      [AUDIT_BUCKET, `${AUDIT_BUCKET}-logs`, DATA_BUCKET, `${DATA_BUCKET}-logs`, FLOW_LOG_BUCKET].sort());
    expect(compliance.trail.metadata?.annotations?.['crossplane.io/external-name']).toBe(`${ENV}-compliance`);
  }],
  ['3a', 'every tagged resource carries the environment; the network\'s resources a Name tag containing it', () => {
    const tagged = managed.filter((m) => fp(m.r).tags);
    expect(tagged.length).toBeGreaterThan(50);
    expect(tagged.filter((m) => fp(m.r).tags.Environment !== ENV || fp(m.r).tags.EnvironmentSuffix !== ENV)).toEqual([]);
    const networkTagged = tagged.filter((m) => m.owner === `Network/${ENV}`);
    expect(networkTagged.length).toBeGreaterThan(10);
    expect(networkTagged.filter((m) => !String(fp(m.r).tags.Name).includes(ENV))).toEqual([]);
  }],
  ['4', 'everything is destroyable: every managed resource may be deleted, nothing is deletion-protected', () => {
    expect(claims[0].spec.deletionProtection).toBe(false);
    expect(xrs.filter((x) => x.spec.deletionProtection === true)).toEqual([]);
    expect(managed.filter((m) => JSON.stringify(m.r.spec.managementPolicies) !== '["*"]').map((m) => `${m.owner} ${m.component}`)).toEqual([]);
    expect(ofKind('Group').filter((m) => fp(m.r).deletionProtectionEnabled === true)).toEqual([]);
  }],
  ['6', 'VPC with DNS support and hostnames, across 2 AZs', () => {
    expect(fp(network.vpc)).toMatchObject({ cidrBlock: '10.0.0.0/16', enableDnsSupport: true, enableDnsHostnames: true });
    expect(xrOf('Network', ENV).status?.availabilityZones).toEqual(['us-east-1a', 'us-east-1b']);
  }],
  ['7', 'private subnets in both AZs; no public subnet, internet gateway or NAT', () => {
    const subnets = Object.entries(network).filter(([, r]) => r.kind === 'Subnet').map(([k, r]) => [k, fp(r).availabilityZone]);
    expect(subnets.sort()).toEqual([
      ['subnet-database-a', 'us-east-1a'], ['subnet-database-b', 'us-east-1b'], ['subnet-private-a', 'us-east-1a'], ['subnet-private-b', 'us-east-1b'],
    ]);
    expect(Object.values(network).filter((r) => ['InternetGateway', 'NATGateway', 'Route'].includes(r.kind))).toEqual([]);
  }],
  ['8', 'a DB subnet group on the network\'s database subnets', () => {
    expect(fp(db['subnet-group']).subnetIdSelector.matchLabels).toEqual({
      'platform.secure-baseline.io/network': ENV, 'platform.secure-baseline.io/subnet-tier': 'database',
    });
    expect(fp(db.cluster).dbSubnetGroupNameSelector.matchLabels['platform.secure-baseline.io/component']).toBe('subnet-group');
  }],
  ['9', 'flow logs of all traffic to their own SSE-KMS, versioned bucket; log delivery may use the key', () => {
    expect(fp(network['flow-log-s3'])).toMatchObject({ trafficType: 'ALL', logDestinationType: 's3', logDestination: `arn:aws:s3:::${FLOW_LOG_BUCKET}` });
    expect(sseOf(FLOW_LOG_BUCKET)).toMatchObject({ sseAlgorithm: 'aws:kms', kmsMasterKeyId: keyArn });
    expect(versioningOf(FLOW_LOG_BUCKET)).toBe('Enabled');
    expect(bySid(keyPolicy, 'AllowLogDeliveryToEncryptedBuckets').Principal).toEqual({ Service: 'delivery.logs.amazonaws.com' });
    const delivery = statements(fp(network['flow-log-bucket-policy']).policy).filter((s) => s.Effect === 'Allow' && JSON.stringify(s.Principal).includes('delivery.logs.amazonaws.com'));
    expect(delivery.length).toBeGreaterThan(0);
  }],
  ['10a', 'minimal security groups: the function\'s group has egress only (HTTPS, and 5432 to the cluster\'s group); the database\'s own rules admit nothing', () => {
    const ownGroup = { matchControllerRef: true, matchLabels: { 'platform.secure-baseline.io/component': 'security-group' } };
    const onOwnGroup = Object.entries(fn).filter(([, r]) => r.kind.startsWith('SecurityGroup') && r.kind.endsWith('Rule') && JSON.stringify(fp(r).securityGroupIdSelector) === JSON.stringify(ownGroup));
    expect(onOwnGroup.map(([k, r]) => `${r.kind} ${k}`).sort()).toEqual(['SecurityGroupEgressRule egress-database-tap', 'SecurityGroupEgressRule egress-https']);
    expect(fp(fn['egress-https'])).toMatchObject({ ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIpv4: '0.0.0.0/0' });
    expect(fp(fn['egress-database-tap'])).toMatchObject({ ipProtocol: 'tcp', fromPort: 5432, toPort: 5432, referencedSecurityGroupId: DB_SECURITY_GROUP_ID });
    expect(fp(fn['egress-database-tap']).cidrIpv4).toBeUndefined();
    // The database composes no ingress itself (allowedSecurityGroupIds is empty); its only egress is to its own group.
    expect(Object.values(db).filter((r) => r.kind.startsWith('SecurityGroup') && r.kind.endsWith('Rule')).map((r) => r.kind)).toEqual(['SecurityGroupEgressRule']);
    expect(fp(db['egress-self'])).toMatchObject({ fromPort: 5432, toPort: 5432 });
  }],
  ['10b', 'the cluster\'s security group admits 5432 from the function\'s security group only', () => {
    expect(xrOf('AuroraDatabase', 'tap').status).toMatchObject({ securityGroupId: DB_SECURITY_GROUP_ID, port: 5432 });
    expect(fn['ingress-database-tap'].kind).toBe('SecurityGroupIngressRule');
    expect(fp(fn['ingress-database-tap'])).toMatchObject({
      region: REGION, securityGroupId: DB_SECURITY_GROUP_ID, ipProtocol: 'tcp', fromPort: 5432, toPort: 5432,
      referencedSecurityGroupIdSelector: { matchControllerRef: true, matchLabels: { 'platform.secure-baseline.io/component': 'security-group' } },
    });
    // The one ingress rule on the cluster's group anywhere in the environment, and no ingress from an address range.
    const ingress = ofKind('SecurityGroupIngressRule');
    expect(ingress.filter((m) => fp(m.r).securityGroupId === DB_SECURITY_GROUP_ID).map((m) => `${m.owner} ${m.component}`)).toEqual(['SecureFunction/data-processor ingress-database-tap']);
    expect(ingress.filter((m) => fp(m.r).cidrIpv4 || fp(m.r).cidrIpv6)).toEqual(ingress.filter((m) => m.owner.startsWith('Network/')));
    // The function reports the connection; and keeps the database from being deleted while it connects.
    const conditions = conditionsOf(xrOf('SecureFunction', 'data-processor'));
    expect(conditions.find((c) => c.type === 'DatabasesConnected')).toMatchObject({ status: 'True', message: expect.stringContaining('tap (port 5432)') });
    expect(fn['database-usage-tap'].spec).toMatchObject({ of: { kind: 'AuroraDatabase', resourceRef: { name: 'tap' } }, by: { kind: 'SecureFunction', resourceRef: { name: 'data-processor' } } });
  }],
  ['11', 'without NAT: an S3 gateway endpoint and KMS and Secrets Manager interface endpoints', () => {
    expect(fp(network['vpc-endpoint-s3'])).toMatchObject({ serviceName: `com.amazonaws.${REGION}.s3`, vpcEndpointType: 'Gateway' });
    for (const s of ['kms', 'secretsmanager']) {
      expect(fp(network[`vpc-endpoint-${s}`])).toMatchObject({ serviceName: `com.amazonaws.${REGION}.${s}`, vpcEndpointType: 'Interface', privateDnsEnabled: true });
    }
  }],
  ['12', 'one customer-managed key with automatic rotation', () => {
    expect(settled.filter((x) => x.kind === 'EncryptionKey').map((x) => x.metadata?.name)).toEqual(['tap']);
    expect(fp(key.key)).toMatchObject({ enableKeyRotation: true, keyUsage: 'ENCRYPT_DECRYPT', customerMasterKeySpec: 'SYMMETRIC_DEFAULT' });
  }],
  ['13', 'the key policy lets CloudWatch Logs of us-east-1 use it for this account\'s log groups', () => {
    const s = bySid(keyPolicy, 'AllowCloudWatchLogsForThisAccountsLogGroups');
    expect(s.Principal).toEqual({ Service: `logs.${REGION}.amazonaws.com` });
    expect(s.Condition).toEqual({ ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:*` } });
  }],
  ['14', 'the key encrypts buckets, log groups, Aurora storage, Performance Insights, the master secret and the alarm topic', () => {
    expect(sseOf(DATA_BUCKET).kmsMasterKeyId).toBe(keyArn);
    expect(ofKind('Group').filter((m) => fp(m.r).kmsKeyId !== keyArn)).toEqual([]);
    expect(fp(db.cluster).kmsKeyId).toBe(keyArn);
    expect(fp(db.cluster).masterUserSecretKmsKeyId).toBe(keyArn);
    expect(fp(db['instance-1']).performanceInsightsKmsKeyId).toBe(keyArn);
    expect(fp(compliance['alarm-topic']).kmsMasterKeyId).toBe(keyArn);
  }],
  ['15', 'data bucket: SSE-KMS with the CMK (bucket key), versioning on', () => {
    expect(sseOf(DATA_BUCKET)).toMatchObject({ sseAlgorithm: 'aws:kms', kmsMasterKeyId: keyArn });
    expect(fp(data['bucket-encryption']).rule[0].bucketKeyEnabled).toBe(true);
    expect(versioningOf(DATA_BUCKET)).toBe('Enabled');
  }],
  ['16', 'access-log bucket receives the data bucket\'s server access logs and is versioned', () => {
    expect(fp(data['bucket-logging'])).toMatchObject({ targetPrefix: 's3-access-logs/', targetBucketSelector: { matchLabels: { 'platform.secure-baseline.io/component': 'log-bucket' } } });
    expect(data['log-bucket'].metadata?.annotations?.['crossplane.io/external-name']).toBe(`${DATA_BUCKET}-logs`);
    expect(versioningOf(`${DATA_BUCKET}-logs`)).toBe('Enabled');
  }],
  ['17', 'bucket policy: no upload without SSE-KMS or with another key, no request without TLS', () => {
    const policy = fp(data['bucket-policy']).policy as string;
    expect(bySid(policy, 'DenyEncryptionOtherThanSseKms')).toMatchObject({ Effect: 'Deny', Action: 's3:PutObject', Condition: { StringNotEqualsIfExists: { 's3:x-amz-server-side-encryption': 'aws:kms' } } });
    expect(bySid(policy, 'DenyKmsKeysOtherThanTheBucketKey')).toMatchObject({ Effect: 'Deny', Condition: { StringNotEqualsIfExists: { 's3:x-amz-server-side-encryption-aws-kms-key-id': keyArn } } });
    expect(bySid(policy, 'DenyInsecureTransport')).toMatchObject({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
  }],
  ['20', 'every bucket is versioned; every bucket but the server-access-log targets is SSE-KMS with the CMK', () => {
    const names = buckets.map((b) => b.r.metadata!.annotations!['crossplane.io/external-name'] as string);
    expect(names.filter((n) => versioningOf(n) !== 'Enabled')).toEqual([]);
    const kms = names.filter((n) => !n.endsWith('-logs'));
    expect(kms.filter((n) => sseOf(n).sseAlgorithm !== 'aws:kms')).toEqual([]);
    // The access-log targets are SSE-S3 (README items 20-21: not met for them).
    expect(names.filter((n) => n.endsWith('-logs')).map((n) => sseOf(n).sseAlgorithm)).toEqual(['AES256', 'AES256']);
  }],
  ['22', 'Aurora PostgreSQL 16.9, a writer and a reader in two AZs', () => {
    expect(fp(db.cluster)).toMatchObject({ engine: 'aurora-postgresql', engineVersion: '16.9', engineMode: 'provisioned' });
    expect([fp(db['instance-1']).availabilityZone, fp(db['instance-2']).availabilityZone]).toEqual(['us-east-1a', 'us-east-1b']);
    expect(db['instance-3']).toBeUndefined();
  }],
  ['23', 'custom cluster and DB parameter groups, family aurora-postgresql16', () => {
    expect(fp(db['cluster-parameter-group']).family).toBe('aurora-postgresql16');
    expect(fp(db['db-parameter-group']).family).toBe('aurora-postgresql16');
    expect(fp(db.cluster).dbClusterParameterGroupNameSelector.matchLabels['platform.secure-baseline.io/component']).toBe('cluster-parameter-group');
    for (const i of ['instance-1', 'instance-2']) expect(fp(db[i]).dbParameterGroupNameSelector.matchLabels['platform.secure-baseline.io/component']).toBe('db-parameter-group');
  }],
  ['24', 'TLS enforced: rds.force_ssl=1 in the cluster parameter group', () => {
    expect(fp(db['cluster-parameter-group']).parameter).toContainEqual({ name: 'rds.force_ssl', value: '1', applyMethod: 'pending-reboot' });
  }],
  ['25', 'Enhanced Monitoring every 60 s through a role only RDS monitoring assumes, with the AWS managed policy', () => {
    for (const i of ['instance-1', 'instance-2']) expect(fp(db[i]).monitoringInterval).toBe(60);
    const trust = statements(fp(db['monitoring-role']).assumeRolePolicy);
    expect(trust.map((s) => s.Principal)).toEqual([{ Service: 'monitoring.rds.amazonaws.com' }]);
    expect(fp(db['monitoring-role-policy']).policyArn).toBe('arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole');
  }],
  ['26', 'Performance Insights on, 7 days, encrypted with the CMK', () => {
    for (const i of ['instance-1', 'instance-2']) {
      expect(fp(db[i])).toMatchObject({ performanceInsightsEnabled: true, performanceInsightsRetentionPeriod: 7, performanceInsightsKmsKeyId: keyArn });
    }
  }],
  ['27', 'the postgresql log is exported to CloudWatch Logs', () => {
    expect(fp(db.cluster).enabledCloudwatchLogsExports).toEqual(['postgresql']);
    expect(db['log-group-postgresql'].metadata?.annotations?.['crossplane.io/external-name']).toBe(`/aws/rds/cluster/${ENV}-tap/postgresql`);
  }],
  ['28', 'automated backups kept 7 days', () => {
    expect(fp(db.cluster).backupRetentionPeriod).toBe(7);
  }],
  ['29', 'storage encrypted with the CMK', () => {
    expect(fp(db.cluster)).toMatchObject({ storageEncrypted: true, kmsKeyId: keyArn });
  }],
  ['30a', 'master password generated by RDS and kept in Secrets Manager (CMK), never in the claim', () => {
    expect(fp(db.cluster)).toMatchObject({ manageMasterUserPassword: true, masterUsername: 'tap_owner' });
    expect(fp(db.cluster).masterPasswordSecretRef).toBeUndefined();
    expect(JSON.stringify(claims)).not.toMatch(/password/i);
  }],
  ['31', 'in the database subnets, never publicly accessible', () => {
    for (const i of ['instance-1', 'instance-2']) expect(fp(db[i]).publiclyAccessible).toBe(false);
  }],
  ['32', 'no deletion protection, no final snapshot', () => {
    expect(fp(db.cluster)).toMatchObject({ deletionProtection: false, skipFinalSnapshot: true });
    expect(fp(db.cluster).finalSnapshotIdentifier).toBeUndefined();
  }],
  ['33', 'instance class db.r6g.large (chosen; the document names none)', () => {
    for (const i of ['instance-1', 'instance-2']) expect(fp(db[i]).instanceClass).toBe('db.r6g.large');
  }],
  ['34', 'the data processor runs python3.12 (nearest allowed to python3.11) in the private subnets', () => {
    expect(fp(fn.function)).toMatchObject({ runtime: 'python3.12', handler: 'data_processor.handler', packageType: 'Zip', memorySize: 256, timeout: 30, reservedConcurrentExecutions: 5 });
    // dev: no dead-letter subscriber (the document names none), so the topic has no subscription.
    expect(Object.values(fn).filter((r) => r.kind === 'TopicSubscription')).toEqual([]);
    expect(fp(fn.function).vpcConfig.subnetIdSelector.matchLabels).toEqual({
      'platform.secure-baseline.io/network': ENV, 'platform.secure-baseline.io/subnet-tier': 'private',
    });
  }],
  ['35', 'the function\'s security group has egress rules only (its one ingress rule is on the cluster\'s group)', () => {
    const ingress = Object.values(fn).filter((r) => r.kind === 'SecurityGroupIngressRule');
    expect(ingress.map((r) => [fp(r).securityGroupId, fp(r).securityGroupIdSelector])).toEqual([[DB_SECURITY_GROUP_ID, undefined]]);
    expect(Object.values(fn).filter((r) => r.kind === 'SecurityGroupEgressRule')).toHaveLength(2);
  }],
  ['36', 'environment variables carry the data bucket name and the key, encrypted with the CMK', () => {
    expect(fp(fn.function).environment.variables).toEqual({ DATA_BUCKET_NAME: DATA_BUCKET, KMS_KEY_ID: `alias/${ENV}/tap` });
    expect(fp(fn.function).kmsKeyArn).toBe(keyArn);
  }],
  ['37', 'least-privilege execution role: object read/write on the data bucket, the key through S3, ENIs in its VPC, its own logs', () => {
    // Every KMS statement, exactly: through S3, Secrets Manager or SNS, except Decrypt with the key itself, which
    // the function needs for its environment variables and which decryptWith asks for (README row 37).
    const via = (service: string) => ({ StringEquals: { 'kms:ViaService': `${service}.${REGION}.amazonaws.com` } });
    expect(statements(functionRolePolicy).filter((s) => list(s.Action).some((a) => a.startsWith('kms:')))).toEqual([
      { Sid: 'DecryptWithFunctionKey', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: [keyArn] },
      { Sid: 'EncryptDeadLetterMessages', Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: [keyArn], Condition: via('sns') },
      { Sid: 'DecryptBucketObjects', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: [keyArn], Condition: via('s3') },
      { Sid: 'EncryptBucketObjects', Effect: 'Allow', Action: ['kms:GenerateDataKey'], Resource: [keyArn], Condition: via('s3') },
      { Sid: 'DecryptWithDeclaredKeys', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: [keyArn] },
      { Sid: 'DecryptDatabaseSecrets', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: [keyArn], Condition: via('secretsmanager') },
    ]);
    expect(bySid(functionRolePolicy, 'ReadBucketObjects').Resource).toEqual([`arn:aws:s3:::${DATA_BUCKET}/*`]);
    expect(bySid(functionRolePolicy, 'WriteBucketObjects')).toMatchObject({ Action: ['s3:PutObject', 's3:AbortMultipartUpload'], Resource: [`arn:aws:s3:::${DATA_BUCKET}/*`] });
    expect(bySid(functionRolePolicy, 'EncryptBucketObjects')).toMatchObject({ Action: ['kms:GenerateDataKey'], Resource: [keyArn] });
    expect(bySid(functionRolePolicy, 'DecryptBucketObjects')).toMatchObject({ Action: ['kms:Decrypt'], Resource: [keyArn] });
    expect(bySid(functionRolePolicy, 'CreateNetworkInterfacesInOwnVpc').Condition).toEqual({ ArnEquals: { 'ec2:Vpc': expect.stringMatching(new RegExp(`^arn:aws:ec2:${REGION}:${ACCOUNT}:vpc/vpc-`)) } });
    expect(bySid(functionRolePolicy, 'WriteOwnLogStreams').Resource).toEqual([`arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/${ENV}-data-processor:*`]);
    // No delete, no wildcard action.
    const actions = statements(functionRolePolicy).flatMap((s) => list(s.Action));
    expect(actions.filter((a) => a.includes('*') || /Delete(Object|Bucket)/.test(a))).toEqual([]);
  }],
  ['38', 'the function\'s role carries the region restriction (aws:RequestedRegion = us-east-1)', () => {
    const attached = Object.values(guardrails).filter((r) => r.kind === 'RolePolicyAttachment' && fp(r).role === `${ENV}-data-processor`);
    expect(attached.map((r) => fp(r).policyArnSelector.matchLabels['platform.secure-baseline.io/component']).sort()).toEqual(['deny-policy', 'region-restriction-policy']);
  }],
  ['39', 'the function reads the database\'s master secret: GetSecretValue on its ARN, the key through Secrets Manager only', () => {
    expect(xrOf('AuroraDatabase', 'tap').status?.masterUserSecretArn).toBe(MASTER_SECRET_ARN);
    expect(bySid(functionRolePolicy, 'ReadDatabaseSecrets')).toEqual({ Sid: 'ReadDatabaseSecrets', Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: [MASTER_SECRET_ARN] });
    expect(bySid(functionRolePolicy, 'DecryptDatabaseSecrets')).toEqual({
      Sid: 'DecryptDatabaseSecrets', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: [keyArn], Condition: { StringEquals: { 'kms:ViaService': `secretsmanager.${REGION}.amazonaws.com` } },
    });
    // No other secret, and no IAM database authentication (the cluster resource id is not reported): see README.
    const actions = statements(functionRolePolicy).filter((s) => s.Effect === 'Allow').flatMap((s) => list(s.Action));
    expect(actions.filter((a) => a.startsWith('secretsmanager:'))).toEqual(['secretsmanager:GetSecretValue']);
    expect(actions.filter((a) => a.startsWith('rds-db:'))).toEqual([]);
    expect(conditionsOf(xrOf('SecureFunction', 'data-processor')).find((c) => c.type === 'PermissionsResolved')).toMatchObject({ status: 'True' });
  }],
  ['41', 'every log group is encrypted with the CMK and kept 90 days', () => {
    const groups = ofKind('Group');
    expect(groups.map((g) => g.r.metadata?.annotations?.['crossplane.io/external-name']).sort()).toEqual([
      `/aws/lambda/${ENV}-data-processor`, `/aws/rds/cluster/${ENV}-tap/postgresql`, `/secure-baseline/${ENV}/compliance/cloudtrail`, API_GATEWAY_WELCOME_LOG_GROUP,
    ].sort());
    expect(groups.map((g) => fp(g.r).retentionInDays)).toEqual(groups.map(() => 90));
    expect(groups.filter((g) => fp(g.r).kmsKeyId !== keyArn)).toEqual([]);
  }],
  ['42', 'metric filters on the trail\'s log group: unauthorized API calls, root account usage, security-group changes', () => {
    for (const [control, event] of [['4-1', 'UnauthorizedOperation'], ['4-3', '"Root"'], ['4-10', 'AuthorizeSecurityGroupIngress']]) {
      const f = fp(compliance[`cis-${control}-filter`]);
      expect(f.pattern).toContain(event);
      expect(f.logGroupNameSelector.matchLabels['platform.secure-baseline.io/component']).toBe('trail-log-group');
    }
  }],
  ['43', 'one alarm per metric filter (>= 1 in 5 minutes), each notifying the SNS topic', () => {
    const filters = Object.keys(compliance).filter((k) => /^cis-.*-filter$/.test(k));
    const alarms = Object.keys(compliance).filter((k) => /^cis-.*-alarm$/.test(k));
    expect(alarms.map((a) => a.replace(/-alarm$/, '')).sort()).toEqual(filters.map((f) => f.replace(/-filter$/, '')).sort());
    for (const control of ['4-1', '4-3', '4-10']) {
      expect(fp(compliance[`cis-${control}-alarm`])).toMatchObject({ threshold: 1, period: 300, comparisonOperator: 'GreaterThanOrEqualToThreshold', alarmActions: [topicArn] });
    }
  }],
  ['44', 'an SNS topic for alarms, encrypted with the CMK; CloudWatch and EventBridge may use the key', () => {
    expect(compliance['alarm-topic'].metadata?.annotations?.['crossplane.io/external-name']).toBe(`${ENV}-compliance-security-alerts`);
    expect(fp(compliance['alarm-topic']).kmsMasterKeyId).toBe(keyArn);
    expect(bySid(keyPolicy, 'AllowAlarmAndEventPublishersToEncryptedTopics').Principal).toEqual({ Service: ['cloudwatch.amazonaws.com', 'events.amazonaws.com'] });
    expect(Object.values(compliance).filter((r) => r.kind === 'TopicSubscription').map((r) => fp(r).protocol)).toEqual(['email']);
  }],
  ['45', 'a multi-region trail feeding the encrypted log group through its own role', () => {
    expect(fp(compliance.trail)).toMatchObject({
      isMultiRegionTrail: true, includeGlobalServiceEvents: true, enableLogFileValidation: true,
      cloudWatchLogsGroupArn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/secure-baseline/${ENV}/compliance/cloudtrail:*`,
      kmsKeyId: keyArn,
    });
    expect(statements(fp(compliance['trail-role']).assumeRolePolicy).map((s) => s.Principal)).toEqual([{ Service: 'cloudtrail.amazonaws.com' }]);
  }],
  ['46', 'AWS Config: recorder of all resources, delivery channel to an S3 bucket, AWS_ConfigRole role, recorder on', () => {
    expect(fp(compliance['config-recorder']).recordingGroup).toMatchObject({ allSupported: true, includeGlobalResourceTypes: true });
    expect(fp(compliance['config-delivery-channel'])).toMatchObject({ s3KmsKeyArn: keyArn, snsTopicArn: topicArn });
    expect(fp(compliance['config-delivery-channel']).s3BucketNameSelector.matchLabels['platform.secure-baseline.io/name']).toBe('compliance-audit-logs');
    expect(audit.bucket.metadata?.annotations?.['crossplane.io/external-name']).toBe(AUDIT_BUCKET);
    expect(fp(compliance['config-role-managed-policy']).policyArn).toBe('arn:aws:iam::aws:policy/service-role/AWS_ConfigRole');
    expect(statements(fp(compliance['config-role']).assumeRolePolicy).map((s) => s.Principal)).toEqual([{ Service: 'config.amazonaws.com' }]);
    expect(fp(compliance['config-recorder-status']).isEnabled).toBe(true);
  }],
  ['47', 'AWS Config managed rules validating encryption', () => {
    const identifiers = Object.values(compliance).filter((r) => r.kind === 'ConfigRule').map((r) => fp(r).source.sourceIdentifier);
    expect(identifiers).toEqual(expect.arrayContaining([
      'S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED', 'S3_DEFAULT_ENCRYPTION_KMS', 'RDS_STORAGE_ENCRYPTED', 'CLOUDWATCH_LOG_GROUP_ENCRYPTED',
      'CMK_BACKING_KEY_ROTATION_ENABLED', 'SNS_ENCRYPTED_KMS', 'SECRETSMANAGER_USING_CMK', 'CLOUD_TRAIL_ENCRYPTION_ENABLED',
    ]));
  }],
  ['48', 'EventBridge rules send GuardDuty and Security Hub findings to the topic, whose policy admits EventBridge', () => {
    for (const [id, source] of [['guardduty-findings', 'aws.guardduty'], ['securityhub-findings', 'aws.securityhub']]) {
      expect(JSON.parse(fp(compliance[`event-rule-${id}`]).eventPattern).source).toEqual([source]);
      expect(fp(compliance[`event-rule-${id}`]).state).toBe('ENABLED');
      expect(fp(compliance[`event-target-${id}`]).arn).toBe(topicArn);
    }
    // Every GuardDuty finding (severity >= 1, the lowest band).
    expect(JSON.parse(fp(compliance['event-rule-guardduty-findings']).eventPattern).detail).toEqual({ severity: [{ numeric: ['>=', 1] }] });
    const principals = statements(fp(compliance['alarm-topic-policy']).policy).filter((s) => s.Effect === 'Allow').map((s) => JSON.stringify(s.Principal));
    expect(principals.some((p) => p.includes('events.amazonaws.com'))).toBe(true);
    expect(principals.some((p) => p.includes('cloudwatch.amazonaws.com'))).toBe(true);
  }],
  ['50', 'roles: Lambda execution, RDS enhanced monitoring, AWS Config, CloudTrail to CloudWatch Logs (none needed for flow logs to S3), one-hour sessions', () => {
    const trusted = ofKind('Role').map((m) => statements(fp(m.r).assumeRolePolicy).flatMap((s) => list(s.Principal?.Service)).join(','));
    expect(trusted).toEqual(expect.arrayContaining(['cloudtrail.amazonaws.com', 'config.amazonaws.com', 'lambda.amazonaws.com', 'monitoring.rds.amazonaws.com']));
    expect(trusted.filter((t) => t.includes('vpc-flow-logs'))).toEqual([]);
    expect(ofKind('Role').filter((m) => fp(m.r).maxSessionDuration !== 3600)).toEqual([]);
  }],
  ['51', 'region restriction: deny outside us-east-1, global services excepted', () => {
    const s = bySid(fp(guardrails['region-restriction-policy']).policy, 'DenyRequestsOutsideAllowedRegions');
    expect(s).toMatchObject({ Effect: 'Deny', Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': [REGION] } } });
    expect(s.NotAction).toEqual(expect.arrayContaining(['iam:*', 'sts:*', 'organizations:*', 'cloudfront:*', 'route53:*', 'support:*']));
  }],
  ['52', 'least privilege: no role gets an Allow on every action', () => {
    const policies = [...ofKind('RolePolicy'), ...ofKind('Policy')].map((m) => fp(m.r).policy as string);
    const allowAll = policies.flatMap(statements).filter((s) => s.Effect === 'Allow' && list(s.Action).some((a) => a === '*' || a.endsWith(':*')));
    expect(allowAll).toEqual([]);
  }],
  ['53a', 'database credentials in Secrets Manager, generated, encrypted with the CMK (53b, the recovery window, is not met)', () => {
    expect(fp(db.cluster)).toMatchObject({ manageMasterUserPassword: true, masterUserSecretKmsKeyId: keyArn });
  }],
  ['55', 'Usages order deletion: the key outlives its users, the network outlives the database and the function', () => {
    const usages = composed.flatMap((c) => Object.values(c.resources).filter((r) => r.kind === 'Usage').map((u) => `${u.spec.by.kind}/${u.spec.by.resourceRef.name} -> ${u.spec.of.kind}/${u.spec.of.resourceRef.name}`));
    expect(usages).toEqual(expect.arrayContaining([
      'SecureBucket/data -> EncryptionKey/tap', 'AuroraDatabase/tap -> EncryptionKey/tap', 'AuroraDatabase/tap -> Network/aurora-postgres-platform',
      'SecureFunction/data-processor -> EncryptionKey/tap', 'SecureFunction/data-processor -> Network/aurora-postgres-platform', 'SecureFunction/data-processor -> AuroraDatabase/tap',
      'Network/aurora-postgres-platform -> EncryptionKey/tap', 'ComplianceMonitoring/compliance -> EncryptionKey/tap',
    ]));
  }],
  ['57', 'outputs: the SecureEnvironment status reports key ARNs, VPC, subnets, Config rules, alarm topic and features', () => {
    const env = claims[0];
    const observed = Object.fromEntries(membersOf(parseSpec<SecureEnvironmentParameters>(secureEnvironmentApi, env.spec), secureEnvironmentApi.members).map((i) => {
      const x = xrOf(i.member.api.kind, i.name);
      const status = x.kind === 'Network' ? { ...x.status, subnetIds: { private: ['subnet-1', 'subnet-2'], database: ['subnet-3', 'subnet-4'] } } : x.kind === 'ComplianceMonitoring' ? { ...x.status, alarmTopicArn: topicArn } : x.status;
      return [resourceNameOf(i), { ...x, status }];
    }));
    const status = previewClaim(env, xrs, observed).status as Record<string, any>;
    expect(status.encryptionKeyArns).toEqual({ tap: keyArn });
    expect(status.vpcId).toMatch(/^vpc-/);
    expect(status.subnetIds.database).toHaveLength(2);
    expect(status.configRuleNames.length).toBeGreaterThan(10);
    expect(status.alarmTopicArn).toBe(topicArn);
    expect(status.deletionProtection).toBe(false);
    expect(status.securityFeatures).toEqual(expect.arrayContaining(['aurora-tls-enforced', 'kms-key-rotation', 'region-restriction', 's3-sse-kms', 'vpc-flow-logs', 'cis-metric-filters-and-alarms']));
  }],
];

describe('aurora-postgres-platform (document 002)', () => {
  it.each(REQUIREMENTS)('%s: %s', (_id, _what, check) => check());
});

describe('aurora-postgres-platform: valid as Crossplane creates it', () => {
  const validator = KubeValidator.fromPinnedCrds();
  for (const api of PLATFORM_APIS) validator.addXrd(XpCompositeResourceDefinitionV2.manifest(xrdProps(api)) as never);
  const issues = (objects: KubeObject[]) => objects.flatMap((r) => validator.validate(r)).map((i) => `${i.object}: ${i.path}: ${i.message}`);
  // Managed resources get a generated name; nested XRs keep theirs.
  const created = (x: KubeObject, r: KubeObject) => (r.metadata?.name ? r : { ...r, metadata: { ...r.metadata, generateName: `${x.metadata!.name}-` } });

  it('the claim, the nested XRs and everything they compose at first are valid', () => {
    const first = xrs.flatMap((x) => Object.values(previewClaim(x, xrs).resources).map((r) => created(x, r)));
    expect(first.length).toBeGreaterThan(150);
    expect(issues([...xrs, ...first])).toEqual([]);
  });

  it('everything composed once all ARNs and ids are reported is valid', () => {
    const later = composed.flatMap(({ xr, resources }) => Object.values(resources).map((r) => created(xr, r)));
    expect(issues(later)).toEqual([]);
  });
});
