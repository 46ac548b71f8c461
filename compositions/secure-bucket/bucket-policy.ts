/**
 * Bucket policies of a SecureBucket and its log bucket. Deny statements use `Principal: "*"` with a condition:
 * they apply to every caller, which is the point of a deny.
 */
import type { PolicyStatement } from '../encryption-key/key-policy';
import type { ServiceLogDelivery } from './parameters';

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
 * algorithm or, once the key's ARN is known, another key. With `delivery`, the AWS services named there may
 * write their logs (serviceLogDeliveryStatements).
 */
export function dataBucketPolicy(name: string, keyArn: string | undefined, delivery?: ServiceLogDelivery & { readonly accountId: string }) {
  const objects = `${bucketArn(name)}/*`;
  const trails = delivery?.cloudTrailArns.length ? [...delivery.cloudTrailArns] : undefined;
  const statements: PolicyStatement[] = [
    ...transportStatements(name),
    {
      Sid: 'DenyEncryptionOtherThanSseKms', Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: objects,
      // Keys of one operator are ANDed: CloudTrail's digest files are always SSE-S3, so requests of the named
      // trails are exempt here; DenyTrailLogFilesOtherThanSseKms keeps their log files on SSE-KMS.
      Condition: { StringNotEqualsIfExists: { 's3:x-amz-server-side-encryption': 'aws:kms', ...(trails ? { 'aws:SourceArn': trails } : {}) } },
    },
  ];
  if (keyArn) {
    statements.push({
      Sid: 'DenyKmsKeysOtherThanTheBucketKey', Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: objects,
      Condition: { StringNotEqualsIfExists: { 's3:x-amz-server-side-encryption-aws-kms-key-id': keyArn } },
    });
  }
  if (delivery) statements.push(...serviceLogDeliveryStatements(name, delivery));
  return { Version: '2012-10-17', Statement: statements };
}

/**
 * What AWS documents for CloudTrail and AWS Config delivery to S3: the ACL check (and, for Config, the
 * existence check) on the bucket and PutObject under AWSLogs/<account>/ with the bucket owner in full control,
 * each only for this account (aws:SourceAccount) and, for CloudTrail, only for the named trails (aws:SourceArn).
 */
function serviceLogDeliveryStatements(name: string, d: ServiceLogDelivery & { readonly accountId: string }): PolicyStatement[] {
  const bucket = bucketArn(name);
  const logs = `${bucket}/AWSLogs/${d.accountId}`;
  const ownerFullControl = { 's3:x-amz-acl': 'bucket-owner-full-control' };
  const statements: PolicyStatement[] = [];
  if (d.cloudTrailArns.length) {
    const fromTheTrails = { 'aws:SourceArn': [...d.cloudTrailArns], 'aws:SourceAccount': d.accountId };
    const cloudTrail = { Service: 'cloudtrail.amazonaws.com' };
    statements.push(
      { Sid: 'AllowCloudTrailAclCheck', Effect: 'Allow', Principal: cloudTrail, Action: 's3:GetBucketAcl', Resource: bucket, Condition: { StringEquals: fromTheTrails } },
      { Sid: 'AllowCloudTrailLogDelivery', Effect: 'Allow', Principal: cloudTrail, Action: 's3:PutObject', Resource: `${logs}/*`, Condition: { StringEquals: { ...ownerFullControl, ...fromTheTrails } } },
      {
        Sid: 'DenyTrailLogFilesOtherThanSseKms', Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: `${logs}/CloudTrail/*`,
        Condition: { StringNotEqualsIfExists: { 's3:x-amz-server-side-encryption': 'aws:kms' } },
      },
    );
  }
  if (d.configDelivery) {
    const fromThisAccount = { 'aws:SourceAccount': d.accountId };
    const config = { Service: 'config.amazonaws.com' };
    statements.push(
      { Sid: 'AllowConfigAclCheck', Effect: 'Allow', Principal: config, Action: 's3:GetBucketAcl', Resource: bucket, Condition: { StringEquals: fromThisAccount } },
      { Sid: 'AllowConfigBucketExistenceCheck', Effect: 'Allow', Principal: config, Action: 's3:ListBucket', Resource: bucket, Condition: { StringEquals: fromThisAccount } },
      { Sid: 'AllowConfigDelivery', Effect: 'Allow', Principal: config, Action: 's3:PutObject', Resource: `${logs}/Config/*`, Condition: { StringEquals: { ...ownerFullControl, ...fromThisAccount } } },
    );
  }
  return statements;
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
