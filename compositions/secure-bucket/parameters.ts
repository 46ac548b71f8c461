import { COMMON_PROPERTIES, COMMON_REQUIRED, COMMON_RULES, localRef } from '../../lib/common';
import { arr, bool, int, obj, str, type Infer } from '../../lib/schema';

export const STORAGE_CLASSES = ['STANDARD_IA', 'INTELLIGENT_TIERING', 'GLACIER_IR', 'GLACIER', 'DEEP_ARCHIVE'] as const;

export const SECURE_BUCKET_DEFAULTS = {
  accessLogRetentionDays: 365,
  noncurrentVersionExpirationDays: 90,
  abortIncompleteMultipartUploadDays: 7,
  notificationEvents: ['s3:ObjectCreated:*'],
  objectLockMode: 'GOVERNANCE',
} as const;

/** Minimum access-log retention in any tier, and in prod. */
export const MIN_LOG_RETENTION_DAYS = 90;
export const MIN_PROD_LOG_RETENTION_DAYS = 365;
/**
 * Shortest expiry of current objects in prod. Expired objects become noncurrent versions, which S3 deletes for
 * good `noncurrentVersionExpirationDays` later: a short expiry in prod (a typo, days meant as months) would
 * silently destroy production data within weeks. 90 days is also the platform's shortest log retention.
 */
export const MIN_PROD_EXPIRATION_DAYS = 90;
/**
 * Days current objects stay after their last transition before they may expire. S3 rejects an expiry that is
 * not later than a transition, and bills a minimum stay in the class objects moved to (30 days in STANDARD_IA,
 * 90 in GLACIER_IR and GLACIER, 180 in DEEP_ARCHIVE): a transition less than 30 days before the expiry only
 * pays for storage that is never used.
 */
export const EXPIRATION_AFTER_TRANSITION_DAYS = 30;

const ARN = (service: string) => `^arn:aws[a-z-]*:${service}:[a-z0-9-]+:[0-9]{12}:.+$`;
/** A trail ARN: trail names are 3-128 letters, digits, periods, underscores and hyphens. */
export const TRAIL_ARN_PATTERN = '^arn:aws[a-z-]*:cloudtrail:[a-z0-9-]+:[0-9]{12}:trail/[A-Za-z0-9][A-Za-z0-9._-]{1,126}[A-Za-z0-9]$';

