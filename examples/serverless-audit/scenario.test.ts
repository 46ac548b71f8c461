/**
 * Scenario 001 (serverless-audit): the document's concrete requirements, checked on what the environment
 * actually composes once every XR has reported its ARNs and ids (one row per requirement of README.md's table
 * that infrastructure can show), and every composed object valid against its CRD or XRD.
 */
import { describe, expect, it } from '@jest/globals';
import { XpCompositeResourceDefinitionV2 } from '../../imports/crossplane-apiextensions-apiextensions.crossplane.io';
import { PLATFORM_APIS } from '../../compositions';
import { environmentClaims } from '../../synth/claims';
import type { KubeObject } from '../../lib/composer';
import { xrdProps } from '../../synth/definitions';
import { expandXrs, isPlatformXr, previewClaim } from '../../synth/preview';
import { fakeAtProvider, readyManaged, reconciled, settledXrs } from '../../synth/steady-state';
import { KubeValidator } from '../../lib/validation';
import { SCENARIO } from './environment';

const ACCOUNT = '400000000001';
const REGION = 'us-west-2';
const MAIN_BUCKET = 'proj-bucket-dev';
const TABLE = 'proj-table-dev';
const FUNCTION = 'proj-lambda-dev';
const TRAIL_BUCKET = 'proj-cloudtrail-dev';
const TABLE_ARN = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${TABLE}`;

const xrs = expandXrs(environmentClaims(SCENARIO.environment));
const world = settledXrs(xrs);
const xr = (kind: string, name: string): KubeObject => {
  const found = world.find((x) => x.kind === kind && x.metadata?.name === name);
  if (!found) throw new Error(`${kind} ${name} is not composed`);
  return found;
};
/** Every XR's composed resources, once the providers created everything (keyed by XR, then component). */
const composed = new Map(xrs.map((x) => [`${x.kind}/${x.metadata!.name}`, reconciled(x, world)]));
const of = (kind: string, name: string) => composed.get(`${kind}/${name}`)!;
/** Managed resources only (not nested XRs or Usages). */
const managed = [...composed.values()].flatMap((r) => Object.values(r)).filter((r) => !isPlatformXr(r) && r.spec?.forProvider);
const fp = (r: KubeObject | undefined) => r?.spec?.forProvider ?? {};

/** The ARN an EncryptionKey of the scenario reports: what its key-backed resources name. */
const keyArnOf = (name: string): string => xr('EncryptionKey', name).status!.keyArn;
const bucket = of('SecureBucket', 'objects');
const audit = of('SecureBucket', 'proj-trail-dev-audit-logs');
const table = of('SecureTable', 'object-audit');
const fn = of('SecureFunction', 'object-audit');
const monitoring = of('ComplianceMonitoring', 'proj-trail-dev');

type Statement = { Sid?: string; Effect: string; Principal?: unknown; Action: string | string[]; Resource: string | string[]; Condition?: unknown };
const statements = (r: KubeObject): Statement[] => JSON.parse(fp(r).policy).Statement;
const roleStatements = statements(fn['role-policy']);
const sid = (s: string) => roleStatements.find((x) => x.Sid === s);
const allFour = { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true };

const ROWS: Array<[string, string, () => void]> = [
  ['1', 'every resource is in us-west-2', () => {
    for (const x of xrs) expect([x.kind, x.spec.region]).toEqual([x.kind, REGION]);
    for (const r of managed.filter((m) => 'region' in fp(m))) expect(fp(r).region).toBe(REGION);
    for (const x of xrs) expect(x.spec.accountId).toBe(ACCOUNT);
  }],
  ['2', 'the dev suffix is in every physical name the document gives', () => {
    expect(xr('SecureBucket', 'objects').status).toMatchObject({ bucketName: MAIN_BUCKET, logBucketName: `${MAIN_BUCKET}-logs` });
    expect(xr('SecureBucket', 'proj-trail-dev-audit-logs').status).toMatchObject({ bucketName: TRAIL_BUCKET });
    expect(table.table.metadata!.annotations!['crossplane.io/external-name']).toBe(TABLE);
    expect(fn.function.metadata!.annotations!['crossplane.io/external-name']).toBe(FUNCTION);
    expect(fn.role.metadata!.annotations!['crossplane.io/external-name']).toBe(FUNCTION);
    expect(monitoring.trail.metadata!.annotations!['crossplane.io/external-name']).toBe('serverless-audit-proj-trail-dev');
    expect(xrs.every((x) => x.spec.tier === 'dev')).toBe(true);
  }],
  ['3', 'every taggable resource carries Environment, Repository and Author', () => {
    const tagged = managed.filter((m) => fp(m).tags);
    expect(tagged.length).toBeGreaterThan(50);
    for (const r of tagged) {
      expect(fp(r).tags).toMatchObject({ Environment: 'serverless-audit', EnvironmentSuffix: 'dev', Repository: 'example-org/serverless-audit', Author: 'unknown' });
    }
  }],
  ['4', 'the tags come from the common parameters of every XR (owner and cost center included)', () => {
    for (const x of xrs) {
      expect(x.spec).toMatchObject({ environment: 'serverless-audit', owner: 'audit-pipeline-team', costCenter: 'cc-4001', tags: { Repository: 'example-org/serverless-audit', Author: 'unknown' } });
    }
  }],
  ['5', 'stricter: the function runs in the private subnets of a Network, HTTPS out only', () => {
    expect(fp(fn.function).vpcConfig.subnetIdSelector.matchLabels).toMatchObject({ 'platform.secure-baseline.io/network': 'main', 'platform.secure-baseline.io/subnet-tier': 'private' });
    expect(fp(fn['egress-https'])).toMatchObject({ fromPort: 443, toPort: 443, ipProtocol: 'tcp' });
    // No internet path at all: no public subnet, internet gateway, NAT gateway, EIP or route beyond the local one.
    const network = of('Network', 'main');
    expect(Object.values(network).filter((r) => ['InternetGateway', 'NATGateway', 'EIP', 'Route'].includes(r.kind)).map((r) => r.kind)).toEqual([]);
    expect(Object.values(network).filter((r) => r.kind === 'Subnet').map((r) => r.metadata!.labels!['platform.secure-baseline.io/subnet-tier']).sort()).toEqual(['database', 'database', 'private', 'private']);
    // The two services the handler calls, S3 and DynamoDB, through their (free) gateway endpoints on the route
    // tables of both private subnets the function runs in; no interface endpoint (nothing else is called).
    const endpoints = Object.values(network).filter((r) => r.kind === 'VPCEndpoint').map((r) => [fp(r).serviceName, fp(r).vpcEndpointType]);
    expect(endpoints.sort()).toEqual([[`com.amazonaws.${REGION}.dynamodb`, 'Gateway'], [`com.amazonaws.${REGION}.s3`, 'Gateway']]);
    for (const service of ['s3', 'dynamodb']) {
      const tables = Object.values(network).filter((r) => r.kind === 'VPCEndpointRouteTableAssociation' && fp(r).vpcEndpointIdSelector.matchLabels['platform.secure-baseline.io/component'] === `vpc-endpoint-${service}`)
        .map((r) => fp(r).routeTableIdSelector.matchLabels['platform.secure-baseline.io/component']);
      expect([service, tables.filter((t: string) => t.startsWith('route-table-private-')).sort()]).toEqual([service, ['route-table-private-a', 'route-table-private-b']]);
    }
    // HTTPS out reaches the gateway endpoints' prefix lists (the only egress rule is HTTPS to anywhere).
    expect(fp(fn['egress-https'])).toMatchObject({ cidrIpv4: '0.0.0.0/0' });
  }],
  ['7', 'stricter: buckets and table are encrypted with a customer-managed key (log buckets SSE-S3)', () => {
    expect(fp(bucket['bucket-encryption']).rule[0].applyServerSideEncryptionByDefault).toMatchObject({ sseAlgorithm: 'aws:kms', kmsMasterKeyId: keyArnOf('data') });
    expect(fp(audit['bucket-encryption']).rule[0].applyServerSideEncryptionByDefault).toMatchObject({ sseAlgorithm: 'aws:kms', kmsMasterKeyId: keyArnOf('audit') });
    expect(fp(table.table).serverSideEncryption).toMatchObject({ enabled: true, kmsKeyArn: keyArnOf('data') });
    for (const k of ['data', 'audit']) expect(fp(of('EncryptionKey', k).key)).toMatchObject({ enableKeyRotation: true });
  }],
  ['9', 'CloudTrail bucket proj-cloudtrail-dev: versioned, encrypted, all four public-access blocks, not emptied on delete', () => {
    expect(audit.bucket.metadata!.annotations!['crossplane.io/external-name']).toBe(TRAIL_BUCKET);
    expect(fp(audit['bucket-versioning']).versioningConfiguration).toEqual({ status: 'Enabled' });
    expect(fp(audit['bucket-public-access-block'])).toMatchObject(allFour);
    expect(fp(audit.bucket).forceDestroy).toBe(false);
    expect(audit['bucket-lifecycle']).toBeDefined();
  }],
  ['10', 'access-log bucket: SSE-S3, all public access blocked', () => {
    expect(bucket['log-bucket'].metadata!.annotations!['crossplane.io/external-name']).toBe(`${MAIN_BUCKET}-logs`);
    expect(fp(bucket['log-bucket-encryption']).rule[0].applyServerSideEncryptionByDefault).toEqual({ sseAlgorithm: 'AES256' });
    expect(fp(bucket['log-bucket-public-access-block'])).toMatchObject(allFour);
    expect(fp(bucket['log-bucket-versioning']).versioningConfiguration).toEqual({ status: 'Enabled' });
  }],
  ['11', 'main bucket proj-bucket-dev: versioned, blocked, access-logged to its log bucket', () => {
    expect(bucket.bucket.metadata!.annotations!['crossplane.io/external-name']).toBe(MAIN_BUCKET);
    expect(fp(bucket['bucket-versioning']).versioningConfiguration).toEqual({ status: 'Enabled' });
    expect(fp(bucket['bucket-public-access-block'])).toMatchObject(allFour);
    expect(fp(bucket['bucket-logging'])).toMatchObject({ targetPrefix: 's3-access-logs/', targetBucketSelector: { matchLabels: { 'platform.secure-baseline.io/component': 'log-bucket' } } });
  }],
  ['12', 'every object created in the main bucket invokes the function', () => {
    expect(fp(fn['s3-notification-objects'])).toEqual({
      region: REGION, bucket: MAIN_BUCKET,
      lambdaFunction: [{ id: `${FUNCTION}-1`, events: ['s3:ObjectCreated:*'], lambdaFunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${FUNCTION}` }],
    });
    // The bucket composes no notification of its own (the function owns the bucket's configuration).
    expect(bucket['bucket-notification']).toBeUndefined();
  }],
  ['13', 's3.amazonaws.com may invoke the function, for the main bucket of this account only', () => {
    expect(fp(fn['s3-permission-objects'])).toMatchObject({
      action: 'lambda:InvokeFunction', principal: 's3.amazonaws.com', sourceArn: `arn:aws:s3:::${MAIN_BUCKET}`, sourceAccount: ACCOUNT,
    });
  }],
  ['14', 'bucket policies: S3 log delivery may write access logs; CloudTrail may check the ACL and write', () => {
    const logDelivery = statements(bucket['log-bucket-policy']).find((s) => s.Sid === 'AllowServerAccessLogDelivery')!;
    expect(logDelivery).toMatchObject({ Effect: 'Allow', Principal: { Service: 'logging.s3.amazonaws.com' }, Action: 's3:PutObject', Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:s3:::${MAIN_BUCKET}` } } });
    const trail = statements(audit['bucket-policy']);
    const trailArn = `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/serverless-audit-proj-trail-dev`;
    expect(trail.find((s) => s.Sid === 'AllowCloudTrailAclCheck')).toMatchObject({ Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:GetBucketAcl', Resource: `arn:aws:s3:::${TRAIL_BUCKET}`, Condition: { StringEquals: { 'aws:SourceArn': [trailArn] } } });
    expect(trail.find((s) => s.Sid === 'AllowCloudTrailLogDelivery')).toMatchObject({ Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject', Resource: `arn:aws:s3:::${TRAIL_BUCKET}/AWSLogs/${ACCOUNT}/*` });
  }],
  ['15', 'every bucket denies requests without TLS (and TLS older than 1.2)', () => {
    const policies = managed.filter((m) => m.kind === 'BucketPolicy');
    // objects + log, audit + log, flow logs (+ its log bucket if any)
    expect(policies.length).toBeGreaterThanOrEqual(5);
    for (const p of policies) {
      expect(statements(p).find((s) => s.Sid === 'DenyInsecureTransport')).toMatchObject({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
    }
  }],
  ['16', 'table proj-table-dev: pk/sk strings, on-demand', () => {
    expect(fp(table.table)).toMatchObject({ hashKey: 'pk', rangeKey: 'sk', billingMode: 'PAY_PER_REQUEST' });
    expect(fp(table.table).attribute).toEqual([{ name: 'pk', type: 'S' }, { name: 'sk', type: 'S' }]);
  }],
  ['18', 'point-in-time recovery on', () => {
    expect(fp(table.table).pointInTimeRecovery).toMatchObject({ enabled: true });
  }],
  ['19', 'Contributor Insights on the table', () => {
    expect(table['table-contributor-insights'].kind).toBe('ContributorInsights');
    expect(fp(table['table-contributor-insights']).tableNameSelector.matchLabels).toMatchObject({ 'platform.secure-baseline.io/component': 'table' });
  }],
  ['20', 'the table is deleted with the environment (no deletion protection in dev)', () => {
    expect(fp(table.table).deletionProtectionEnabled).toBe(false);
    expect(table.table.spec.managementPolicies).toEqual(['*']);
  }],
  ['21', 'the handler\'s conditional put is allowed on the table', () => {
    expect(sid('WriteTables')!.Action).toContain('dynamodb:PutItem');
  }],
  ['22', 'execution role: assumed by Lambda; logs; GetObject(Version) on the bucket\'s objects; item writes on the table only', () => {
    const trust = JSON.parse(fp(fn.role).assumeRolePolicy).Statement;
    expect(trust).toEqual([expect.objectContaining({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' })]);
    expect(sid('WriteOwnLogStreams')).toMatchObject({ Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: [`arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/${FUNCTION}:*`] });
    expect(sid('ReadBucketObjects')).toMatchObject({ Action: ['s3:GetObject', 's3:GetObjectVersion'], Resource: [`arn:aws:s3:::${MAIN_BUCKET}/*`] });
    expect(sid('WriteTables')).toMatchObject({ Resource: [TABLE_ARN] });
    expect(sid('WriteTables')!.Action).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem']));
    // No AWS managed policy is attached (AWSLambdaBasicExecutionRole allows logs on every group).
    expect(Object.values(fn).filter((r) => r.kind === 'RolePolicyAttachment')).toEqual([]);
  }],
  ['23', 'function proj-lambda-dev: python3.12, lambda_handler.lambda_handler, 5 minutes, 128 MB', () => {
    expect(fp(fn.function)).toMatchObject({ runtime: 'python3.12', handler: 'lambda_handler.lambda_handler', timeout: 300, memorySize: 128, packageType: 'Zip' });
  }],
  ['24', 'environment TABLE_NAME and BUCKET_NAME (encrypted with the CMK)', () => {
    expect(fp(fn.function).environment).toEqual({ variables: { TABLE_NAME: TABLE, BUCKET_NAME: MAIN_BUCKET } });
    expect(fp(fn.function).kmsKeyArn).toMatch(/^arn:aws:kms:us-west-2:400000000001:key\//);
  }],
  ['25', 'the handler may HEAD the object (GetObject) and record it', () => {
    expect(sid('ReadBucketObjects')!.Action).toContain('s3:GetObject');
    expect(sid('DecryptBucketObjects')).toMatchObject({ Action: ['kms:Decrypt'], Condition: { StringEquals: { 'kms:ViaService': `s3.${REGION}.amazonaws.com` } } });
  }],
  ['26', 'stricter: the function\'s log group is encrypted and keeps logs 90 days', () => {
    expect(fn['log-group'].metadata!.annotations!['crossplane.io/external-name']).toBe(`/aws/lambda/${FUNCTION}`);
    expect(fp(fn['log-group'])).toMatchObject({ retentionInDays: 90, kmsKeyId: keyArnOf('data') });
  }],
  ['27', 'the code is the CI artifact in S3', () => {
    expect(fp(fn.function)).toMatchObject({ s3Bucket: `proj-artifacts-${ACCOUNT}-${REGION}`, s3Key: 'serverless-audit/lambda_handler-1.0.0.zip' });
  }],
  ['28', 'trail: multi-region, global service events, log-file validation, to proj-cloudtrail-dev', () => {
    expect(fp(monitoring.trail)).toMatchObject({
      isMultiRegionTrail: true, includeGlobalServiceEvents: true, enableLogFileValidation: true, enableLogging: true,
      s3BucketNameSelector: { matchLabels: { 'platform.secure-baseline.io/name': 'proj-trail-dev-audit-logs', 'platform.secure-baseline.io/component': 'bucket' } },
      // Stricter than the document: KMS-encrypted and delivered to CloudWatch Logs.
      kmsKeyId: keyArnOf('audit'),
    });
    expect(fp(monitoring['trail-log-group']).retentionInDays).toBe(90);
  }],
  ['29', 'stricter: alarms, SNS and Config come with the trail (15 CIS alarms, recorder, encrypted topic)', () => {
    expect(Object.values(monitoring).filter((r) => r.kind === 'MetricAlarm')).toHaveLength(15);
    expect(monitoring['config-recorder']).toBeDefined();
    expect(fp(monitoring['alarm-topic']).kmsMasterKeyId).toMatch(/^arn:aws:kms:/);
  }],
  ['30', 'least privilege: every role statement names ARNs, except the listed AWS-wide actions', () => {
    const wildcard = roleStatements.filter((s) => ([] as string[]).concat(s.Resource).includes('*')).map((s) => s.Sid).sort();
    expect(wildcard).toEqual(['DescribeNetworkInterfaces', 'WriteTraces']);
    expect(roleStatements.every((s) => s.Effect === 'Allow' && !([] as string[]).concat(s.Action).some((a) => a.endsWith(':*')))).toBe(true);
    // DynamoDB actions on the table ARN only (no indexes, no other table).
    expect(roleStatements.filter((s) => ([] as string[]).concat(s.Action).some((a) => a.startsWith('dynamodb:'))).flatMap((s) => s.Resource)).toEqual([TABLE_ARN]);
  }],
  ['31', 'outputs become XR status: bucket, table and function names and ARNs, role ARN once reported', () => {
    expect(xr('SecureBucket', 'objects').status).toMatchObject({ bucketName: MAIN_BUCKET, bucketArn: `arn:aws:s3:::${MAIN_BUCKET}` });
    expect(xr('SecureTable', 'object-audit').status).toMatchObject({ tableName: TABLE, tableArn: TABLE_ARN });
    expect(xr('SecureFunction', 'object-audit').status).toMatchObject({ functionName: FUNCTION, functionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${FUNCTION}` });
    // The role ARN is reported from the provider's observation of the role.
    const f = xr('SecureFunction', 'object-audit');
    const observed = Object.fromEntries(Object.entries(fn).map(([k, r]) => [k, readyManaged(r, fakeAtProvider(k, r))]));
    expect(previewClaim(f, world, observed).status.roleArn).toBe(fakeAtProvider('role', fn.role).arn);
  }],
  ['32', 'one claim applied to one namespace replaces the stack; no bootstrap', () => {
    const claims = environmentClaims(SCENARIO.environment);
    expect(claims.map((c) => [c.kind, c.metadata!.namespace])).toEqual([['SecureEnvironment', 'serverless-audit']]);
  }],
  ['33', 'everything is deletable with the environment; buckets are never emptied automatically', () => {
    for (const x of xrs) expect([x.kind, x.metadata!.name, x.spec.deletionProtection]).toEqual([x.kind, x.metadata!.name, false]);
    for (const r of managed) expect([r.kind, r.spec.managementPolicies]).toEqual([r.kind, ['*']]);
    for (const b of managed.filter((m) => m.kind === 'Bucket')) expect(fp(b).forceDestroy).toBe(false);
  }],
];

describe('serverless-audit (document 001)', () => {
  it.each(ROWS)('requirement %s: %s', (_id, _what, check) => check());

  it('every XR, and everything composed as Crossplane creates it, is valid against its CRD or XRD', () => {
    const validator = KubeValidator.fromPinnedCrds();
    for (const api of PLATFORM_APIS) validator.addXrd(XpCompositeResourceDefinitionV2.manifest(xrdProps(api)) as never);
    const created = xrs.flatMap((x) => Object.values(composed.get(`${x.kind}/${x.metadata!.name}`)!)
      .map((r) => (r.metadata?.name ? r : { ...r, metadata: { ...r.metadata, generateName: `${x.metadata!.name}-` } })));
    // Everything, minus the internet path and interface endpoints this VPC no longer needs (row 5).
    expect(created.length).toBeGreaterThan(180);
    expect([...xrs, ...created].flatMap((r) => validator.validate(r)).map((i) => `${i.object}: ${i.path}: ${i.message}`)).toEqual([]);
  });
});
