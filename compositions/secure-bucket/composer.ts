/**
 * SecureBucket → a data bucket (SSE-KMS with the environment's key and a bucket key, versioning, public access
 * fully blocked, ACLs disabled, TLS-only policy, lifecycle with an optional expiry of current objects, access
 * logging, optional Object Lock and event notification) and its access-log bucket (SSE-S3, versioned, blocked, TLS-only, logs expire), plus a Usage that
 * keeps the EncryptionKey from being deleted while the bucket exists.
 */
import * as s3 from '../../imports/aws-s3-s3.aws.m.upbound.io';
import { awsTags, componentLabels, managementPolicies, sameXrSelector } from '../../lib/common';
import { InputError, defined, type ComposeInput, type Composition, type KubeObject, type XrCondition } from '../../lib/composer';
import { KIND as ENCRYPTION_KEY_KIND } from '../encryption-key/composer';
import { encryptionKeyDependency, platformUsage } from '../encryption-key/dependency';
import { ACCESS_LOG_PREFIX, dataBucketPolicy, logBucketPolicy } from './bucket-policy';
import type { SecureBucketParameters } from './parameters';

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

export function composeSecureBucket({ xr, observed, required }: ComposeInput<SecureBucketParameters>): Composition {
  const p = xr.spec;
  const name = xr.metadata.name;
  const names = bucketNamesOf(name, p);
  const region = p.region;
  const providerConfigRef = p.providerConfigRef;
  const owner = p.accountId;
  // One helper for the spec every composed managed resource shares; T is the kind's management-policy enum.
  const mr = <F>(forProvider: F) => ({
    managementPolicies: managementPolicies<any>(p),
    providerConfigRef,
    forProvider,
  });
  const labels = (component: string) => ({ labels: componentLabels(KIND, name, component) });

  const dependency = encryptionKeyDependency(p.encryptionKeyRef.name, xr.metadata.namespace, required);
  const keyArn = dependency.arnFor(observed['bucket-encryption'], 'rule.0.applyServerSideEncryptionByDefault.kmsMasterKeyId');

  const resources: Record<string, KubeObject> = {};
  /** The components of one bucket that every bucket here has (the encryption rule once it is known). */
  const bucketBasics = (prefix: 'bucket' | 'log-bucket', bucketName: string, sse: s3.BucketServerSideEncryptionConfigurationSpecForProviderRule | undefined, policy: object) => {
    const bucketSelector = sameXrSelector(prefix);
    resources[prefix] = s3.S3Bucket.manifest({
      metadata: { ...labels(prefix), annotations: { 'crossplane.io/external-name': bucketName } },
      spec: mr({
        region,
        tags: awsTags(p),
        // Never empty a bucket to delete it: data loss must be a deliberate act outside the platform.
        forceDestroy: false,
        ...(prefix === 'bucket' && p.objectLock ? { objectLockEnabled: true } : {}),
      }),
    });
    if (sse) {
      resources[`${prefix}-encryption`] = s3.S3BucketServerSideEncryptionConfiguration.manifest({
        metadata: labels(`${prefix}-encryption`),
        spec: mr({ region, bucketSelector, expectedBucketOwner: owner, rule: [sse] }),
      });
    }
    resources[`${prefix}-versioning`] = s3.S3BucketVersioning.manifest({
      metadata: labels(`${prefix}-versioning`),
      spec: mr({ region, bucketSelector, expectedBucketOwner: owner, versioningConfiguration: { status: 'Enabled' } }),
    });
    resources[`${prefix}-public-access-block`] = s3.S3BucketPublicAccessBlock.manifest({
      metadata: labels(`${prefix}-public-access-block`),
      spec: mr({ region, bucketSelector, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }),
    });
    resources[`${prefix}-ownership-controls`] = s3.S3BucketOwnershipControls.manifest({
      metadata: labels(`${prefix}-ownership-controls`),
      spec: mr({ region, bucketSelector, rule: { objectOwnership: 'BucketOwnerEnforced' } }),
    });
    resources[`${prefix}-policy`] = s3.S3BucketPolicy.manifest({
      metadata: labels(`${prefix}-policy`),
      spec: mr({ region, bucketSelector, policy: JSON.stringify(policy) }),
    });
  };

  // The default encryption rule names the key's ARN itself, not a key selector (see composedKeyArn), so it is
  // composed once the EncryptionKey reports it; until then the bucket policy already refuses unencrypted writes.
  bucketBasics('bucket', names.bucket, keyArn ? {
    applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: keyArn },
    bucketKeyEnabled: true,
  } : undefined, dataBucketPolicy(names.bucket, keyArn, p.serviceLogDelivery && { ...p.serviceLogDelivery, accountId: p.accountId }));

  // Server access logs can only be delivered to a bucket encrypted with SSE-S3 (AWS does not support SSE-KMS
  // for log delivery targets), so the log bucket uses AES256.
  bucketBasics('log-bucket', names.logs, { applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } },
    logBucketPolicy(names.logs, names.bucket, p.accountId));

  const everything = [{ prefix: '' }];
  resources['bucket-lifecycle'] = s3.S3BucketLifecycleConfiguration.manifest({
    metadata: labels('bucket-lifecycle'),
    spec: mr({
      region, bucketSelector: sameXrSelector('bucket'), expectedBucketOwner: owner,
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
    }),
  });
  resources['log-bucket-lifecycle'] = s3.S3BucketLifecycleConfiguration.manifest({
    metadata: labels('log-bucket-lifecycle'),
    spec: mr({
      region, bucketSelector: sameXrSelector('log-bucket'), expectedBucketOwner: owner,
      rule: [
        { id: 'expire-access-logs', status: 'Enabled', filter: everything, expiration: [{ days: p.accessLogRetentionDays }], noncurrentVersionExpiration: [{ noncurrentDays: 1 }] },
        { id: 'abort-incomplete-multipart-uploads', status: 'Enabled', filter: everything, abortIncompleteMultipartUpload: [{ daysAfterInitiation: 1 }] },
      ],
    }),
  });
  resources['bucket-logging'] = s3.S3BucketLogging.manifest({
    metadata: labels('bucket-logging'),
    spec: mr({
      region, bucketSelector: sameXrSelector('bucket'), targetBucketSelector: sameXrSelector('log-bucket'),
      expectedBucketOwner: owner, targetPrefix: ACCESS_LOG_PREFIX,
    }),
  });
  if (p.objectLock) {
    resources['bucket-object-lock'] = s3.S3BucketObjectLockConfiguration.manifest({
      metadata: labels('bucket-object-lock'),
      spec: mr({
        region, bucketSelector: sameXrSelector('bucket'), expectedBucketOwner: owner, objectLockEnabled: 'Enabled',
        rule: { defaultRetention: { mode: p.objectLock.mode, days: p.objectLock.days } },
      }),
    });
  }
  if (p.eventNotification) {
    const n = p.eventNotification;
    const target = { id: 'secure-baseline', events: [...n.events], ...defined({ filterPrefix: n.filterPrefix, filterSuffix: n.filterSuffix }) };
    resources['bucket-notification'] = s3.S3BucketNotification.manifest({
      metadata: labels('bucket-notification'),
      spec: mr({
        region, bucketSelector: sameXrSelector('bucket'),
        ...(n.lambdaFunctionArn ? { lambdaFunction: [{ ...target, lambdaFunctionArn: n.lambdaFunctionArn }] } : {}),
        ...(n.topicArn ? { topic: [{ ...target, topicArn: n.topicArn }] } : {}),
        ...(n.queueArn ? { queue: [{ ...target, queueArn: n.queueArn }] } : {}),
      }),
    });
  }
  // The key must outlive every bucket it encrypts: Crossplane refuses to delete the EncryptionKey while this
  // SecureBucket exists, and replays the deletion once it is gone.
  resources['encryption-key-usage'] = platformUsage({ kind: ENCRYPTION_KEY_KIND, name: p.encryptionKeyRef.name }, { kind: KIND, name }, `SecureBucket ${name} stores data encrypted with this key`, labels('encryption-key-usage'));

  const conditions: XrCondition[] = [dependency.condition(`Objects must be encrypted with ${keyArn}`, `; the bucket policy will pin objects to it once it does`)];

  return {
    resources,
    requirements: dependency.requirements,
    conditions,
    status: defined({
      bucketName: names.bucket,
      bucketArn: `arn:aws:s3:::${names.bucket}`,
      logBucketName: names.logs,
      logBucketArn: `arn:aws:s3:::${names.logs}`,
      encryptionKeyArn: keyArn,
    }),
  };
}
