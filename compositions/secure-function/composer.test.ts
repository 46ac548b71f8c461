import { describe, expect, it } from '@jest/globals';
import { InputError, type KubeObject } from '../../lib/composer';
import { parseSpec } from '../../lib/parameters';
import { asXr, DEV_COMMON, PROD_COMMON, xrObject } from '../../test/support/xr';
import { readyManaged } from '../../synth/steady-state';
import { KubeValidator } from '../../lib/validation';
import { AURORA_DATABASE_EXAMPLES } from '../aurora-database/examples';
import { ENCRYPTION_KEY_EXAMPLES } from '../encryption-key/examples';
import type { PolicyStatement } from '../encryption-key/key-policy';
import { MANAGED_SECRET_EXAMPLES } from '../managed-secret/examples';
import { NETWORK_EXAMPLES } from '../network/examples';
import { SECURE_BUCKET_EXAMPLES } from '../secure-bucket/examples';
import { SECURE_TABLE_EXAMPLES } from '../secure-table/examples';
import { auroraDatabaseApi } from '../aurora-database';
import { encryptionKeyApi } from '../encryption-key';
import { managedSecretApi } from '../managed-secret';
import { secretPolicy } from '../managed-secret/secret-policy';
import { networkApi } from '../network';
import { secureBucketApi } from '../secure-bucket';
import { secureTableApi } from '../secure-table';
import { secureFunctionApi } from '.';
import { deadLetterSubscriptionName, functionArnOf, functionNameOf, roleArnOf, SECURE_FUNCTION_LABEL } from './composer';
import { SECURE_FUNCTION_EXAMPLES } from './examples';
import { isExplicitResource, listedException } from '../../lib/policy-exceptions';
import type { SecureFunctionParameters } from './parameters';
import type { PlatformApi } from '../../lib/composer';
import { REVIEWED_ON, RUNTIME_DEPRECATION_DATES, SUPPORTED_RUNTIMES } from './runtimes';

