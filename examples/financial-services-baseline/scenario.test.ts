/**
 * Requirement document 003 (financial-services-baseline): each row checks one requirement of the README's table
 * on what the scenario actually composes, once every XR has reported its ARNs and ids (synth/steady-state.ts). Rows whose
 * requirement is not met pin the current behaviour, so the README is revisited when an API changes.
 */
import { describe, expect, it } from '@jest/globals';
import { XpCompositeResourceDefinitionV2 } from '../../imports/crossplane-apiextensions-apiextensions.crossplane.io';
import { PLATFORM_APIS } from '../../compositions';
import { complianceMonitoringApi } from '../../compositions/compliance-monitoring';
import { CIS_METRIC_FILTERS } from '../../compositions/compliance-monitoring/cis-metric-filters';
import { environmentClaims } from '../../synth/claims';
import type { KubeObject } from '../../lib/composer';
import { allPinnedCrds } from '../../lib/crds';
import { xrdProps } from '../../synth/definitions';
import { parseSpec } from '../../lib/parameters';
import { expandXrs, isPlatformXr, previewClaim } from '../../synth/preview';
import { fakeAtProvider, readyManaged, reconciled, settledXrs } from '../../synth/steady-state';
import { KubeValidator } from '../../lib/validation';
import { SCENARIO } from './environment';

const env = SCENARIO.environment;
const NAME = env.name;
const ACCOUNT = env.accountId;
const XRS = expandXrs(environmentClaims(env));
const WORLD = settledXrs(XRS);
const xr = (kind: string, name: string) => {
  const found = WORLD.find((x) => x.kind === kind && x.metadata?.name === name);
  if (!found) throw new Error(`${kind}/${name} is not composed`);
  return found;
};
/** What each XR composes once the providers created everything, by `Kind/name`. */
const COMPOSED = new Map(WORLD.map((x) => [`${x.kind}/${x.metadata!.name}`, reconciled(x, WORLD)]));
const composed = (kind: string, name: string) => COMPOSED.get(`${kind}/${name}`)!;
const res = (kind: string, name: string, component: string) => {
  const r = composed(kind, name)[component];
  if (!r) throw new Error(`${kind}/${name} composes no ${component}`);
  return r;
};
/** Every managed resource (and Usage, Secret) of the environment, nested XRs excluded. */
const MANAGED = [...COMPOSED.values()].flatMap((r) => Object.values(r)).filter((r) => !isPlatformXr(r));
const ofKind = (group: string, kind: string) => MANAGED.filter((r) => r.apiVersion.startsWith(`${group}.`) && r.kind === kind);
const fp = (r: KubeObject): Record<string, any> => r.spec?.forProvider ?? {};
const policy = (r: KubeObject, field = 'policy') => JSON.parse(fp(r)[field]) as { Statement: Array<Record<string, any>> };
const statement = (r: KubeObject, sid: string, field = 'policy') => {
  const s = policy(r, field).Statement.find((x) => x.Sid === sid);
  if (!s) throw new Error(`no statement ${sid}`);
  return s;
};
/** The ARN the environment's EncryptionKey `cmk` reports: what every key-backed resource names. */
const KEY_ARN: string = xr('EncryptionKey', 'cmk').status!.keyArn;

/** An XR's status once everything it composed is Ready, with extra provider outputs per component. */
function statusOnceReady(x: KubeObject, extra: Record<string, Record<string, unknown>> = {}): Record<string, any> {
  const observed = Object.fromEntries(Object.entries(composed(x.kind, x.metadata!.name!)).map(([k, r]) => [k, readyManaged(r, { ...fakeAtProvider(k, r), ...extra[k] })]));
  return previewClaim(x, WORLD, observed).status;
}
const WRITER_ENDPOINT = 'financial-services-baseline-core-banking.cluster-c0ffee.us-east-1.rds.amazonaws.com';
/** The database once the cluster reports its endpoint: the SSM parameters are composed then. */
const DB_OBSERVED = Object.fromEntries(Object.entries(composed('AuroraDatabase', 'core-banking')).map(([k, r]) => [k, readyManaged(r, { ...fakeAtProvider(k, r), ...(k === 'cluster' ? { endpoint: WRITER_ENDPOINT } : {}) })]));
const DB_WITH_ENDPOINT = previewClaim(xr('AuroraDatabase', 'core-banking'), WORLD, DB_OBSERVED);

/** The environment's own status once every member reported its outputs. */
function environmentStatus(): Record<string, any> {
  const envXr = xr('SecureEnvironment', NAME);
  const members = previewClaim(envXr, WORLD).resources;
  const observed = Object.fromEntries(Object.entries(members).map(([k, m]) => {
    const member = xr(m.kind, m.metadata!.name!);
    const status = m.kind === 'AuroraDatabase' ? DB_WITH_ENDPOINT.status : statusOnceReady(member);
    return [k, { ...member, status: { ...status, conditions: [{ type: 'Ready', status: 'True', reason: 'Available' }] } }];
  }));
  return previewClaim(envXr, WORLD, observed).status;
}

/** Whether the pinned CRD of a managed resource has forProvider.tags. */
const CRDS = allPinnedCrds();
function taggable(r: KubeObject): boolean {
  const [group, version] = r.apiVersion.split('/');
  const crd = CRDS.get(`${group}/${r.kind}`);
  const schema: any = crd?.spec.versions.find((v) => v.name === version)?.schema?.openAPIV3Schema;
  return !!schema?.properties?.spec?.properties?.forProvider?.properties?.tags;
}

