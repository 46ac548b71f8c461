/**
 * Policies of a Network's flow logs: the flow-log bucket's policy (the data-bucket policy of SecureBucket — TLS
 * only, SSE-KMS only, pinned to the key once known — plus log delivery's write access), and the trust and
 * permissions of the role VPC Flow Logs assumes to write to CloudWatch Logs.
 */
import type { PolicyStatement } from '../encryption-key/key-policy';
import { dataBucketPolicy } from '../secure-bucket/bucket-policy';

export const LOG_DELIVERY_SERVICE = 'delivery.logs.amazonaws.com';
export const FLOW_LOGS_SERVICE = 'vpc-flow-logs.amazonaws.com';

/** What log delivery may write: the AWSLogs/<account>/ prefix flow logs use. */
export function flowLogBucketPolicy(bucket: string, accountId: string, region: string, keyArn: string | undefined) {
  const base = dataBucketPolicy(bucket, keyArn);
  const fromThisAccountsLogs = {
    StringEquals: { 'aws:SourceAccount': accountId },
    ArnLike: { 'aws:SourceArn': `arn:aws:logs:${region}:${accountId}:*` },
  };
  const statements: PolicyStatement[] = [
    ...base.Statement,
    {
      Sid: 'AWSLogDeliveryWrite', Effect: 'Allow', Principal: { Service: LOG_DELIVERY_SERVICE },
      Action: 's3:PutObject', Resource: `arn:aws:s3:::${bucket}/AWSLogs/${accountId}/*`,
      Condition: { ...fromThisAccountsLogs, StringEquals: { ...fromThisAccountsLogs.StringEquals, 's3:x-amz-acl': 'bucket-owner-full-control' } },
    },
    {
      Sid: 'AWSLogDeliveryAclCheck', Effect: 'Allow', Principal: { Service: LOG_DELIVERY_SERVICE },
      Action: 's3:GetBucketAcl', Resource: `arn:aws:s3:::${bucket}`, Condition: fromThisAccountsLogs,
    },
  ];
  return { Version: base.Version, Statement: statements };
}

/** Only VPC Flow Logs, for this account's flow logs, may assume the CloudWatch delivery role. */
export function flowLogRoleTrustPolicy(accountId: string, region: string) {
  return {
    Version: '2012-10-17',
    Statement: [{
      Sid: 'VpcFlowLogsOfThisAccount', Effect: 'Allow', Principal: { Service: FLOW_LOGS_SERVICE }, Action: 'sts:AssumeRole',
      Condition: {
        StringEquals: { 'aws:SourceAccount': accountId },
        ArnLike: { 'aws:SourceArn': `arn:aws:ec2:${region}:${accountId}:vpc-flow-log/*` },
      },
    }],
  };
}

/** The role writes streams of its own log group, nothing else (DescribeLogGroups cannot be scoped to one group). */
export function flowLogRolePolicy(logGroupArn: string, accountId: string, region: string) {
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'WriteFlowLogStreams', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'], Resource: [logGroupArn, `${logGroupArn}:log-stream:*`] },
      { Sid: 'DescribeLogGroups', Effect: 'Allow', Action: 'logs:DescribeLogGroups', Resource: `arn:aws:logs:${region}:${accountId}:log-group:*` },
    ],
  };
}
