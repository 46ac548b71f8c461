/**
 * SecureBucket → a data bucket (SSE-KMS with the environment's key and a bucket key, versioning, public access
 * fully blocked, ACLs disabled, TLS-only policy, lifecycle with an optional expiry of current objects, access
 * logging, optional Object Lock and event notification) and its access-log bucket (SSE-S3, versioned, blocked, TLS-only, logs expire), plus a Usage that
 * keeps the EncryptionKey from being deleted while the bucket exists.
 */
import * as s3 from '../../imports/aws-s3-s3.aws.m.upbound.io';
import { sameXrSelector } from '../../lib/common';
import { InputError, defined, reported, type ComposeInput, type Composition, type XrCondition } from '../../lib/composer';
import { ComposerKit } from '../../lib/kit';
import { KIND as ENCRYPTION_KEY_KIND } from '../encryption-key/composer';
import { encryptionKeyDependency } from '../encryption-key/dependency';
import { ACCESS_LOG_PREFIX, dataBucketPolicy, logBucketPolicy } from './bucket-policy';
import type { SecureBucketParameters, SecureBucketStatus } from './parameters';

export const KIND = 'SecureBucket';
const MAX_BUCKET_NAME = 63;

export function bucketNamesOf(xrName: string, p: SecureBucketParameters): { bucket: string; logs: string } {
  const bucket = p.bucketName ?? `${xrName}-${p.accountId}-${p.region}`;
  const logs = `${bucket}-logs`;
  if (logs.length > MAX_BUCKET_NAME || !/^[a-z0-9][a-z0-9-]*[a-z0-9]$/.test(bucket)) {
    throw new InputError('spec.bucketName', `bucket name "${bucket}" with its log bucket "${logs}" must be at most ${MAX_BUCKET_NAME} lowercase letters, digits and hyphens: set a shorter spec.bucketName`);
  }
  return { bucket, logs };
}

/** What every part of a SecureBucket's composition shares: the kit, and the names of its two buckets. */
interface BucketParts {
  readonly kit: ComposerKit<SecureBucketParameters>;
  readonly p: SecureBucketParameters;
  readonly names: { readonly bucket: string; readonly logs: string };
}

/**
 * The components every bucket here has: the bucket, its encryption rule (once it is known), versioning, public
 * access blocked, ACLs disabled (owner enforced), and its policy.
 */
function composeBucketBasics({ kit, p }: BucketParts, prefix: 'bucket' | 'log-bucket', bucketName: string, sse: s3.BucketServerSideEncryptionConfigurationSpecForProviderRule | undefined, policy: object): void {
  const { region } = p;
  const owner = p.accountId;
  const bucketSelector = sameXrSelector(prefix);
  kit.add(prefix, s3.S3Bucket, {
    region,
    tags: kit.tags,
    // Never empty a bucket to delete it: data loss must be a deliberate act outside the platform.
    forceDestroy: false,
    ...(prefix === 'bucket' && p.objectLock ? { objectLockEnabled: true } : {}),
  }, { externalName: bucketName });
  if (sse) {
    kit.add(`${prefix}-encryption`, s3.S3BucketServerSideEncryptionConfiguration, { region, bucketSelector, expectedBucketOwner: owner, rule: [sse] });
  }
  kit.add(`${prefix}-versioning`, s3.S3BucketVersioning, { region, bucketSelector, expectedBucketOwner: owner, versioningConfiguration: { status: 'Enabled' } });
  kit.add(`${prefix}-public-access-block`, s3.S3BucketPublicAccessBlock, { region, bucketSelector, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
  kit.add(`${prefix}-ownership-controls`, s3.S3BucketOwnershipControls, { region, bucketSelector, rule: { objectOwnership: 'BucketOwnerEnforced' } });
  kit.add(`${prefix}-policy`, s3.S3BucketPolicy, { region, bucketSelector, policy: JSON.stringify(policy) });
}

/** The data bucket: SSE-KMS with the EncryptionKey's key and a bucket key; its policy (TLS only) pins objects to the key. */
function composeDataBucket(parts: BucketParts, keyArn: string | undefined): void {
  const { p, names } = parts;
  // The default encryption rule names the key's ARN itself, not a key selector (see composedKeyArn), so it is
  // composed once the EncryptionKey reports it; until then the bucket policy already refuses unencrypted writes.
  composeBucketBasics(parts, 'bucket', names.bucket, keyArn ? {
    applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: keyArn },
    bucketKeyEnabled: true,
  } : undefined, dataBucketPolicy(names.bucket, keyArn, p.serviceLogDelivery && { ...p.serviceLogDelivery, accountId: p.accountId }));
}

/** The access-log bucket (SSE-S3): its policy (TLS only) admits S3's delivery of the data bucket's access logs only. */
function composeLogBucket(parts: BucketParts): void {
  const { p, names } = parts;
  // Server access logs can only be delivered to a bucket encrypted with SSE-S3 (AWS does not support SSE-KMS
  // for log delivery targets), so the log bucket uses AES256.
  composeBucketBasics(parts, 'log-bucket', names.logs, { applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } },
    logBucketPolicy(names.logs, names.bucket, p.accountId));
}