const ACCOUNT = '111111111111';
const KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const BUCKET_KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/bucket-key`;
const SECRET_KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/secret-key`;
const APP_KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/app-key-2`;
const TABLE_KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/table-key`;
const VPC_ID = 'vpc-0123456789abcdef0';
const VPC_ARN = `arn:aws:ec2:us-east-1:${ACCOUNT}:vpc/${VPC_ID}`;
const FN = 'dev-ingest';
const FN_ARN = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${FN}`;
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/${FN}`;
const TOPIC_ARN = `arn:aws:sns:us-east-1:${ACCOUNT}:${FN}-dlq`;
const LOG_GROUP_ARN = `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/${FN}`;
const SECRET_ARN = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:dev/api-key-AbCdEf`;
const TABLE_ARN = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/dev-orders`;
const NOTIFY_ARN = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:dev-notify`;
const ROTATED_SECRET_ARN = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:dev/db-password-XyZ123`;
const DB_KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/db-key`;
const DB_SECRET_ARN = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:rds!cluster-0a1b2c3d-AbCdEf`;
const DB_SG = 'sg-0aaaaaaaaaaaaaaaa';
const PROD_FN_ARN = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:prod-ingest`;
const COMPONENT = 'platform.secure-baseline.io/component';
const NO_DELETE = ['Observe', 'Create', 'Update', 'LateInitialize'];
const ONCALL = { protocol: 'email', endpoint: 'oncall@example.com' } as const;
const HOOK = { protocol: 'https', endpoint: 'https://hooks.example.com/lambda-failures' } as const;

const base = {
  ...DEV_COMMON, networkRef: { name: 'core' }, encryptionKeyRef: { name: 'app-key' },
  runtime: 'python3.13', handler: 'app.handler', code: { s3: { bucket: 'team-a-artifacts', key: 'ingest/ingest-1.0.0.zip' } },
};
const prod = { ...base, ...PROD_COMMON, reservedConcurrency: 25, deadLetterSubscriptions: [ONCALL], code: { s3: { ...base.code.s3, objectVersion: 'v1' } } };
const image = {
  ...base, runtime: undefined, handler: undefined,
  code: { imageUri: `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/team-a/ingest@sha256:${'a'.repeat(64)}` },
};
const everything = {
  ...base,
  environmentVariables: [{ name: 'OUTPUT_TABLE_NAME', value: 'dev-orders' }, { name: 'API_KEY_SECRET_ARN', value: SECRET_ARN }],
  permissions: {
    readBuckets: [{ name: 'uploads' }], writeBuckets: [{ name: 'results' }], readTables: [{ name: 'orders' }], writeTables: [{ name: 'orders' }],
    readSecrets: [{ name: 'api-key' }], decryptWith: [{ name: 'app-key-2' }],
    invokeFunctions: [{ name: 'notify' }], rotateSecrets: [{ name: 'db-password' }], connectDatabases: [{ name: 'orders-db' }],
  },
  triggers: { s3: [{ bucketRef: { name: 'uploads' }, prefix: 'in/', suffix: '.json' }, { bucketRef: { name: 'uploads' }, prefix: 'in/', suffix: '.csv' }] },
};

type World = Record<string, KubeObject[]>;
const xrOf = (kind: string, name: string, spec: Record<string, unknown>, status?: Record<string, unknown>): KubeObject[] => [{ ...xrObject(kind, name, spec), ...(status ? { status } : {}) }];
const keyOf = (status?: Record<string, unknown>, services = ['lambda', 'logs', 'sns']): World => ({ 'encryption-key': xrOf('EncryptionKey', 'app-key', { region: 'us-east-1', services }, status) });
const networkOf = (status?: Record<string, unknown>): World => ({ network: xrOf('Network', 'core', { region: 'us-east-1' }, status) });
const bucketOf = (name: string, status?: Record<string, unknown>, spec: Record<string, unknown> = {}): World => ({
  [`bucket-${name}`]: xrOf('SecureBucket', name, { region: 'us-east-1', encryptionKeyRef: { name: 'bucket-key' }, ...spec }, status),
});
const bucketReady = (name: string) => ({ bucketName: `${name}-bucket`, bucketArn: `arn:aws:s3:::${name}-bucket`, encryptionKeyArn: BUCKET_KEY_ARN });
/** The ManagedSecret the function rotates: Generated, naming `rotationLambdaArn` as its rotation function. */
const rotatedSecretOf = (spec: Record<string, unknown> = {}, status: Record<string, unknown> | null = { secretArn: ROTATED_SECRET_ARN, encryptionKeyArn: SECRET_KEY_ARN }): World => ({
  'secret-db-password': xrOf('ManagedSecret', 'db-password', { region: 'us-east-1', source: 'Generated', rotationLambdaArn: FN_ARN, allowedRoleArns: [`arn:aws:iam::${ACCOUNT}:role/app`], ...spec }, status ?? undefined),
});
/** The AuroraDatabase the function connects to, in its Network, encrypted with EncryptionKey db-key. */
const DB_READY = { clusterIdentifier: 'dev-orders-db', port: 5432, securityGroupId: DB_SG, masterUserSecretArn: DB_SECRET_ARN };
const databaseOf = (status: Record<string, unknown> | null = DB_READY, spec: Record<string, unknown> = {}): World => ({
  'database-orders-db': xrOf('AuroraDatabase', 'orders-db', { region: 'us-east-1', networkRef: { name: 'core' }, encryptionKeyRef: { name: 'db-key' }, ...spec }, status ?? undefined),
  'key-db-key': xrOf('EncryptionKey', 'db-key', {}, { keyArn: DB_KEY_ARN }),
});
/** Every referenced resource of `everything`, reporting its ARNs. */
const ALL_READY: World = {
  ...keyOf({ keyArn: KEY_ARN }),
  ...networkOf({ vpcId: VPC_ID }),
  ...bucketOf('uploads', bucketReady('uploads')),
  ...bucketOf('results', bucketReady('results')),
  'table-orders': xrOf('SecureTable', 'orders', {}, { tableName: 'dev-orders', tableArn: TABLE_ARN, encryptionKeyArn: TABLE_KEY_ARN }),
  'secret-api-key': xrOf('ManagedSecret', 'api-key', { allowedRoleArns: [ROLE_ARN] }, { secretArn: SECRET_ARN, encryptionKeyArn: SECRET_KEY_ARN }),
  'key-app-key-2': xrOf('EncryptionKey', 'app-key-2', {}, { keyArn: APP_KEY_ARN }),
  'function-notify': xrOf('SecureFunction', 'notify', { region: 'us-east-1' }, { functionName: 'dev-notify', functionArn: NOTIFY_ARN }),
  ...rotatedSecretOf(),
  ...databaseOf(),
};
/** What `everything` composes on top of the function stack once everything is resolved. */
const ACCESS = ['database-usage-orders-db', 'egress-database-orders-db', 'ingress-database-orders-db', 'rotation-permission-db-password'];

function compose(spec: Record<string, unknown>, required: World = {}, observed: Record<string, KubeObject> = {}, name = 'ingest') {
  const xr = xrObject('SecureFunction', name, spec);
  return secureFunctionApi.compose({ xr: asXr(xr, parseSpec<SecureFunctionParameters>(secureFunctionApi, spec)), observed, required });
}
const fp = (r: KubeObject) => r.spec.forProvider;
const statements = (out: ReturnType<typeof compose>, resource = 'role-policy') => (JSON.parse(fp(out.resources[resource]).policy) as { Statement: PolicyStatement[] }).Statement;
const sid = (out: ReturnType<typeof compose>, s: string, resource = 'role-policy') => statements(out, resource).find((x) => x.Sid === s);
const condition = (out: ReturnType<typeof compose>, type: string) => out.conditions?.find((c) => c.type === type);
const list = (x: string | string[]) => (Array.isArray(x) ? x : [x]);

describe('SecureFunction composer', () => {
  const prerequisites = ['egress-https', 'encryption-key-usage', 'network-usage', 'role', 'role-policy', 'security-group'];
  // The log group names the key's ARN (not a key selector), so it waits for the key with the function.
  const functionStack = ['dead-letter-topic', 'dead-letter-topic-policy', 'event-invoke-config', 'function', 'log-group'];
  it.each([
    ['key unknown: prerequisites only, the function waits for its key', base, {}, prerequisites],
    ['key known', base, keyOf({ keyArn: KEY_ARN }), [...prerequisites, ...functionStack]],
    ['key known, prod with a dead-letter subscriber', prod, keyOf({ keyArn: KEY_ARN }), [...prerequisites, ...functionStack, deadLetterSubscriptionName(ONCALL)]],
    ['key known, image', image, keyOf({ keyArn: KEY_ARN }), [...prerequisites, ...functionStack]],
    ['everything resolved: one permission and one notification per trigger bucket, database rules, rotation permission', everything, ALL_READY, [...prerequisites, ...functionStack, ...ACCESS, 's3-notification-uploads', 's3-permission-uploads']],
    ['triggers, bucket not reported yet', everything, { ...ALL_READY, ...bucketOf('uploads') }, [...prerequisites, ...functionStack, ...ACCESS]],
    ['nothing referenced found: only the database Usage on top of the prerequisites', everything, {}, [...prerequisites, 'database-usage-orders-db']],
  ])('%s', (_n, spec, required, want) => {
    expect(Object.keys(compose(spec, required).resources).sort()).toEqual([...want].sort());
  });

  it('runs in the private subnets of the Network, behind its own security group', () => {
    expect(fp(compose(base, keyOf({ keyArn: KEY_ARN })).resources.function).vpcConfig).toEqual({
      subnetIdSelector: { matchLabels: { 'platform.secure-baseline.io/network': 'core', 'platform.secure-baseline.io/subnet-tier': 'private' } },
      securityGroupIdSelector: { matchControllerRef: true, matchLabels: { [COMPONENT]: 'security-group' } },
      ipv6AllowedForDualStack: false,
    });
  });

  it('the security group is in the Network\'s VPC, allows only HTTPS out and nothing in', () => {
    const r = compose(base).resources;
    expect(fp(r['security-group'])).toMatchObject({
      name: `lambda-${FN}`, revokeRulesOnDelete: true,
      vpcIdSelector: { matchLabels: { 'platform.secure-baseline.io/network': 'core', [COMPONENT]: 'vpc' } },
    });
    expect(fp(r['security-group']).ingress).toBeUndefined();
    expect(fp(r['security-group']).egress).toBeUndefined();
    expect(Object.values(r).filter((x) => x.kind === 'SecurityGroupIngressRule')).toEqual([]);
    const egress = Object.values(r).filter((x) => x.kind === 'SecurityGroupEgressRule');
    expect(egress.map(fp)).toEqual([expect.objectContaining({
      cidrIpv4: '0.0.0.0/0', ipProtocol: 'tcp', fromPort: 443, toPort: 443,
      securityGroupIdSelector: { matchControllerRef: true, matchLabels: { [COMPONENT]: 'security-group' } },
    })]);
  });

  it('encrypts environment variables with the CMK, traces actively, logs JSON to its own log group', () => {
    const f = fp(compose(everything, ALL_READY).resources.function);
    expect(f).toMatchObject({
      packageType: 'Zip', runtime: 'python3.13', handler: 'app.handler', s3Bucket: 'team-a-artifacts', s3Key: 'ingest/ingest-1.0.0.zip',
      environment: { variables: { OUTPUT_TABLE_NAME: 'dev-orders', API_KEY_SECRET_ARN: SECRET_ARN } },
      kmsKeyArn: KEY_ARN,
      tracingConfig: { mode: 'Active' },
      loggingConfig: { logFormat: 'JSON', logGroupSelector: { matchControllerRef: true, matchLabels: { [COMPONENT]: 'log-group' } }, applicationLogLevel: 'INFO', systemLogLevel: 'INFO' },
      deadLetterConfig: { targetArn: TOPIC_ARN },
      roleSelector: { matchControllerRef: true, matchLabels: { [COMPONENT]: 'role' } },
      architectures: ['x86_64'], memorySize: 256, timeout: 30,
    });
    // Without variables there is nothing to encrypt, and Lambda would not keep the key (endless updates).
    const bare = fp(compose(base, keyOf({ keyArn: KEY_ARN })).resources.function);
    expect(bare.environment).toBeUndefined();
    expect(bare.kmsKeyArn).toBeUndefined();
  });

  it('an image function names its image and no runtime or handler', () => {
    const f = fp(compose(image, keyOf({ keyArn: KEY_ARN })).resources.function);
    expect(f).toMatchObject({ packageType: 'Image', imageUri: image.code.imageUri });
    expect([f.runtime, f.handler, f.s3Bucket]).toEqual([undefined, undefined, undefined]);
  });

  it('names the function after the XR, labels it for SecureApi, and computes its ARN', () => {
    const fn = compose(base, keyOf({ keyArn: KEY_ARN })).resources.function;
    expect(fn.metadata?.annotations?.['crossplane.io/external-name']).toBe(FN);
    expect(fn.metadata?.labels).toMatchObject({ [SECURE_FUNCTION_LABEL]: 'ingest', [COMPONENT]: 'function', 'platform.secure-baseline.io/kind': 'securefunction' });
    expect(SECURE_FUNCTION_LABEL).toBe('platform.secure-baseline.io/secure-function');
    expect(functionNameOf('ingest', { environment: 'dev' })).toBe(FN);
    expect(functionNameOf('ingest', { environment: 'dev', functionName: 'custom' })).toBe('custom');
    expect(functionArnOf('ingest', { environment: 'dev', region: 'us-east-1', accountId: ACCOUNT })).toBe(FN_ARN);
  });

  it.each([
    ['dev default', base, 90],
    ['prod default', prod, 365],
    ['explicit', { ...prod, logRetentionDays: 731 }, 731],
  ])('the log group /aws/lambda/<function> is encrypted with the CMK and expires (%s)', (_n, spec, days) => {
    const g = compose(spec, keyOf({ keyArn: KEY_ARN })).resources['log-group'];
    expect(g.metadata?.annotations?.['crossplane.io/external-name']).toBe(`/aws/lambda/${spec === base ? FN : 'prod-ingest'}`);
    expect(fp(g)).toMatchObject({ kmsKeyId: KEY_ARN, retentionInDays: days });
  });

  it('the execution role trusts only Lambda for this account, for an hour, with an optional boundary and no managed policies', () => {
    const role = fp(compose(base).resources.role);
    expect(JSON.parse(role.assumeRolePolicy)).toEqual({
      Version: '2012-10-17',
      Statement: [{ Sid: 'LambdaAssumesRoleForThisAccount', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } } }],
    });
    expect(role).toMatchObject({ maxSessionDuration: 3600, path: '/', forceDetachPolicies: true });
    expect(role.managedPolicyArns).toBeUndefined();
    expect(role.permissionsBoundary).toBeUndefined();
    const boundary = `arn:aws:iam::${ACCOUNT}:policy/lambda-boundary`;
    expect(fp(compose({ ...base, permissionsBoundaryArn: boundary }).resources.role).permissionsBoundary).toBe(boundary);
    expect(compose(base).resources.role.metadata?.annotations?.['crossplane.io/external-name']).toBe(FN);
    expect(secureFunctionApi.managedResources.map((m) => m.kind)).not.toContain('RolePolicyAttachment');
  });

  it('the role policy: the baseline and every declared permission, explicit actions on explicit ARNs', () => {
    const out = compose(everything, ALL_READY);
    const viaS3 = { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } };
    const viaDynamodb = { StringEquals: { 'kms:ViaService': 'dynamodb.us-east-1.amazonaws.com' } };
    const ec2 = (t: string) => `arn:aws:ec2:us-east-1:${ACCOUNT}:${t}/*`;
    expect(statements(out)).toEqual([
      { Sid: 'WriteOwnLogStreams', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: [`${LOG_GROUP_ARN}:*`] },
      { Sid: 'DescribeNetworkInterfaces', Effect: 'Allow', Action: ['ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets'], Resource: ['*'] },
      {
        Sid: 'CreateNetworkInterfacesInOwnVpc', Effect: 'Allow', Action: ['ec2:CreateNetworkInterface'],
        Resource: [ec2('network-interface'), ec2('security-group'), ec2('subnet')], Condition: { ArnEquals: { 'ec2:Vpc': VPC_ARN } },
      },
      { Sid: 'ManageNetworkInterfaces', Effect: 'Allow', Action: ['ec2:DeleteNetworkInterface', 'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses'], Resource: [ec2('network-interface')] },
      { Sid: 'WriteTraces', Effect: 'Allow', Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Resource: ['*'] },
      { Sid: 'DecryptWithFunctionKey', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: [KEY_ARN] },
      { Sid: 'EncryptDeadLetterMessages', Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: [KEY_ARN], Condition: { StringEquals: { 'kms:ViaService': 'sns.us-east-1.amazonaws.com' } } },
      { Sid: 'PublishToDeadLetterTopic', Effect: 'Allow', Action: ['sns:Publish'], Resource: [TOPIC_ARN] },
      { Sid: 'ReadBucketObjects', Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObjectVersion'], Resource: ['arn:aws:s3:::uploads-bucket/*'] },
      { Sid: 'ListReadBuckets', Effect: 'Allow', Action: ['s3:ListBucket'], Resource: ['arn:aws:s3:::uploads-bucket'] },
      { Sid: 'WriteBucketObjects', Effect: 'Allow', Action: ['s3:PutObject', 's3:AbortMultipartUpload'], Resource: ['arn:aws:s3:::results-bucket/*'] },
      { Sid: 'DecryptBucketObjects', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: [BUCKET_KEY_ARN], Condition: viaS3 },
      { Sid: 'EncryptBucketObjects', Effect: 'Allow', Action: ['kms:GenerateDataKey'], Resource: [BUCKET_KEY_ARN], Condition: viaS3 },
      {
        Sid: 'ReadTables', Effect: 'Allow',
        Action: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:ConditionCheckItem', 'dynamodb:DescribeTable'],
        Resource: [TABLE_ARN, `${TABLE_ARN}/index/*`],
      },
      { Sid: 'WriteTables', Effect: 'Allow', Action: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'dynamodb:ConditionCheckItem'], Resource: [TABLE_ARN] },
      { Sid: 'DecryptTableItems', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: [TABLE_KEY_ARN], Condition: viaDynamodb },
      { Sid: 'EncryptTableItems', Effect: 'Allow', Action: ['kms:Encrypt', 'kms:GenerateDataKey'], Resource: [TABLE_KEY_ARN], Condition: viaDynamodb },
      { Sid: 'ReadSecrets', Effect: 'Allow', Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Resource: [SECRET_ARN] },
      { Sid: 'DecryptSecrets', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: [SECRET_KEY_ARN], Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } } },
      { Sid: 'DecryptWithDeclaredKeys', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: [APP_KEY_ARN] },
      { Sid: 'InvokeFunctions', Effect: 'Allow', Action: ['lambda:InvokeFunction'], Resource: [NOTIFY_ARN] },
      {
        Sid: 'RotateSecrets', Effect: 'Allow',
        Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue', 'secretsmanager:UpdateSecretVersionStage'],
        Resource: [ROTATED_SECRET_ARN],
      },
      { Sid: 'GenerateRandomPasswords', Effect: 'Allow', Action: ['secretsmanager:GetRandomPassword'], Resource: ['*'] },
      { Sid: 'UseKeysOfRotatedSecrets', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: [SECRET_KEY_ARN], Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } } },
      { Sid: 'ReadDatabaseSecrets', Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: [DB_SECRET_ARN] },
      { Sid: 'DecryptDatabaseSecrets', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: [DB_KEY_ARN], Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } } },
    ]);
    expect(condition(out, 'PermissionsResolved')).toMatchObject({ status: 'True' });
  });

  it('tables: the KMS use of each table\'s key, through DynamoDB only: Decrypt to read, also Encrypt and GenerateDataKey to write', () => {
    const viaDynamodb = { StringEquals: { 'kms:ViaService': 'dynamodb.us-east-1.amazonaws.com' } };
    const otherArn = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/dev-audit`;
    const otherKey = `arn:aws:kms:us-east-1:${ACCOUNT}:key/audit-key`;
    const world = {
      ...keyOf({ keyArn: KEY_ARN }), ...networkOf({ vpcId: VPC_ID }),
      'table-orders': ALL_READY['table-orders'],
      'table-audit': xrOf('SecureTable', 'audit', {}, { tableArn: otherArn, encryptionKeyArn: otherKey }),
    };
    // Read-only tables: Decrypt only.
    const reading = compose({ ...base, permissions: { readTables: [{ name: 'orders' }, { name: 'audit' }] } }, world);
    expect(sid(reading, 'DecryptTableItems')).toEqual({ Sid: 'DecryptTableItems', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: [otherKey, TABLE_KEY_ARN], Condition: viaDynamodb });
    expect(sid(reading, 'EncryptTableItems')).toBeUndefined();
    // A table written: Encrypt and GenerateDataKey on its key only; Decrypt on every table's key.
    const writing = compose({ ...base, permissions: { readTables: [{ name: 'orders' }], writeTables: [{ name: 'audit' }] } }, world);
    expect(sid(writing, 'DecryptTableItems')?.Resource).toEqual([otherKey, TABLE_KEY_ARN]);
    expect(sid(writing, 'EncryptTableItems')).toEqual({ Sid: 'EncryptTableItems', Effect: 'Allow', Action: ['kms:Encrypt', 'kms:GenerateDataKey'], Resource: [otherKey], Condition: viaDynamodb });
    expect(condition(writing, 'PermissionsResolved')).toMatchObject({ status: 'True' });
    // A table whose key is not reported yet: its items are granted, its key is awaited and said so.
    const unreported = compose({ ...base, permissions: { writeTables: [{ name: 'audit' }] } }, { ...world, 'table-audit': xrOf('SecureTable', 'audit', {}, { tableArn: otherArn }) });
    expect(sid(unreported, 'WriteTables')?.Resource).toEqual([otherArn]);
    expect([sid(unreported, 'DecryptTableItems'), sid(unreported, 'EncryptTableItems')]).toEqual([undefined, undefined]);
    expect(condition(unreported, 'PermissionsResolved')).toMatchObject({ status: 'False', message: expect.stringContaining('SecureTable audit (status.encryptionKeyArn)') });
  });

  it('the function\'s own key: unconditioned Decrypt only when Lambda encrypts environment variables with it; the dead-letter topic\'s use through SNS only', () => {
    const viaSns = { StringEquals: { 'kms:ViaService': 'sns.us-east-1.amazonaws.com' } };
    const bare = compose(base, keyOf({ keyArn: KEY_ARN }));
    expect(statements(bare).filter((x) => list(x.Resource).includes(KEY_ARN))).toEqual([
      { Sid: 'EncryptDeadLetterMessages', Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: [KEY_ARN], Condition: viaSns },
    ]);
    const withVariables = compose({ ...base, environmentVariables: [{ name: 'MODE', value: 'batch' }] }, keyOf({ keyArn: KEY_ARN }));
    expect(statements(withVariables).filter((x) => list(x.Resource).includes(KEY_ARN))).toEqual([
      { Sid: 'DecryptWithFunctionKey', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: [KEY_ARN] },
      { Sid: 'EncryptDeadLetterMessages', Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: [KEY_ARN], Condition: viaSns },
    ]);
    expect(fp(withVariables.resources.function).kmsKeyArn).toBe(KEY_ARN);
  });

  it('no Allow statement has a wildcard action, nor a wildcard resource beyond the listed exceptions', () => {
    const allows = statements(compose(everything, ALL_READY)).filter((s) => s.Effect === 'Allow');
    expect(allows.flatMap((s) => list(s.Action)).filter((a) => a.includes('*'))).toEqual([]);
    const wild = allows.flatMap((s) => list(s.Resource).filter((r) => !isExplicitResource(r)).map((r) => [s.Sid, `Resource ${r}`] as const));
    expect(wild.filter(([sid, w]) => !listedException('RolePolicy', sid, w))).toEqual([]);
    expect(wild.map(([sid]) => sid).sort()).toEqual(['CreateNetworkInterfacesInOwnVpc', 'CreateNetworkInterfacesInOwnVpc', 'CreateNetworkInterfacesInOwnVpc', 'DescribeNetworkInterfaces', 'GenerateRandomPasswords', 'ManageNetworkInterfaces', 'WriteTraces']);
    // No statement allows anything on every resource but the three AWS gives no resource for.
    expect(allows.filter((s) => list(s.Resource).includes('*')).map((s) => s.Sid)).toEqual(['DescribeNetworkInterfaces', 'WriteTraces', 'GenerateRandomPasswords']);
    expect(allows.filter((s) => list(s.Resource).includes('*')).flatMap((s) => list(s.Action))).toEqual(['ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets', 'xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'secretsmanager:GetRandomPassword']);
    // A function that rotates nothing gets no "*" beyond the baseline's.
    const { rotateSecrets: _r, ...others } = everything.permissions;
    expect(statements(compose({ ...everything, permissions: others }, ALL_READY)).filter((s) => list(s.Resource).includes('*')).map((s) => s.Sid)).toEqual(['DescribeNetworkInterfaces', 'WriteTraces']);
  });

  it('leaves out what is not resolved yet, and says what', () => {
    const out = compose(everything, { ...keyOf({}), ...networkOf({}), ...bucketOf('results', { bucketArn: 'arn:aws:s3:::results-bucket' }) });
    expect(statements(out).map((s) => s.Sid)).toEqual([
      'WriteOwnLogStreams', 'DescribeNetworkInterfaces', 'ManageNetworkInterfaces', 'WriteTraces', 'PublishToDeadLetterTopic', 'WriteBucketObjects',
    ]);
    const message = condition(out, 'PermissionsResolved')?.message ?? '';
    expect(condition(out, 'PermissionsResolved')).toMatchObject({ status: 'False', reason: 'WaitingForReferences' });
    for (const m of [
      'EncryptionKey app-key (status.keyArn)', 'Network core (status.vpcId)', 'SecureBucket uploads (not found in namespace team-a)',
      'SecureBucket results (status.encryptionKeyArn)', 'SecureTable orders (not found', 'ManagedSecret api-key (not found', 'EncryptionKey app-key-2 (not found',
      'SecureFunction notify (not found', 'ManagedSecret db-password (not found', 'AuroraDatabase orders-db (not found',
    ]) expect(message).toContain(m);
    expect(sid(out, 'WriteBucketObjects')?.Resource).toEqual(['arn:aws:s3:::results-bucket/*']);
  });

  it('asks Crossplane for every referenced platform resource of its namespace', () => {
    const req = compose(everything).requirements!;
    expect(Object.fromEntries(Object.entries(req).map(([k, r]) => [k, `${r.kind}/${r.namespace}/${r.matchName}`]))).toEqual({
      'encryption-key': 'EncryptionKey/team-a/app-key', network: 'Network/team-a/core',
      'bucket-uploads': 'SecureBucket/team-a/uploads', 'bucket-results': 'SecureBucket/team-a/results', 'table-orders': 'SecureTable/team-a/orders',
      'secret-api-key': 'ManagedSecret/team-a/api-key', 'key-app-key-2': 'EncryptionKey/team-a/app-key-2',
      'function-notify': 'SecureFunction/team-a/notify', 'secret-db-password': 'ManagedSecret/team-a/db-password', 'database-orders-db': 'AuroraDatabase/team-a/orders-db',
    });
    // Once the database is found, its EncryptionKey too (the key of its master user secret).
    expect(compose(everything, ALL_READY).requirements!['key-db-key']).toMatchObject({ kind: 'EncryptionKey', matchName: 'db-key', namespace: 'team-a' });
    for (const r of Object.values(req)) expect(r.apiVersion).toBe('platform.secure-baseline.io/v1alpha1');
  });

  it('the dead-letter topic: encrypted with the CMK, only the role may publish, TLS only; used as DLQ and on-failure destination', () => {
    const out = compose({ ...base, asyncInvocation: { maximumRetryAttempts: 0, maximumEventAgeInSeconds: 600 } }, keyOf({ keyArn: KEY_ARN }));
    expect(out.resources['dead-letter-topic'].metadata?.annotations?.['crossplane.io/external-name']).toBe(`${FN}-dlq`);
    expect(fp(out.resources['dead-letter-topic']).kmsMasterKeyId).toBe(KEY_ARN);
    expect(fp(out.resources['dead-letter-topic-policy']).arnSelector).toEqual({ matchControllerRef: true, matchLabels: { [COMPONENT]: 'dead-letter-topic' } });
    expect(statements(out, 'dead-letter-topic-policy')).toEqual([
      { Sid: 'AllowFunctionRoleToPublish', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sns:Publish', Resource: TOPIC_ARN, Condition: { ArnEquals: { 'aws:PrincipalArn': ROLE_ARN } } },
      { Sid: 'DenyPublishingToEveryoneElse', Effect: 'Deny', Principal: '*', Action: 'sns:Publish', Resource: TOPIC_ARN, Condition: { ArnNotEquals: { 'aws:PrincipalArn': ROLE_ARN } } },
      {
        Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Resource: TOPIC_ARN, Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        Action: ['sns:Publish', 'sns:Subscribe', 'sns:Receive', 'sns:GetTopicAttributes', 'sns:SetTopicAttributes', 'sns:AddPermission', 'sns:RemovePermission', 'sns:DeleteTopic', 'sns:ListSubscriptionsByTopic'],
      },
    ]);
    expect(fp(out.resources['event-invoke-config'])).toEqual({
      region: 'us-east-1', functionName: FN, maximumRetryAttempts: 0, maximumEventAgeInSeconds: 600, destinationConfig: { onFailure: { destination: TOPIC_ARN } },
    });
    expect(fp(out.resources.function).deadLetterConfig).toEqual({ targetArn: TOPIC_ARN });
  });

  it('dead-letter subscriptions: one per endpoint, on the topic, named by endpoint (not position), composed with the topic', () => {
    const spec = { ...base, deadLetterSubscriptions: [ONCALL, HOOK] };
    const out = compose(spec, keyOf({ keyArn: KEY_ARN }));
    const names = [deadLetterSubscriptionName(ONCALL), deadLetterSubscriptionName(HOOK)];
    expect(names.every((n) => /^dead-letter-subscription-[0-9a-f]{12}$/.test(n))).toBe(true);
    expect(Object.keys(out.resources).filter((k) => k.startsWith('dead-letter-subscription-')).sort()).toEqual([...names].sort());
    expect(names.map((n) => [out.resources[n].kind, fp(out.resources[n])])).toEqual([ONCALL, HOOK].map((s) => ['TopicSubscription', {
      region: 'us-east-1', topicArnSelector: { matchControllerRef: true, matchLabels: { [COMPONENT]: 'dead-letter-topic' } }, protocol: s.protocol, endpoint: s.endpoint,
    }]));
    // Reordering the list keeps the names (no new subscription to confirm).
    expect(Object.keys(compose({ ...base, deadLetterSubscriptions: [HOOK, ONCALL] }, keyOf({ keyArn: KEY_ARN })).resources).sort()).toEqual(Object.keys(out.resources).sort());
    // Without the key there is no topic, hence no subscription; without subscriptions (dev default) none.
    expect(Object.keys(compose(spec).resources).filter((k) => k.startsWith('dead-letter-subscription-'))).toEqual([]);
    expect(Object.keys(compose(base, keyOf({ keyArn: KEY_ARN })).resources).filter((k) => k.startsWith('dead-letter-subscription-'))).toEqual([]);
  });

  it('keeps the function once its topic exists, even if the key\'s status is momentarily incomplete', () => {
    const topic = readyManaged(compose(base, keyOf({ keyArn: KEY_ARN })).resources['dead-letter-topic'], { arn: TOPIC_ARN, kmsMasterKeyId: KEY_ARN });
    const out = compose(base, keyOf({}), { 'dead-letter-topic': topic });
    expect(out.resources.function).toBeDefined();
    expect(fp(out.resources['dead-letter-topic']).kmsMasterKeyId).toBe(KEY_ARN);
  });

  it('S3 triggers: S3 of this account may invoke it from that bucket only; the bucket notifies it of new objects', () => {
    const out = compose(everything, ALL_READY);
    expect(fp(out.resources['s3-permission-uploads'])).toEqual({
      region: 'us-east-1', functionNameSelector: { matchControllerRef: true, matchLabels: { [COMPONENT]: 'function' } },
      statementId: 's3-invoke-uploads', action: 'lambda:InvokeFunction', principal: 's3.amazonaws.com',
      sourceArn: 'arn:aws:s3:::uploads-bucket', sourceAccount: ACCOUNT,
    });
    expect(fp(out.resources['s3-notification-uploads'])).toEqual({
      region: 'us-east-1', bucket: 'uploads-bucket',
      lambdaFunction: [
        { id: `${FN}-1`, lambdaFunctionArn: FN_ARN, events: ['s3:ObjectCreated:*'], filterPrefix: 'in/', filterSuffix: '.json' },
        { id: `${FN}-2`, lambdaFunctionArn: FN_ARN, events: ['s3:ObjectCreated:*'], filterPrefix: 'in/', filterSuffix: '.csv' },
      ],
    });
    expect(condition(out, 'TriggersReady')).toMatchObject({ status: 'True', reason: 'Available' });
    expect(condition(compose(base, keyOf({ keyArn: KEY_ARN })), 'TriggersReady')).toMatchObject({ status: 'True', reason: 'NoTriggers' });
  });

  it.each([
    ['a SecureBucket that owns its notification configuration', bucketOf('uploads', bucketReady('uploads'), { eventNotification: { topicArn: TOPIC_ARN } }), 'TriggerConflict', 'sets spec.eventNotification', true],
    ['a SecureBucket of another region', bucketOf('uploads', bucketReady('uploads'), { region: 'eu-west-1' }), 'TriggerConflict', 'S3 invokes functions of its own region only', true],
    ['a SecureBucket not reported yet', bucketOf('uploads'), 'WaitingForTriggers', 'has not reported its bucket name and ARN yet', false],
    ['a SecureBucket not found', { 'bucket-uploads': [] }, 'WaitingForTriggers', 'was not found', false],
  ])('no trigger on %s', (_n, bucket, reason, message, warns) => {
    const out = compose(everything, { ...ALL_READY, ...bucket });
    expect(Object.keys(out.resources).filter((k) => k.startsWith('s3-'))).toEqual([]);
    expect(condition(out, 'TriggersReady')).toMatchObject({ status: 'False', reason, message: expect.stringContaining(message) });
    expect((out.warnings ?? []).some((w) => w.includes(message))).toBe(warns);
  });

  it('invokes other SecureFunctions by the ARN they report, and waits for it', () => {
    const spec = { ...base, permissions: { invokeFunctions: [{ name: 'notify' }, { name: 'audit' }] } };
    const world = { ...keyOf({ keyArn: KEY_ARN }), ...networkOf({ vpcId: VPC_ID }), 'function-notify': ALL_READY['function-notify'], 'function-audit': xrOf('SecureFunction', 'audit', {}, { functionName: 'dev-audit' }) };
    const out = compose(spec, world);
    expect(sid(out, 'InvokeFunctions')).toEqual({ Sid: 'InvokeFunctions', Effect: 'Allow', Action: ['lambda:InvokeFunction'], Resource: [NOTIFY_ARN] });
    expect(condition(out, 'PermissionsResolved')).toMatchObject({ status: 'False', message: expect.stringContaining('SecureFunction audit (status.functionArn)') });
    const auditArn = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:dev-audit`;
    const both = compose(spec, { ...world, 'function-audit': xrOf('SecureFunction', 'audit', {}, { functionArn: auditArn }) });
    expect(sid(both, 'InvokeFunctions')?.Resource).toEqual([auditArn, NOTIFY_ARN]);
    expect(condition(both, 'PermissionsResolved')).toMatchObject({ status: 'True' });
    // Nothing else comes with it: invoking needs no resource of the callee's.
    expect(Object.keys(both.resources).sort()).toEqual(Object.keys(compose(base, world).resources).sort());
  });

  it('rotation: Secrets Manager of this account may invoke the function for the secret it rotates only', () => {
    const out = compose(everything, ALL_READY);
    expect(out.resources['rotation-permission-db-password'].kind).toBe('Permission');
    expect(fp(out.resources['rotation-permission-db-password'])).toEqual({
      region: 'us-east-1', functionNameSelector: { matchControllerRef: true, matchLabels: { [COMPONENT]: 'function' } },
      statementId: 'secretsmanager-rotate-db-password', action: 'lambda:InvokeFunction', principal: 'secretsmanager.amazonaws.com',
      sourceArn: ROTATED_SECRET_ARN, sourceAccount: ACCOUNT,
    });
    expect(condition(out, 'SecretRotationReady')).toMatchObject({ status: 'True', reason: 'Available', message: expect.stringContaining('db-password') });
    // A secret naming this function's role explicitly is as good as one leaving the default.
    expect(condition(compose(everything, { ...ALL_READY, ...rotatedSecretOf({ rotationRoleArn: ROLE_ARN }) }), 'SecretRotationReady')).toMatchObject({ status: 'True' });
    expect(condition(compose(base, keyOf({ keyArn: KEY_ARN })), 'SecretRotationReady')).toMatchObject({ status: 'True', reason: 'NoRotation' });
  });

  it('rotation fits the ManagedSecret: its rotationLambdaArn is functionArnOf, and its policy exempts this function\'s role (roleArnOf) from the write and read denies', () => {
    const rotated = MANAGED_SECRET_EXAMPLES.find((e) => e.spec.rotationLambdaArn)!;
    const rotator = SECURE_FUNCTION_EXAMPLES.find((e) => e.spec.permissions?.rotateSecrets?.some((r) => r.name === rotated.name))!;
    expect(rotated.spec.rotationLambdaArn).toBe(functionArnOf(rotator.name, rotator.spec as SecureFunctionParameters));
    expect(roleArnOf('ingest', { environment: 'dev', accountId: ACCOUNT })).toBe(ROLE_ARN);
    const policy = secretPolicy({ ...rotated.spec, accountId: ACCOUNT, rotationLambdaArn: FN_ARN } as never);
    // By role (aws:PrincipalArn): lambda:SourceFunctionArn is not evaluated in resource-based policies.
    for (const deny of ['DenyReadingTheValueToEveryoneElse', 'DenyWritingTheValueToEveryoneElse']) {
      expect(policy.Statement.find((x) => x.Sid === deny)!.Condition!.StringNotEquals['aws:PrincipalArn']).toContain(ROLE_ARN);
    }
    expect(JSON.stringify(policy)).not.toContain('lambda:SourceFunctionArn');
  });

  it.each([
    ['a secret whose value comes from a Kubernetes Secret', { source: 'KubernetesSecret', rotationLambdaArn: undefined }, 'spec.source KubernetesSecret'],
    ['a secret of another region', { region: 'eu-west-1' }, 'Secrets Manager invokes rotation functions of its own region only'],
    ['a secret rotated by another function', { rotationLambdaArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:other` }, `set it to ${FN_ARN}`],
    ['a secret naming an alias of this function', { rotationLambdaArn: `${FN_ARN}:live` }, 'unqualified'],
    ['a secret naming no function', { rotationLambdaArn: undefined }, 'names no function'],
    ['a secret exempting another role from its denies', { rotationRoleArn: `arn:aws:iam::${ACCOUNT}:role/other` }, `set it to ${ROLE_ARN}`],
  ])('rotation refuses %s: no permission, no rotation statements, a warning and condition', (_n, spec, message) => {
    const out = compose(everything, { ...ALL_READY, ...rotatedSecretOf(spec) });
    expect(out.resources['rotation-permission-db-password']).toBeUndefined();
    expect(statements(out).map((x) => x.Sid).filter((x) => /Rotat|RandomPassword/.test(x))).toEqual([]);
    expect(condition(out, 'SecretRotationReady')).toMatchObject({ status: 'False', reason: 'RotationConflict', message: expect.stringContaining(message) });
    expect(out.warnings).toEqual([expect.stringContaining(message)]);
    // Not a missing reference: the conflict is reported once, as what it is.
    expect(condition(out, 'PermissionsResolved')).toMatchObject({ status: 'True' });
  });

  it('rotation waits for the secret\'s ARN, and the permission for the function', () => {
    const unreported = compose(everything, { ...ALL_READY, ...rotatedSecretOf({}, null) });
    expect(unreported.resources['rotation-permission-db-password']).toBeUndefined();
    expect(sid(unreported, 'RotateSecrets')).toBeUndefined();
    expect(sid(unreported, 'GenerateRandomPasswords')).toBeUndefined();
    expect(condition(unreported, 'SecretRotationReady')).toMatchObject({ status: 'False', reason: 'WaitingForReferences', message: expect.stringContaining('has not reported status.secretArn') });
    expect(condition(unreported, 'PermissionsResolved')?.message).toContain('ManagedSecret db-password (status.secretArn, status.encryptionKeyArn)');
    const noFunction = compose(everything, { ...ALL_READY, ...keyOf({}) });
    expect(noFunction.resources['rotation-permission-db-password']).toBeUndefined();
    expect(sid(noFunction, 'RotateSecrets')?.Resource).toEqual([ROTATED_SECRET_ARN]);
    expect(condition(noFunction, 'SecretRotationReady')).toMatchObject({ status: 'False', reason: 'WaitingForReferences', message: expect.stringContaining('waiting for the function') });
  });

  it('databases: egress from the function\'s group to the database\'s, ingress on the database\'s from the function\'s, on the database port', () => {
    const out = compose(everything, ALL_READY);
    const own = { matchControllerRef: true, matchLabels: { [COMPONENT]: 'security-group' } };
    expect(out.resources['egress-database-orders-db'].kind).toBe('SecurityGroupEgressRule');
    expect(fp(out.resources['egress-database-orders-db'])).toEqual({
      region: 'us-east-1', securityGroupIdSelector: own, referencedSecurityGroupId: DB_SG,
      ipProtocol: 'tcp', fromPort: 5432, toPort: 5432, description: 'To AuroraDatabase orders-db on port 5432', tags: expect.any(Object),
    });
    expect(out.resources['ingress-database-orders-db'].kind).toBe('SecurityGroupIngressRule');
    expect(fp(out.resources['ingress-database-orders-db'])).toEqual({
      region: 'us-east-1', securityGroupId: DB_SG, referencedSecurityGroupIdSelector: own,
      ipProtocol: 'tcp', fromPort: 5432, toPort: 5432, description: `From Lambda function ${FN} (SecureFunction ingest) on port 5432`, tags: expect.any(Object),
    });
    // Nothing opened to a CIDR, and the HTTPS egress is unchanged.
    const rules = Object.values(out.resources).filter((r) => r.kind.startsWith('SecurityGroup') && r.kind.endsWith('Rule'));
    expect(rules.filter((r) => fp(r).cidrIpv4 && fp(r).fromPort !== 443)).toEqual([]);
    expect(out.resources['database-usage-orders-db'].spec).toMatchObject({ of: { kind: 'AuroraDatabase', resourceRef: { name: 'orders-db' } }, by: { kind: 'SecureFunction', resourceRef: { name: 'ingest' } } });
    expect(condition(out, 'DatabasesConnected')).toMatchObject({ status: 'True', reason: 'Available', message: expect.stringContaining('orders-db (port 5432)') });
    expect(condition(compose(base, keyOf({ keyArn: KEY_ARN })), 'DatabasesConnected')).toMatchObject({ status: 'True', reason: 'NoDatabases' });
    // A MySQL database: its own port.
    const mysql = compose(everything, { ...ALL_READY, ...databaseOf({ ...DB_READY, port: 3306 }) });
    expect([fp(mysql.resources['egress-database-orders-db']).fromPort, fp(mysql.resources['ingress-database-orders-db']).toPort]).toEqual([3306, 3306]);
  });

  it.each([
    ['no security group id yet', { ...DB_READY, securityGroupId: undefined }, ['status.securityGroupId'], true],
    ['nothing reported yet', null, ['status.securityGroupId and status.port'], false],
  ])('databases: leaves the network path out until the database reports it (%s), and says what is missing', (_n, status, awaited, secretKnown) => {
    const out = compose(everything, { ...ALL_READY, ...databaseOf(status as Record<string, unknown> | null) });
    expect(Object.keys(out.resources).filter((k) => k.includes('-database-'))).toEqual([]);
    expect(out.resources['database-usage-orders-db']).toBeDefined();
    expect(condition(out, 'DatabasesConnected')).toMatchObject({ status: 'False', reason: 'WaitingForReferences', message: `AuroraDatabase orders-db has not reported ${awaited[0]} yet` });
    expect(sid(out, 'ReadDatabaseSecrets')?.Resource).toEqual(secretKnown ? [DB_SECRET_ARN] : undefined);
    if (!secretKnown) expect(condition(out, 'PermissionsResolved')?.message).toContain('AuroraDatabase orders-db (status.masterUserSecretArn)');
    expect(out.warnings).toBeUndefined();
  });

  it('databases: the master secret\'s key is the database\'s EncryptionKey, granted once it reports its ARN', () => {
    const out = compose(everything, { ...ALL_READY, 'key-db-key': xrOf('EncryptionKey', 'db-key', {}, {}) });
    expect(sid(out, 'ReadDatabaseSecrets')?.Resource).toEqual([DB_SECRET_ARN]);
    expect(sid(out, 'DecryptDatabaseSecrets')).toBeUndefined();
    expect(condition(out, 'PermissionsResolved')?.message).toContain('EncryptionKey db-key (status.keyArn)');
  });

  it('databases: refuses a database of another Network (security groups of different VPCs cannot admit each other)', () => {
    const out = compose(everything, { ...ALL_READY, ...databaseOf(DB_READY, { networkRef: { name: 'other' } }) });
    expect(Object.keys(out.resources).filter((k) => k.includes('-database-'))).toEqual([]);
    expect([sid(out, 'ReadDatabaseSecrets'), sid(out, 'DecryptDatabaseSecrets')]).toEqual([undefined, undefined]);
    expect(condition(out, 'DatabasesConnected')).toMatchObject({ status: 'False', reason: 'DatabaseConflict', message: expect.stringContaining('is in Network other, the function in Network core') });
    expect(out.warnings).toEqual([expect.stringContaining('is in Network other')]);
  });

  it.each([
    ['dev', everything, ALL_READY, ['*'], false],
    ['prod', { ...everything, ...PROD_COMMON, reservedConcurrency: 25, deadLetterSubscriptions: [ONCALL], code: prod.code }, { ...ALL_READY, ...rotatedSecretOf({ rotationLambdaArn: PROD_FN_ARN }) }, NO_DELETE, true],
  ])('%s: every managed resource gets the management policies of its tier (access grants: always full), the provider config and the tags', (_n, spec, world, want, protectedLogs) => {
    const out = compose({ ...spec, deadLetterSubscriptions: [ONCALL] }, world);
    const untagged = ['RolePolicy', 'TopicPolicy', 'FunctionEventInvokeConfig', 'Permission', 'BucketNotification', 'TopicSubscription'];
    // Removing a database, a rotated secret or a dead-letter subscriber from the spec must revoke the access in prod too.
    const accessGrants = [...ACCESS.filter((n) => !n.endsWith('-usage')), deadLetterSubscriptionName(ONCALL)];
    expect(accessGrants.filter((n) => !out.resources[n])).toEqual([]);
    for (const [n, r] of Object.entries(out.resources)) {
      if (r.kind === 'Usage') continue;
      expect([n, r.spec.managementPolicies]).toEqual([n, accessGrants.includes(n) ? ['*'] : want]);
      expect([n, r.spec.providerConfigRef]).toEqual([n, { kind: 'ClusterProviderConfig', name: 'default' }]);
      if (!untagged.includes(r.kind)) expect([n, fp(r).tags]).toEqual([n, expect.objectContaining({ ManagedBy: 'crossplane/secure-baseline', Environment: spec.environment })]);
    }
    expect(fp(out.resources['log-group']).deletionProtectionEnabled).toBe(protectedLogs);
  });

  it('reserved concurrency: none outside prod unless set (a reservation must leave 10 unreserved in the account), as set otherwise', () => {
    const dev = fp(compose(base, keyOf({ keyArn: KEY_ARN })).resources.function);
    expect('reservedConcurrentExecutions' in dev).toBe(false);
    expect(fp(compose({ ...base, reservedConcurrency: 5 }, keyOf({ keyArn: KEY_ARN })).resources.function).reservedConcurrentExecutions).toBe(5);
    expect(fp(compose(prod, keyOf({ keyArn: KEY_ARN })).resources.function).reservedConcurrentExecutions).toBe(25);
  });

  it('keeps the encryption key and the network from being deleted while the function exists', () => {
    const r = compose(base).resources;
    expect(r['encryption-key-usage'].spec).toMatchObject({ of: { kind: 'EncryptionKey', resourceRef: { name: 'app-key' } }, by: { kind: 'SecureFunction', resourceRef: { name: 'ingest' } }, replayDeletion: true });
    expect(r['network-usage'].spec).toMatchObject({ of: { kind: 'Network', resourceRef: { name: 'core' } }, by: { kind: 'SecureFunction', resourceRef: { name: 'ingest' } }, replayDeletion: true });
  });

  it('reports names at once, ARNs and ids once observed', () => {
    expect(compose(base).status).toEqual({ functionName: FN, logGroupName: `/aws/lambda/${FN}` });
    const desired = compose(base, keyOf({ keyArn: KEY_ARN })).resources;
    const observed = {
      function: readyManaged(desired.function, { arn: FN_ARN }),
      role: readyManaged(desired.role, { arn: ROLE_ARN }),
      'security-group': readyManaged(desired['security-group'], { id: 'sg-0123456789abcdef0' }),
      'dead-letter-topic': readyManaged(desired['dead-letter-topic'], { arn: TOPIC_ARN, kmsMasterKeyId: KEY_ARN }),
    };
    const out = compose(base, keyOf({ keyArn: KEY_ARN }), observed);
    expect(out.status).toEqual({
      functionName: FN, functionArn: FN_ARN, roleArn: ROLE_ARN, securityGroupId: 'sg-0123456789abcdef0',
      logGroupName: `/aws/lambda/${FN}`, deadLetterTopicArn: TOPIC_ARN, encryptionKeyArn: KEY_ARN,
    });
    expect(condition(out, 'EncryptionKeyReady')).toMatchObject({ status: 'True' });
    expect(condition(compose(base, keyOf({})), 'EncryptionKeyReady')).toMatchObject({ status: 'False', message: expect.stringContaining('composed once it does') });
  });

  it('warns when the key does not admit Lambda or CloudWatch Logs, and when a secret does not admit the role', () => {
    expect(compose(base, keyOf({}, ['s3'])).warnings).toEqual([
      expect.stringContaining('does not list lambda'), expect.stringContaining('does not list logs'),
    ]);
    expect(compose(base, keyOf({}, ['lambda', 'logs'])).warnings).toBeUndefined();
    const other = { 'secret-api-key': xrOf('ManagedSecret', 'api-key', { allowedRoleArns: [`arn:aws:iam::${ACCOUNT}:role/other`] }, { secretArn: SECRET_ARN, encryptionKeyArn: SECRET_KEY_ARN }) };
    expect(compose(everything, { ...ALL_READY, ...other }).warnings).toEqual([expect.stringContaining(`does not list ${ROLE_ARN} in spec.allowedRoleArns`)]);
  });

  const tooBig = Array.from({ length: 5 }, (_, i) => ({ name: `VALUE_${i}`, value: 'x'.repeat(900) }));
  it.each([
    ['code from both S3 and an image', { ...base, code: { ...base.code, imageUri: image.code.imageUri } }, 'spec.code'],
    ['no code', { ...base, code: {} }, 'spec.code'],
    ['a deprecated runtime (nodejs18.x)', { ...base, runtime: 'nodejs18.x' }, 'spec.runtime'],
    ['a deprecated runtime (python3.9)', { ...base, runtime: 'python3.9' }, 'spec.runtime'],
    ['a runtime deprecated by the review date (nodejs20.x)', { ...base, runtime: 'nodejs20.x' }, 'spec.runtime'],
    ['a runtime deprecated by the review date (dotnet8)', { ...base, runtime: 'dotnet8' }, 'spec.runtime'],
    ['a runtime deprecated by the review date (provided.al2)', { ...base, runtime: 'provided.al2' }, 'spec.runtime'],
    ['a zip without runtime', { ...base, runtime: undefined }, 'spec.runtime'],
    ['a zip without handler', { ...base, handler: undefined }, 'spec.handler'],
    ['an image with a runtime', { ...image, runtime: 'python3.13' }, 'spec.runtime'],
    ['an image that is not in ECR', { ...image, code: { imageUri: 'docker.io/library/python:3.13' } }, 'spec.code.imageUri'],
    ['an image of another region', { ...image, code: { imageUri: `${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/team-a/ingest:1.0` } }, 'spec.code.imageUri'],
    ['an image by tag in prod', { ...prod, runtime: undefined, handler: undefined, code: { imageUri: `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/team-a/ingest:1.0` } }, 'spec.code.imageUri'],
    ['an unversioned package in prod', { ...prod, code: base.code }, 'spec.code.s3.objectVersion'],
    ['prod without reserved concurrency', { ...prod, reservedConcurrency: undefined }, 'spec.reservedConcurrency'],
    ['prod without a dead-letter subscriber', { ...prod, deadLetterSubscriptions: [] }, 'spec.deadLetterSubscriptions'],
    ['prod with the dead-letter subscribers left out', { ...prod, deadLetterSubscriptions: undefined }, 'spec.deadLetterSubscriptions'],
    ['a dead-letter subscriber over plain HTTP', { ...base, deadLetterSubscriptions: [{ protocol: 'http', endpoint: 'http://hooks.example.com/x' }] }, 'spec.deadLetterSubscriptions[0].protocol'],
    ['an https subscriber that is not an https URL', { ...base, deadLetterSubscriptions: [{ protocol: 'https', endpoint: 'http://hooks.example.com/x' }] }, 'spec.deadLetterSubscriptions[0].endpoint'],
    ['an email subscriber that is not an address', { ...base, deadLetterSubscriptions: [{ protocol: 'email', endpoint: 'oncall' }] }, 'spec.deadLetterSubscriptions[0].endpoint'],
    ['an SQS queue as subscriber', { ...base, deadLetterSubscriptions: [{ protocol: 'sqs', endpoint: `arn:aws:sqs:us-east-1:${ACCOUNT}:q` }] }, 'spec.deadLetterSubscriptions[0].protocol'],
    ['a dead-letter subscriber twice', { ...base, deadLetterSubscriptions: [ONCALL, ONCALL] }, 'spec.deadLetterSubscriptions'],
    ['more than 10 dead-letter subscribers', { ...base, deadLetterSubscriptions: Array.from({ length: 11 }, (_, i) => ({ protocol: 'email', endpoint: `a${i}@example.com` })) }, 'spec.deadLetterSubscriptions'],
    ['a dead-letter subscriber without endpoint', { ...base, deadLetterSubscriptions: [{ protocol: 'email' }] }, 'spec.deadLetterSubscriptions[0].endpoint'],
    ['prod without deletion protection', { ...prod, deletionProtection: false }, 'spec.deletionProtection'],
    ['reserved concurrency 0 (a disabled function)', { ...base, reservedConcurrency: 0 }, 'spec.reservedConcurrency'],
    ['a timeout over 15 minutes', { ...base, timeout: 901 }, 'spec.timeout'],
    ['memory under 128 MB', { ...base, memorySize: 64 }, 'spec.memorySize'],
    ['memory over 10240 MB', { ...base, memorySize: 20480 }, 'spec.memorySize'],
    ['a retention CloudWatch does not offer', { ...base, logRetentionDays: 100 }, 'spec.logRetentionDays'],
    ['a retention under a year in prod', { ...prod, logRetentionDays: 90 }, 'spec.logRetentionDays'],
    ['more than 2 retries', { ...base, asyncInvocation: { maximumRetryAttempts: 3 } }, 'spec.asyncInvocation.maximumRetryAttempts'],
    ['an event age over 6 hours', { ...base, asyncInvocation: { maximumEventAgeInSeconds: 30000 } }, 'spec.asyncInvocation.maximumEventAgeInSeconds'],
    ['a reserved environment variable', { ...base, environmentVariables: [{ name: 'AWS_REGION', value: 'eu-west-1' }] }, 'spec.environmentVariables[0].name'],
    ['AWS credentials as variables', { ...base, environmentVariables: [{ name: 'A1', value: 'a' }, { name: 'AWS_SECRET_ACCESS_KEY', value: 'x' }] }, 'spec.environmentVariables[1].name'],
    ['a secret-looking variable', { ...base, environmentVariables: [{ name: 'DB_PASSWORD', value: 'hunter2' }] }, 'spec.environmentVariables[0].name'],
    ['an API key variable', { ...base, environmentVariables: [{ name: 'stripe_api_key', value: 'sk_live_x' }] }, 'spec.environmentVariables[0].name'],
    ['an access key id as a value', { ...base, environmentVariables: [{ name: 'UPSTREAM', value: 'AKIAIOSFODNN7EXAMPLE' }] }, 'spec.environmentVariables[0].value'],
    ['a private key as a value', { ...base, environmentVariables: [{ name: 'CERT', value: '-----BEGIN RSA PRIVATE KEY-----\nMIIE' }] }, 'spec.environmentVariables[0].value'],
    ['an invalid variable name', { ...base, environmentVariables: [{ name: 'my-var', value: 'x' }] }, 'spec.environmentVariables[0].name'],
    ['a variable set twice', { ...base, environmentVariables: [{ name: 'X1', value: 'a' }, { name: 'X1', value: 'b' }] }, 'spec.environmentVariables[1].name'],
    ['a variable without value', { ...base, environmentVariables: [{ name: 'X1' }] }, 'spec.environmentVariables[0].value'],
    ['more than 50 variables', { ...base, environmentVariables: Array.from({ length: 51 }, (_, i) => ({ name: `V${i}`, value: 'x' })) }, 'spec.environmentVariables'],
    ['variables over 4 KB in total', { ...base, environmentVariables: tooBig }, 'spec.environmentVariables'],
    ['a function name Lambda refuses', { ...base, functionName: 'my.function' }, 'spec.functionName'],
    ['a bucket named twice', { ...base, permissions: { readBuckets: [{ name: 'a' }, { name: 'a' }] } }, 'spec.permissions.readBuckets'],
    ['more than 10 tables', { ...base, permissions: { readTables: Array.from({ length: 11 }, (_, i) => ({ name: `t${i}` })) } }, 'spec.permissions.readTables'],
    ['a reference that is not a resource name', { ...base, permissions: { readSecrets: [{ name: 'My_Secret' }] } }, 'spec.permissions.readSecrets[0].name'],
    ['raw ARNs instead of references', { ...base, permissions: { readBuckets: ['arn:aws:s3:::x'] } }, 'spec.permissions.readBuckets[0]'],
    ['an unknown permission', { ...base, permissions: { adminAccess: true } }, 'spec.permissions.adminAccess'],
    ['a function invoking itself', { ...base, permissions: { invokeFunctions: [{ name: 'other' }, { name: 'ingest' }] } }, 'spec.permissions.invokeFunctions[1].name'],
    ['a function to invoke named twice', { ...base, permissions: { invokeFunctions: [{ name: 'a' }, { name: 'a' }] } }, 'spec.permissions.invokeFunctions'],
    ['a function to invoke by ARN', { ...base, permissions: { invokeFunctions: [{ name: NOTIFY_ARN }] } }, 'spec.permissions.invokeFunctions[0].name'],
    ['a secret both read and rotated', { ...base, permissions: { readSecrets: [{ name: 'a' }, { name: 'b' }], rotateSecrets: [{ name: 'b' }] } }, 'spec.permissions.rotateSecrets'],
    ['a secret to rotate named twice', { ...base, permissions: { rotateSecrets: [{ name: 'a' }, { name: 'a' }] } }, 'spec.permissions.rotateSecrets'],
    ['a secret to rotate without a name', { ...base, permissions: { rotateSecrets: [{}] } }, 'spec.permissions.rotateSecrets[0].name'],
    ['more than 10 databases', { ...base, permissions: { connectDatabases: Array.from({ length: 11 }, (_, i) => ({ name: `db${i}` })) } }, 'spec.permissions.connectDatabases'],
    ['a database by security group id', { ...base, permissions: { connectDatabases: [{ name: 'orders', securityGroupId: DB_SG }] } }, 'spec.permissions.connectDatabases[0].securityGroupId'],
    ['overlapping triggers on one bucket', { ...base, triggers: { s3: [{ bucketRef: { name: 'u' }, prefix: 'in/' }, { bucketRef: { name: 'u' }, prefix: 'in/a/' }] } }, 'spec.triggers.s3[1]'],
    ['a boundary that is not a policy ARN', { ...base, permissionsBoundaryArn: `arn:aws:iam::${ACCOUNT}:role/x` }, 'spec.permissionsBoundaryArn'],
    ['an unknown architecture', { ...base, architecture: 'riscv' }, 'spec.architecture'],
    ['no network', { ...base, networkRef: undefined }, 'spec.networkRef'],
  ])('rejects %s', (_n, spec, field) => {
    expect(() => compose(spec)).toThrow(InputError);
    expect(() => compose(spec)).toThrow(field);
  });

  it.each([
    ['over 64 characters', 'x'.repeat(61)],
    ['with a dot', 'my.function'],
  ])('rejects a default function name %s (<environment>-<name>), asking for spec.functionName', (_n, name) => {
    expect(() => compose(base, {}, {}, name)).toThrow(InputError);
    expect(() => compose(base, {}, {}, name)).toThrow('spec.functionName');
    expect(() => compose({ ...base, functionName: 'short' }, {}, {}, name)).not.toThrow();
  });

  it('rejects permissions whose policy would exceed IAM\'s inline policy size', () => {
    const tables = Array.from({ length: 10 }, (_, i) => ({ name: `t${i}` }));
    const world: World = { ...ALL_READY };
    for (const t of tables) world[`table-${t.name}`] = xrOf('SecureTable', t.name, {}, { tableArn: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/${t.name}-${'x'.repeat(240)}` });
    const spec = { ...base, permissions: { readTables: tables, writeTables: tables } };
    expect(() => compose(spec, world)).toThrow(InputError);
    expect(() => compose(spec, world)).toThrow('spec.permissions');
    expect(() => compose({ ...spec, permissions: { readTables: tables.slice(0, 3) } }, world)).not.toThrow();
  });

  it('accepts pointers to secrets and non-overlapping triggers on one bucket', () => {
    expect(() => compose({ ...base, environmentVariables: [{ name: 'DB_PASSWORD_SECRET_ARN', value: SECRET_ARN }, { name: 'API_TOKEN_NAME', value: 'prod/token' }, { name: 'AWS_LAMBDA_EXEC_WRAPPER', value: '/opt/wrapper' }] })).not.toThrow();
    expect(() => compose({ ...base, triggers: { s3: [{ bucketRef: { name: 'u' }, suffix: '.png' }, { bucketRef: { name: 'u' }, suffix: '.jpg' }, { bucketRef: { name: 'v' } }] } })).not.toThrow();
  });
});

describe('SecureFunction runtimes', () => {
  it(`admits only runtimes AWS has not deprecated on ${REVIEWED_ON}`, () => {
    expect(REVIEWED_ON).toBe('2026-11-23');
    for (const r of SUPPORTED_RUNTIMES) expect([r, RUNTIME_DEPRECATION_DATES[r] > REVIEWED_ON]).toEqual([r, true]);
    expect(secureFunctionApi.specSchema.properties!.runtime.enum).toEqual(SUPPORTED_RUNTIMES);
    expect([...SUPPORTED_RUNTIMES].sort()).toEqual([
      'dotnet10', 'java21', 'java25', 'nodejs22.x', 'nodejs24.x', 'provided.al2023', 'python3.12', 'python3.13', 'python3.14', 'ruby3.3', 'ruby3.4',
    ]);
  });

  it.each(['nodejs18.x', 'python3.9', 'nodejs20.x', 'python3.10', 'python3.11', 'dotnet8', 'provided.al2', 'ruby3.2', 'java17', 'java11', 'java8.al2'])('refuses %s', (r) => {
    expect(SUPPORTED_RUNTIMES).not.toContain(r);
    const date = (RUNTIME_DEPRECATION_DATES as Record<string, string>)[r];
    if (date) expect(date <= REVIEWED_ON).toBe(true);
  });
});

describe('SecureFunction examples', () => {
  const validator = KubeValidator.fromPinnedCrds();
  const NS = 'examples';
  const APIS: Record<string, PlatformApi> = Object.fromEntries([encryptionKeyApi, networkApi, secureBucketApi, secureTableApi, managedSecretApi, secureFunctionApi, auroraDatabaseApi].map((a) => [a.kind, a]));
  /** An example XR of another API, as Crossplane hands it over: its spec and, once reported, its status. */
  function exampleXr(kind: string, examples: readonly { name: string; spec: Record<string, any> }[], name: string, isReady: boolean): KubeObject[] {
    const e = examples.find((x) => x.name === name);
    if (!e) throw new Error(`no ${kind} example ${name}`);
    const xr: KubeObject = xrObject(kind, name, { ...e.spec }, NS);
    if (!isReady) return [xr];
    const api = APIS[kind];
    const keyName = e.spec.encryptionKeyRef?.name as string | undefined;
    const key = (n: string) => exampleXr('EncryptionKey', ENCRYPTION_KEY_EXAMPLES, n, true);
    const out = api.compose({ xr: asXr(xr, parseSpec(api, e.spec)), observed: {}, required: keyName ? { 'encryption-key': key(keyName) } : {} });
    const status: Record<string, unknown> = { ...out.status };
    if (kind === 'EncryptionKey') status.keyArn = `arn:aws:kms:${e.spec.region}:${e.spec.accountId}:key/${name}`;
    if (kind === 'Network') status.vpcId = 'vpc-0123456789abcdef0';
    if (kind === 'ManagedSecret') status.secretArn = `arn:aws:secretsmanager:${e.spec.region}:${e.spec.accountId}:secret:${out.status.secretName}-AbCdEf`;
    if (kind === 'SecureFunction') status.functionArn = functionArnOf(name, e.spec as SecureFunctionParameters);
    if (kind === 'AuroraDatabase') {
      // What the provider reports once the cluster and its security group exist (AuroraDatabase reads them from there).
      status.securityGroupId = 'sg-0123456789abcdef0';
      status.masterUserSecretArn = `arn:aws:secretsmanager:${e.spec.region}:${e.spec.accountId}:secret:rds!cluster-${name}-AbCdEf`;
    }
    return [{ ...xr, status }];
  }
  const sources: Record<string, [string, readonly { name: string; spec: Record<string, any> }[]]> = {
    bucket: ['SecureBucket', SECURE_BUCKET_EXAMPLES], table: ['SecureTable', SECURE_TABLE_EXAMPLES], secret: ['ManagedSecret', MANAGED_SECRET_EXAMPLES], key: ['EncryptionKey', ENCRYPTION_KEY_EXAMPLES],
    function: ['SecureFunction', SECURE_FUNCTION_EXAMPLES], database: ['AuroraDatabase', AURORA_DATABASE_EXAMPLES],
  };
  /** Resolves requirements from the other APIs' examples until they settle, as Crossplane does. */
  function composeExample(name: string, isReady: boolean) {
    const example = SECURE_FUNCTION_EXAMPLES.find((e) => e.name === name)!;
    const spec = parseSpec<SecureFunctionParameters>(secureFunctionApi, example.spec);
    const xr = asXr(xrObject('SecureFunction', name, { ...example.spec }, NS), spec);
    const required: World = {};
    for (;;) {
      const out = secureFunctionApi.compose({ xr, observed: {}, required });
      const missing = Object.entries(out.requirements ?? {}).filter(([k]) => !(k in required));
      if (!missing.length) return { out, spec };
      for (const [k, r] of missing) {
        const [kind, examples] = k === 'encryption-key' ? sources.key : k === 'network' ? ['Network', NETWORK_EXAMPLES] as const : sources[k.split('-')[0]];
        expect(r.kind).toBe(kind);
        required[k] = exampleXr(kind, examples as never, r.matchName, isReady);
      }
    }
  }

  it('every reference names another API\'s example', () => {
    for (const e of SECURE_FUNCTION_EXAMPLES) expect(() => composeExample(e.name, false)).not.toThrow();
  });

  it('the examples show each kind of permission', () => {
    const declared = new Set(SECURE_FUNCTION_EXAMPLES.flatMap((e) => Object.entries(e.spec.permissions ?? {}).filter(([, v]) => v?.length).map(([k]) => k)));
    expect([...declared].sort()).toEqual(Object.keys(secureFunctionApi.specSchema.properties!.permissions.properties!).sort());
  });

  it.each(SECURE_FUNCTION_EXAMPLES.flatMap((e) => [[e.name, false], [e.name, true]] as const))('%s (references ready: %s): every composed resource is valid as Crossplane creates it', (name, isReady) => {
    const { out, spec } = composeExample(name, isReady);
    const created = Object.values(out.resources).map((r) => ({ ...r, metadata: { ...r.metadata, namespace: NS, generateName: `${name}-` } }));
    expect(created.length).toBeGreaterThanOrEqual(isReady ? 11 : 6);
    expect(created.flatMap((r) => validator.validate(r)).map((i) => `${i.object}: ${i.path}: ${i.message}`)).toEqual([]);
    if (isReady) {
      expect(out.resources.function).toBeDefined();
      expect(condition(out, 'PermissionsResolved')).toMatchObject({ status: 'True' });
      // Every trigger bucket gets its notification: no example triggers on a bucket that owns its notifications.
      const triggerBuckets = [...new Set((spec.triggers.s3 ?? []).map((t) => t.bucketRef.name))];
      expect(triggerBuckets.filter((b) => SECURE_BUCKET_EXAMPLES.find((x) => x.name === b)?.spec.eventNotification)).toEqual([]);
      expect(Object.keys(out.resources).filter((k) => k.startsWith('s3-notification-')).sort()).toEqual(triggerBuckets.map((b) => `s3-notification-${b}`).sort());
      expect(condition(out, 'TriggersReady')?.status).toBe('True');
      // Every rotated secret names this example as its rotation function; every database is in its Network.
      expect(condition(out, 'SecretRotationReady')?.status).toBe('True');
      expect(Object.keys(out.resources).filter((k) => k.startsWith('rotation-permission-')).sort()).toEqual((spec.permissions.rotateSecrets ?? []).map((r) => `rotation-permission-${r.name}`).sort());
      expect(condition(out, 'DatabasesConnected')?.status).toBe('True');
      expect(Object.keys(out.resources).filter((k) => k.startsWith('ingress-database-')).sort()).toEqual((spec.permissions.connectDatabases ?? []).map((r) => `ingress-database-${r.name}`).sort());
    }
    // The minimal key admits no service: Lambda and CloudWatch Logs are warned about; the prod key admits both.
    const keyWarnings = ENCRYPTION_KEY_EXAMPLES.find((k) => k.name === spec.encryptionKeyRef.name)!.spec.services ? 0 : 2;
    expect((out.warnings ?? []).filter((w) => w.startsWith('EncryptionKey'))).toHaveLength(keyWarnings);
    expect((out.warnings ?? []).filter((w) => w.startsWith('ManagedSecret'))).toEqual([]);
  });
});
