import { describe, expect, it } from '@jest/globals';
import { InputError, type KubeObject } from '../../lib/composer';
import { parseSpec } from '../../lib/parameters';
import { asXr, DEV_COMMON, PROD_COMMON, xrObject } from '../../test/support/xr';
import type { PolicyStatement } from '../encryption-key/key-policy';
import { secureBucketApi } from '.';
import type { SecureBucketParameters } from './parameters';

const KEY_ARN = 'arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const base = { ...DEV_COMMON, encryptionKeyRef: { name: 'orders-key' } };

const keyWithArn = { 'encryption-key': [{ ...xrObject('EncryptionKey', 'orders-key', {}), status: { keyArn: KEY_ARN } }] };
/** Composes in a world where the EncryptionKey has reported its ARN, unless `required` says otherwise. */
function compose(spec: Record<string, unknown>, required: Record<string, KubeObject[]> = keyWithArn, name = 'orders', observed: Record<string, KubeObject> = {}) {
  const xr = xrObject('SecureBucket', name, spec);
  return secureBucketApi.compose({ xr: asXr(xr, parseSpec<SecureBucketParameters>(secureBucketApi, spec)), observed, required });
}
const statements = (r: KubeObject) => (JSON.parse(r.spec.forProvider.policy) as { Statement: PolicyStatement[] }).Statement;
const BUCKET_PARTS = ['', '-encryption', '-versioning', '-public-access-block', '-ownership-controls', '-policy', '-lifecycle'];