/** The data bucket's lifecycle: stale multipart uploads aborted, noncurrent versions expired, transitions, optional expiry. */
function composeDataBucketLifecycle({ kit, p }: BucketParts): void {
  // Rule filter matching every object.
  const everything = [{ prefix: '' }];
  kit.add('bucket-lifecycle', s3.S3BucketLifecycleConfiguration, {
    region: p.region, bucketSelector: sameXrSelector('bucket'), expectedBucketOwner: p.accountId,
    rule: [
      { id: 'abort-incomplete-multipart-uploads', status: 'Enabled', filter: everything, abortIncompleteMultipartUpload: [{ daysAfterInitiation: p.abortIncompleteMultipartUploadDays }] },
      { id: 'expire-noncurrent-versions', status: 'Enabled', filter: everything, noncurrentVersionExpiration: [{ noncurrentDays: p.noncurrentVersionExpirationDays }] },
      ...(p.transitions?.length
        ? [{ id: 'transitions', status: 'Enabled', filter: everything, transition: [...p.transitions].sort((a, b) => a.days - b.days).map((t) => ({ days: t.days, storageClass: t.storageClass })) }]
        : []),
      // Versioned: S3 puts a delete marker in front of each expired object (expire-noncurrent-versions deletes
      // the version it hides later) and, with `days`, also removes markers left without any version.
      ...(p.expirationDays
        ? [{ id: 'expire-current-versions', status: 'Enabled', filter: everything, expiration: [{ days: p.expirationDays }] }]
        : []),
    ],
  });
}

/** The log bucket's lifecycle: access logs expire after their retention, their old versions a day later. */
function composeLogBucketLifecycle({ kit, p }: BucketParts): void {
  // Rule filter matching every object.
  const everything = [{ prefix: '' }];
  kit.add('log-bucket-lifecycle', s3.S3BucketLifecycleConfiguration, {
    region: p.region, bucketSelector: sameXrSelector('log-bucket'), expectedBucketOwner: p.accountId,
    rule: [
      { id: 'expire-access-logs', status: 'Enabled', filter: everything, expiration: [{ days: p.accessLogRetentionDays }], noncurrentVersionExpiration: [{ noncurrentDays: 1 }] },
      { id: 'abort-incomplete-multipart-uploads', status: 'Enabled', filter: everything, abortIncompleteMultipartUpload: [{ daysAfterInitiation: 1 }] },
    ],
  });
}

/** Server access logging of the data bucket into the log bucket. */
function composeAccessLogging({ kit, p }: BucketParts): void {
  kit.add('bucket-logging', s3.S3BucketLogging, {
    region: p.region, bucketSelector: sameXrSelector('bucket'), targetBucketSelector: sameXrSelector('log-bucket'),
    expectedBucketOwner: p.accountId, targetPrefix: ACCESS_LOG_PREFIX,
  });
}

/** The data bucket's default Object Lock retention, when spec.objectLock asks for one. */
function composeObjectLock({ kit, p }: BucketParts): void {
  if (!p.objectLock) return;
  kit.add('bucket-object-lock', s3.S3BucketObjectLockConfiguration, {
    region: p.region, bucketSelector: sameXrSelector('bucket'), expectedBucketOwner: p.accountId, objectLockEnabled: 'Enabled',
    rule: { defaultRetention: { mode: p.objectLock.mode, days: p.objectLock.days } },
  });
}

/** The data bucket's event notification to a function, topic or queue, when spec.eventNotification asks for one. */
function composeEventNotification({ kit, p }: BucketParts): void {
  if (!p.eventNotification) return;
  const n = p.eventNotification;
  const target = { id: 'secure-baseline', events: [...n.events], ...defined({ filterPrefix: n.filterPrefix, filterSuffix: n.filterSuffix }) };
  kit.add('bucket-notification', s3.S3BucketNotification, {
    region: p.region, bucketSelector: sameXrSelector('bucket'),
    ...(n.lambdaFunctionArn ? { lambdaFunction: [{ ...target, lambdaFunctionArn: n.lambdaFunctionArn }] } : {}),
    ...(n.topicArn ? { topic: [{ ...target, topicArn: n.topicArn }] } : {}),
    ...(n.queueArn ? { queue: [{ ...target, queueArn: n.queueArn }] } : {}),
  });
}

/**
 * The key must outlive every bucket it encrypts: Crossplane refuses to delete the EncryptionKey while this
 * SecureBucket exists, and replays the deletion once it is gone.
 */
function composeKeyUsage({ kit, p }: BucketParts): void {
  const { name } = kit;
  kit.usage('encryption-key-usage', { kind: ENCRYPTION_KEY_KIND, name: p.encryptionKeyRef.name }, `SecureBucket ${name} stores data encrypted with this key`);
}

export function composeSecureBucket({ xr, observed, required }: ComposeInput<SecureBucketParameters>): Composition<SecureBucketStatus> {
  const p = xr.spec;
  const names = bucketNamesOf(xr.metadata.name, p);
  const kit = new ComposerKit(KIND, xr);
  const parts: BucketParts = { kit, p, names };

  const dependency = encryptionKeyDependency(p.encryptionKeyRef.name, xr.metadata.namespace, required);
  const keyArn = dependency.arnFor(observed['bucket-encryption'], 'rule.0.applyServerSideEncryptionByDefault.kmsMasterKeyId');

  composeDataBucket(parts, keyArn);
  composeLogBucket(parts);
  composeDataBucketLifecycle(parts);
  composeLogBucketLifecycle(parts);
  composeAccessLogging(parts);
  composeObjectLock(parts);
  composeEventNotification(parts);
  composeKeyUsage(parts);

  const conditions: XrCondition[] = [dependency.condition(`Objects must be encrypted with ${keyArn}`, `; the bucket policy will pin objects to it once it does`)];

  return {
    resources: kit.resources,
    requirements: dependency.requirements,
    conditions,
    status: reported<SecureBucketStatus>({
      bucketName: names.bucket,
      bucketArn: `arn:aws:s3:::${names.bucket}`,
      logBucketName: names.logs,
      logBucketArn: `arn:aws:s3:::${names.logs}`,
      encryptionKeyArn: keyArn,
    }),
  };
}
