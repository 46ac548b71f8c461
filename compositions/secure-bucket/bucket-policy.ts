/**
 * Bucket policies of a SecureBucket and its log bucket. Deny statements use `Principal: "*"` with a condition:
 * they apply to every caller, which is the point of a deny.
 */
import type { PolicyStatement } from '../encryption-key/key-policy';

export const ACCESS_LOG_PREFIX = 's3-access-logs/';

const bucketArn = (name: string) => `arn:aws:s3:::${name}`;

/** TLS only, and TLS 1.2 or newer, for every request to the bucket. */
function transportStatements(name: string): PolicyStatement[] {
  const resources = [bucketArn(name), `${bucketArn(name)}/*`];
  return [
    { Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: resources, Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
    { Sid: 'DenyTlsOlderThan1_2', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: resources, Condition: { NumericLessThan: { 's3:TlsVersion': '1.2' } } },
  ];
}

/**
 * The data bucket's policy: TLS only, and every object written ends up encrypted with the environment's key:
 * a request may omit encryption headers (the bucket default applies the key) but may not ask for another
 * algorithm or, once the key's ARN is known, another key.
 */
export function dataBucketPolicy(name: string, keyArn: string | undefined) {
  const objects = `${bucketArn(name)}/*`;
  const statements: PolicyStatement[] = [
    ...transportStatements(name),
    {
      Sid: 'DenyEncryptionOtherThanSseKms', Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: objects,
      Condition: { StringNotEqualsIfExists: { 's3:x-amz-server-side-encryption': 'aws:kms' } },
    },
  ];
  if (keyArn) {
    statements.push({
      Sid: 'DenyKmsKeysOtherThanTheBucketKey', Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: objects,
      Condition: { StringNotEqualsIfExists: { 's3:x-amz-server-side-encryption-aws-kms-key-id': keyArn } },
    });
  }
  return { Version: '2012-10-17', Statement: statements };
}

/** The log bucket's policy: TLS only; S3 log delivery may write access logs of the data bucket, nothing else. */
export function logBucketPolicy(logBucket: string, dataBucket: string, accountId: string) {
  return {
    Version: '2012-10-17',
    Statement: [
      ...transportStatements(logBucket),
      {
        Sid: 'AllowServerAccessLogDelivery', Effect: 'Allow', Principal: { Service: 'logging.s3.amazonaws.com' },
        Action: 's3:PutObject', Resource: `${bucketArn(logBucket)}/${ACCESS_LOG_PREFIX}*`,
        Condition: { ArnLike: { 'aws:SourceArn': bucketArn(dataBucket) }, StringEquals: { 'aws:SourceAccount': accountId } },
      },
    ] as PolicyStatement[],
  };
}
