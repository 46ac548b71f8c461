import { describe, expect, it } from '@jest/globals';
import { InputError, type KubeObject } from '../../lib/composer';
import { parseSpec } from '../../lib/parameters';
import { asXr, DEV_COMMON, PROD_COMMON, xrObject } from '../../test/support/xr';
import { readyManaged } from '../../synth/steady-state';
import { KubeValidator } from '../../lib/validation';
import { auroraDatabaseApi } from '.';
import { ENHANCED_MONITORING_POLICY_ARN } from './composer';
import type { AuroraDatabaseParameters } from './parameters';

const NETWORK_LABEL = 'platform.secure-baseline.io/network';
const NO_DELETE = ['Observe', 'Create', 'Update', 'LateInitialize'];
const SG_A = 'sg-0123456789abcdef0';
const SG_B = 'sg-0fedcba9876543210';

const base = { ...DEV_COMMON, networkRef: { name: 'core' }, encryptionKeyRef: { name: 'db-key' } };
const prod = {
  ...PROD_COMMON, networkRef: { name: 'core' }, encryptionKeyRef: { name: 'db-key' },
  instances: 2, availabilityZones: ['us-east-1a', 'us-east-1b'], backupRetentionDays: 14, allowedSecurityGroupIds: [SG_A],
};
const mysql = { ...base, engine: 'mysql', allowedSecurityGroupIds: [SG_A, SG_B] };

const keyObject = (status: Record<string, unknown> = {}) => ({ ...xrObject('EncryptionKey', 'db-key', { environment: 'dev' }), status });
const KEY_ARN = 'arn:aws:kms:us-east-1:111111111111:key/abcd';
const KEY_READY = { 'encryption-key': [keyObject({ keyArn: KEY_ARN, aliasName: 'alias/dev/db-key' })] };

/** Composes in a world where the EncryptionKey has reported its ARN, unless `required` says otherwise. */
function compose(spec: Record<string, unknown>, opts: { observed?: Record<string, KubeObject>; required?: Record<string, KubeObject[]>; name?: string } = {}) {
  const xr = xrObject('AuroraDatabase', opts.name ?? 'orders', spec);
  return auroraDatabaseApi.compose({ xr: asXr(xr, parseSpec<AuroraDatabaseParameters>(auroraDatabaseApi, spec)), observed: opts.observed ?? {}, required: opts.required ?? KEY_READY });
}
const fp = (r: KubeObject) => r.spec.forProvider;
const ofKind = (rs: Record<string, KubeObject>, kind: string) => Object.entries(rs).filter(([, r]) => r.kind === kind);
/** The cluster as the provider reports it once it is available. */
const observedCluster = (spec: Record<string, unknown>, at: Record<string, unknown>) => ({ cluster: readyManaged(compose(spec).resources.cluster, at) });
const AVAILABLE = {
  endpoint: 'dev-orders.cluster-abc.us-east-1.rds.amazonaws.com',
  readerEndpoint: 'dev-orders.cluster-ro-abc.us-east-1.rds.amazonaws.com',
  port: 5432,
  masterUserSecret: [{ secretArn: 'arn:aws:secretsmanager:us-east-1:111111111111:secret:rds!cluster-1', kmsKeyId: 'k', secretStatus: 'active' }],
};

