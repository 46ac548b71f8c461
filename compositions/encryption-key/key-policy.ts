/**
 * The key policy of an EncryptionKey. The account root administers the key (as in AWS's default key policy: it
 * delegates access control to IAM and keeps the key manageable); each allowed service gets explicit data-plane
 * actions under conditions that pin it to this account and to its own use of the key. No statement has
 * `Principal: "*"`.
 *
 * The statements for services used on behalf of the account's principals (kms:ViaService) name the account root
 * too, so like the administrative statement they delegate to IAM: a principal still needs an IAM policy allowing
 * the KMS action on the key (SecureFunction's role policy grants exactly the KMS use its resources need).
 */
import type { EncryptionKeyParameters, KeyService } from './parameters';

export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow' | 'Deny';
  Principal?: { AWS?: string | string[]; Service?: string | string[] } | '*';
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string | string[] | boolean>>;
}

const ENCRYPT_DECRYPT = [
  'kms:Encrypt', 'kms:Decrypt', 'kms:ReEncryptFrom', 'kms:ReEncryptTo',
  'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:DescribeKey',
];
/** Services that use the key on behalf of an IAM principal of this account (envelope encryption via the service). */
const VIA_SERVICE: Partial<Record<KeyService, string>> = {
  secretsmanager: 'secretsmanager', rds: 'rds', s3: 's3', lambda: 'lambda', dynamodb: 'dynamodb', ssm: 'ssm',
};
/** Services that use the key for envelope encryption without grants. */
const NO_GRANTS = new Set(['s3', 'ssm']);

export function keyPolicy(p: Pick<EncryptionKeyParameters, 'accountId' | 'region' | 'services'>): { Version: string; Statement: PolicyStatement[] } {
  const account = p.accountId;
  const root = `arn:aws:iam::${account}:root`;
  // In a key policy, Resource "*" means "this key": AWS requires it.
  const statements: PolicyStatement[] = [
    { Sid: 'AccountRootAdministersKey', Effect: 'Allow', Principal: { AWS: root }, Action: 'kms:*', Resource: '*' },
  ];
  for (const service of [...p.services].sort()) {
    const via = VIA_SERVICE[service];
    if (via) {
      const Via = `${via[0].toUpperCase()}${via.slice(1)}`;
      const throughService = { 'kms:ViaService': `${via}.${p.region}.amazonaws.com`, 'kms:CallerAccount': account };
      // The data actions, requested through the service by a principal of this account.
      statements.push({
        Sid: `Allow${Via}ForAccountPrincipals`,
        Effect: 'Allow',
        Principal: { AWS: root },
        Action: ENCRYPT_DECRYPT,
        Resource: '*',
        Condition: { StringEquals: throughService },
      });
      // RDS, Lambda, DynamoDB and Secrets Manager also create grants for the resources they manage; S3 and SSM do
      // not. kms:GrantIsForAWSResource exists only on grant requests (a condition on it in the statement above
      // would leave that statement allowing nothing but CreateGrant), hence a statement of its own, as in AWS's
      // default key policies ("Allow attachment of persistent resources").
      if (!NO_GRANTS.has(via)) {
        statements.push({
          Sid: `Allow${Via}GrantsForAwsResources`,
          Effect: 'Allow',
          Principal: { AWS: root },
          Action: ['kms:CreateGrant'],
          Resource: '*',
          Condition: { StringEquals: throughService, Bool: { 'kms:GrantIsForAWSResource': true } },
        });
      }
    } else if (service === 'logs') {
      statements.push({
        Sid: 'AllowCloudWatchLogsForThisAccountsLogGroups',
        Effect: 'Allow',
        Principal: { Service: `logs.${p.region}.amazonaws.com` },
        Action: ENCRYPT_DECRYPT,
        Resource: '*',
        Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:${p.region}:${account}:log-group:*` } },
      });
    } else if (service === 'cloudtrail') {
      statements.push({
        Sid: 'AllowCloudTrailToEncryptThisAccountsTrails',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: ['kms:GenerateDataKey', 'kms:DescribeKey'],
        Resource: '*',
        Condition: {
          StringEquals: { 'aws:SourceAccount': account },
          // IfExists: DescribeKey (CloudTrail checks the key when a trail is created or updated) carries no
          // encryption context, and without it the trail is refused with InsufficientEncryptionPolicyException.
          StringLikeIfExists: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:aws:cloudtrail:*:${account}:trail/*` },
        },
      });
    } else if (service === 'log-delivery') {
      statements.push({
        Sid: 'AllowLogDeliveryToEncryptedBuckets',
        Effect: 'Allow',
        Principal: { Service: 'delivery.logs.amazonaws.com' },
        Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
        Resource: '*',
        Condition: {
          StringEquals: { 'aws:SourceAccount': account },
          ArnLike: { 'aws:SourceArn': `arn:aws:logs:${p.region}:${account}:*` },
        },
      });
    } else if (service === 'sns') {
      // Encrypted topics: the services that publish alarms and events to them need a data key.
      statements.push({
        Sid: 'AllowAlarmAndEventPublishersToEncryptedTopics',
        Effect: 'Allow',
        Principal: { Service: ['cloudwatch.amazonaws.com', 'events.amazonaws.com'] },
        Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
        Resource: '*',
        Condition: { StringEquals: { 'aws:SourceAccount': account } },
      });
    }
  }
  return { Version: '2012-10-17', Statement: statements };
}
