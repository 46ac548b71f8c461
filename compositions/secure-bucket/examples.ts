/** Example SecureBucket claims: documentation that is tested (composed, validated, rendered). */
import type { SecureBucketParameters } from './parameters';

type Example = { readonly name: string; readonly spec: Partial<SecureBucketParameters> & Pick<SecureBucketParameters, 'encryptionKeyRef'> };

export const SECURE_BUCKET_EXAMPLES: readonly Example[] = [
  {
    name: 'minimal',
    spec: { environment: 'dev', tier: 'dev', region: 'eu-west-1', accountId: '123456789012', owner: 'team-a', costCenter: 'cc-42', encryptionKeyRef: { name: 'minimal' } },
  },
  {
    name: 'prod-everything',
    spec: {
      environment: 'prod', tier: 'prod', region: 'us-east-1', accountId: '123456789012', owner: 'team-a', costCenter: 'cc-42',
      encryptionKeyRef: { name: 'prod-all-services' }, bucketName: 'team-a-prod-evidence', deletionProtection: true,
      dataClassification: 'restricted', accessLogRetentionDays: 2555, noncurrentVersionExpirationDays: 365,
      abortIncompleteMultipartUploadDays: 3,
      transitions: [{ days: 30, storageClass: 'STANDARD_IA' }, { days: 180, storageClass: 'DEEP_ARCHIVE' }],
      objectLock: { mode: 'COMPLIANCE', days: 2555 },
      // Evidence is kept seven years, locked, then expires (no sooner than the lock, nor than 30 days after the
      // last transition).
      expirationDays: 2555,
      eventNotification: { lambdaFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:ingest', events: ['s3:ObjectCreated:*'], filterPrefix: 'incoming/' },
    },
  },
];
