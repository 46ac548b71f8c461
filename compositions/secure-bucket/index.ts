import * as s3 from '../../imports/aws-s3-s3.aws.m.upbound.io';
import type { PlatformApi } from '../../lib/composer';
import { SECURE_BUCKET_BAD_CLAIMS } from './bad-claims';
import { SECURE_BUCKET_EXAMPLES } from './examples';
import { composeSecureBucket, KIND } from './composer';
import { SECURE_BUCKET_SPEC, SECURE_BUCKET_STATUS, type SecureBucketParameters, type SecureBucketStatus } from './parameters';

export const secureBucketApi: PlatformApi<SecureBucketParameters, SecureBucketStatus> = {
  kind: KIND,
  plural: 'securebuckets',
  shortNames: ['sbkt'],
  description: 'An S3 bucket encrypted with a customer-managed key (SSE-KMS, bucket key), versioned, with all public access blocked, ACLs disabled, a TLS-only policy that pins uploads to the key, lifecycle rules and server access logs in an encrypted, versioned, expiring log bucket.',
  specSchema: SECURE_BUCKET_SPEC,
  statusSchema: SECURE_BUCKET_STATUS,
  printerColumns: [
    { name: 'BUCKET', type: 'string', jsonPath: '.status.bucketName' },
    { name: 'KEY', type: 'string', jsonPath: '.spec.encryptionKeyRef.name' },
    { name: 'CLASSIFICATION', type: 'string', jsonPath: '.spec.dataClassification', priority: 1 },
  ],
  managedResources: [
    { ...s3.S3Bucket.GVK, plural: 'buckets' },
    { ...s3.S3BucketServerSideEncryptionConfiguration.GVK, plural: 'bucketserversideencryptionconfigurations' },
    { ...s3.S3BucketVersioning.GVK, plural: 'bucketversionings' },
    { ...s3.S3BucketPublicAccessBlock.GVK, plural: 'bucketpublicaccessblocks' },
    { ...s3.S3BucketOwnershipControls.GVK, plural: 'bucketownershipcontrols' },
    { ...s3.S3BucketPolicy.GVK, plural: 'bucketpolicies' },
    { ...s3.S3BucketLogging.GVK, plural: 'bucketloggings' },
    { ...s3.S3BucketLifecycleConfiguration.GVK, plural: 'bucketlifecycleconfigurations' },
    { ...s3.S3BucketObjectLockConfiguration.GVK, plural: 'bucketobjectlockconfigurations' },
    { ...s3.S3BucketNotification.GVK, plural: 'bucketnotifications' },
  ],
  examples: SECURE_BUCKET_EXAMPLES,
  badClaims: SECURE_BUCKET_BAD_CLAIMS,
  environmentMember: {
    field: 'buckets', cardinality: 'list', prefix: 'bucket', maxItems: 20, encryptsData: true,
    description: 'S3 buckets (SecureBucket).',
  },
  compose: composeSecureBucket,
  securityFeatures: () => ['s3-sse-kms', 's3-versioning', 's3-public-access-block', 's3-access-logging'],
  readyStatus: (s) => ({ ...s, bucketArn: s.bucketArn ?? `arn:aws:s3:::${s.bucketName}` }),
  tierDefaults: {
    dev: { accessLogRetentionDays: 90, noncurrentVersionExpirationDays: 30 },
    staging: { accessLogRetentionDays: 365, noncurrentVersionExpirationDays: 90 },
    prod: { accessLogRetentionDays: 730, noncurrentVersionExpirationDays: 365 },
  },
};
