/**
 * The AWS-managed AWS Config rules a ComplianceMonitoring deploys: one typed table, one row per rule. Identifiers
 * are AWS's (source owner AWS, `sourceIdentifier`), checked against AWS's managed-rule documentation and
 * conformance packs; names are AWS's documented rule names behind a fixed prefix, so they are stable and never
 * collide with rules created by hand or by conformance packs.
 *
 * Config rules need a configuration recorder: AWS refuses to create one (NoAvailableConfigurationRecorderException)
 * until the account has a recorder in the region, and evaluates nothing while the recorder is stopped. Every rule
 * here therefore depends on this XR's recorder; the provider retries creating a rule until the recorder exists.
 *
 * `account` rules evaluate account-wide or global resources (IAM, the root user, CloudTrail): they run in the
 * home region only, which is also the only region that records global resource types, so they neither find
 * nothing nor report everything once per region.
 */

export const CONFIG_RULE_CATEGORIES = [
  'encryption', 'public-access', 'logging', 'rotation', 'backup', 'deletion-protection', 'mfa', 'identity', 'network', 'threat-detection',
] as const;
export type ConfigRuleCategory = (typeof CONFIG_RULE_CATEGORIES)[number];

export interface ManagedConfigRule {
  /** AWS managed rule identifier (`source.sourceIdentifier`). */
  readonly identifier: string;
  /** AWS's documented rule name; the ConfigRule is named `<CONFIG_RULE_PREFIX><name>`. */
  readonly name: string;
  /** What the rule reports NON_COMPLIANT. */
  readonly checks: string;
  readonly category: ConfigRuleCategory;
  /** `regional`: in every region; `account`: only in the home region (see the file comment). */
  readonly scope: 'regional' | 'account';
  /** Rule parameters (strings, as AWS Config takes them). @default the rule's own defaults */
  readonly inputParameters?: Readonly<Record<string, string>>;
}

/** Prefix of every ConfigRule name. */
export const CONFIG_RULE_PREFIX = 'secure-baseline-';

