/** SecureBucket claims the API must refuse, each changing one of its examples in one way (see PlatformApi.badClaims). */
import { withoutField as without, type BadClaim } from '../../lib/composer';
import { SECURE_BUCKET_EXAMPLES } from './examples';

const MINIMAL: Record<string, unknown> = { ...SECURE_BUCKET_EXAMPLES[0].spec };
const PROD: Record<string, unknown> = { ...SECURE_BUCKET_EXAMPLES.find((e) => e.name === 'prod-everything')!.spec };

export const SECURE_BUCKET_BAD_CLAIMS: readonly BadClaim[] = [
  { what: 'access logs kept 30 days', spec: { ...MINIMAL, accessLogRetentionDays: 30 }, field: 'spec.accessLogRetentionDays', words: '>= 90' },
  { what: 'prod access logs kept 100 days', spec: { ...PROD, accessLogRetentionDays: 100 }, field: 'spec.accessLogRetentionDays', words: 'at least 365 when tier is prod' },
  { what: 'prod bucket without deletion protection', spec: { ...PROD, deletionProtection: false }, field: 'spec.deletionProtection', words: 'must be true when tier is prod' },
  { what: 'noncurrent versions expiring at once', spec: { ...MINIMAL, noncurrentVersionExpirationDays: 0 }, field: 'spec.noncurrentVersionExpirationDays', words: '>= 1' },
  { what: 'multipart uploads never aborted', spec: { ...MINIMAL, abortIncompleteMultipartUploadDays: 0 }, field: 'spec.abortIncompleteMultipartUploadDays', words: '>= 1' },
  { what: 'STANDARD_IA before 30 days', spec: { ...MINIMAL, transitions: [{ days: 10, storageClass: 'STANDARD_IA' }] }, field: 'spec.transitions[0].days', words: 'at least 30 days' },
  { what: 'two transitions on the same day', spec: { ...MINIMAL, transitions: [{ days: 90, storageClass: 'GLACIER' }, { days: 90, storageClass: 'DEEP_ARCHIVE' }] }, field: 'spec.transitions', words: 'distinct days' },
  { what: 'six transitions', spec: { ...MINIMAL, transitions: [30, 60, 90, 120, 150, 180].map((days, i) => ({ days, storageClass: ['STANDARD_IA', 'INTELLIGENT_TIERING', 'GLACIER_IR', 'GLACIER', 'DEEP_ARCHIVE', 'GLACIER'][i] })) }, field: 'spec.transitions', words: 'must NOT have more than 5 items' },
  { what: 'a transition to a storage class that is not one', spec: { ...MINIMAL, transitions: [{ days: 30, storageClass: 'REDUCED_REDUNDANCY' }] }, field: 'spec.transitions[0].storageClass', words: 'must be one of' },
  { what: 'object lock of 0 days', spec: { ...MINIMAL, objectLock: { days: 0 } }, field: 'spec.objectLock.days', words: '>= 1' },
  { what: 'an object lock mode that does not exist', spec: { ...MINIMAL, objectLock: { mode: 'LEGAL', days: 30 } }, field: 'spec.objectLock.mode', words: 'must be one of' },
  { what: 'a notification to two targets', spec: { ...MINIMAL, eventNotification: { topicArn: 'arn:aws:sns:us-east-1:111111111111:t', queueArn: 'arn:aws:sqs:us-east-1:111111111111:q' } }, field: 'spec.eventNotification', words: 'exactly one' },
  { what: 'a notification to no target', spec: { ...MINIMAL, eventNotification: { events: ['s3:ObjectCreated:*'] } }, field: 'spec.eventNotification', words: 'exactly one' },
  { what: 'a notification target that is not an ARN', spec: { ...MINIMAL, eventNotification: { topicArn: 'alerts' } }, field: 'spec.eventNotification.topicArn', words: 'must match pattern' },
  { what: 'a notification for no events', spec: { ...MINIMAL, eventNotification: { topicArn: 'arn:aws:sns:us-east-1:111111111111:t', events: [] } }, field: 'spec.eventNotification.events', words: 'must NOT have fewer than 1 items' },
  { what: 'a bucket name with a reserved prefix', spec: { ...MINIMAL, bucketName: 'xn--orders' }, field: 'spec.bucketName', words: 'reserves' },
  { what: 'a bucket name with capitals', spec: { ...MINIMAL, bucketName: 'Orders' }, field: 'spec.bucketName', words: 'must match pattern' },
  { what: 'a bucket name leaving no room for its log bucket', spec: { ...MINIMAL, bucketName: 'o'.repeat(59) }, field: 'spec.bucketName', words: 'must NOT have more than 58 characters' },
  { what: 'no encryption key', spec: without(MINIMAL, 'encryptionKeyRef'), field: 'spec.encryptionKeyRef', words: 'equired' },
  { what: 'an encryption key name that cannot exist', spec: { ...MINIMAL, encryptionKeyRef: { name: 'Orders_Key' } }, field: 'spec.encryptionKeyRef.name', words: 'must match pattern' },
  { what: 'an attempt to switch off public access blocking', spec: { ...MINIMAL, publicAccessBlock: false }, field: 'spec.publicAccessBlock', words: '' },
];
