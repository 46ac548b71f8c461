/**
 * Scenario 000 (secure-microservice): the document's concrete requirements, checked on what the environment
 * actually composes once every XR has reported its ARNs and ids (settledXrs) and every managed resource its
 * provider outputs (reconciled). One row per requirement of README.md's table that is testable; the row ids are
 * the table's numbers.
 */
import { describe, expect, it } from '@jest/globals';
import { XpCompositeResourceDefinitionV2 } from '../../imports/crossplane-apiextensions-apiextensions.crossplane.io';
import { PLATFORM_APIS } from '../../compositions';
import { environmentClaims, environmentProviderConfigName } from '../../synth/claims';
import type { KubeObject } from '../../lib/composer';
import { xrdProps } from '../../synth/definitions';
import { expandXrs, isPlatformXr } from '../../synth/preview';
import { fakeAtProvider, reconciled, settledXrs } from '../../synth/steady-state';
import { KubeValidator } from '../../lib/validation';
import { SCENARIO } from './environment';

const ACCOUNT = '400000000000';
const REGION = 'us-east-1';
const DATA_BUCKET = `secure-microservice-data-${ACCOUNT}-${REGION}`;
const TRAIL_BUCKET = `secure-microservice-cloudtrail-${ACCOUNT}-${REGION}`;
const TABLE_ARN = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/secure-microservice-data`;

const claims = environmentClaims(SCENARIO.environment);
const world = settledXrs(expandXrs(claims));
/** Everything each XR composes, by `<Kind>/<name>`. */
const composed = new Map(world.map((x) => [`${x.kind}/${x.metadata!.name}`, reconciled(x, world)]));
const xr = (id: string) => world.find((x) => `${x.kind}/${x.metadata!.name}` === id)!;
const res = (id: string, component: string): KubeObject => {
  const r = composed.get(id)?.[component];
  if (!r) throw new Error(`${id} composes no ${component}`);
  return r;
};
const fp = (id: string, component: string) => res(id, component).spec.forProvider;
const policyOf = (id: string, component: string) => JSON.parse(fp(id, component).policy);
const managed = [...composed.entries()].flatMap(([id, rs]) => Object.entries(rs)
  .filter(([, r]) => r.apiVersion.includes('.aws.m.upbound.io/'))
  .map(([component, r]) => ({ id, component, r })));
const usages = [...composed.values()].flatMap((rs) => Object.values(rs).filter((r) => r.apiVersion.startsWith('protection.crossplane.io/')));
type Statement = { Sid?: string; Effect: string; Action: string | string[]; Resource: string | string[]; Principal?: unknown; Condition?: Record<string, Record<string, unknown>> };
const list = <T>(x: T | T[]) => (Array.isArray(x) ? x : [x]);
const statements = (id: string, component: string): Statement[] => policyOf(id, component).Statement;
const allowed = (id: string, component: string) => statements(id, component).filter((s) => s.Effect === 'Allow')
  .flatMap((s) => list(s.Action).flatMap((a) => list(s.Resource).map((r) => `${a} ${r}`)));
/** The EncryptionKey whose ARN a resource's key field names. */
const byKey = (r: KubeObject) => {
  const fp = r.spec.forProvider;
  const arn: unknown = fp.kmsKeyId ?? fp.serverSideEncryption?.kmsKeyArn ?? fp.rule?.[0]?.applyServerSideEncryptionByDefault?.kmsMasterKeyId;
  return world.find((x) => x.kind === 'EncryptionKey' && x.status?.keyArn === arn)?.metadata?.name;
};

const DP = 'SecureFunction/data-processor';
const AH = 'SecureFunction/api-handler';
const API = 'SecureApi/api';
const NET = 'Network/secure-microservice';
const BUCKET = 'SecureBucket/data';
const TRAIL_BKT = 'SecureBucket/trail-audit-logs';
const CM = 'ComplianceMonitoring/trail';
const KEY = 'EncryptionKey/microservice';
const TABLE = 'SecureTable/data';

const cases: Array<[string, string, () => void]> = [
  ['1', 'one production environment in us-east-1 of one account', () => {
    expect(claims).toHaveLength(1);
    expect(claims[0].spec).toMatchObject({ tier: 'prod', region: REGION, accountId: ACCOUNT });
    for (const x of world) expect([x.kind, x.spec.region, x.spec.accountId, x.spec.tier]).toEqual([x.kind, REGION, ACCOUNT, 'prod']);
    for (const m of managed) if (m.r.spec.forProvider.region !== undefined) expect(m.r.spec.forProvider.region).toBe(REGION);
  }],
  ['2', 'the six company tags on every taggable resource (Environment holds the environment name)', () => {
    const tagged = managed.filter((m) => m.r.spec.forProvider.tags);
    expect(tagged.length).toBeGreaterThan(100);
    for (const m of tagged) {
      expect(m.r.spec.forProvider.tags).toMatchObject({
        Environment: 'secure-microservice', Team: 'platform-engineering', CostCenter: 'engineering-ops',
        Project: 'secure-microservice', Owner: 'solution-architect', Compliance: 'required',
      });
    }
  }],
  ['3', 'every XR carries the common parameters the tags come from', () => {
    for (const x of world) {
      expect(x.spec).toMatchObject({ owner: 'solution-architect', costCenter: 'engineering-ops', environment: 'secure-microservice' });
      expect(x.spec.tags).toEqual({ Team: 'platform-engineering', Project: 'secure-microservice', Compliance: 'required' });
    }
  }],
  ['4', 'VPC 10.0.0.0/16 over 2 zones with DNS hostnames and support', () => {
    expect(fp(NET, 'vpc')).toMatchObject({ cidrBlock: '10.0.0.0/16', enableDnsHostnames: true, enableDnsSupport: true });
    expect(xr(NET).status!.availabilityZones).toEqual(['us-east-1a', 'us-east-1b']);
  }],
  ['5', 'public, private-with-egress and isolated subnets, one per zone each (6); isolated ones without internet route', () => {
    const subnets = managed.filter((m) => m.id === NET && m.r.kind === 'Subnet');
    expect(subnets.map((m) => m.component).sort()).toEqual(['database', 'private', 'public'].flatMap((t) => [`subnet-${t}-a`, `subnet-${t}-b`]).sort());
    const routes = managed.filter((m) => m.id === NET && m.r.kind === 'Route').map((m) => m.r.spec.forProvider);
    expect(routes.some((r) => r.routeTableIdSelector.matchLabels['platform.secure-baseline.io/component'] === 'route-table-database')).toBe(false);
    expect(routes.filter((r) => r.gatewayIdSelector)).toHaveLength(1);
    expect(routes.filter((r) => r.natGatewayIdSelector)).toHaveLength(2);
  }],
  ['6', 'NAT gateways give the private subnets egress (one per zone: prod)', () => {
    expect(managed.filter((m) => m.id === NET && m.r.kind === 'NATGateway').map((m) => m.r.spec.forProvider.subnetIdSelector.matchLabels['platform.secure-baseline.io/component']).sort())
      .toEqual(['subnet-public-a', 'subnet-public-b']);
  }],
  ['7', 'flow logs of ALL traffic of the VPC to an encrypted CloudWatch log group with a retention', () => {
    expect(fp(NET, 'flow-log-cloudwatch')).toMatchObject({ trafficType: 'ALL', logDestinationType: 'cloud-watch-logs' });
    expect(fp(NET, 'flow-log-group')).toMatchObject({ retentionInDays: 365 });
    expect(byKey(res(NET, 'flow-log-group'))).toBe('microservice');
    expect(fp(NET, 'flow-log-s3')).toMatchObject({ trafficType: 'ALL', logDestinationType: 's3' });
  }],
  ['8', 'a dedicated flow-log role only vpc-flow-logs.amazonaws.com can assume', () => {
    const trust = JSON.parse(fp(NET, 'flow-log-role').assumeRolePolicy);
    expect(trust.Statement.map((s: Statement) => s.Principal)).toEqual([{ Service: 'vpc-flow-logs.amazonaws.com' }]);
    expect(allowed(NET, 'flow-log-role-policy')).toEqual(expect.arrayContaining([expect.stringMatching(/^logs:PutLogEvents arn:aws:logs:us-east-1:400000000000:log-group:\/secure-baseline\/secure-microservice\//)]));
  }],
  ['9', 'each function has its own security group: no ingress, egress HTTPS only', () => {
    for (const id of [DP, AH]) {
      expect(fp(id, 'security-group').name).toBe(`lambda-${xr(id).status!.functionName}`);
      expect(Object.values(composed.get(id)!).filter((r) => r.kind === 'SecurityGroupIngressRule')).toEqual([]);
      expect(fp(id, 'egress-https')).toMatchObject({ ipProtocol: 'tcp', fromPort: 443, toPort: 443 });
    }
  }],
  ['10', 'one symmetric customer-managed key with automatic rotation', () => {
    expect(fp(KEY, 'key')).toMatchObject({ customerMasterKeySpec: 'SYMMETRIC_DEFAULT', keyUsage: 'ENCRYPT_DECRYPT', enableKeyRotation: true, deletionWindowInDays: 30 });
    expect(world.filter((x) => x.kind === 'EncryptionKey')).toHaveLength(1);
  }],
  ['11', 'the key encrypts both secrets, the data bucket, the table and the trail', () => {
    for (const [id, component] of [['ManagedSecret/db-credentials', 'secret'], ['ManagedSecret/api-keys', 'secret'], [BUCKET, 'bucket-encryption'], [TABLE, 'table'], [CM, 'trail']]) {
      expect([id, byKey(res(id, component))]).toEqual([id, 'microservice']);
    }
    expect(fp(BUCKET, 'bucket-encryption').rule[0].applyServerSideEncryptionByDefault.sseAlgorithm).toBe('aws:kms');
  }],
  ['12', 'the key policy lets CloudTrail encrypt this account\'s trails; the function roles decrypt with the key', () => {
    const cloudTrail = statements(KEY, 'key').find((s) => JSON.stringify(s.Principal).includes('cloudtrail.amazonaws.com'))!;
    expect(cloudTrail.Action).toEqual(expect.arrayContaining(['kms:GenerateDataKey']));
    expect(JSON.stringify(cloudTrail.Condition)).toContain(`arn:aws:cloudtrail:*:${ACCOUNT}:trail/*`);
    const keyArn = xr(KEY).status!.keyArn as string;
    for (const id of [DP, AH]) expect(allowed(id, 'role-policy')).toContain(`kms:Decrypt ${keyArn}`);
  }],
  ['13', 'database-credentials secret, CMK-encrypted, value from a Kubernetes Secret (never in git)', () => {
    expect(fp('ManagedSecret/db-credentials', 'secret')).toMatchObject({ name: 'secure-microservice/db-credentials', description: 'Database credentials for microservice' });
    expect(fp('ManagedSecret/db-credentials', 'secret-version').secretStringSecretRef).toEqual({ name: 'secure-microservice-db-credentials', key: 'credentials' });
  }],
  ['14', 'third-party API-keys secret, CMK-encrypted, value from a Kubernetes Secret', () => {
    expect(fp('ManagedSecret/api-keys', 'secret')).toMatchObject({ name: 'secure-microservice/api-keys', description: 'API keys for external services' });
    expect(fp('ManagedSecret/api-keys', 'secret-version').secretStringSecretRef).toEqual({ name: 'secure-microservice-api-keys', key: 'credentials' });
  }],
  ['15', 'no rotation; functions get pointers to the secrets, never values; only the data processor may read them', () => {
    for (const id of ['ManagedSecret/db-credentials', 'ManagedSecret/api-keys']) {
      expect(composed.get(id)!['secret-rotation']).toBeUndefined();
      expect(statements(id, 'secret-policy')[0].Principal).toEqual({ AWS: [`arn:aws:iam::${ACCOUNT}:role/secure-microservice-data-processor`] });
    }
    expect(fp(DP, 'function').environment.variables).toMatchObject({ DB_SECRET_NAME: 'secure-microservice/db-credentials', API_SECRET_NAME: 'secure-microservice/api-keys' });
  }],
  ['16', 'access-log bucket: SSE-S3, all public access blocked, versioned, logs expire', () => {
    expect(xr(BUCKET).status!.logBucketName).toBe(`${DATA_BUCKET}-logs`);
    expect(fp(BUCKET, 'log-bucket-encryption').rule[0].applyServerSideEncryptionByDefault.sseAlgorithm).toBe('AES256');
    expect(fp(BUCKET, 'log-bucket-public-access-block')).toMatchObject({ blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
    expect(fp(BUCKET, 'log-bucket-versioning').versioningConfiguration).toEqual({ status: 'Enabled' });
    expect(fp(BUCKET, 'log-bucket-lifecycle').rule[0].expiration).toEqual([{ days: 365 }]);
  }],
  ['17', 'data bucket: named as in the document, SSE-KMS with the CMK, blocked, versioned, access-logged', () => {
    expect(res(BUCKET, 'bucket').metadata!.annotations!['crossplane.io/external-name']).toBe(DATA_BUCKET);
    expect(fp(BUCKET, 'bucket-public-access-block')).toMatchObject({ blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
    expect(fp(BUCKET, 'bucket-versioning').versioningConfiguration).toEqual({ status: 'Enabled' });
    expect(fp(BUCKET, 'bucket-logging')).toMatchObject({ targetPrefix: 's3-access-logs/', targetBucketSelector: { matchLabels: { 'platform.secure-baseline.io/component': 'log-bucket' } } });
  }],
  ['18', 'data bucket lifecycle: STANDARD_IA at 30 days, GLACIER at 90, no expiration of current objects', () => {
    const rules = fp(BUCKET, 'bucket-lifecycle').rule;
    expect(rules.find((r: { id: string }) => r.id === 'transitions').transition).toEqual([{ days: 30, storageClass: 'STANDARD_IA' }, { days: 90, storageClass: 'GLACIER' }]);
    expect(rules.filter((r: { expiration?: unknown }) => r.expiration)).toEqual([]);
  }],
  ['19', 'buckets are never emptied by the platform (forceDestroy false)', () => {
    const buckets = managed.filter((m) => m.r.kind === 'Bucket');
    expect(buckets.length).toBe(5);
    for (const b of buckets) expect(b.r.spec.forProvider.forceDestroy).toBe(false);
  }],
  ['20a', 'CloudTrail bucket: named as in the document, encrypted, all public access blocked, versioned', () => {
    expect(res(TRAIL_BKT, 'bucket').metadata!.annotations!['crossplane.io/external-name']).toBe(TRAIL_BUCKET);
    expect(fp(TRAIL_BKT, 'bucket-encryption').rule[0].applyServerSideEncryptionByDefault.sseAlgorithm).toBe('aws:kms');
    expect(fp(TRAIL_BKT, 'bucket-public-access-block')).toMatchObject({ blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
    expect(fp(TRAIL_BKT, 'bucket-versioning').versioningConfiguration).toEqual({ status: 'Enabled' });
  }],
  ['20b', 'CloudTrail bucket: log files expire after 365 days', () => {
    const rules = fp(TRAIL_BKT, 'bucket-lifecycle').rule as Array<{ id: string; expiration?: Array<{ days: number }> }>;
    expect(rules.find((r) => r.id === 'expire-current-versions')?.expiration).toEqual([{ days: 365 }]);
  }],
  ['21', 'the trail bucket admits CloudTrail (ACL check, AWSLogs/<account>/); the log bucket admits S3 log delivery', () => {
    const trail = statements(TRAIL_BKT, 'bucket-policy').filter((s) => s.Effect === 'Allow' && JSON.stringify(s.Principal).includes('cloudtrail'));
    expect(trail.map((s) => `${s.Action} ${s.Resource}`)).toEqual([
      `s3:GetBucketAcl arn:aws:s3:::${TRAIL_BUCKET}`, `s3:PutObject arn:aws:s3:::${TRAIL_BUCKET}/AWSLogs/${ACCOUNT}/*`,
    ]);
    expect(trail[0].Condition!.StringEquals['aws:SourceArn']).toEqual([`arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/secure-microservice-trail`]);
    const delivery = statements(BUCKET, 'log-bucket-policy').find((s) => s.Effect === 'Allow')!;
    expect(delivery.Principal).toEqual({ Service: 'logging.s3.amazonaws.com' });
  }],
  ['22', 'every bucket denies requests without TLS', () => {
    const policies = managed.filter((m) => m.r.kind === 'BucketPolicy');
    expect(policies.length).toBe(5);
    for (const p of policies) {
      expect(statements(p.id, p.component)).toEqual(expect.arrayContaining([
        expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      ]));
    }
  }],
  ['23', 'table secure-microservice-data: id/timestamp string keys, on-demand', () => {
    expect(fp(TABLE, 'table')).toMatchObject({
      hashKey: 'id', rangeKey: 'timestamp', billingMode: 'PAY_PER_REQUEST',
      attribute: [{ name: 'id', type: 'S' }, { name: 'timestamp', type: 'S' }],
    });
    expect(res(TABLE, 'table').metadata!.annotations!['crossplane.io/external-name']).toBe('secure-microservice-data');
  }],
  ['24', 'the table is encrypted with the CMK', () => {
    expect(fp(TABLE, 'table').serverSideEncryption.enabled).toBe(true);
    expect(byKey(res(TABLE, 'table'))).toBe('microservice');
  }],
  ['25', 'point-in-time recovery on', () => {
    expect(fp(TABLE, 'table').pointInTimeRecovery.enabled).toBe(true);
  }],
  ['26', 'stream with NEW_AND_OLD_IMAGES', () => {
    expect(fp(TABLE, 'table')).toMatchObject({ streamEnabled: true, streamViewType: 'NEW_AND_OLD_IMAGES' });
  }],
  ['27', 'the table is kept on deletion (prod: deletion protection instead of the document\'s DESTROY)', () => {
    expect(fp(TABLE, 'table').deletionProtectionEnabled).toBe(true);
  }],
  ['28', 'data processor: python3.12 (for 3.9), index.handler, 30 s, 256 MB, private subnets, encrypted logs kept 365 d', () => {
    expect(fp(DP, 'function')).toMatchObject({ runtime: 'python3.12', handler: 'index.handler', timeout: 30, memorySize: 256, packageType: 'Zip' });
    expect(fp(DP, 'function').vpcConfig.subnetIdSelector.matchLabels).toEqual({ 'platform.secure-baseline.io/network': 'secure-microservice', 'platform.secure-baseline.io/subnet-tier': 'private' });
    expect(fp(DP, 'log-group').retentionInDays).toBe(365);
    expect(fp(DP, 'function').s3ObjectVersion).toBeDefined();
    // Failed asynchronous events go to the dead-letter topic and from it by email (prod requires a subscriber).
    for (const id of [DP, AH]) {
      const subscriptions = Object.values(composed.get(id)!).filter((r) => r.kind === 'TopicSubscription');
      expect(subscriptions.map((r) => [r.spec.forProvider.protocol, r.spec.forProvider.endpoint, r.spec.forProvider.topicArnSelector.matchLabels['platform.secure-baseline.io/component']]))
        .toEqual([['email', 'platform-engineering@example.com', 'dead-letter-topic']]);
      expect(fp(id, 'function').deadLetterConfig.targetArn).toBe(`arn:aws:sns:${REGION}:${ACCOUNT}:${xr(id).status!.functionName}-dlq`);
    }
  }],
  ['29', 'data processor environment: both secrets, the table, the data bucket, the key', () => {
    expect(fp(DP, 'function').environment.variables).toEqual({
      DB_SECRET_NAME: 'secure-microservice/db-credentials', API_SECRET_NAME: 'secure-microservice/api-keys',
      DYNAMODB_TABLE: 'secure-microservice-data', S3_BUCKET: DATA_BUCKET, KMS_KEY_ID: 'alias/secure-microservice/microservice',
    });
    expect(xr(KEY).status!.aliasName).toBe('alias/secure-microservice/microservice');
  }],
  ['30', 'data processor role: Lambda trust; VPC access (network interfaces) scoped to its VPC', () => {
    const trust = JSON.parse(fp(DP, 'role').assumeRolePolicy);
    expect(trust.Statement.map((s: Statement) => s.Principal)).toEqual([{ Service: 'lambda.amazonaws.com' }]);
    expect(statements(DP, 'role-policy').find((s) => s.Sid === 'CreateNetworkInterfacesInOwnVpc')!.Condition).toEqual({ ArnEquals: { 'ec2:Vpc': `arn:aws:ec2:${REGION}:${ACCOUNT}:vpc/${xr(NET).status!.vpcId}` } });
    expect(allowed(DP, 'role-policy')).toEqual(expect.arrayContaining([
      `logs:PutLogEvents arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/secure-microservice-data-processor:*`,
    ]));
  }],
  ['31', 'data processor permissions: the document\'s table, bucket-object, secret and key actions, on those ARNs only', () => {
    const a = allowed(DP, 'role-policy');
    for (const action of ['GetItem', 'PutItem', 'UpdateItem', 'Query', 'Scan']) expect(a).toContain(`dynamodb:${action} ${TABLE_ARN}`);
    for (const action of ['GetObject', 'PutObject']) expect(a).toContain(`s3:${action} arn:aws:s3:::${DATA_BUCKET}/*`);
    const secretArns = ['db-credentials', 'api-keys'].map((s) => xr(`ManagedSecret/${s}`).status!.secretArn as string);
    expect(a.filter((x) => x.startsWith('secretsmanager:GetSecretValue')).sort()).toEqual(secretArns.map((s) => `secretsmanager:GetSecretValue ${s}`).sort());
    expect(a).toContain(`kms:Decrypt ${xr(KEY).status!.keyArn}`);
    expect(a).toContain(`kms:GenerateDataKey ${xr(KEY).status!.keyArn}`);
    // Every KMS statement, exactly: through S3, DynamoDB, Secrets Manager or SNS, except Decrypt with the function's
    // own key, which Lambda needs for the environment variables and which has no kms:ViaService (README row 31).
    const keyArn = xr(KEY).status!.keyArn as string;
    const via = (service: string) => ({ StringEquals: { 'kms:ViaService': `${service}.${REGION}.amazonaws.com` } });
    expect(statements(DP, 'role-policy').filter((s) => list(s.Action).some((x) => x.startsWith('kms:')))).toEqual([
      { Sid: 'DecryptWithFunctionKey', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: [keyArn] },
      { Sid: 'EncryptDeadLetterMessages', Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: [keyArn], Condition: via('sns') },
      { Sid: 'DecryptBucketObjects', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: [keyArn], Condition: via('s3') },
      { Sid: 'EncryptBucketObjects', Effect: 'Allow', Action: ['kms:GenerateDataKey'], Resource: [keyArn], Condition: via('s3') },
      { Sid: 'DecryptTableItems', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: [keyArn], Condition: via('dynamodb') },
      { Sid: 'EncryptTableItems', Effect: 'Allow', Action: ['kms:Encrypt', 'kms:GenerateDataKey'], Resource: [keyArn], Condition: via('dynamodb') },
      { Sid: 'DecryptSecrets', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: [keyArn], Condition: via('secretsmanager') },
    ]);
    // Nothing on other tables, buckets, secrets or keys.
    for (const x of a.filter((s) => /^(dynamodb|s3|secretsmanager|kms):/.test(s))) {
      expect(x).toMatch(new RegExp(`(${TABLE_ARN}|arn:aws:s3:::${DATA_BUCKET}|${secretArns.join('|')}|${xr(KEY).status!.keyArn})`));
    }
  }],
  ['32', 'API handler: same runtime, timeout, memory, subnets, log retention; environment names the processor and table', () => {
    expect(fp(AH, 'function')).toMatchObject({ runtime: 'python3.12', handler: 'index.handler', timeout: 30, memorySize: 256 });
    expect(fp(AH, 'function').vpcConfig.subnetIdSelector).toEqual(fp(DP, 'function').vpcConfig.subnetIdSelector);
    expect(fp(AH, 'log-group').retentionInDays).toBe(365);
    expect(fp(AH, 'function').environment.variables).toEqual({ DATA_PROCESSOR_FUNCTION: 'secure-microservice-data-processor', DYNAMODB_TABLE: 'secure-microservice-data' });
  }],
  ['33a', 'API handler role: Lambda trust, its own role, table reads only (no writes, no secrets, no buckets)', () => {
    expect(fp(AH, 'role').assumeRolePolicy).toEqual(fp(DP, 'role').assumeRolePolicy);
    expect(res(AH, 'role').metadata!.annotations!['crossplane.io/external-name']).toBe('secure-microservice-api-handler');
    const a = allowed(AH, 'role-policy');
    for (const action of ['GetItem', 'Query']) expect(a).toContain(`dynamodb:${action} ${TABLE_ARN}`);
    expect(a.filter((x) => /^(dynamodb:(Put|Update|Delete|BatchWrite)|s3:|secretsmanager:)/.test(x))).toEqual([]);
    // Reading the CMK-encrypted table: Decrypt through DynamoDB, no encryption.
    expect(statements(AH, 'role-policy').find((s) => s.Sid === 'DecryptTableItems')).toEqual({
      Sid: 'DecryptTableItems', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: [xr(KEY).status!.keyArn], Condition: { StringEquals: { 'kms:ViaService': `dynamodb.${REGION}.amazonaws.com` } },
    });
    expect(a.filter((x) => /^kms:(Encrypt|GenerateDataKey) /.test(x) && !x.endsWith(xr(KEY).status!.keyArn as string))).toEqual([]);
    expect(statements(AH, 'role-policy').find((s) => s.Sid === 'EncryptTableItems')).toBeUndefined();
  }],
  ['33b', 'API handler role: lambda:InvokeFunction on the data processor only; the data processor invokes nothing', () => {
    const processorArn = xr(DP).status!.functionArn as string;
    expect(processorArn).toBe(`arn:aws:lambda:${REGION}:${ACCOUNT}:function:secure-microservice-data-processor`);
    expect(statements(AH, 'role-policy').find((s) => s.Sid === 'InvokeFunctions')).toEqual({ Sid: 'InvokeFunctions', Effect: 'Allow', Action: ['lambda:InvokeFunction'], Resource: [processorArn] });
    expect(allowed(AH, 'role-policy').filter((x) => x.startsWith('lambda:'))).toEqual([`lambda:InvokeFunction ${processorArn}`]);
    expect(allowed(DP, 'role-policy').filter((x) => x.startsWith('lambda:'))).toEqual([]);
    expect(xr(AH).spec.permissions.invokeFunctions).toEqual([{ name: 'data-processor' }]);
  }],
  ['36', 'REST API secure-microservice-api with a description, deployed to stage prod', () => {
    expect(fp(API, 'rest-api')).toMatchObject({ name: 'secure-microservice-api', description: 'Secure microservice API with comprehensive logging' });
    expect(fp(API, 'stage').stageName).toBe('prod');
  }],
  ['37a', 'execution logging INFO and detailed metrics on every method', () => {
    expect(fp(API, 'method-settings')).toMatchObject({ methodPath: '*/*', settings: { loggingLevel: 'INFO', metricsEnabled: true } });
  }],
  ['38', 'data tracing (full bodies in the logs) stays off', () => {
    expect(fp(API, 'method-settings').settings.dataTraceEnabled).toBe(false);
  }],
  ['39', 'access logs to an encrypted /aws/apigateway/... log group with a retention', () => {
    expect(res(API, 'access-log-group').metadata!.annotations!['crossplane.io/external-name']).toBe('/aws/apigateway/secure-microservice-api/prod/access-logs');
    expect(fp(API, 'access-log-group').retentionInDays).toBe(365);
    expect(byKey(res(API, 'access-log-group'))).toBe('microservice');
  }],
  ['40', 'JSON access logs with caller, method, source IP, protocol, time, resource path, length, status, user', () => {
    const format = JSON.parse(fp(API, 'stage').accessLogSettings.format);
    expect(format).toMatchObject({
      caller: '$context.identity.caller', httpMethod: '$context.httpMethod', sourceIp: '$context.identity.sourceIp',
      protocol: '$context.protocol', requestTime: '$context.requestTime', resourcePath: '$context.resourcePath',
      responseLength: '$context.responseLength', status: '$context.status', userArn: '$context.identity.userArn',
    });
  }],
  ['42', 'GET /health and POST /process through Lambda proxy integrations to the API handler', () => {
    const handlerArn = xr(AH).status!.functionArn as string;
    for (const [m, path] of [['get', 'health'], ['post', 'process']]) {
      expect(fp(API, `method-${m}-${path}`).httpMethod).toBe(m.toUpperCase());
      expect(fp(API, `resource-${path}`).pathPart).toBe(path);
      expect(fp(API, `integration-${m}-${path}`)).toMatchObject({ type: 'AWS_PROXY', integrationHttpMethod: 'POST' });
      expect(fp(API, `integration-${m}-${path}`).uri).toContain(handlerArn);
    }
    expect(Object.keys(composed.get(API)!).filter((k) => k.startsWith('method-') && k !== 'method-settings').sort()).toEqual(['method-get-health', 'method-post-process']);
  }],
  ['43', 'API Gateway may invoke the handler, on this API\'s routes only', () => {
    // The API's id as the (simulated) provider reports it on the composed RestAPI.
    const apiArn = `arn:aws:execute-api:${REGION}:${ACCOUNT}:${fakeAtProvider('rest-api', res(API, 'rest-api')).id}`;
    expect(fp(API, 'permission-get-health')).toMatchObject({
      principal: 'apigateway.amazonaws.com', action: 'lambda:InvokeFunction', functionName: xr(AH).status!.functionArn,
      sourceArn: `${apiArn}/prod/GET/health`, sourceAccount: ACCOUNT,
    });
    expect(fp(API, 'permission-post-process')).toMatchObject({ sourceArn: `${apiArn}/prod/POST/process` });
    // The resource policy admits API key holders on exactly these two routes.
    expect(statements(API, 'rest-api-policy').filter((s) => s.Effect === 'Allow').flatMap((s) => list(s.Resource)).sort())
      .toEqual([`${apiArn}/prod/GET/health`, `${apiArn}/prod/POST/process`]);
  }],
  ['44', 'an API key and a usage plan (1000 rps, burst 2000, 10000 a day) on the prod stage', () => {
    expect(fp(API, 'api-key')).toMatchObject({ name: 'secure-microservice-api-key', enabled: true });
    expect(fp(API, 'usage-plan')).toMatchObject({
      throttleSettings: { rateLimit: 1000, burstLimit: 2000 }, quotaSettings: { limit: 10000, period: 'DAY' },
      apiStages: [{ stageSelector: { matchLabels: { 'platform.secure-baseline.io/component': 'stage' } } }],
    });
    expect(fp(API, 'usage-plan-key')).toMatchObject({ keyType: 'API_KEY' });
  }],
  ['45', 'both methods require the API key, so the usage plan is enforced', () => {
    for (const m of ['method-get-health', 'method-post-process']) expect(fp(API, m)).toMatchObject({ apiKeyRequired: true });
  }],
  ['46', 'API Gateway\'s CloudWatch Logs role of the account and region is set', () => {
    expect(fp(CM, 'apigateway-account').cloudwatchRoleArnSelector.matchLabels).toEqual({ 'platform.secure-baseline.io/component': 'apigateway-logging-role' });
    expect(JSON.parse(fp(CM, 'apigateway-logging-role').assumeRolePolicy).Statement[0].Principal).toEqual({ Service: 'apigateway.amazonaws.com' });
  }],
  ['47', 'trail secure-microservice-trail: to its bucket, multi-region, global events, file validation, SSE-KMS with the CMK', () => {
    expect(res(CM, 'trail').metadata!.annotations!['crossplane.io/external-name']).toBe('secure-microservice-trail');
    expect(fp(CM, 'trail')).toMatchObject({ isMultiRegionTrail: true, includeGlobalServiceEvents: true, enableLogFileValidation: true, enableLogging: true });
    expect(fp(CM, 'trail').s3BucketNameSelector.matchLabels).toMatchObject({ 'platform.secure-baseline.io/name': 'trail-audit-logs', 'platform.secure-baseline.io/component': 'bucket' });
    expect(byKey(res(CM, 'trail'))).toBe('microservice');
  }],
  ['48', 'all management events, read and write', () => {
    expect(fp(CM, 'trail').eventSelector).toEqual([{ readWriteType: 'All', includeManagementEvents: true }]);
  }],
  ['50', 'least privilege: a role per function; Allow on "*" only for actions AWS cannot scope; no managed policies', () => {
    expect(fp(DP, 'role').description).not.toEqual(fp(AH, 'role').description);
    for (const id of [DP, AH]) {
      const wildcard = statements(id, 'role-policy').filter((s) => list(s.Resource).includes('*')).flatMap((s) => list(s.Action)).sort();
      expect(wildcard).toEqual(['ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
      expect(Object.values(composed.get(id)!).filter((r) => r.kind === 'RolePolicyAttachment')).toEqual([]);
    }
  }],
  ['51', 'one environment: one SecureEnvironment in namespace secure-microservice composing every member', () => {
    expect(claims.map((c) => [c.kind, c.metadata!.namespace])).toEqual([['SecureEnvironment', 'secure-microservice']]);
    expect(Object.values(composed.get('SecureEnvironment/secure-microservice')!).map((r) => `${r.kind}/${r.metadata!.name}`).sort()).toEqual([
      'ComplianceMonitoring/trail', 'EncryptionKey/microservice', 'ManagedSecret/api-keys', 'ManagedSecret/db-credentials', 'Network/secure-microservice',
      'SecureApi/api', 'SecureBucket/data', 'SecureFunction/api-handler', 'SecureFunction/data-processor', 'SecureTable/data',
    ]);
    for (const x of world) expect(x.metadata!.namespace).toBe('secure-microservice');
  }],
  ['52', 'deletion protection: no Delete management policy (except the API\'s per-route parts and the dead-letter subscriptions, which hold no data), Usages', () => {
    const routeParts = /^(resource|method|integration|permission)-/;
    for (const m of managed) {
      const policies = m.r.spec.managementPolicies;
      if (m.id === API && routeParts.test(m.component) && m.component !== 'method-settings') expect(policies).toEqual(['*']);
      else if ([DP, AH].includes(m.id) && m.component.startsWith('dead-letter-subscription-')) expect(policies).toEqual(['*']);
      else expect([m.id, m.component, policies]).toEqual([m.id, m.component, ['Observe', 'Create', 'Update', 'LateInitialize']]);
    }
    expect(usages.length).toBeGreaterThanOrEqual(10);
    expect(world.every((x) => x.spec.deletionProtection === true)).toBe(true);
  }],
  ['53', 'account, region and provider config on every XR; IRSA/Pod Identity credentials through the provider config', () => {
    for (const m of managed) expect(m.r.spec.providerConfigRef).toEqual({ kind: 'ClusterProviderConfig', name: environmentProviderConfigName(SCENARIO.environment.name) });
    expect(environmentProviderConfigName(SCENARIO.environment.name)).toBe('secure-microservice-account');
  }],
  ['54', 'what the document would output is reported in XR status', () => {
    expect(xr(KEY).status).toMatchObject({ keyArn: expect.stringMatching(/^arn:aws:kms:us-east-1:400000000000:key\//) });
    expect(xr(NET).status).toMatchObject({ vpcId: expect.any(String), flowLogGroupName: expect.any(String) });
    expect(xr(BUCKET).status).toMatchObject({ bucketArn: `arn:aws:s3:::${DATA_BUCKET}` });
    expect(xr(TABLE).status).toMatchObject({ tableArn: TABLE_ARN });
    expect(xr(DP).status).toMatchObject({ functionArn: expect.any(String), logGroupName: '/aws/lambda/secure-microservice-data-processor' });
    expect(xr(API).status).toMatchObject({ restApiId: expect.any(String), stageName: 'prod' });
    expect(xr(CM).status).toMatchObject({ trailName: 'secure-microservice-trail', auditBucketName: TRAIL_BUCKET });
    expect(xr('SecureEnvironment/secure-microservice').status).toMatchObject({
      deletionProtection: true,
      securityFeatures: expect.arrayContaining(['cloudtrail-multi-region', 'vpc-flow-logs', 's3-sse-kms', 'dynamodb-point-in-time-recovery', 'api-access-logging', 'deletion-protection']),
    });
  }],
];

describe('secure-microservice (document 000)', () => {
  it.each(cases.map(([id, what]) => [id, what]))('requirement %s: %s', (id) => {
    cases.find(([i]) => i === id)![2]();
  });

  it('every XR and everything it composes is valid as Crossplane creates it', () => {
    const validator = KubeValidator.fromPinnedCrds();
    for (const api of PLATFORM_APIS) validator.addXrd(XpCompositeResourceDefinitionV2.manifest(xrdProps(api)) as never);
    // As Crossplane creates them: managed resources get a generated name; nested XRs keep theirs.
    const created = [...composed.entries()].flatMap(([id, rs]) => Object.values(rs).map((r) => (r.metadata?.name || isPlatformXr(r)
      ? r : { ...r, metadata: { ...r.metadata, generateName: `${id.split('/')[1]}-` } })));
    expect(created.length).toBeGreaterThan(200);
    const issues = [...claims, ...world.map(({ status: _status, ...x }) => x), ...created].flatMap((r) => validator.validate(r));
    expect(issues.map((i) => `${i.object}: ${i.path}: ${i.message}`)).toEqual([]);
  });
});