export const MANAGED_CONFIG_RULES: readonly ManagedConfigRule[] = [
  // --- Encryption at rest and in transit ---
  { identifier: 'S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED', name: 's3-bucket-server-side-encryption-enabled', checks: 'S3 buckets without default server-side encryption', category: 'encryption', scope: 'regional' },
  { identifier: 'S3_DEFAULT_ENCRYPTION_KMS', name: 's3-default-encryption-kms', checks: 'S3 buckets whose default encryption is not SSE-KMS', category: 'encryption', scope: 'regional' },
  { identifier: 'S3_BUCKET_SSL_REQUESTS_ONLY', name: 's3-bucket-ssl-requests-only', checks: 'S3 buckets whose policy does not deny requests without TLS', category: 'encryption', scope: 'regional' },
  { identifier: 'RDS_STORAGE_ENCRYPTED', name: 'rds-storage-encrypted', checks: 'RDS DB instances with unencrypted storage', category: 'encryption', scope: 'regional' },
  { identifier: 'DYNAMODB_TABLE_ENCRYPTED_KMS', name: 'dynamodb-table-encrypted-kms', checks: 'DynamoDB tables not encrypted with a KMS key', category: 'encryption', scope: 'regional' },
  { identifier: 'ENCRYPTED_VOLUMES', name: 'encrypted-volumes', checks: 'Attached EBS volumes that are not encrypted', category: 'encryption', scope: 'regional' },
  { identifier: 'EC2_EBS_ENCRYPTION_BY_DEFAULT', name: 'ec2-ebs-encryption-by-default', checks: 'Regions where EBS encryption by default is off', category: 'encryption', scope: 'regional' },
  { identifier: 'CLOUDWATCH_LOG_GROUP_ENCRYPTED', name: 'cloudwatch-log-group-encrypted', checks: 'CloudWatch log groups not encrypted with a KMS key', category: 'encryption', scope: 'regional' },
  { identifier: 'SNS_ENCRYPTED_KMS', name: 'sns-encrypted-kms', checks: 'SNS topics not encrypted with a KMS key', category: 'encryption', scope: 'regional' },
  { identifier: 'SECRETSMANAGER_USING_CMK', name: 'secretsmanager-using-cmk', checks: 'Secrets Manager secrets not encrypted with a customer-managed key', category: 'encryption', scope: 'regional' },
  { identifier: 'CLOUD_TRAIL_ENCRYPTION_ENABLED', name: 'cloud-trail-encryption-enabled', checks: 'Accounts with a trail whose logs are not SSE-KMS encrypted', category: 'encryption', scope: 'account' },

  // --- Public access ---
  { identifier: 'S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED', name: 's3-bucket-level-public-access-prohibited', checks: 'S3 buckets without all four bucket-level public access blocks', category: 'public-access', scope: 'regional' },
  { identifier: 'S3_BUCKET_PUBLIC_READ_PROHIBITED', name: 's3-bucket-public-read-prohibited', checks: 'S3 buckets that allow public read access', category: 'public-access', scope: 'regional' },
  { identifier: 'S3_BUCKET_PUBLIC_WRITE_PROHIBITED', name: 's3-bucket-public-write-prohibited', checks: 'S3 buckets that allow public write access', category: 'public-access', scope: 'regional' },
  { identifier: 'S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC', name: 's3-account-level-public-access-blocks-periodic', checks: 'Accounts without all four account-level S3 public access blocks', category: 'public-access', scope: 'account' },
  { identifier: 'RDS_SNAPSHOTS_PUBLIC_PROHIBITED', name: 'rds-snapshots-public-prohibited', checks: 'RDS snapshots shared publicly', category: 'public-access', scope: 'regional' },
  { identifier: 'EBS_SNAPSHOT_PUBLIC_RESTORABLE_CHECK', name: 'ebs-snapshot-public-restorable-check', checks: 'EBS snapshots anyone can restore', category: 'public-access', scope: 'regional' },
  { identifier: 'LAMBDA_FUNCTION_PUBLIC_ACCESS_PROHIBITED', name: 'lambda-function-public-access-prohibited', checks: 'Lambda functions whose resource policy allows public invocation', category: 'public-access', scope: 'regional' },

  // --- Logging ---
  { identifier: 'CLOUD_TRAIL_ENABLED', name: 'cloudtrail-enabled', checks: 'Accounts without a CloudTrail trail', category: 'logging', scope: 'account' },
  { identifier: 'MULTI_REGION_CLOUD_TRAIL_ENABLED', name: 'multi-region-cloudtrail-enabled', checks: 'Accounts without a multi-region trail logging management events', category: 'logging', scope: 'account' },
  { identifier: 'CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED', name: 'cloud-trail-log-file-validation-enabled', checks: 'Trails without log file integrity validation', category: 'logging', scope: 'account' },
  { identifier: 'CLOUD_TRAIL_CLOUD_WATCH_LOGS_ENABLED', name: 'cloud-trail-cloud-watch-logs-enabled', checks: 'Trails that do not send their events to CloudWatch Logs', category: 'logging', scope: 'account' },
  { identifier: 'VPC_FLOW_LOGS_ENABLED', name: 'vpc-flow-logs-enabled', checks: 'VPCs without flow logs', category: 'logging', scope: 'regional' },
  { identifier: 'S3_BUCKET_LOGGING_ENABLED', name: 's3-bucket-logging-enabled', checks: 'S3 buckets without server access logging', category: 'logging', scope: 'regional' },
  { identifier: 'API_GW_EXECUTION_LOGGING_ENABLED', name: 'api-gw-execution-logging-enabled', checks: 'API Gateway stages without execution logging', category: 'logging', scope: 'regional' },
  { identifier: 'CW_LOGGROUP_RETENTION_PERIOD_CHECK', name: 'cw-loggroup-retention-period-check', checks: 'CloudWatch log groups kept for less than the minimum retention (365 days by default)', category: 'logging', scope: 'regional' },

  // --- Rotation ---
  { identifier: 'CMK_BACKING_KEY_ROTATION_ENABLED', name: 'cmk-backing-key-rotation-enabled', checks: 'Customer-managed KMS keys without automatic rotation', category: 'rotation', scope: 'regional' },
  { identifier: 'SECRETSMANAGER_ROTATION_ENABLED_CHECK', name: 'secretsmanager-rotation-enabled-check', checks: 'Secrets Manager secrets without rotation', category: 'rotation', scope: 'regional' },
  { identifier: 'ACCESS_KEYS_ROTATED', name: 'access-keys-rotated', checks: 'IAM user access keys older than 90 days', category: 'rotation', scope: 'account', inputParameters: { maxAccessKeyAge: '90' } },

  // --- Backups ---
  { identifier: 'DYNAMODB_PITR_ENABLED', name: 'dynamodb-pitr-enabled', checks: 'DynamoDB tables without point-in-time recovery', category: 'backup', scope: 'regional' },
  { identifier: 'DB_INSTANCE_BACKUP_ENABLED', name: 'db-instance-backup-enabled', checks: 'RDS DB instances without automated backups', category: 'backup', scope: 'regional' },
  { identifier: 'S3_BUCKET_VERSIONING_ENABLED', name: 's3-bucket-versioning-enabled', checks: 'S3 buckets without versioning', category: 'backup', scope: 'regional' },

  // --- Deletion protection ---
  { identifier: 'RDS_CLUSTER_DELETION_PROTECTION_ENABLED', name: 'rds-cluster-deletion-protection-enabled', checks: 'RDS and Aurora clusters without deletion protection', category: 'deletion-protection', scope: 'regional' },
  { identifier: 'RDS_INSTANCE_DELETION_PROTECTION_ENABLED', name: 'rds-instance-deletion-protection-enabled', checks: 'RDS DB instances without deletion protection', category: 'deletion-protection', scope: 'regional' },
  { identifier: 'KMS_CMK_NOT_SCHEDULED_FOR_DELETION', name: 'kms-cmk-not-scheduled-for-deletion', checks: 'Customer-managed KMS keys scheduled for deletion', category: 'deletion-protection', scope: 'regional' },

  // --- MFA ---
  { identifier: 'ROOT_ACCOUNT_MFA_ENABLED', name: 'root-account-mfa-enabled', checks: 'A root user without MFA', category: 'mfa', scope: 'account' },
  { identifier: 'IAM_USER_MFA_ENABLED', name: 'iam-user-mfa-enabled', checks: 'IAM users without MFA', category: 'mfa', scope: 'account' },
  { identifier: 'MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS', name: 'mfa-enabled-for-iam-console-access', checks: 'IAM users with a console password but no MFA', category: 'mfa', scope: 'account' },

  // --- Identity ---
  { identifier: 'IAM_ROOT_ACCESS_KEY_CHECK', name: 'iam-root-access-key-check', checks: 'A root user with access keys', category: 'identity', scope: 'account' },
  { identifier: 'IAM_POLICY_NO_STATEMENTS_WITH_ADMIN_ACCESS', name: 'iam-policy-no-statements-with-admin-access', checks: 'Customer-managed IAM policies allowing * on *', category: 'identity', scope: 'account' },

  // --- Network exposure ---
  { identifier: 'VPC_DEFAULT_SECURITY_GROUP_CLOSED', name: 'vpc-default-security-group-closed', checks: 'Default security groups with any inbound or outbound rule', category: 'network', scope: 'regional' },
  { identifier: 'INCOMING_SSH_DISABLED', name: 'restricted-ssh', checks: 'Security groups open to SSH from 0.0.0.0/0 or ::/0', category: 'network', scope: 'regional' },
  { identifier: 'RESTRICTED_INCOMING_TRAFFIC', name: 'restricted-common-ports', checks: 'Security groups open to common administration and database ports from anywhere', category: 'network', scope: 'regional' },
  { identifier: 'RDS_INSTANCE_PUBLIC_ACCESS_CHECK', name: 'rds-instance-public-access-check', checks: 'Publicly accessible RDS DB instances', category: 'network', scope: 'regional' },
  { identifier: 'LAMBDA_INSIDE_VPC', name: 'lambda-inside-vpc', checks: 'Lambda functions not attached to a VPC', category: 'network', scope: 'regional' },
  { identifier: 'EC2_INSTANCE_NO_PUBLIC_IP', name: 'ec2-instance-no-public-ip', checks: 'EC2 instances with a public IP address', category: 'network', scope: 'regional' },
  { identifier: 'EC2_IMDSV2_CHECK', name: 'ec2-imdsv2-check', checks: 'EC2 instances that allow IMDSv1', category: 'network', scope: 'regional' },
  { identifier: 'SUBNET_AUTO_ASSIGN_PUBLIC_IP_DISABLED', name: 'subnet-auto-assign-public-ip-disabled', checks: 'Subnets that assign public IP addresses on launch', category: 'network', scope: 'regional' },

  // --- Threat detection ---
  { identifier: 'GUARDDUTY_ENABLED_CENTRALIZED', name: 'guardduty-enabled-centralized', checks: 'Regions where GuardDuty is not enabled', category: 'threat-detection', scope: 'regional' },
  { identifier: 'SECURITYHUB_ENABLED', name: 'securityhub-enabled', checks: 'Accounts where Security Hub is not enabled in the region', category: 'threat-detection', scope: 'regional' },
];

/** The rules of one region: all regional ones, plus the account ones in the home region. */
export function configRulesFor(homeRegion: boolean): readonly ManagedConfigRule[] {
  return MANAGED_CONFIG_RULES.filter((r) => homeRegion || r.scope === 'regional');
}

export const configRuleName = (r: Pick<ManagedConfigRule, 'name'>) => `${CONFIG_RULE_PREFIX}${r.name}`;