describe('AuroraDatabase composer', () => {
  it('composes the cluster, its instances and everything around them under stable names', () => {
    expect(Object.keys(compose({ ...base, allowedSecurityGroupIds: [SG_B, SG_A] }).resources).sort()).toEqual([
      'cluster', 'cluster-parameter-group', 'db-parameter-group', 'egress-self', 'encryption-key-usage',
      `ingress-${SG_A}`, `ingress-${SG_B}`, 'instance-1', 'instance-2', 'log-group-postgresql', 'monitoring-role', 'monitoring-role-policy',
      'network-usage', 'security-group', 'subnet-group',
    ].sort());
  });

  it('composes the cluster, its instances and log groups once the key ARN is known, and keeps that ARN', () => {
    const keyBacked = ['cluster', 'instance-1', 'instance-2', 'log-group-postgresql'];
    const waiting = compose(base, { required: { 'encryption-key': [keyObject()] } });
    expect(keyBacked.filter((k) => waiting.resources[k])).toEqual([]);
    expect(waiting.conditions).toContainEqual(expect.objectContaining({ type: 'EncryptionKeyReady', status: 'False', reason: 'WaitingForEncryptionKey' }));
    // The EncryptionKey's status momentarily incomplete: nothing is dropped (that would delete the cluster).
    const composed = compose(base).resources;
    const observed = Object.fromEntries(keyBacked.map((k) => [k, readyManaged(composed[k])]));
    const again = compose(base, { observed, required: { 'encryption-key': [keyObject()] } }).resources;
    expect(keyBacked.map((k) => [k, fp(again[k]).kmsKeyId ?? fp(again[k]).performanceInsightsKmsKeyId])).toEqual(keyBacked.map((k) => [k, KEY_ARN]));
  });

  it.each([
    ['postgres dev, 1 instance, defaults', { ...base, instances: 1 }, {
      instances: 1, azs: [undefined], deletionProtection: false, skipFinalSnapshot: true, backup: 7, policies: ['*'], engine: 'aurora-postgresql', version: '16.9', family: 'aurora-postgresql16',
    }],
    ['postgres prod, 2 instances in distinct zones', prod, {
      instances: 2, azs: ['us-east-1a', 'us-east-1b'], deletionProtection: true, skipFinalSnapshot: false, backup: 14, policies: NO_DELETE, engine: 'aurora-postgresql', version: '16.9', family: 'aurora-postgresql16',
    }],
    ['postgres 15 staging, 3 instances', { ...base, tier: 'staging', engineVersion: '15.12', instances: 3, availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'] }, {
      instances: 3, azs: ['us-east-1a', 'us-east-1b', 'us-east-1c'], deletionProtection: false, skipFinalSnapshot: false, backup: 7, policies: ['*'], engine: 'aurora-postgresql', version: '15.12', family: 'aurora-postgresql15',
    }],
    ['mysql dev', mysql, {
      instances: 2, azs: [undefined, undefined], deletionProtection: false, skipFinalSnapshot: true, backup: 7, policies: ['*'], engine: 'aurora-mysql', version: '8.0.mysql_aurora.3.08.0', family: 'aurora-mysql8.0',
    }],
  ])('%s', (_n, spec, want) => {
    const r = compose(spec).resources;
    const c = fp(r.cluster);
    const instances = ofKind(r, 'ClusterInstance');
    expect(instances.map(([, i]) => fp(i).availabilityZone)).toEqual(want.azs);
    expect(instances).toHaveLength(want.instances);
    expect(c).toMatchObject({ engine: want.engine, engineVersion: want.version, deletionProtection: want.deletionProtection, skipFinalSnapshot: want.skipFinalSnapshot, backupRetentionPeriod: want.backup, copyTagsToSnapshot: true, engineMode: 'provisioned' });
    expect(c.finalSnapshotIdentifier).toBe(want.skipFinalSnapshot ? undefined : `${spec.environment}-orders-final`);
    expect(fp(r['cluster-parameter-group']).family).toBe(want.family);
    expect(fp(r['db-parameter-group']).family).toBe(want.family);
    for (const [, i] of instances) expect(fp(i)).toMatchObject({ engine: want.engine, publiclyAccessible: false, instanceClass: 'db.r6g.large' });
    for (const [k, res] of Object.entries(r)) {
      if (res.kind !== 'Usage') expect([k, res.spec.managementPolicies]).toEqual([k, want.policies]);
    }
  });

  it('prod: distinct zones per instance, writer first in promotion order', () => {
    const r = compose({ ...prod, instances: 3, availabilityZones: ['us-east-1c', 'us-east-1a', 'us-east-1b'] }).resources;
    const instances = ofKind(r, 'ClusterInstance').map(([, i]) => i);
    expect(new Set(instances.map((i) => fp(i).availabilityZone)).size).toBe(3);
    expect(instances.map((i) => fp(i).promotionTier)).toEqual([0, 1, 2]);
    expect(instances.map((i) => i.metadata!.annotations!['crossplane.io/external-name'])).toEqual(['prod-orders-1', 'prod-orders-2', 'prod-orders-3']);
  });

  it.each([
    ['postgresql', base, [['rds.force_ssl', '1'], ['ssl_min_protocol_version', 'TLSv1.2']], [['log_connections', '1'], ['log_disconnections', '1'], ['log_statement', 'ddl']]],
    ['mysql', mysql,
      [['require_secure_transport', 'ON'], ['tls_version', 'TLSv1.2,TLSv1.3'], ['server_audit_logging', '1'], ['server_audit_events', 'CONNECT,QUERY_DCL,QUERY_DDL']],
      [['log_output', 'FILE'], ['slow_query_log', '1'], ['long_query_time', '2'], ['general_log', '0']]],
  ])('%s: the cluster parameter group enforces TLS 1.2+, the DB parameter group logs connections and audit events', (_e, spec, cluster, instance) => {
    const r = compose(spec).resources;
    const pairs = (x: KubeObject) => fp(x).parameter.map((q: { name: string; value: string; applyMethod: string }) => [q.name, q.value]);
    expect(pairs(r['cluster-parameter-group'])).toEqual(cluster);
    expect(pairs(r['db-parameter-group'])).toEqual(instance);
    expect(fp(r.cluster).dbClusterParameterGroupNameSelector).toEqual({ matchControllerRef: true, matchLabels: { 'platform.secure-baseline.io/component': 'cluster-parameter-group' } });
    for (const [, i] of ofKind(r, 'ClusterInstance')) expect(fp(i).dbParameterGroupNameSelector).toEqual({ matchControllerRef: true, matchLabels: { 'platform.secure-baseline.io/component': 'db-parameter-group' } });
  });

  it.each([
    ['postgresql', ['postgresql'], base],
    ['mysql', ['audit', 'error', 'slowquery'], mysql],
    ['mysql with the general log', ['audit', 'error', 'general', 'slowquery'], { ...mysql, mysqlGeneralLog: true }],
  ])('%s: exports %j to CloudWatch, into encrypted log groups that expire', (_e, exports, spec) => {
    const r = compose({ ...spec, logRetentionDays: 400 }).resources;
    expect(fp(r.cluster).enabledCloudwatchLogsExports).toEqual(exports);
    for (const log of exports) {
      expect(r[`log-group-${log}`].metadata!.annotations!['crossplane.io/external-name']).toBe(`/aws/rds/cluster/dev-orders/${log}`);
      expect(fp(r[`log-group-${log}`])).toMatchObject({ kmsKeyId: KEY_ARN, retentionInDays: 400 });
    }
    expect(ofKind(r, 'Group')).toHaveLength(exports.length);
    if (exports.includes('general')) expect(fp(r['db-parameter-group']).parameter).toContainEqual({ name: 'general_log', value: '1', applyMethod: 'pending-reboot' });
  });

  it.each([['postgresql', base], ['mysql', mysql]])('%s: storage, Performance Insights and the master secret all use the referenced key', (_e, spec) => {
    const r = compose(spec).resources;
    expect(fp(r.cluster)).toMatchObject({
      storageEncrypted: true, kmsKeyId: KEY_ARN,
      manageMasterUserPassword: true, masterUserSecretKmsKeyId: KEY_ARN,
      iamDatabaseAuthenticationEnabled: true,
    });
    expect(JSON.stringify(r.cluster)).not.toMatch(/masterPassword/);
    for (const [, i] of ofKind(r, 'ClusterInstance')) {
      expect(fp(i)).toMatchObject({ performanceInsightsEnabled: true, performanceInsightsKmsKeyId: KEY_ARN, performanceInsightsRetentionPeriod: 7 });
    }
  });

  it.each([['postgresql', 5432, base], ['mysql', 3306, mysql]])('%s: the security group admits port %s only from the named groups, and nothing reaches 0.0.0.0/0', (_e, port, spec) => {
    const r = compose({ ...spec, allowedSecurityGroupIds: [SG_A, SG_B] }).resources;
    expect(fp(r.cluster).port).toBe(port);
    expect(fp(r.cluster).vpcSecurityGroupIdSelector).toEqual({ matchControllerRef: true, matchLabels: { 'platform.secure-baseline.io/component': 'security-group' } });
    expect(fp(r['security-group']).vpcIdSelector).toEqual({ matchLabels: { [NETWORK_LABEL]: 'core', 'platform.secure-baseline.io/component': 'vpc' } });
    const ingress = ofKind(r, 'SecurityGroupIngressRule').map(([, x]) => fp(x));
    expect(ingress.map((x) => x.referencedSecurityGroupId).sort()).toEqual([SG_A, SG_B]);
    for (const x of ingress) expect(x).toMatchObject({ ipProtocol: 'tcp', fromPort: port, toPort: port, securityGroupIdSelector: { matchControllerRef: true } });
    const egress = ofKind(r, 'SecurityGroupEgressRule').map(([, x]) => fp(x));
    expect(egress).toEqual([expect.objectContaining({ ipProtocol: 'tcp', fromPort: port, toPort: port, referencedSecurityGroupIdSelector: { matchControllerRef: true, matchLabels: { 'platform.secure-baseline.io/component': 'security-group' } } })]);
    const text = JSON.stringify(r);
    expect(text).not.toMatch(/0\.0\.0\.0\/0|::\/0|cidrIpv|prefixListId/);
    expect(text).not.toMatch(/"publiclyAccessible":true/);
  });

  it('lands on the Network\'s database subnets', () => {
    const r = compose(base).resources;
    expect(fp(r['subnet-group']).subnetIdSelector).toEqual({ matchLabels: { [NETWORK_LABEL]: 'core', 'platform.secure-baseline.io/subnet-tier': 'database' } });
    expect(fp(r.cluster).dbSubnetGroupNameSelector).toEqual({ matchControllerRef: true, matchLabels: { 'platform.secure-baseline.io/component': 'subnet-group' } });
  });

  it('warns when no security group may connect', () => {
    expect(compose(base).warnings).toEqual([expect.stringContaining('spec.allowedSecurityGroupIds is empty')]);
    expect(compose(mysql).warnings).toBeUndefined();
  });

  it('Enhanced Monitoring every 60 s with its own role, assumable only by RDS monitoring for this account', () => {
    const r = compose(base).resources;
    for (const [, i] of ofKind(r, 'ClusterInstance')) {
      expect(fp(i)).toMatchObject({ monitoringInterval: 60, monitoringRoleArnSelector: { matchControllerRef: true, matchLabels: { 'platform.secure-baseline.io/component': 'monitoring-role' } } });
    }
    const trust = JSON.parse(fp(r['monitoring-role']).assumeRolePolicy);
    expect(trust.Statement).toEqual([expect.objectContaining({
      Effect: 'Allow', Principal: { Service: 'monitoring.rds.amazonaws.com' }, Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' }, ArnLike: { 'aws:SourceArn': 'arn:aws:rds:us-east-1:111111111111:db:dev-orders-*' } },
    })]);
    expect(fp(r['monitoring-role-policy'])).toEqual({ policyArn: ENHANCED_MONITORING_POLICY_ARN, roleSelector: { matchControllerRef: true, matchLabels: { 'platform.secure-baseline.io/component': 'monitoring-role' } } });
  });

  it('tags every taggable resource with the platform tags', () => {
    for (const [k, r] of Object.entries(compose({ ...prod, tags: { Project: 'atlas' } }).resources)) {
      if (r.kind === 'Usage' || r.kind === 'RolePolicyAttachment') continue;
      expect([k, fp(r).tags]).toEqual([k, expect.objectContaining({ Project: 'atlas', Environment: 'prod', ManagedBy: 'crossplane/secure-baseline' })]);
    }
  });

  it('keeps the encryption key and the network from being deleted while the database exists', () => {
    const r = compose(base).resources;
    expect(r['encryption-key-usage'].spec).toMatchObject({ of: { kind: 'EncryptionKey', resourceRef: { name: 'db-key' } }, by: { kind: 'AuroraDatabase', resourceRef: { name: 'orders' } }, replayDeletion: true });
    expect(r['network-usage'].spec).toMatchObject({ of: { kind: 'Network', resourceRef: { name: 'core' } }, by: { kind: 'AuroraDatabase', resourceRef: { name: 'orders' } }, replayDeletion: true });
    expect(compose(base).requirements).toEqual({ 'encryption-key': { apiVersion: 'platform.secure-baseline.io/v1alpha1', kind: 'EncryptionKey', matchName: 'db-key', namespace: 'team-a' } });
  });

  describe('SSM connection parameters', () => {
    const ssmKeys = (rs: Record<string, KubeObject>) => Object.keys(rs).filter((k) => k.startsWith('ssm-')).sort();

    it.each([
      ['nothing observed', {}, {}, false],
      ['key found, cluster still creating (no endpoint)', observedCluster(base, {}), KEY_READY, false],
      ['endpoint observed, key not found', observedCluster(base, AVAILABLE), {}, false],
      ['endpoint observed and key found', observedCluster(base, AVAILABLE), KEY_READY, true],
    ])('%s → published: %s', (_n, observed, required, published) => {
      const out = compose(base, { observed, required });
      expect(ssmKeys(out.resources)).toEqual(published ? ['ssm-port', 'ssm-reader-endpoint', 'ssm-writer-endpoint'] : []);
      expect(out.conditions).toContainEqual(expect.objectContaining({ type: 'ConnectionParametersPublished', status: published ? 'True' : 'False' }));
    });

    it('SecureString with the key, values read from the cluster connection secret, never a literal', () => {
      const r = compose(base, { observed: observedCluster(base, AVAILABLE), required: KEY_READY }).resources;
      expect(r.cluster.spec.writeConnectionSecretToRef).toEqual({ name: 'orders-aurora-connection' });
      const want = { 'ssm-writer-endpoint': ['/aurora/dev-orders/writer-endpoint', 'endpoint'], 'ssm-reader-endpoint': ['/aurora/dev-orders/reader-endpoint', 'reader_endpoint'], 'ssm-port': ['/aurora/dev-orders/port', 'port'] };
      for (const [k, [paramName, key]] of Object.entries(want)) {
        expect(r[k].metadata!.annotations!['crossplane.io/external-name']).toBe(paramName);
        expect(fp(r[k])).toMatchObject({ type: 'SecureString', keyId: 'alias/dev/db-key', valueSecretRef: { name: 'orders-aurora-connection', key } });
        expect(fp(r[k]).insecureValue).toBeUndefined();
      }
    });

    it('uses the key\'s default alias when its status has none yet, and keeps parameters once composed', () => {
      const noAlias = { 'encryption-key': [keyObject()] };
      const first = compose(base, { observed: observedCluster(base, AVAILABLE), required: noAlias }).resources;
      expect(fp(first['ssm-port']).keyId).toBe('alias/dev/db-key');
      // The cluster momentarily without an endpoint (e.g. modifying): the parameters are not deleted.
      const again = compose(base, { observed: { ...observedCluster(base, {}), 'ssm-port': first['ssm-port'] }, required: KEY_READY }).resources;
      expect(ssmKeys(again)).toEqual(['ssm-port', 'ssm-reader-endpoint', 'ssm-writer-endpoint']);
    });
  });

  it('status: endpoints, port, secret ARN and parameter names from what is observed', () => {
    expect(compose(base).status).toEqual({ clusterIdentifier: 'dev-orders', engineVersion: '16.9', port: 5432, connectionSecretName: 'orders-aurora-connection' });
    const observed = { ...observedCluster(base, AVAILABLE), 'security-group': readyManaged(compose(base).resources['security-group'], { id: 'sg-0aaaaaaaaaaaaaaaa' }) };
    expect(compose(base, { observed, required: KEY_READY }).status).toEqual({
      clusterIdentifier: 'dev-orders', engineVersion: '16.9', port: 5432, connectionSecretName: 'orders-aurora-connection',
      writerEndpoint: AVAILABLE.endpoint, readerEndpoint: AVAILABLE.readerEndpoint,
      masterUserSecretArn: AVAILABLE.masterUserSecret[0].secretArn, securityGroupId: 'sg-0aaaaaaaaaaaaaaaa',
      endpointParameterName: '/aurora/dev-orders/writer-endpoint', readerEndpointParameterName: '/aurora/dev-orders/reader-endpoint', portParameterName: '/aurora/dev-orders/port',
    });
  });

  it.each([
    ['postgresql with a MySQL version', { ...base, engineVersion: '8.0.mysql_aurora.3.08.0' }, 'spec.engineVersion', 'does not belong to engine'],
    ['mysql with a PostgreSQL version', { ...base, engine: 'mysql', engineVersion: '16.9' }, 'spec.engineVersion', 'does not belong to engine'],
    ['mysql 2 (MySQL 5.7)', { ...base, engine: 'mysql', engineVersion: '5.7.mysql_aurora.2.12.0' }, 'spec.engineVersion', 'must match pattern'],
    ['an engine that is not offered', { ...base, engine: 'oracle' }, 'spec.engine', 'must be one of'],
    ['1 instance in prod', { ...prod, instances: 1, availabilityZones: ['us-east-1a'] }, 'spec.instances', 'at least 2 when tier is prod'],
    ['16 instances', { ...base, instances: 16 }, 'spec.instances', '<= 15'],
    ['prod without availability zones', { ...prod, availabilityZones: undefined }, 'spec.availabilityZones', 'must be set when tier is prod'],
    ['fewer zones than instances', { ...base, instances: 3, availabilityZones: ['us-east-1a', 'us-east-1b'] }, 'spec.availabilityZones', 'at least as many zones as instances'],
    ['the same zone twice', { ...base, availabilityZones: ['us-east-1a', 'us-east-1a'] }, 'spec.availabilityZones', 'duplicate'],
    ['a zone of another region', { ...base, instances: 1, availabilityZones: ['eu-west-1a'] }, 'spec.availabilityZones', 'zones of the region'],
    ['backups kept 3 days', { ...base, backupRetentionDays: 3 }, 'spec.backupRetentionDays', '>= 7'],
    ['prod backups kept 7 days', { ...prod, backupRetentionDays: 7 }, 'spec.backupRetentionDays', 'at least 14 when tier is prod'],
    ['an instance class without the db. prefix', { ...base, instanceClass: 'm5.large' }, 'spec.instanceClass', 'must match pattern'],
    ['serverless', { ...base, instanceClass: 'db.serverless' }, 'spec.instanceClass', 'must match pattern'],
    ['a malformed security group id', { ...base, allowedSecurityGroupIds: ['sg-XYZ'] }, 'spec.allowedSecurityGroupIds[0]', 'must match pattern'],
    ['a CIDR instead of a security group', { ...base, allowedSecurityGroupIds: ['0.0.0.0/0'] }, 'spec.allowedSecurityGroupIds[0]', 'must match pattern'],
    ['eleven security groups', { ...base, allowedSecurityGroupIds: Array.from({ length: 11 }, (_, i) => `sg-0000000${i.toString(16).padStart(2, '0')}`) }, 'spec.allowedSecurityGroupIds', 'more than 10 items'],
    ['no networkRef', { ...DEV_COMMON, encryptionKeyRef: { name: 'db-key' } }, 'spec.networkRef', 'is required'],
    ['no encryptionKeyRef', { ...DEV_COMMON, networkRef: { name: 'core' } }, 'spec.encryptionKeyRef', 'is required'],
    ['an attempt to make it public', { ...base, publiclyAccessible: true }, 'spec.publiclyAccessible', 'not a field of this API'],
    ['an attempt to set a password', { ...base, masterPassword: 'hunter2' }, 'spec.masterPassword', 'not a field of this API'],
    ['an attempt to switch encryption off', { ...base, storageEncrypted: false }, 'spec.storageEncrypted', 'not a field of this API'],
    ['master user admin', { ...base, masterUsername: 'admin' }, 'spec.masterUsername', 'well-known or reserved'],
    ['master user postgres', { ...base, masterUsername: 'postgres' }, 'spec.masterUsername', 'well-known or reserved'],
    ['a database name with a hyphen', { ...base, databaseName: 'my-db' }, 'spec.databaseName', 'must match pattern'],
    ['prod without deletion protection', { ...prod, deletionProtection: false }, 'spec.deletionProtection', 'must be true when tier is prod'],
    ['prod log retention of 90 days', { ...prod, logRetentionDays: 90 }, 'spec.logRetentionDays', 'at least 365 when tier is prod'],
    ['a log retention CloudWatch does not offer', { ...base, logRetentionDays: 100 }, 'spec.logRetentionDays', 'must be one of'],
    ['the general log on postgresql', { ...base, mysqlGeneralLog: true }, 'spec.mysqlGeneralLog', 'mysql only'],
    ['a backup window that is not a time range', { ...base, preferredBackupWindow: '25:00-26:00' }, 'spec.preferredBackupWindow', 'must match pattern'],
    ['a maintenance window without days', { ...base, preferredMaintenanceWindow: '03:00-04:00' }, 'spec.preferredMaintenanceWindow', 'must match pattern'],
    ['a cluster identifier with two hyphens', { ...base, clusterIdentifier: 'a--b' }, 'spec.clusterIdentifier', 'two consecutive hyphens'],
  ])('rejects %s, naming the field', (_n, spec, field, words) => {
    expect(() => compose(spec)).toThrow(InputError);
    expect(() => compose(spec)).toThrow(`${field}: `);
    expect(() => compose(spec)).toThrow(words);
  });

  it('rejects a default cluster identifier RDS would refuse', () => {
    expect(() => compose(base, { name: 'orders--eu' })).toThrow(/spec\.clusterIdentifier: .*set spec\.clusterIdentifier/);
    expect(() => compose({ ...base, environment: '9dev' })).toThrow(/spec\.clusterIdentifier: /);
    expect(compose({ ...base, clusterIdentifier: 'orders-eu' }, { name: 'orders--eu' }).status.clusterIdentifier).toBe('orders-eu');
  });
});