export const SECURE_BUCKET_SPEC = obj('Desired state of the secure bucket.', {
  ...COMMON_PROPERTIES,
  encryptionKeyRef: localRef('EncryptionKey', 'The EncryptionKey, in this namespace, whose KMS key encrypts the bucket (SSE-KMS with a bucket key).'),
  bucketName: str('Globally unique bucket name. The access-log bucket is named <bucketName>-logs. Defaults to <name>-<accountId>-<region>.', {
    pattern: '^[a-z0-9][a-z0-9-]*[a-z0-9]$', minLength: 3, maxLength: 58,
    rules: [
      { rule: "!self.startsWith('xn--') && !self.startsWith('sthree-') && !self.endsWith('-s3alias') && !self.endsWith('--ol-s3')", message: 'bucketName uses a prefix or suffix S3 reserves' },
    ],
  }),
  accessLogRetentionDays: int('Days server access logs are kept in the log bucket before they expire (at least 365 when tier is prod).', {
    minimum: MIN_LOG_RETENTION_DAYS, maximum: 3653, default: SECURE_BUCKET_DEFAULTS.accessLogRetentionDays,
  }),
  noncurrentVersionExpirationDays: int('Days a replaced or deleted object version is kept before it expires.', {
    minimum: 1, maximum: 36500, default: SECURE_BUCKET_DEFAULTS.noncurrentVersionExpirationDays,
  }),
  abortIncompleteMultipartUploadDays: int('Days after which incomplete multipart uploads are aborted.', {
    minimum: 1, maximum: 365, default: SECURE_BUCKET_DEFAULTS.abortIncompleteMultipartUploadDays,
  }),
  transitions: arr('Transitions of current objects to cheaper storage classes, in increasing order of days.', obj('A transition.', {
    days: int('Days after object creation.', { minimum: 0, maximum: 36500 }),
    storageClass: str('Target storage class.', { enum: STORAGE_CLASSES }),
  }, {
    required: ['days', 'storageClass'],
    rules: [{ rule: "!(self.storageClass in ['STANDARD_IA']) || self.days >= 30", message: 'S3 moves objects to STANDARD_IA only after at least 30 days', fieldPath: '.days' }],
  }), {
    maxItems: 5,
    rules: [{ rule: 'self.all(i, self.all(j, i == j || (i.days != j.days && i.storageClass != j.storageClass)))', message: 'transitions must use distinct days and storage classes' }],
  }),
  expirationDays: int('Days after creation when current objects expire: S3 puts a delete marker in front of each, and the version it hides is deleted noncurrentVersionExpirationDays later. Unset, current objects never expire. At least objectLock.days, at least 30 days after the last transition, and at least 90 when tier is prod.', {
    minimum: 1, maximum: 36500,
  }),
  objectLock: obj('Object Lock (write once, read many) default retention for new object versions. Can only be chosen when the bucket is created.', {
    mode: str('GOVERNANCE (privileged users can shorten retention) or COMPLIANCE (nobody can, not even the root user).', {
      enum: ['GOVERNANCE', 'COMPLIANCE'], default: SECURE_BUCKET_DEFAULTS.objectLockMode,
    }),
    days: int('Default retention of every new object version, in days.', { minimum: 1, maximum: 36500 }),
  }, { required: ['days'] }),
  eventNotification: obj('Send object events to one target: a Lambda function, an SNS topic or an SQS queue. The target must allow S3 to invoke or publish to it.', {
    lambdaFunctionArn: str('ARN of the Lambda function to invoke.', { pattern: ARN('lambda') }),
    topicArn: str('ARN of the SNS topic to publish to.', { pattern: ARN('sns') }),
    queueArn: str('ARN of the SQS queue to send to.', { pattern: ARN('sqs') }),
    events: arr('S3 event types, e.g. s3:ObjectCreated:*.', str('An S3 event type.', { pattern: '^s3:[A-Za-z]+:[A-Za-z*]+$' }), {
      minItems: 1, maxItems: 10, default: [...SECURE_BUCKET_DEFAULTS.notificationEvents], listType: 'set',
    }),
    filterPrefix: str('Only objects whose key starts with this.', { maxLength: 1024 }),
    filterSuffix: str('Only objects whose key ends with this.', { maxLength: 1024 }),
  }, {
    rules: [{ rule: '(has(self.lambdaFunctionArn) ? 1 : 0) + (has(self.topicArn) ? 1 : 0) + (has(self.queueArn) ? 1 : 0) == 1', message: 'eventNotification needs exactly one of lambdaFunctionArn, topicArn, queueArn' }],
  }),
  serviceLogDelivery: obj('AWS services that deliver their logs into this bucket under AWSLogs/<accountId>/, admitted by the bucket policy with the statements AWS documents, pinned to this account (and, for CloudTrail, to the named trails). Their objects must still be SSE-KMS with the bucket key; only CloudTrail digest files (always SSE-S3) are exempt.', {
    cloudTrailArns: arr('ARNs of the CloudTrail trails, in this account, that deliver log files here (aws:SourceArn).',
      // Bounded so that the API server's estimate of the account rule's cost stays within its budget.
      str('ARN of a CloudTrail trail.', { pattern: TRAIL_ARN_PATTERN, maxLength: 256 }), { default: [], maxItems: 5, listType: 'set' }),
    configDelivery: bool('Let AWS Config deliver configuration snapshots and history under AWSLogs/<accountId>/Config/.', { default: false }),
  }, {
    rules: [{ rule: 'size(self.cloudTrailArns) > 0 || self.configDelivery', message: 'serviceLogDelivery must name at least one trail or set configDelivery' }],
  }),
}, {
  required: [...COMMON_REQUIRED, 'encryptionKeyRef'],
  rules: [
    ...COMMON_RULES,
    { rule: `self.tier != 'prod' || self.accessLogRetentionDays >= ${MIN_PROD_LOG_RETENTION_DAYS}`, message: `accessLogRetentionDays must be at least ${MIN_PROD_LOG_RETENTION_DAYS} when tier is prod`, fieldPath: '.accessLogRetentionDays' },
    { rule: `self.tier != 'prod' || !has(self.expirationDays) || self.expirationDays >= ${MIN_PROD_EXPIRATION_DAYS}`, message: `expirationDays must be at least ${MIN_PROD_EXPIRATION_DAYS} when tier is prod: expired objects are deleted for good noncurrentVersionExpirationDays later`, fieldPath: '.expirationDays' },
    { rule: '!has(self.expirationDays) || !has(self.objectLock) || self.expirationDays >= self.objectLock.days', message: 'expirationDays must be at least objectLock.days: a version under retention cannot be deleted, an earlier expiry would only hide it behind a delete marker', fieldPath: '.expirationDays' },
    { rule: `!has(self.expirationDays) || !has(self.transitions) || self.transitions.all(t, self.expirationDays >= t.days + ${EXPIRATION_AFTER_TRANSITION_DAYS})`, message: `expirationDays must be at least ${EXPIRATION_AFTER_TRANSITION_DAYS} days after the last transition: a transition shortly before the expiry only pays the minimum stay S3 bills in the class objects moved to`, fieldPath: '.expirationDays' },
    { rule: 'has(self.objectLock) == has(oldSelf.objectLock)', message: 'objectLock can only be chosen when the bucket is created', fieldPath: '.objectLock' },
    { rule: '!has(oldSelf.bucketName) || (has(self.bucketName) && self.bucketName == oldSelf.bucketName)', message: 'bucketName cannot change: S3 buckets cannot be renamed', fieldPath: '.bucketName' },
    { rule: "!has(self.serviceLogDelivery) || self.serviceLogDelivery.cloudTrailArns.all(a, a.contains(':' + self.accountId + ':trail/'))", message: 'serviceLogDelivery.cloudTrailArns must be trails of this account (accountId)', fieldPath: '.serviceLogDelivery.cloudTrailArns' },
  ],
});

