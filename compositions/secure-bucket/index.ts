import type { PlatformApi } from '../../lib/composer';
import { composeSecureBucket, KIND } from './composer';
import { SECURE_BUCKET_SPEC, SECURE_BUCKET_STATUS, type SecureBucketParameters } from './parameters';

export const secureBucketApi: PlatformApi<SecureBucketParameters> = {
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
  compose: composeSecureBucket,
};