const DEV = expandXrs(environmentClaims({ ...env, tier: 'dev' }));
const DEV_WORLD = settledXrs(DEV);
// Once everything has reported (the cluster, for one, waits for its key's ARN).
const DEV_MANAGED = DEV_WORLD.flatMap((x) => Object.values(reconciled(x, DEV_WORLD))).filter((r) => !isPlatformXr(r));

const buckets = () => ofKind('s3', 'Bucket');
const bucketName = (b: KubeObject) => b.metadata!.annotations!['crossplane.io/external-name'];
/** The component of the same XR that configures bucket `b` (e.g. its encryption), by component prefix. */
function bucketPart(b: KubeObject, part: string): KubeObject {
  const labels = b.metadata!.labels!;
  const comp = labels['platform.secure-baseline.io/component'];
  const owner = MANAGED.find((r) => r.metadata?.labels?.['platform.secure-baseline.io/name'] === labels['platform.secure-baseline.io/name']
    && r.metadata?.labels?.['platform.secure-baseline.io/kind'] === labels['platform.secure-baseline.io/kind']
    && r.metadata?.labels?.['platform.secure-baseline.io/component'] === `${comp}-${part}`);
  if (!owner) throw new Error(`${bucketName(b)} has no ${part}`);
  return owner;
}
const DATA_BUCKETS = [`app-data-${NAME}-${ACCOUNT}`, `audit-logs-${NAME}-${ACCOUNT}`, `flow-logs-${NAME}-${ACCOUNT}`];
const ACCESS_LOG_BUCKETS = [`app-data-${NAME}-${ACCOUNT}-logs`, `audit-logs-${NAME}-${ACCOUNT}-logs`];

const compliance = (component: string) => res('ComplianceMonitoring', 'compliance', component);
const guardrails = (component: string) => res('AccessGuardrails', 'guardrails', component);
const db = (component: string) => res('AuroraDatabase', 'core-banking', component);
const net = (component: string) => res('Network', 'banking', component);
const TOPIC_ARN = `arn:aws:sns:us-east-1:${ACCOUNT}:${NAME}-compliance-security-alerts`;
const configRuleIds = () => ofKind('configservice', 'ConfigRule').map((r) => fp(r).source.sourceIdentifier);

type Row = readonly [id: string, requirement: string, check: () => void];