export const SECURE_BUCKET_STATUS = obj('Observed outputs of the secure bucket.', {
  bucketName: str('Name of the bucket.'),
  bucketArn: str('ARN of the bucket.'),
  logBucketName: str('Name of the access-log bucket.'),
  logBucketArn: str('ARN of the access-log bucket.'),
  encryptionKeyArn: str('ARN of the KMS key the bucket requires, once the EncryptionKey reports it.'),
});

/**
 * An S3 bucket encrypted with a customer-managed key, versioned, private, TLS-only, with server access logs in a
 * log bucket of its own. Nothing here can make it public or unencrypted. Derived from the schema above (its
 * descriptions document each field, its defaults fill them): the one statement of the API's parameters.
 */
export type SecureBucketParameters = Infer<typeof SECURE_BUCKET_SPEC>;
/**
 * AWS services allowed to deliver their logs into the bucket, under the `AWSLogs/<accountId>/` prefix they write to,
 * with the statements AWS documents for them (ACL check + PutObject with `bucket-owner-full-control`), each pinned
 * to this account (`aws:SourceAccount`) and, for CloudTrail, to the named trails (`aws:SourceArn`).
 */
export type ServiceLogDelivery = NonNullable<SecureBucketParameters['serviceLogDelivery']>;
/** What a SecureBucket reports, derived from its status schema. */
export type SecureBucketStatus = Infer<typeof SECURE_BUCKET_STATUS>;
