/**
 * A corpus of invalid claims, shared by the offline gates (test/validation/bad-claims.test.ts: the XRD's schema and
 * CEL as the API server applies them, and the function) and the live API server (test/e2e).
 */
import { PLATFORM_APIS } from '../../compositions';
import { DEV_COMMON, PROD_COMMON } from '../support/xr';

export type Spec = Record<string, unknown>;
const KEY: Spec = { ...DEV_COMMON, description: 'orders' };
const PROD_KEY: Spec = { ...PROD_COMMON, description: 'orders' };
const BUCKET: Spec = { ...DEV_COMMON, encryptionKeyRef: { name: 'orders' } };
const PROD_BUCKET: Spec = { ...PROD_COMMON, encryptionKeyRef: { name: 'orders' }, accessLogRetentionDays: 365 };
const without = (s: Spec, k: string) => Object.fromEntries(Object.entries(s).filter(([x]) => x !== k));
const FUNCTION: Spec = { ...DEV_COMMON, networkRef: { name: 'main' }, encryptionKeyRef: { name: 'orders' }, runtime: 'python3.13', handler: 'app.handler', code: { s3: { bucket: 'artifacts-bucket', key: 'orders.zip' } } };
const API: Spec = { ...DEV_COMMON, encryptionKeyRef: { name: 'orders' }, routes: [{ path: '/orders', method: 'GET', functionRef: { name: 'orders' }, authorization: 'IAM' }] };
const MONITORING: Spec = { ...DEV_COMMON, encryptionKeyRef: { name: 'orders' } };
const GUARDRAILS: Spec = { ...DEV_COMMON, providerRoleArn: 'arn:aws:iam::111111111111:role/crossplane-provider-aws' };
const ENVIRONMENT: Spec = { ...DEV_COMMON, encryptionKeys: [{ name: 'orders', description: 'orders' }] };
const AUDITOR = { trustedAccountId: '999999999999', externalIdSecretRef: { name: 'auditor', key: 'external-id' }, allowedSourceCidrs: ['203.0.113.0/24'] };