describe('AuroraDatabase examples', () => {
  const validator = KubeValidator.fromPinnedCrds();
  /** A composed resource as Crossplane creates it: in the XR's namespace, with a generated name. */
  const asCreated = (xrName: string, r: KubeObject): KubeObject => ({ ...r, metadata: { ...r.metadata, namespace: 'examples', generateName: `${xrName}-` } });

  it.each(auroraDatabaseApi.examples.map((e) => [e.name, e] as const))('%s: every composed resource is valid against the pinned CRDs, before and after the endpoint is known', (_n, e) => {
    const spec = e.spec as Record<string, unknown>;
    const before = compose(spec, { name: e.name });
    const after = compose(spec, {
      name: e.name,
      observed: { cluster: readyManaged(before.resources.cluster, AVAILABLE) },
      required: { 'encryption-key': [keyObject({ aliasName: `alias/${spec.environment}/${(spec.encryptionKeyRef as { name: string }).name}` })] },
    });
    expect(Object.keys(after.resources).filter((k) => k.startsWith('ssm-'))).toHaveLength(3);
    const composed = [...Object.values(before.resources), ...Object.values(after.resources)].map((r) => asCreated(e.name, r));
    const issues = composed.flatMap((r) => validator.validate(r)).map((i) => `${i.object}: ${i.path}: ${i.message}`);
    expect(issues).toEqual([]);
    const kinds = new Set(composed.map((r) => `${r.apiVersion}/${r.kind}`));
    const declared = new Set([...auroraDatabaseApi.managedResources.map((m) => `${m.apiVersion}/${m.kind}`), 'protection.crossplane.io/v1beta1/Usage']);
    expect([...kinds].filter((k) => !declared.has(k))).toEqual([]);
  });

  it('prod-postgres: two instances in distinct zones, deletion protection, final snapshot, long backups, no Delete', () => {
    const e = auroraDatabaseApi.examples.find((x) => x.name === 'prod-postgres')!;
    const r = compose(e.spec as Record<string, unknown>, { name: e.name }).resources;
    expect(fp(r.cluster)).toMatchObject({ deletionProtection: true, skipFinalSnapshot: false, finalSnapshotIdentifier: 'prod-prod-postgres-final', backupRetentionPeriod: 35 });
    expect(ofKind(r, 'ClusterInstance').map(([, i]) => fp(i).availabilityZone)).toEqual(['us-east-1a', 'us-east-1b']);
    expect(r.cluster.spec.managementPolicies).toEqual(NO_DELETE);
  });
});
