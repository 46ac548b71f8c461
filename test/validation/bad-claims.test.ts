/**
 * A corpus of invalid claims. Each must be refused twice, naming the field: at the door (the XRD's OpenAPI schema
 * and CEL rules, as the API server applies them) and by the function (which applies the same schema and rules,
 * so `crank render` or a stale cache cannot slip one through).
 */
import { describe, expect, it } from '@jest/globals';
import { RunFunctionRequest, Severity } from '@crossplane-org/function-sdk-typescript';
import { join } from 'node:path';
import { runFunction } from '../../functions/src/handler';
import { KubeValidator } from '../../lib/validation';
import { DEV_COMMON, PROD_COMMON, xrObject } from '../../lib/testing';
import { PROJECT_ROOT, readYamlDocs } from '../helpers';

const validator = new KubeValidator();
for (const xrd of readYamlDocs(join(PROJECT_ROOT, 'dist/platform/platform-apis.k8s.yaml')).filter((o) => o.kind === 'CompositeResourceDefinition')) validator.addXrd(xrd);

type Spec = Record<string, unknown>;
const KEY: Spec = { ...DEV_COMMON, description: 'orders' };
const PROD_KEY: Spec = { ...PROD_COMMON, description: 'orders' };
const BUCKET: Spec = { ...DEV_COMMON, encryptionKeyRef: { name: 'orders' } };
const PROD_BUCKET: Spec = { ...PROD_COMMON, encryptionKeyRef: { name: 'orders' }, accessLogRetentionDays: 365 };
const without = (s: Spec, k: string) => Object.fromEntries(Object.entries(s).filter(([x]) => x !== k));

/** [what is wrong, kind, spec, field that must be named, words the message must contain] */
const CORPUS: Array<[string, 'EncryptionKey' | 'SecureBucket', Spec, string, string]> = [
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
];

describe(`bad-input corpus (${CORPUS.length} claims)`, () => {
  it.each(CORPUS)('%s: refused by the API (schema/CEL) naming the field', (_what, kind, spec, field, words) => {
    const issues = validator.validate(xrObject(kind, 'orders', spec));
    expect(issues.map((i) => i.path)).toContain(field);
    const issue = issues.find((i) => i.path === field)!;
    expect(issue.message.toLowerCase()).toContain(words.toLowerCase());
  });

  it.each(CORPUS)('%s: refused by the function with a fatal result naming the field', (_what, kind, spec, field) => {
    const rsp = runFunction(RunFunctionRequest.fromPartial({ observed: { composite: { resource: xrObject(kind, 'orders', spec) as never } } }));
    const fatal = rsp.results.find((r) => r.severity === Severity.SEVERITY_FATAL);
    expect(fatal?.message.startsWith(`${field}: `) || fatal?.message.includes(`${field} `)).toBe(true);
  });

  it('the corpus starts from claims both gates accept', () => {
    for (const [kind, spec] of [['EncryptionKey', KEY], ['EncryptionKey', PROD_KEY], ['SecureBucket', BUCKET], ['SecureBucket', PROD_BUCKET]] as const) {
      expect(validator.validate(xrObject(kind, 'orders', spec))).toEqual([]);
      const rsp = runFunction(RunFunctionRequest.fromPartial({ observed: { composite: { resource: xrObject(kind, 'orders', spec) as never } } }));
      expect(rsp.results.filter((r) => r.severity === Severity.SEVERITY_FATAL)).toEqual([]);
    }
  });
});