/** [what is wrong, kind, spec, field that must be named, words the message must contain] */
export type BadClaimKind = string;
/** The claims of the APIs that keep their bad claims beside them (PlatformApi.badClaims). */
const OWN: Array<[string, BadClaimKind, Spec, string, string]> = PLATFORM_APIS.flatMap((a) => (a.badClaims ?? []).map((b): [string, BadClaimKind, Spec, string, string] => [b.what, a.kind, b.spec, b.field, b.words]));
export const CORPUS: Array<[string, BadClaimKind, Spec, string, string]> = [
  ...OWN,
  ['key deletion window below 7 days', 'EncryptionKey', { ...KEY, deletionWindowInDays: 6 }, 'spec.deletionWindowInDays', '>= 7'],
  ['key deletion window above 30 days', 'EncryptionKey', { ...KEY, deletionWindowInDays: 31 }, 'spec.deletionWindowInDays', '<= 30'],
  ['prod key with a short deletion window', 'EncryptionKey', { ...PROD_KEY, deletionWindowInDays: 7 }, 'spec.deletionWindowInDays', 'must be 30 when tier is prod'],
  ['rotation period below 90 days', 'EncryptionKey', { ...KEY, rotationPeriodInDays: 89 }, 'spec.rotationPeriodInDays', '>= 90'],
  ['rotation period above 2560 days', 'EncryptionKey', { ...KEY, rotationPeriodInDays: 3000 }, 'spec.rotationPeriodInDays', '<= 2560'],
  ['prod key without deletion protection', 'EncryptionKey', { ...PROD_KEY, deletionProtection: false }, 'spec.deletionProtection', 'must be true when tier is prod'],
  ['prod key leaving deletion protection to its default', 'EncryptionKey', without(PROD_KEY, 'deletionProtection'), 'spec.deletionProtection', 'must be true when tier is prod'],
  ['a service the key policy does not know', 'EncryptionKey', { ...KEY, services: ['ec2'] }, 'spec.services[0]', 'must be one of'],
  ['a service listed twice', 'EncryptionKey', { ...KEY, services: ['s3', 's3'] }, 'spec.services', 'duplicate'],
  ['an alias in the AWS-reserved namespace', 'EncryptionKey', { ...KEY, aliasName: 'aws/orders' }, 'spec.aliasName', 'must not start with aws/'],
  ['an alias with a space', 'EncryptionKey', { ...KEY, aliasName: 'my key' }, 'spec.aliasName', 'must match pattern'],
  ['an empty description', 'EncryptionKey', { ...KEY, description: '' }, 'spec.description', 'must NOT have fewer than 1 characters'],
  ['no description', 'EncryptionKey', without(KEY, 'description'), 'spec.description', 'equired'],
  ['an attempt to turn rotation off', 'EncryptionKey', { ...KEY, enableKeyRotation: false }, 'spec.enableKeyRotation', ''],
  ['a tag overriding the platform ManagedBy tag', 'EncryptionKey', { ...KEY, tags: { ManagedBy: 'me' } }, 'spec.tags', "platform's own keys"],
  ['a tag in the aws: namespace', 'EncryptionKey', { ...KEY, tags: { 'aws:owner': 'me' } }, 'spec.tags', 'must not start with aws:'],
  ['a region that does not exist', 'EncryptionKey', { ...KEY, region: 'us-middle-1' }, 'spec.region', 'must match pattern'],
  ['an 11-digit account id', 'EncryptionKey', { ...KEY, accountId: '12345678901' }, 'spec.accountId', 'must match pattern'],
  ['an unknown tier', 'EncryptionKey', { ...KEY, tier: 'production' }, 'spec.tier', 'must be one of'],
  ['an environment name with capitals', 'EncryptionKey', { ...KEY, environment: 'Prod' }, 'spec.environment', 'must match pattern'],
  ['a provider config of another kind', 'EncryptionKey', { ...KEY, providerConfigRef: { kind: 'Secret', name: 'aws' } }, 'spec.providerConfigRef.kind', 'must be one of'],
  ['an unknown data classification', 'EncryptionKey', { ...KEY, dataClassification: 'secret' }, 'spec.dataClassification', 'must be one of'],
  ['no owner', 'EncryptionKey', without(KEY, 'owner'), 'spec.owner', 'equired'],
  ['access logs kept 30 days', 'SecureBucket', { ...BUCKET, accessLogRetentionDays: 30 }, 'spec.accessLogRetentionDays', '>= 90'],
  ['prod access logs kept 100 days', 'SecureBucket', { ...PROD_BUCKET, accessLogRetentionDays: 100 }, 'spec.accessLogRetentionDays', 'at least 365 when tier is prod'],
  ['prod bucket without deletion protection', 'SecureBucket', { ...PROD_BUCKET, deletionProtection: false }, 'spec.deletionProtection', 'must be true when tier is prod'],
  ['noncurrent versions expiring at once', 'SecureBucket', { ...BUCKET, noncurrentVersionExpirationDays: 0 }, 'spec.noncurrentVersionExpirationDays', '>= 1'],
  ['multipart uploads never aborted', 'SecureBucket', { ...BUCKET, abortIncompleteMultipartUploadDays: 0 }, 'spec.abortIncompleteMultipartUploadDays', '>= 1'],
  ['STANDARD_IA before 30 days', 'SecureBucket', { ...BUCKET, transitions: [{ days: 10, storageClass: 'STANDARD_IA' }] }, 'spec.transitions[0].days', 'at least 30 days'],
  ['two transitions on the same day', 'SecureBucket', { ...BUCKET, transitions: [{ days: 90, storageClass: 'GLACIER' }, { days: 90, storageClass: 'DEEP_ARCHIVE' }] }, 'spec.transitions', 'distinct days'],
  ['six transitions', 'SecureBucket', { ...BUCKET, transitions: [30, 60, 90, 120, 150, 180].map((days, i) => ({ days, storageClass: ['STANDARD_IA', 'INTELLIGENT_TIERING', 'GLACIER_IR', 'GLACIER', 'DEEP_ARCHIVE', 'GLACIER'][i] })) }, 'spec.transitions', 'must NOT have more than 5 items'],
  ['a transition to a storage class that is not one', 'SecureBucket', { ...BUCKET, transitions: [{ days: 30, storageClass: 'REDUCED_REDUNDANCY' }] }, 'spec.transitions[0].storageClass', 'must be one of'],
  ['object lock of 0 days', 'SecureBucket', { ...BUCKET, objectLock: { days: 0 } }, 'spec.objectLock.days', '>= 1'],
  ['an object lock mode that does not exist', 'SecureBucket', { ...BUCKET, objectLock: { mode: 'LEGAL', days: 30 } }, 'spec.objectLock.mode', 'must be one of'],
  ['a notification to two targets', 'SecureBucket', { ...BUCKET, eventNotification: { topicArn: 'arn:aws:sns:us-east-1:111111111111:t', queueArn: 'arn:aws:sqs:us-east-1:111111111111:q' } }, 'spec.eventNotification', 'exactly one'],
  ['a notification to no target', 'SecureBucket', { ...BUCKET, eventNotification: { events: ['s3:ObjectCreated:*'] } }, 'spec.eventNotification', 'exactly one'],
  ['a notification target that is not an ARN', 'SecureBucket', { ...BUCKET, eventNotification: { topicArn: 'alerts' } }, 'spec.eventNotification.topicArn', 'must match pattern'],
  ['a notification for no events', 'SecureBucket', { ...BUCKET, eventNotification: { topicArn: 'arn:aws:sns:us-east-1:111111111111:t', events: [] } }, 'spec.eventNotification.events', 'must NOT have fewer than 1 items'],
  ['a bucket name with a reserved prefix', 'SecureBucket', { ...BUCKET, bucketName: 'xn--orders' }, 'spec.bucketName', 'reserves'],
  ['a bucket name with capitals', 'SecureBucket', { ...BUCKET, bucketName: 'Orders' }, 'spec.bucketName', 'must match pattern'],
  ['a bucket name leaving no room for its log bucket', 'SecureBucket', { ...BUCKET, bucketName: 'o'.repeat(59) }, 'spec.bucketName', 'must NOT have more than 58 characters'],
  ['no encryption key', 'SecureBucket', without(BUCKET, 'encryptionKeyRef'), 'spec.encryptionKeyRef', 'equired'],
  ['an encryption key name that cannot exist', 'SecureBucket', { ...BUCKET, encryptionKeyRef: { name: 'Orders_Key' } }, 'spec.encryptionKeyRef.name', 'must match pattern'],
  ['an attempt to switch off public access blocking', 'SecureBucket', { ...BUCKET, publicAccessBlock: false }, 'spec.publicAccessBlock', ''],
  ['a deprecated Lambda runtime', 'SecureFunction', { ...FUNCTION, runtime: 'nodejs18.x' }, 'spec.runtime', 'must be one of'],
  ['a function timeout above 15 minutes', 'SecureFunction', { ...FUNCTION, timeout: 901 }, 'spec.timeout', '<= 900'],
  ['an environment variable Lambda sets itself', 'SecureFunction', { ...FUNCTION, environmentVariables: [{ name: 'AWS_REGION', value: 'x' }] }, 'spec.environmentVariables[0].name', 'lambda sets itself'],
  ['a secret in an environment variable', 'SecureFunction', { ...FUNCTION, environmentVariables: [{ name: 'DB_PASSWORD', value: 'hunter2' }] }, 'spec.environmentVariables[0].name', ''],
  ['both a package and an image', 'SecureFunction', { ...FUNCTION, code: { s3: { bucket: 'artifacts-bucket', key: 'orders.zip' }, imageUri: '111111111111.dkr.ecr.us-east-1.amazonaws.com/orders:1' } }, 'spec.code', 'exactly one'],
  ['a prod function without reserved concurrency', 'SecureFunction', { ...FUNCTION, ...PROD_COMMON, code: { s3: { bucket: 'artifacts-bucket', key: 'orders.zip', objectVersion: 'v1' } } }, 'spec.reservedConcurrency', 'required when tier is prod'],
  ['a prod function whose failed events reach nobody', 'SecureFunction', { ...FUNCTION, ...PROD_COMMON, reservedConcurrency: 5, code: { s3: { bucket: 'artifacts-bucket', key: 'orders.zip', objectVersion: 'v1' } } }, 'spec.deadLetterSubscriptions', 'prod'],
  ['a function without a network', 'SecureFunction', without(FUNCTION, 'networkRef'), 'spec.networkRef', 'equired'],
  ['a method without authorization', 'SecureApi', { ...API, routes: [{ path: '/orders', method: 'GET', functionRef: { name: 'orders' }, authorization: 'NONE' }] }, 'spec.routes[0].authorization', 'must be one of'],
  ['a WAF web ACL (no WAF kinds are installed)', 'SecureApi', { ...API, webAclArn: 'arn:aws:wafv2:us-east-1:111111111111:regional/webacl/x/1' }, 'spec.webAclArn', ''],
  ['an API without routes', 'SecureApi', { ...API, routes: [] }, 'spec.routes', 'fewer than 1'],
  ['a GuardDuty severity that does not exist', 'ComplianceMonitoring', { ...MONITORING, guardDutyMinimumSeverity: 'EXTREME' }, 'spec.guardDutyMinimumSeverity', 'must be one of'],
  ['alerts over plain HTTP', 'ComplianceMonitoring', { ...MONITORING, subscriptions: [{ protocol: 'http', endpoint: 'http://example.com/hook' }] }, 'spec.subscriptions[0].protocol', 'must be one of'],
  ['a prod account alerting nobody', 'ComplianceMonitoring', { ...MONITORING, ...PROD_COMMON }, 'spec.subscriptions', ''],
  ['an auditor role open to the internet', 'AccessGuardrails', { ...GUARDRAILS, auditor: { ...AUDITOR, allowedSourceCidrs: ['0.0.0.0/0'] } }, 'spec.auditor.allowedSourceCidrs[0]', ''],
  ['an auditor trusted without source addresses', 'AccessGuardrails', { ...GUARDRAILS, auditor: without(AUDITOR, 'allowedSourceCidrs') }, 'spec.auditor.allowedSourceCidrs', 'equired'],
  ['a workload statement with a wildcard action', 'AccessGuardrails', { ...GUARDRAILS, workloadRoles: [{ name: 'orders', trustedService: 'lambda.amazonaws.com', statements: [{ sid: 'All', actions: ['s3:*'], resources: ['arn:aws:s3:::orders-bucket'] }] }] }, 'spec.workloadRoles[0].statements[0].actions[0]', 'must match pattern'],
  ['guardrails without the provider role to exempt', 'AccessGuardrails', without(GUARDRAILS, 'providerRoleArn'), 'spec.providerRoleArn', 'equired'],
  ['an environment without an encryption key', 'SecureEnvironment', { ...ENVIRONMENT, encryptionKeys: [] }, 'spec.encryptionKeys', 'fewer than 1'],
  ['a prod environment without deletion protection', 'SecureEnvironment', { ...ENVIRONMENT, tier: 'prod' }, 'spec.deletionProtection', 'must be true when tier is prod'],
  ['an environment member with a field of no API', 'SecureEnvironment', { ...ENVIRONMENT, buckets: [{ name: 'orders', encryptionKeyRef: { name: 'orders' }, publicRead: true }] }, 'spec.buckets[0].publicRead', ''],
];

/** Claims both gates accept: the corpus's starting points (each bad claim changes one of them in one way). */
export const GOOD_CLAIMS: ReadonlyArray<readonly [BadClaimKind, Spec]> = [
  ['EncryptionKey', KEY], ['EncryptionKey', PROD_KEY], ['SecureBucket', BUCKET], ['SecureBucket', PROD_BUCKET], ['SecureFunction', FUNCTION],
  ['SecureApi', API], ['ComplianceMonitoring', MONITORING], ['AccessGuardrails', GUARDRAILS], ['AccessGuardrails', { ...GUARDRAILS, auditor: AUDITOR }],
  ['SecureEnvironment', ENVIRONMENT],
  // Each API that keeps its bad claims beside it starts them from its first example.
  ...PLATFORM_APIS.filter((a) => a.badClaims?.length).map((a): [BadClaimKind, Spec] => [a.kind, a.examples[0].spec as Spec]),
];