const ROWS: readonly Row[] = [
  // --- A. Account, region, naming, tags ---
  ['1', 'production in us-east-1; requests to other regions denied (data residency)', () => {
    expect(env.tier).toBe('prod');
    const regions = new Set(MANAGED.map((r) => fp(r).region).filter((x) => x !== undefined));
    expect([...regions]).toEqual(['us-east-1']);
    const deny = statement(guardrails('region-restriction-policy'), 'DenyRequestsOutsideAllowedRegions');
    expect(deny.Condition.StringNotEquals['aws:RequestedRegion']).toEqual(['us-east-1']);
  }],
  ['2', 'AWS names carry the environment: <type>-<environment>-<suffix> for buckets, <environment>-<name> elsewhere', () => {
    expect(buckets().map(bucketName).sort()).toEqual([...DATA_BUCKETS, ...ACCESS_LOG_BUCKETS].sort());
    expect(db('cluster').metadata!.annotations!['crossplane.io/external-name']).toBe(`${NAME}-core-banking`);
    expect(compliance('trail').metadata!.annotations!['crossplane.io/external-name']).toBe(`${NAME}-compliance`);
    expect(compliance('alarm-topic').metadata!.annotations!['crossplane.io/external-name']).toBe(`${NAME}-compliance-security-alerts`);
    expect(res('EncryptionKey', 'cmk', 'alias').metadata!.annotations!['crossplane.io/external-name']).toBe(`alias/${NAME}/cmk`);
    expect(guardrails('workload-role-core-banking-app').metadata!.annotations!['crossplane.io/external-name']).toBe(`${NAME}-core-banking-app`);
    for (const p of ofKind('ssm', 'Parameter')) expect(p.metadata!.annotations!['crossplane.io/external-name']).toContain(NAME);
  }],
  ['3', 'every taggable resource has DataClassification, Environment and Owner', () => {
    const tagged = MANAGED.filter(taggable);
    expect(tagged.length).toBeGreaterThan(100);
    for (const r of tagged) {
      expect([r.kind, fp(r).tags?.Environment, fp(r).tags?.Owner, fp(r).tags?.DataClassification])
        .toEqual([r.kind, NAME, 'core-banking-platform', 'restricted']);
    }
  }],
  ['4', 'no hardcoded secrets: the master password is managed by RDS, secret values only from Kubernetes Secrets', () => {
    expect(fp(db('cluster')).manageMasterUserPassword).toBe(true);
    expect(fp(db('cluster'))).not.toHaveProperty('masterPasswordSecretRef');
    for (const p of ofKind('ssm', 'Parameter')) {
      expect(fp(p)).not.toHaveProperty('insecureValue');
      expect(fp(p).valueSecretRef).toBeDefined();
    }
    expect(fp(res('ConfigParameter', 'core-banking', 'parameter-card-vault-api-token')).valueSecretRef)
      .toEqual({ name: 'core-banking-secure-config', key: 'card-vault-api-token' });
  }],
  ['5', 'destroyable for test environments: the same environment in tier dev may delete everything', () => {
    expect(DEV_MANAGED.length).toBeGreaterThan(100);
    for (const r of DEV_MANAGED.filter((x) => x.spec?.managementPolicies)) expect(r.spec!.managementPolicies).toEqual(['*']);
    const cluster = DEV_MANAGED.find((r) => r.kind === 'Cluster' && r.apiVersion.startsWith('rds.'))!;
    expect(fp(cluster).deletionProtection).toBe(false);
  }],
  ['6', 'no GuardDuty detector is created', () => {
    expect(MANAGED.filter((r) => r.apiVersion.startsWith('guardduty.'))).toEqual([]);
  }],
  ['7', 'prod resolves destroy-vs-protect: no Delete management policy, Aurora deletion protection', () => {
    const managed = MANAGED.filter((r) => r.spec?.managementPolicies);
    expect(managed.length).toBeGreaterThan(150);
    for (const r of managed) expect(r.spec!.managementPolicies).toEqual(['Observe', 'Create', 'Update', 'LateInitialize']);
    expect(fp(db('cluster')).deletionProtection).toBe(true);
  }],

  // --- B. KMS ---
  ['8', 'one customer-managed key, automatic rotation on', () => {
    expect(ofKind('kms', 'Key')).toHaveLength(1);
    const key = fp(res('EncryptionKey', 'cmk', 'key'));
    expect([key.enableKeyRotation, key.rotationPeriodInDays, key.customerMasterKeySpec, key.deletionWindowInDays]).toEqual([true, 365, 'SYMMETRIC_DEFAULT', 30]);
  }],
  ['9', 'the key encrypts Aurora (storage, master secret, Performance Insights), buckets, log groups, SNS, SSM, the trail', () => {
    const c = fp(db('cluster'));
    expect([c.storageEncrypted, c.kmsKeyId, c.masterUserSecretKmsKeyId]).toEqual([true, KEY_ARN, KEY_ARN]);
    for (const i of ['instance-1', 'instance-2']) expect(fp(db(i)).performanceInsightsKmsKeyId).toEqual(KEY_ARN);
    for (const g of ofKind('cloudwatchlogs', 'Group')) expect(fp(g).kmsKeyId).toEqual(KEY_ARN);
    expect(fp(compliance('alarm-topic')).kmsMasterKeyId).toBe(KEY_ARN);
    expect(fp(compliance('trail')).kmsKeyId).toEqual(KEY_ARN);
    for (const p of ofKind('ssm', 'Parameter')) expect([KEY_ARN, `alias/${NAME}/cmk`]).toContain(fp(p).keyId);
  }],
  ['10', 'key policy: only the named services, each pinned to this account and its own use of the key', () => {
    const doc = policy(res('EncryptionKey', 'cmk', 'key'));
    expect(doc.Statement.filter((s) => s.Principal === '*')).toEqual([]);
    for (const svc of ['rds', 's3', 'ssm', 'secretsmanager']) {
      const s = doc.Statement.find((x) => x.Condition?.StringEquals?.['kms:ViaService'] === `${svc}.us-east-1.amazonaws.com`);
      expect(s?.Condition.StringEquals['kms:CallerAccount']).toBe(ACCOUNT);
    }
    const principals = doc.Statement.flatMap((s) => [s.Principal?.Service ?? []].flat()).sort();
    expect(principals).toEqual(['cloudtrail.amazonaws.com', 'cloudwatch.amazonaws.com', 'delivery.logs.amazonaws.com', 'events.amazonaws.com', 'logs.us-east-1.amazonaws.com']);
    // Root, the four services' data statements, rds's and secretsmanager's grant statements, four service principals.
    expect(doc.Statement).toHaveLength(1 + 4 + 2 + 4);
    expect(doc.Statement.filter((s) => s.Condition?.Bool?.['kms:GrantIsForAWSResource']).map((s) => s.Action)).toEqual([expect.arrayContaining(['kms:CreateGrant']), expect.arrayContaining(['kms:CreateGrant'])]);
  }],

  // --- C. Network ---
  ['11', 'VPC with private subnets across 3 availability zones', () => {
    const subnets = ofKind('ec2', 'Subnet');
    const zonesOf = (tier: string) => subnets.filter((s) => s.metadata!.labels!['platform.secure-baseline.io/subnet-tier'] === tier).map((s) => fp(s).availabilityZone).sort();
    expect(zonesOf('private')).toEqual(['us-east-1a', 'us-east-1b', 'us-east-1c']);
    expect(zonesOf('database')).toEqual(['us-east-1a', 'us-east-1b', 'us-east-1c']);
    expect(zonesOf('public')).toEqual([]);
    expect(fp(net('vpc')).cidrBlock).toBe('10.30.0.0/16');
  }],
  ['12', 'database subnets have no route to an internet or NAT gateway (the VPC has neither)', () => {
    expect([...ofKind('ec2', 'InternetGateway'), ...ofKind('ec2', 'NATGateway'), ...ofKind('ec2', 'Route')]).toEqual([]);
    expect(fp(db('subnet-group')).subnetIdSelector.matchLabels['platform.secure-baseline.io/subnet-tier']).toBe('database');
  }],
  ['13', 'flow logs of all traffic to a central SSE-KMS bucket, kept at least 90 days', () => {
    const bucketArn = `arn:aws:s3:::flow-logs-${NAME}-${ACCOUNT}`;
    expect([fp(net('flow-log-s3')).logDestination, fp(net('flow-log-s3')).logDestinationType, fp(net('flow-log-s3')).trafficType]).toEqual([bucketArn, 's3', 'ALL']);
    const expire = fp(net('flow-log-bucket-lifecycle')).rule.find((r: any) => r.id === 'expire-flow-logs');
    expect(expire.expiration[0].days).toBe(365);
    expect(expire.expiration[0].days).toBeGreaterThanOrEqual(90);
    expect(fp(net('flow-log-bucket-encryption')).rule[0].applyServerSideEncryptionByDefault.sseAlgorithm).toBe('aws:kms');
  }],
  ['14', 'every security group has explicit egress rules; none to 0.0.0.0/0 (not even 443)', () => {
    const egress = ofKind('ec2', 'SecurityGroupEgressRule');
    for (const [kind, name] of [['Network', 'banking'], ['AuroraDatabase', 'core-banking']]) {
      const groups = Object.values(composed(kind, name)).filter((r) => r.kind === 'SecurityGroup');
      const rules = Object.values(composed(kind, name)).filter((r) => r.kind === 'SecurityGroupEgressRule');
      expect([groups.length, rules.length]).toEqual([1, 1]);
      expect(fp(groups[0])).not.toHaveProperty('egress');
    }
    for (const r of egress) {
      expect(fp(r).cidrIpv4 ?? '').not.toBe('0.0.0.0/0');
      expect(fp(r).cidrIpv6).toBeUndefined();
    }
    expect(fp(net('default-security-group')).egress).toEqual([]);
    expect(fp(net('default-security-group')).ingress).toEqual([]);
  }],
  ['15', 'Aurora admits MySQL 3306 only from the application security group', () => {
    const ingress = Object.values(composed('AuroraDatabase', 'core-banking')).filter((r) => r.kind === 'SecurityGroupIngressRule');
    expect(ingress.map((r) => [fp(r).referencedSecurityGroupId, fp(r).fromPort, fp(r).toPort, fp(r).cidrIpv4])).toEqual([['sg-0c0ba4c1a9e5f3d21', 3306, 3306, undefined]]);
  }],
  ['16', 'AWS APIs are reached through VPC endpoints (no NAT): S3 and DynamoDB gateways and interface endpoints with private DNS', () => {
    const endpoints = ofKind('ec2', 'VPCEndpoint');
    expect(endpoints.map((e) => fp(e).serviceName).sort()).toEqual(['dynamodb', 'kms', 'logs', 'monitoring', 's3', 'secretsmanager', 'ssm', 'sts'].map((s) => `com.amazonaws.us-east-1.${s}`));
    expect(endpoints.filter((e) => fp(e).vpcEndpointType === 'Gateway').map((e) => fp(e).serviceName).sort()).toEqual(['com.amazonaws.us-east-1.dynamodb', 'com.amazonaws.us-east-1.s3']);
    for (const e of endpoints.filter((x) => fp(x).vpcEndpointType === 'Interface')) expect(fp(e).privateDnsEnabled).toBe(true);
  }],

  // --- D. Aurora MySQL ---
  ['17', 'Aurora MySQL 3 (MySQL 8.0), storage encrypted with the CMK', () => {
    const c = fp(db('cluster'));
    expect([c.engine, c.engineVersion, c.engineMode, c.storageEncrypted, c.port]).toEqual(['aurora-mysql', '8.0.mysql_aurora.3.08.0', 'provisioned', true, 3306]);
    expect(fp(db('instance-1')).instanceClass).toBe('db.r6g.large');
  }],
  ['18', 'multi-AZ: a writer and a reader in two zones, on the 3-AZ database subnets', () => {
    expect([fp(db('instance-1')).availabilityZone, fp(db('instance-2')).availabilityZone]).toEqual(['us-east-1a', 'us-east-1b']);
    for (const i of ['instance-1', 'instance-2']) expect(fp(db(i)).publiclyAccessible).toBe(false);
  }],
  ['19', 'automated backups kept 35 days (encrypted with the storage), final snapshot kept', () => {
    const c = fp(db('cluster'));
    expect([c.backupRetentionPeriod, c.copyTagsToSnapshot, c.skipFinalSnapshot, c.finalSnapshotIdentifier, c.deleteAutomatedBackups])
      .toEqual([35, true, false, `${NAME}-core-banking-final`, false]);
  }],
  ['20', 'deletion protection on', () => {
    expect(fp(db('cluster')).deletionProtection).toBe(true);
  }],
  ['21', 'TLS 1.2 or higher only: require_secure_transport=ON, tls_version TLSv1.2,TLSv1.3; CA rds-ca-rsa2048-g1', () => {
    const params = Object.fromEntries(fp(db('cluster-parameter-group')).parameter.map((x: any) => [x.name, x.value]));
    expect([params.require_secure_transport, params.tls_version]).toEqual(['ON', 'TLSv1.2,TLSv1.3']);
    expect(fp(db('cluster')).dbClusterParameterGroupNameSelector.matchLabels['platform.secure-baseline.io/component']).toBe('cluster-parameter-group');
    for (const i of ['instance-1', 'instance-2']) expect(fp(db(i)).caCertIdentifier).toBe('rds-ca-rsa2048-g1');
  }],
  ['22', 'no master password in code: RDS generates it into Secrets Manager, encrypted with the CMK', () => {
    const c = fp(db('cluster'));
    expect([c.manageMasterUserPassword, c.masterUsername, c.masterUserSecretKmsKeyId]).toEqual([true, 'corebank_owner', KEY_ARN]);
  }],
  ['23', 'the database endpoint is published to SSM (see 49)', () => {
    expect(DB_WITH_ENDPOINT.status.endpointParameterName).toBe(`/aurora/${NAME}-core-banking/writer-endpoint`);
  }],

  // --- E. S3 ---
  ['24', 'application-data bucket: versioning, SSE-KMS with the CMK, server access logging', () => {
    const b = 'SecureBucket';
    expect(fp(res(b, 'app-data', 'bucket-versioning')).versioningConfiguration.status).toBe('Enabled');
    const sse = fp(res(b, 'app-data', 'bucket-encryption')).rule[0];
    expect([sse.applyServerSideEncryptionByDefault.sseAlgorithm, sse.applyServerSideEncryptionByDefault.kmsMasterKeyId, sse.bucketKeyEnabled]).toEqual(['aws:kms', KEY_ARN, true]);
    expect(fp(res(b, 'app-data', 'bucket-logging')).targetBucketSelector.matchLabels['platform.secure-baseline.io/component']).toBe('log-bucket');
  }],
  ['25', 'separate audit-log bucket, versioned, locked 90 days, expired by lifecycle (after a year in prod, 90 days in a test copy)', () => {
    const audit = (c: string) => res('SecureBucket', 'compliance-audit-logs', c);
    expect(bucketName(audit('bucket'))).toBe(`audit-logs-${NAME}-${ACCOUNT}`);
    expect(fp(audit('bucket-versioning')).versioningConfiguration.status).toBe('Enabled');
    expect(fp(audit('bucket-object-lock')).rule.defaultRetention).toEqual({ mode: 'GOVERNANCE', days: 90 });
    expect(fp(compliance('trail')).s3BucketNameSelector.matchLabels['platform.secure-baseline.io/name']).toBe('compliance-audit-logs');
    // Current log files expire after 365 days (the prod minimum for audit evidence); the versions they leave
    // are deleted 90 days later.
    const expiring = (lifecycle: KubeObject) => fp(lifecycle).rule.filter((r: any) => r.expiration).map((r: any) => [r.id, r.expiration]);
    expect(expiring(audit('bucket-lifecycle'))).toEqual([['expire-current-versions', [{ days: 365 }]]]);
    expect(fp(audit('bucket-lifecycle')).rule.find((r: any) => r.id === 'expire-noncurrent-versions').noncurrentVersionExpiration).toEqual([{ noncurrentDays: 90 }]);
    // The document's 90 days is refused in prod, naming the field ...
    expect(() => parseSpec(complianceMonitoringApi, { ...xr('ComplianceMonitoring', 'compliance').spec, auditLogExpirationDays: 90 })).toThrow(/^spec\.auditLogExpirationDays: .*at least 365 when tier is prod/);
    // ... and met exactly by a test copy (tier dev).
    const testCopy = expandXrs(environmentClaims({ ...env, tier: 'dev', complianceMonitoring: { ...env.complianceMonitoring, auditLogExpirationDays: 90 } }));
    const auditXr = testCopy.find((x) => x.kind === 'SecureBucket' && x.metadata!.name === 'compliance-audit-logs')!;
    expect(auditXr.spec.expirationDays).toBe(90);
    expect(expiring(previewClaim(auditXr, testCopy).resources['bucket-lifecycle'])).toEqual([['expire-current-versions', [{ days: 90 }]]]);
  }],
  ['26', 'SSE-KMS with the CMK on every data bucket; the two access-log buckets are SSE-S3 (not met)', () => {
    const sseOf = (b: KubeObject) => fp(bucketPart(b, 'encryption')).rule[0].applyServerSideEncryptionByDefault;
    const byName = Object.fromEntries(buckets().map((b) => [bucketName(b), sseOf(b)]));
    for (const n of DATA_BUCKETS) expect([byName[n].sseAlgorithm, byName[n].kmsMasterKeyId]).toEqual(['aws:kms', KEY_ARN]);
    for (const n of ACCESS_LOG_BUCKETS) expect(byName[n].sseAlgorithm).toBe('AES256');
  }],
  ['27', 'every bucket blocks all public access', () => {
    expect(buckets()).toHaveLength(5);
    for (const b of buckets()) {
      const pab = fp(bucketPart(b, 'public-access-block'));
      expect([pab.blockPublicAcls, pab.blockPublicPolicy, pab.ignorePublicAcls, pab.restrictPublicBuckets]).toEqual([true, true, true, true]);
      expect(fp(bucketPart(b, 'ownership-controls')).rule.objectOwnership).toBe('BucketOwnerEnforced');
    }
  }],
  ['28', 'lifecycle: noncurrent versions expire, uploads aborted, data to IA after 90 days, logs expire', () => {
    const rules = Object.fromEntries(fp(res('SecureBucket', 'app-data', 'bucket-lifecycle')).rule.map((r: any) => [r.id, r]));
    expect(rules['expire-noncurrent-versions'].noncurrentVersionExpiration[0].noncurrentDays).toBe(365);
    expect(rules['abort-incomplete-multipart-uploads'].abortIncompleteMultipartUpload[0].daysAfterInitiation).toBe(7);
    expect(rules.transitions.transition).toEqual([{ days: 90, storageClass: 'STANDARD_IA' }]);
    const logs = fp(res('SecureBucket', 'app-data', 'log-bucket-lifecycle')).rule.find((r: any) => r.id === 'expire-access-logs');
    expect(logs.expiration[0].days).toBe(365);
  }],
  ['29', 'the data bucket\'s access-log target is SSE-S3, not SSE-KMS (not met)', () => {
    expect(fp(res('SecureBucket', 'app-data', 'log-bucket-encryption')).rule[0].applyServerSideEncryptionByDefault).toEqual({ sseAlgorithm: 'AES256' });
  }],
  ['30', 'every bucket policy denies requests without TLS (and TLS older than 1.2)', () => {
    for (const b of buckets()) {
      const doc = policy(bucketPart(b, 'policy'));
      expect(doc.Statement.find((s) => s.Sid === 'DenyInsecureTransport')?.Condition).toEqual({ Bool: { 'aws:SecureTransport': 'false' } });
      expect(doc.Statement.find((s) => s.Sid === 'DenyTlsOlderThan1_2')?.Condition).toEqual({ NumericLessThan: { 's3:TlsVersion': '1.2' } });
    }
  }],

  // --- F. IAM ---
  ['31', 'least privilege: the workload role names explicit actions and resources and carries the boundary', () => {
    const role = fp(guardrails('workload-role-core-banking-app'));
    expect(role.permissionsBoundary).toBe(`arn:aws:iam::${ACCOUNT}:policy/secure-baseline/${NAME}-workload-boundary`);
    expect(JSON.parse(role.assumeRolePolicy).Statement[0].Principal).toEqual({ Service: 'ecs-tasks.amazonaws.com' });
    const s = policy(guardrails('workload-policy-core-banking-app')).Statement;
    expect(s.map((x) => [x.Effect, x.Action])).toEqual([['Allow', ['ssm:GetParameter', 'ssm:GetParameters']]]);
    for (const r of s[0].Resource) expect(r).toMatch(new RegExp(`^arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/${NAME}/core-banking/[a-z-]+$`));
  }],
  ['32', 'every role composed has a one-hour maximum session', () => {
    const roles = ofKind('iam', 'Role');
    expect(roles.map((r) => r.metadata!.labels!['platform.secure-baseline.io/component']).sort())
      .toEqual(['config-role', 'flow-log-role', 'monitoring-role', 'trail-role', 'workload-role-core-banking-app']);
    for (const r of roles) expect(fp(r).maxSessionDuration).toBe(3600);
  }],
  ['33', 'sensitive operations need MFA (BoolIfExists aws:MultiFactorAuthPresent false → deny), on the operators\' role', () => {
    const mfa = policy(guardrails('mfa-policy')).Statement;
    expect(mfa.map((s) => s.Sid)).toEqual(['DenyIamChangesWithoutMfa', 'DenyDisablingAuditOrKeysWithoutMfa', 'DenyDestroyingDataWithoutMfa', 'DenyReadingSecretsWithoutMfa']);
    for (const s of mfa) expect([s.Effect, s.Condition.BoolIfExists]).toEqual(['Deny', { 'aws:MultiFactorAuthPresent': 'false' }]);
    expect(fp(guardrails('attach-mfa-core-banking-operators-78b474ef')).role).toBe('core-banking-operators');
  }],
  ['34', 'explicit denies of sensitive operations (IAM escalation, disabling audit, key deletion) on every role of the environment', () => {
    const deny = policy(guardrails('deny-policy')).Statement;
    expect(deny.every((s) => s.Effect === 'Deny')).toBe(true);
    const actions = deny.flatMap((s) => s.Action);
    for (const a of ['iam:CreatePolicyVersion', 'iam:CreateAccessKey', 'cloudtrail:Stop*', 'config:Stop*', 'kms:ScheduleKeyDeletion', 'kms:DisableKey']) expect(actions).toContain(a);
    const attached = ofKind('iam', 'RolePolicyAttachment').filter((r) => fp(r).policyArnSelector?.matchLabels?.['platform.secure-baseline.io/component'] === 'deny-policy');
    expect(attached.map((r) => fp(r).role ?? fp(r).roleSelector.matchLabels['platform.secure-baseline.io/component']).sort()).toEqual(['core-banking-operators', 'workload-role-core-banking-app']);
  }],
  ['35', 'the AWS Config role uses service-role/AWS_ConfigRole', () => {
    expect(fp(compliance('config-role-managed-policy')).policyArn).toBe('arn:aws:iam::aws:policy/service-role/AWS_ConfigRole');
  }],

  // --- G. Monitoring / compliance ---
  ['36', 'AWS Config rules check encryption', () => {
    for (const id of ['S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED', 'S3_DEFAULT_ENCRYPTION_KMS', 'S3_BUCKET_SSL_REQUESTS_ONLY', 'RDS_STORAGE_ENCRYPTED', 'CLOUDWATCH_LOG_GROUP_ENCRYPTED', 'CMK_BACKING_KEY_ROTATION_ENABLED', 'SNS_ENCRYPTED_KMS', 'CLOUD_TRAIL_ENCRYPTION_ENABLED']) expect(configRuleIds()).toContain(id);
  }],
  ['37', 'AWS Config rules check access policies', () => {
    for (const id of ['S3_BUCKET_PUBLIC_READ_PROHIBITED', 'S3_BUCKET_PUBLIC_WRITE_PROHIBITED', 'S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED', 'IAM_POLICY_NO_STATEMENTS_WITH_ADMIN_ACCESS', 'ROOT_ACCOUNT_MFA_ENABLED', 'INCOMING_SSH_DISABLED', 'RDS_INSTANCE_PUBLIC_ACCESS_CHECK']) expect(configRuleIds()).toContain(id);
  }],
  ['38', 'continuous compliance: every resource type recorded continuously, recorder on, daily snapshots', () => {
    const rec = fp(compliance('config-recorder'));
    expect([rec.recordingGroup, rec.recordingMode]).toEqual([{ allSupported: true, includeGlobalResourceTypes: true }, { recordingFrequency: 'CONTINUOUS' }]);
    expect(fp(compliance('config-recorder-status')).isEnabled).toBe(true);
    expect(fp(compliance('config-delivery-channel')).snapshotDeliveryProperties).toEqual({ deliveryFrequency: 'TwentyFour_Hours' });
  }],
  ['39', 'Config findings go to the SNS topic (delivery channel and a compliance-change EventBridge rule)', () => {
    expect(fp(compliance('config-delivery-channel')).snsTopicArn).toBe(TOPIC_ARN);
    const pattern = JSON.parse(fp(compliance('event-rule-config-noncompliance')).eventPattern);
    expect(pattern['detail-type']).toEqual(['Config Rules Compliance Change']);
    expect(fp(compliance('event-target-config-noncompliance')).arn).toBe(TOPIC_ARN);
  }],
  ['40', 'every log group is encrypted with the CMK and kept at least 90 days (365 in prod)', () => {
    const groups = ofKind('cloudwatchlogs', 'Group');
    expect(groups).toHaveLength(5);
    for (const g of groups) expect([fp(g).kmsKeyId, fp(g).retentionInDays]).toEqual([KEY_ARN, 365]);
  }],
  ['41', 'metric filters for security events on the trail\'s log group (the 15 CIS filters)', () => {
    const filters = ofKind('cloudwatchlogs', 'MetricFilter');
    expect(filters).toHaveLength(CIS_METRIC_FILTERS.length);
    for (const f of filters) expect(fp(f).logGroupNameSelector.matchLabels['platform.secure-baseline.io/component']).toBe('trail-log-group');
  }],
  ['42', 'an alarm on unauthorized API calls (CIS 4.1)', () => {
    expect(fp(compliance('cis-4-1-filter')).pattern).toContain('UnauthorizedOperation');
    expect(fp(compliance('cis-4-1-alarm')).alarmActions).toEqual([TOPIC_ARN]);
  }],
  ['43', 'an alarm on privilege escalation: IAM policy changes (CIS 4.4)', () => {
    expect(fp(compliance('cis-4-4-filter')).pattern).toContain('AttachRolePolicy');
    expect(fp(compliance('cis-4-4-alarm')).alarmActions).toEqual([TOPIC_ARN]);
  }],
  ['44', 'a multi-region CloudTrail (validated, KMS) feeds the metric filters through CloudWatch Logs', () => {
    const t = fp(compliance('trail'));
    expect([t.isMultiRegionTrail, t.includeGlobalServiceEvents, t.enableLogFileValidation, t.enableLogging]).toEqual([true, true, true, true]);
    expect(t.cloudWatchLogsGroupArn).toBe(`arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/secure-baseline/${NAME}/compliance/cloudtrail:*`);
  }],
  ['45', 'every security alarm notifies the SNS topic', () => {
    const alarms = ofKind('cloudwatch', 'MetricAlarm');
    expect(alarms).toHaveLength(15);
    for (const a of alarms) expect([fp(a).alarmActions, fp(a).actionsEnabled]).toEqual([[TOPIC_ARN], true]);
  }],

  // --- H. Alerting and configuration ---
  ['46', 'the SNS topic is encrypted with the CMK', () => {
    expect(fp(compliance('alarm-topic')).kmsMasterKeyId).toBe(KEY_ARN);
  }],
  ['47', 'a subscription receives the security alerts', () => {
    const subs = ofKind('sns', 'TopicSubscription');
    expect(subs.map((s) => [fp(s).protocol, fp(s).endpoint])).toEqual([['https', 'https://soc.example.com/hooks/aws-security-alerts']]);
  }],
  ['48', 'messages encrypted in transit: every SNS action without TLS is denied, delivery over HTTPS', () => {
    expect(statement(compliance('alarm-topic-policy'), 'DenyInsecureTransport')).toEqual({
      Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 'sns:*', Resource: TOPIC_ARN, Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
    for (const s of ofKind('sns', 'TopicSubscription')) expect(fp(s).endpoint).toMatch(/^https:\/\//);
  }],
  ['49', 'the database endpoint is in SSM: /aurora/<cluster>/ and /<environment>/core-banking/, SecureString with the CMK', () => {
    const writer = DB_WITH_ENDPOINT.resources['ssm-writer-endpoint'];
    expect([writer.metadata!.annotations!['crossplane.io/external-name'], fp(writer).type, fp(writer).keyId, fp(writer).valueSecretRef])
      .toEqual([`/aurora/${NAME}-core-banking/writer-endpoint`, 'SecureString', `alias/${NAME}/cmk`, { name: 'core-banking-aurora-connection', key: 'endpoint' }]);
    const own = res('ConfigParameter', 'core-banking', 'parameter-db-writer-endpoint');
    expect([own.metadata!.annotations!['crossplane.io/external-name'], fp(own).valueSecretRef])
      .toEqual([`/${NAME}/core-banking/db-writer-endpoint`, { name: 'core-banking-aurora-connection', key: 'endpoint' }]);
    expect(db('cluster').spec!.writeConnectionSecretToRef).toEqual({ name: 'core-banking-aurora-connection' });
  }],
  ['50', 'configuration values are SecureString parameters', () => {
    const params = Object.values(composed('ConfigParameter', 'core-banking')).filter((r) => r.kind === 'Parameter');
    expect(params.map((p) => p.metadata!.annotations!['crossplane.io/external-name']).sort())
      .toEqual(['card-vault-api-token', 'db-port', 'db-writer-endpoint', 'tls-ca-bundle-id'].map((n) => `/${NAME}/core-banking/${n}`));
    for (const p of params) expect(fp(p).type).toBe('SecureString');
  }],
  ['51', 'every parameter is a SecureString encrypted with the CMK', () => {
    const all = [...ofKind('ssm', 'Parameter'), ...Object.values(DB_WITH_ENDPOINT.resources).filter((r) => r.kind === 'Parameter')];
    expect(all).toHaveLength(7);
    for (const p of all) expect([fp(p).type, [KEY_ARN, `alias/${NAME}/cmk`].includes(fp(p).keyId)]).toEqual(['SecureString', true]);
  }],

  // --- I. Compute ---
  ['52', 'no Lambda function (the document requires none): nothing bundles an SDK layer', () => {
    expect(MANAGED.filter((r) => r.apiVersion.startsWith('lambda.'))).toEqual([]);
  }],

  // --- J. Stack protection and outputs (Kubernetes equivalents) ---
  ['53', 'termination protection: no Delete management policy; Usages keep the key and network while dependents exist', () => {
    const usages = MANAGED.filter((r) => r.kind === 'Usage');
    const of = (kind: string) => usages.filter((u) => u.spec!.of.kind === kind).map((u) => u.spec!.by.kind).sort();
    expect(of('EncryptionKey')).toEqual(['AuroraDatabase', 'ComplianceMonitoring', 'ConfigParameter', 'Network', 'SecureBucket', 'SecureBucket']);
    expect(of('Network')).toEqual(['AuroraDatabase']);
    for (const r of MANAGED.filter((x) => x.spec?.managementPolicies)) expect(r.spec!.managementPolicies).not.toContain('Delete');
  }],
  ['54', 'drift detection: the provider may update every resource, so drift is corrected on every poll', () => {
    for (const r of MANAGED.filter((x) => x.spec?.managementPolicies)) expect(r.spec!.managementPolicies).toContain('Update');
  }],
  ['55', 'compliance summary in the SecureEnvironment status (key ARN, encrypted resources, features, rules, VPC, endpoint parameter, topic)', () => {
    const s = environmentStatus();
    expect(Object.keys(s.encryptionKeyArns)).toEqual(['cmk']);
    expect(s.encryptionKeyArns.cmk).toMatch(/^arn:aws:kms:us-east-1:/);
    expect(s.encryptedResources).toBe(5);
    for (const f of ['kms-key-rotation', 's3-sse-kms', 'aurora-tls-enforced', 'vpc-flow-logs', 'aws-config-recorder', 'cis-metric-filters-and-alarms', 'mfa-for-sensitive-actions', 'deletion-protection']) expect(s.securityFeatures).toContain(f);
    expect(s.configRuleNames).toHaveLength(configRuleIds().length);
    expect(s.vpcId).toBeDefined();
    expect(Object.keys(s.subnetIds).sort()).toEqual(['database', 'private']);
    expect(s.databaseEndpointParameters).toEqual({ 'core-banking': `/aurora/${NAME}-core-banking/writer-endpoint` });
    expect(s.alarmTopicArn).toMatch(/^arn:aws:sns:/);
    expect(s.deletionProtection).toBe(true);
  }],
  ['56', 'AWS Config evaluation results are in no status (not met): the rule names are, and the platform\'s own rules\' result', () => {
    const s = statusOnceReady(xr('ComplianceMonitoring', 'compliance'));
    expect(s.configRuleNames.length).toBeGreaterThan(40);
    // status.compliance is the platform's rule engine on what the XR composes, not AWS Config's evaluations.
    expect(Object.keys(s).filter((k) => /complian/i.test(k))).toEqual(['compliance']);
    expect(s.compliance).toMatchObject({ failed: [] });
  }],
];

describe('financial-services-baseline (document 003): requirements on what is composed', () => {
  it.each(ROWS.map(([id, requirement]) => [id, requirement]))('#%s %s', (id) => {
    ROWS.find((r) => r[0] === id)![2]();
  });
});

describe('financial-services-baseline: everything composed is valid', () => {
  const validator = KubeValidator.fromPinnedCrds();
  for (const api of PLATFORM_APIS) validator.addXrd(XpCompositeResourceDefinitionV2.manifest(xrdProps(api)) as never);
  // As Crossplane creates them: managed resources get a generated name; nested XRs keep theirs.
  const asCreated = (owner: KubeObject, r: KubeObject) => (r.metadata?.name ? r : { ...r, metadata: { ...r.metadata, generateName: `${owner.metadata!.name}-` } });
  const issues = (objects: KubeObject[]) => objects.flatMap((r) => validator.validate(r)).map((i) => `${i.object}: ${i.path}: ${i.message}`);

  it('the claim, the nested XRs and their first composition', () => {
    const first = XRS.flatMap((x) => Object.values(previewClaim(x, XRS).resources).map((r) => asCreated(x, r)));
    expect(issues([...XRS, ...first])).toEqual([]);
  });
  it('everything composed once every ARN and id is reported (SSM endpoint parameters included)', () => {
    const all = WORLD.flatMap((x) => Object.values(composed(x.kind, x.metadata!.name!)).map((r) => asCreated(x, r)));
    const ssm = Object.values(DB_WITH_ENDPOINT.resources).map((r) => asCreated(xr('AuroraDatabase', 'core-banking'), r));
    expect(all.length).toBeGreaterThan(200);
    expect(issues([...all, ...ssm])).toEqual([]);
  });
  it('the same environment in tier dev (the destroyable test copy)', () => {
    const first = DEV.flatMap((x) => Object.values(previewClaim(x, DEV).resources).map((r) => asCreated(x, r)));
    expect(issues([...DEV, ...first])).toEqual([]);
  });
});