describe('SecureBucket composer', () => {
  it('composes the data bucket, its log bucket and the key usage under stable names', () => {
    expect(Object.keys(compose(base).resources).sort()).toEqual([
      ...BUCKET_PARTS.map((s) => `bucket${s}`), 'bucket-logging', ...BUCKET_PARTS.map((s) => `log-bucket${s}`), 'encryption-key-usage',
    ].sort());
  });

  it.each(['bucket', 'log-bucket'])('%s: all four public access blocks, ACLs disabled, versioning on, TLS-only policy', (b) => {
    const r = compose(base).resources;
    expect(r[`${b}-public-access-block`].spec.forProvider).toMatchObject({ blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
    expect(r[`${b}-ownership-controls`].spec.forProvider.rule).toEqual({ objectOwnership: 'BucketOwnerEnforced' });
    expect(r[`${b}-versioning`].spec.forProvider.versioningConfiguration).toEqual({ status: 'Enabled' });
    const s = statements(r[`${b}-policy`]);
    expect(s.find((x) => x.Sid === 'DenyInsecureTransport')?.Condition).toEqual({ Bool: { 'aws:SecureTransport': 'false' } });
    expect(s.find((x) => x.Sid === 'DenyTlsOlderThan1_2')?.Condition).toEqual({ NumericLessThan: { 's3:TlsVersion': '1.2' } });
    expect(r[b].spec.forProvider.forceDestroy).toBe(false);
    for (const part of BUCKET_PARTS.slice(1)) {
      expect(r[`${b}${part}`].spec.forProvider.bucketSelector).toEqual({ matchControllerRef: true, matchLabels: { 'platform.secure-baseline.io/component': b } });
    }
  });

  it('encrypts the data bucket with the referenced key (SSE-KMS, bucket key) and logs to the log bucket (SSE-S3)', () => {
    const r = compose(base).resources;
    expect(r['bucket-encryption'].spec.forProvider.rule).toEqual([{
      applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: KEY_ARN },
      bucketKeyEnabled: true,
    }]);
    expect(r['log-bucket-encryption'].spec.forProvider.rule).toEqual([{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }]);
    expect(r['bucket-logging'].spec.forProvider.targetBucketSelector).toEqual({ matchControllerRef: true, matchLabels: { 'platform.secure-baseline.io/component': 'log-bucket' } });
    const delivery = statements(r['log-bucket-policy']).find((s) => s.Sid === 'AllowServerAccessLogDelivery');
    expect(delivery).toMatchObject({ Principal: { Service: 'logging.s3.amazonaws.com' }, Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::orders-111111111111-us-east-1' }, StringEquals: { 'aws:SourceAccount': '111111111111' } } });
  });

  it('waits for the key ARN, then encrypts with that key and pins uploads to it', () => {
    const before = compose(base, {});
    expect(before.requirements).toEqual({ 'encryption-key': { apiVersion: 'platform.secure-baseline.io/v1alpha1', kind: 'EncryptionKey', matchName: 'orders-key', namespace: 'team-a' } });
    expect(statements(before.resources['bucket-policy']).map((s) => s.Sid)).not.toContain('DenyKmsKeysOtherThanTheBucketKey');
    expect(before.conditions).toEqual([expect.objectContaining({ type: 'EncryptionKeyReady', status: 'False', reason: 'WaitingForEncryptionKey' })]);

    const after = compose(base, keyWithArn);
    const pin = statements(after.resources['bucket-policy']).find((s) => s.Sid === 'DenyKmsKeysOtherThanTheBucketKey');
    expect(pin?.Condition).toEqual({ StringNotEqualsIfExists: { 's3:x-amz-server-side-encryption-aws-kms-key-id': KEY_ARN } });
    expect(after.status.encryptionKeyArn).toBe(KEY_ARN);
    expect(after.conditions).toEqual([expect.objectContaining({ type: 'EncryptionKeyReady', status: 'True' })]);
    // When the key becomes known the default encryption rule is added and the policy pinned: nothing is recreated.
    const changed = Object.keys(after.resources).filter((k) => JSON.stringify(after.resources[k]) !== JSON.stringify(before.resources[k]));
    expect(changed).toEqual(['bucket-encryption', 'bucket-policy']);
    expect(before.resources['bucket-encryption']).toBeUndefined();
    // Composed once, the rule keeps its key even if the EncryptionKey's status is momentarily incomplete.
    const observed = { 'bucket-encryption': { ...after.resources['bucket-encryption'], status: {} } };
    expect(compose(base, {}, 'orders', observed).resources['bucket-encryption']).toEqual(after.resources['bucket-encryption']);
  });

  it('keeps the encryption key from being deleted while the bucket exists', () => {
    expect(compose(base).resources['encryption-key-usage'].spec).toMatchObject({
      of: { apiVersion: 'platform.secure-baseline.io/v1alpha1', kind: 'EncryptionKey', resourceRef: { name: 'orders-key' } },
      by: { apiVersion: 'platform.secure-baseline.io/v1alpha1', kind: 'SecureBucket', resourceRef: { name: 'orders' } },
      replayDeletion: true,
    });
  });

  it.each([
    ['dev', base, ['*']],
    ['prod', { ...PROD_COMMON, encryptionKeyRef: { name: 'k' }, accessLogRetentionDays: 365 }, ['Observe', 'Create', 'Update', 'LateInitialize']],
  ])('%s: every managed resource gets management policies %j', (_n, spec, want) => {
    for (const [name, r] of Object.entries(compose(spec).resources)) {
      if (r.kind !== 'Usage') expect([name, r.spec.managementPolicies]).toEqual([name, want]);
    }
  });

  it('lifecycle: aborts multipart uploads, expires noncurrent versions and access logs, sorts transitions', () => {
    const r = compose({ ...base, accessLogRetentionDays: 400, transitions: [{ days: 365, storageClass: 'GLACIER' }, { days: 30, storageClass: 'STANDARD_IA' }] }).resources;
    const rules = r['bucket-lifecycle'].spec.forProvider.rule;
    expect(rules.map((x: { id: string }) => x.id)).toEqual(['abort-incomplete-multipart-uploads', 'expire-noncurrent-versions', 'transitions']);
    expect(rules[0].abortIncompleteMultipartUpload).toEqual([{ daysAfterInitiation: 7 }]);
    expect(rules[1].noncurrentVersionExpiration).toEqual([{ noncurrentDays: 90 }]);
    expect(rules[2].transition).toEqual([{ days: 30, storageClass: 'STANDARD_IA' }, { days: 365, storageClass: 'GLACIER' }]);
    expect(r['log-bucket-lifecycle'].spec.forProvider.rule[0].expiration).toEqual([{ days: 400 }]);
    // Current objects never expire unless asked.
    expect(rules.filter((x: { expiration?: unknown }) => x.expiration)).toEqual([]);
  });

  it.each([
    ['dev, no transition, no lock', { ...base, expirationDays: 1 }, 1],
    ['exactly 30 days after the last transition', { ...base, expirationDays: 395, transitions: [{ days: 365, storageClass: 'GLACIER' }, { days: 30, storageClass: 'STANDARD_IA' }] }, 395],
    ['exactly the Object Lock retention', { ...base, expirationDays: 365, objectLock: { mode: 'COMPLIANCE', days: 365 } }, 365],
    ['prod, the 90-day minimum', { ...PROD_COMMON, encryptionKeyRef: { name: 'k' }, expirationDays: 90 }, 90],
  ])('expiration of current objects (%s): one more rule, after the others; noncurrent versions keep their own expiry', (_n, spec, days) => {
    const rules = compose(spec).resources['bucket-lifecycle'].spec.forProvider.rule;
    expect(rules[rules.length - 1]).toEqual({ id: 'expire-current-versions', status: 'Enabled', filter: [{ prefix: '' }], expiration: [{ days }] });
    expect(rules.find((x: { id: string }) => x.id === 'expire-noncurrent-versions').noncurrentVersionExpiration).toEqual([{ noncurrentDays: 90 }]);
    expect(rules.filter((x: { expiration?: unknown }) => x.expiration)).toHaveLength(1);
  });

  it('object lock: enabled at creation and a default retention', () => {
    const r = compose({ ...base, objectLock: { mode: 'COMPLIANCE', days: 365 } }).resources;
    expect(r.bucket.spec.forProvider.objectLockEnabled).toBe(true);
    expect(r['bucket-object-lock'].spec.forProvider.rule).toEqual({ defaultRetention: { mode: 'COMPLIANCE', days: 365 } });
    expect(compose(base).resources.bucket.spec.forProvider.objectLockEnabled).toBeUndefined();
  });

  it.each([
    ['lambdaFunctionArn', 'lambdaFunction', 'arn:aws:lambda:us-east-1:111111111111:function:f'],
    ['topicArn', 'topic', 'arn:aws:sns:us-east-1:111111111111:t'],
    ['queueArn', 'queue', 'arn:aws:sqs:us-east-1:111111111111:q'],
  ])('event notification to %s', (field, block, arn) => {
    const n = compose({ ...base, eventNotification: { [field]: arn, filterSuffix: '.csv' } }).resources['bucket-notification'].spec.forProvider;
    expect(n[block]).toEqual([{ id: 'secure-baseline', events: ['s3:ObjectCreated:*'], filterSuffix: '.csv', [field]: arn }]);
  });

  describe('service log delivery', () => {
    const TRAIL = 'arn:aws:cloudtrail:us-east-1:111111111111:trail/audit';
    const bucket = 'arn:aws:s3:::orders-111111111111-us-east-1';
    const policyWith = (serviceLogDelivery: Record<string, unknown>) => statements(compose({ ...base, serviceLogDelivery }, keyWithArn).resources['bucket-policy']);
    const sids = (s: PolicyStatement[]) => s.map((x) => x.Sid);

    it('without it, the policy admits no service', () => {
      expect(sids(statements(compose(base, keyWithArn).resources['bucket-policy']))).toEqual(['DenyInsecureTransport', 'DenyTlsOlderThan1_2', 'DenyEncryptionOtherThanSseKms', 'DenyKmsKeysOtherThanTheBucketKey']);
    });

    it('CloudTrail: ACL check and log delivery for the named trails of this account only; log files stay SSE-KMS, digests may be SSE-S3', () => {
      const s = policyWith({ cloudTrailArns: [TRAIL] });
      const fromTheTrail = { 'aws:SourceArn': [TRAIL], 'aws:SourceAccount': '111111111111' };
      expect(s.filter((x) => x.Sid !== 'DenyInsecureTransport' && x.Sid !== 'DenyTlsOlderThan1_2')).toEqual([
        {
          Sid: 'DenyEncryptionOtherThanSseKms', Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: `${bucket}/*`,
          Condition: { StringNotEqualsIfExists: { 's3:x-amz-server-side-encryption': 'aws:kms', 'aws:SourceArn': [TRAIL] } },
        },
        {
          Sid: 'DenyKmsKeysOtherThanTheBucketKey', Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: `${bucket}/*`,
          Condition: { StringNotEqualsIfExists: { 's3:x-amz-server-side-encryption-aws-kms-key-id': KEY_ARN } },
        },
        { Sid: 'AllowCloudTrailAclCheck', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:GetBucketAcl', Resource: bucket, Condition: { StringEquals: fromTheTrail } },
        {
          Sid: 'AllowCloudTrailLogDelivery', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject', Resource: `${bucket}/AWSLogs/111111111111/*`,
          Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', ...fromTheTrail } },
        },
        {
          Sid: 'DenyTrailLogFilesOtherThanSseKms', Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: `${bucket}/AWSLogs/111111111111/CloudTrail/*`,
          Condition: { StringNotEqualsIfExists: { 's3:x-amz-server-side-encryption': 'aws:kms' } },
        },
      ]);
    });

    it('AWS Config: ACL and existence checks and delivery under AWSLogs/<account>/Config/, for this account only', () => {
      const s = policyWith({ configDelivery: true });
      const fromThisAccount = { 'aws:SourceAccount': '111111111111' };
      const config = { Service: 'config.amazonaws.com' };
      expect(s.find((x) => x.Sid === 'DenyEncryptionOtherThanSseKms')?.Condition).toEqual({ StringNotEqualsIfExists: { 's3:x-amz-server-side-encryption': 'aws:kms' } });
      expect(s.slice(4)).toEqual([
        { Sid: 'AllowConfigAclCheck', Effect: 'Allow', Principal: config, Action: 's3:GetBucketAcl', Resource: bucket, Condition: { StringEquals: fromThisAccount } },
        { Sid: 'AllowConfigBucketExistenceCheck', Effect: 'Allow', Principal: config, Action: 's3:ListBucket', Resource: bucket, Condition: { StringEquals: fromThisAccount } },
        {
          Sid: 'AllowConfigDelivery', Effect: 'Allow', Principal: config, Action: 's3:PutObject', Resource: `${bucket}/AWSLogs/111111111111/Config/*`,
          Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', ...fromThisAccount } },
        },
      ]);
      expect(sids(policyWith({ cloudTrailArns: [TRAIL], configDelivery: true }))).toEqual([
        'DenyInsecureTransport', 'DenyTlsOlderThan1_2', 'DenyEncryptionOtherThanSseKms', 'DenyKmsKeysOtherThanTheBucketKey',
        'AllowCloudTrailAclCheck', 'AllowCloudTrailLogDelivery', 'DenyTrailLogFilesOtherThanSseKms', 'AllowConfigAclCheck', 'AllowConfigBucketExistenceCheck', 'AllowConfigDelivery',
      ]);
    });

    it.each([
      ['a trail of another account', { cloudTrailArns: ['arn:aws:cloudtrail:us-east-1:222222222222:trail/audit'] }, 'spec.serviceLogDelivery.cloudTrailArns'],
      ['something that is not a trail ARN', { cloudTrailArns: ['arn:aws:s3:::audit'] }, 'spec.serviceLogDelivery.cloudTrailArns[0]'],
      ['a delivery for nobody', {}, 'spec.serviceLogDelivery'],
      ['an unknown service', { configDelivery: true, vpcFlowLogs: true }, 'spec.serviceLogDelivery.vpcFlowLogs'],
    ])('rejects %s', (_n, serviceLogDelivery, field) => {
      expect(() => compose({ ...base, serviceLogDelivery })).toThrow(InputError);
      expect(() => compose({ ...base, serviceLogDelivery })).toThrow(field);
    });
  });

  it.each([
    ['a bucket name whose log bucket name would exceed 63 characters', { ...base, bucketName: 'a'.repeat(59) }, 'spec.bucketName'],
    ['log retention below 90 days', { ...base, accessLogRetentionDays: 30 }, 'spec.accessLogRetentionDays'],
    ['an unknown storage class', { ...base, transitions: [{ days: 30, storageClass: 'REDUCED_REDUNDANCY' }] }, 'spec.transitions[0].storageClass'],
    ['a notification target that is not an ARN', { ...base, eventNotification: { topicArn: 'my-topic' } }, 'spec.eventNotification.topicArn'],
    ['no key reference', { ...DEV_COMMON }, 'spec.encryptionKeyRef'],
    ['an attempt to switch encryption off', { ...base, encryption: false }, 'spec.encryption'],
    ['an expiration of zero days', { ...base, expirationDays: 0 }, 'spec.expirationDays'],
    ['an expiration that is not a number of days', { ...base, expirationDays: '90d' }, 'spec.expirationDays'],
    ['an expiration before the Object Lock retention ends', { ...base, expirationDays: 364, objectLock: { mode: 'GOVERNANCE', days: 365 } }, 'spec.expirationDays'],
    ['an expiration less than 30 days after the last transition', { ...base, expirationDays: 394, transitions: [{ days: 30, storageClass: 'STANDARD_IA' }, { days: 365, storageClass: 'GLACIER' }] }, 'spec.expirationDays'],
    ['an expiration before a transition', { ...base, expirationDays: 60, transitions: [{ days: 90, storageClass: 'GLACIER_IR' }] }, 'spec.expirationDays'],
    ['an expiration below 90 days in prod', { ...PROD_COMMON, encryptionKeyRef: { name: 'k' }, expirationDays: 89 }, 'spec.expirationDays'],
  ])('rejects %s', (_n, spec, field) => {
    expect(() => compose(spec)).toThrow(InputError);
    expect(() => compose(spec)).toThrow(field);
  });

  it('accepts the longest bucket name whose log bucket fits, and rejects a default name that does not', () => {
    expect(compose({ ...base, bucketName: 'a'.repeat(58) }).status.logBucketName).toHaveLength(63);
    const longName = 'x'.repeat(40);
    expect(() => compose(base, {}, longName)).toThrow(/spec\.bucketName: .*set a shorter spec\.bucketName/);
  });
});
