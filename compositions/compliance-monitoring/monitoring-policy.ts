/**
 * IAM and resource policies of a ComplianceMonitoring: the role CloudTrail assumes to write to CloudWatch Logs,
 * the role AWS Config records and delivers with, and the alarm topic's policy. Every Allow names its actions and
 * resources; the exceptions AWS imposes are said where they are.
 */
import type { PolicyStatement } from '../encryption-key/key-policy';

export const CLOUDTRAIL_SERVICE = 'cloudtrail.amazonaws.com';
export const CONFIG_SERVICE = 'config.amazonaws.com';
/**
 * The AWS-managed policy AWS Config's recorder needs to describe every supported resource type (read-only
 * Describe/Get/List across services, which no hand-written policy can keep up with).
 */
export const AWS_CONFIG_ROLE_POLICY_ARN = 'arn:aws:iam::aws:policy/service-role/AWS_ConfigRole';
/**
 * What API Gateway's regional CloudWatch role needs (AWS documents this managed policy for it): create and write
 * the execution and access log groups of every API of the region, whose names API Gateway derives from API ids.
 */
export const API_GATEWAY_LOGGING_POLICY_ARN = 'arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs';

type Policy = { Version: '2012-10-17'; Statement: PolicyStatement[] };
const policy = (...Statement: PolicyStatement[]): Policy => ({ Version: '2012-10-17', Statement });
/** A role's trust policy: who may assume it (no Resource: the role itself). */
type TrustPolicy = { Version: '2012-10-17'; Statement: Omit<PolicyStatement, 'Resource'>[] };

/** Only CloudTrail, for this trail of this account, may assume the CloudWatch Logs delivery role. */
export function trailRoleTrustPolicy(accountId: string, trailArn: string): TrustPolicy {
  return { Version: '2012-10-17', Statement: [{
    Sid: 'CloudTrailOfThisTrail', Effect: 'Allow', Principal: { Service: CLOUDTRAIL_SERVICE }, Action: 'sts:AssumeRole',
    Condition: { StringEquals: { 'aws:SourceAccount': accountId, 'aws:SourceArn': trailArn } },
  }] };
}

/** API Gateway of this account (and only it) may assume the region's logging role. */
export function apiGatewayLoggingTrustPolicy(accountId: string): TrustPolicy {
  return { Version: '2012-10-17', Statement: [{
    Sid: 'ApiGatewayOfThisAccount', Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'sts:AssumeRole',
    Condition: { StringEquals: { 'aws:SourceAccount': accountId } },
  }] };
}

/**
 * The role creates and writes the trail's log streams in its own log group, nothing else. A multi-region trail
 * writes one stream per source region, named `<account>_CloudTrail_<region>` (with a suffix when a stream
 * rolls over), so the streams are matched by that prefix.
 */
export function trailRolePolicy(logGroupArn: string, accountId: string): Policy {
  const streams = `${logGroupArn}:log-stream:${accountId}_CloudTrail_*`;
  return policy(
    { Sid: 'CreateTrailLogStreams', Effect: 'Allow', Action: 'logs:CreateLogStream', Resource: streams },
    { Sid: 'PutTrailLogEvents', Effect: 'Allow', Action: 'logs:PutLogEvents', Resource: streams },
  );
}

/** Only AWS Config, recording this account, may assume the recorder's role. */
export function configRoleTrustPolicy(accountId: string): TrustPolicy {
  return { Version: '2012-10-17', Statement: [{
    Sid: 'AwsConfigOfThisAccount', Effect: 'Allow', Principal: { Service: CONFIG_SERVICE }, Action: 'sts:AssumeRole',
    Condition: { StringEquals: { 'aws:SourceAccount': accountId } },
  }] };
}

export interface ConfigDelivery {
  readonly accountId: string;
  readonly region: string;
  readonly bucket: string;
  readonly topicArn: string;
  /** The CMK, once its ARN is known: the delivery channel waits for it too. */
  readonly keyArn?: string;
}

/**
 * What AWS Config's role needs on top of AWS_ConfigRole to deliver: write snapshots and history under
 * AWSLogs/<account>/Config/ of the audit bucket with the bucket owner in full control (and check the bucket's
 * ACL and existence, as AWS documents), publish to the alarm topic, and use the CMK only through S3 and SNS.
 */
export function configRolePolicy(d: ConfigDelivery): Policy {
  const bucket = `arn:aws:s3:::${d.bucket}`;
  const statements: PolicyStatement[] = [
    { Sid: 'CheckTheAuditBucket', Effect: 'Allow', Action: ['s3:GetBucketAcl', 's3:ListBucket'], Resource: bucket },
    {
      Sid: 'DeliverToTheAuditBucket', Effect: 'Allow', Action: ['s3:PutObject', 's3:PutObjectAcl'], Resource: `${bucket}/AWSLogs/${d.accountId}/Config/*`,
      Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
    },
    { Sid: 'PublishToTheAlarmTopic', Effect: 'Allow', Action: 'sns:Publish', Resource: d.topicArn },
  ];
  if (d.keyArn) {
    statements.push({
      Sid: 'EncryptDeliveriesWithTheKey', Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: d.keyArn,
      Condition: { StringEquals: { 'kms:ViaService': [`s3.${d.region}.amazonaws.com`, `sns.${d.region}.amazonaws.com`] } },
    });
  }
  return policy(...statements);
}

export interface AlarmTopicPublishers {
  readonly accountId: string;
  readonly topicArn: string;
  /** ARNs of the CloudWatch alarms that notify the topic (none outside the home region). */
  readonly alarmArns: readonly string[];
  /** ARNs of the EventBridge rules that target the topic. */
  readonly eventRuleArns: readonly string[];
}

/**
 * The alarm topic's policy: only this XR's alarms and event rules, and AWS Config of this account, may publish;
 * nobody does anything with the topic without TLS: not publish, nor subscribe, read or change its attributes or
 * policy. (The account's own IAM principals keep what their IAM policies grant, over TLS.)
 */
export function alarmTopicPolicy(t: AlarmTopicPublishers): Policy {
  const fromThisAccount = { 'aws:SourceAccount': t.accountId };
  const statements: PolicyStatement[] = [];
  if (t.alarmArns.length) {
    statements.push({
      Sid: 'AllowTheAlarmsToPublish', Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: 'sns:Publish', Resource: t.topicArn,
      Condition: { StringEquals: fromThisAccount, ArnEquals: { 'aws:SourceArn': [...t.alarmArns] } },
    });
  }
  statements.push(
    {
      Sid: 'AllowTheEventRulesToPublish', Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sns:Publish', Resource: t.topicArn,
      Condition: { StringEquals: fromThisAccount, ArnEquals: { 'aws:SourceArn': [...t.eventRuleArns] } },
    },
    {
      Sid: 'AllowAwsConfigToPublish', Effect: 'Allow', Principal: { Service: CONFIG_SERVICE }, Action: 'sns:Publish', Resource: t.topicArn,
      Condition: { StringEquals: fromThisAccount },
    },
    // Every SNS action, not only Publish: a subscription or a policy change over plain HTTP is as exposed.
    { Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 'sns:*', Resource: t.topicArn, Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
  );
  return policy(...statements);
}
