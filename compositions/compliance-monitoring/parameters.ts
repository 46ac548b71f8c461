import { COMMON_PROPERTIES, COMMON_REQUIRED, COMMON_RULES, localRef } from '../../lib/common';
import { arr, bool, int, obj, str, type Infer } from '../../lib/schema';

/**
 * Lowest GuardDuty finding severity that notifies the alarm topic. GuardDuty's bands: LOW 1.0-3.9, MEDIUM 4.0-6.9,
 * HIGH 7.0-8.9, CRITICAL 9.0-10.0.
 */
export const GUARDDUTY_SEVERITIES = { LOW: 1, MEDIUM: 4, HIGH: 7, CRITICAL: 9 } as const;
export type GuardDutySeverity = keyof typeof GUARDDUTY_SEVERITIES;

/** Subscription protocols of the alarm topic: email, or HTTPS endpoints. Plain HTTP is not offered. */
export const SUBSCRIPTION_PROTOCOLS = ['email', 'https'] as const;

export const COMPLIANCE_MONITORING_DEFAULTS = {
  homeRegion: true,
  apiGatewayLoggingRole: true,
  trailLogRetentionDays: 365,
  guardDutyMinimumSeverity: 'MEDIUM',
  subscriptions: [] as Subscription[],
} as const;

/** Minimum CloudWatch retention of the CloudTrail log group in any tier, and in prod. */
export const MIN_TRAIL_LOG_RETENTION_DAYS = 90;
export const MIN_PROD_TRAIL_LOG_RETENTION_DAYS = 365;
/**
 * Shortest life of the audit bucket's log files in any tier (the trail's CloudWatch minimum) and in prod: a year
 * of audit evidence, as PCI DSS 10.5.1 asks (12 months of audit log history) and as the platform keeps every
 * other log in prod.
 */
export const MIN_AUDIT_LOG_EXPIRATION_DAYS = MIN_TRAIL_LOG_RETENTION_DAYS;
export const MIN_PROD_AUDIT_LOG_EXPIRATION_DAYS = 365;

const BUCKET_NAME = '^[a-z0-9][a-z0-9-]*[a-z0-9]$';
const EMAIL = '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$';

/** Email or HTTPS subscriptions of a topic (plain HTTP refused), distinct, at most 10: shared by the APIs with a topic. */
export const subscriptionsSchema = (description: string) => arr(description, obj('A subscription: an email address or an HTTPS endpoint.', {
  protocol: str('email or https.', { enum: SUBSCRIPTION_PROTOCOLS }),
  endpoint: str('An email address (protocol email) or an https:// URL (protocol https).', { minLength: 3, maxLength: 2048 }),
}, {
  required: ['protocol', 'endpoint'],
  rules: [
    { rule: `self.protocol != 'email' || self.endpoint.matches('${EMAIL.replace(/\\/g, '\\\\')}')`, message: 'endpoint must be an email address when protocol is email', fieldPath: '.endpoint' },
    { rule: "self.protocol != 'https' || self.endpoint.matches('^https://[^\\\\s/?#]+([/?#]\\\\S*)?$')", message: 'endpoint must be an https:// URL when protocol is https', fieldPath: '.endpoint' },
  ],
}), {
  default: [], maxItems: 10, listType: 'atomic',
  rules: [{ rule: 'self.all(a, self.exists_one(b, b.protocol == a.protocol && b.endpoint == a.endpoint))', message: 'subscriptions must be distinct' }],
});

export const COMPLIANCE_MONITORING_SPEC = obj('Desired state of the compliance monitoring of one account and region (create exactly one per account and region).', {
  ...COMMON_PROPERTIES,
  encryptionKeyRef: localRef('EncryptionKey', 'The EncryptionKey, in this namespace, whose KMS key encrypts the trail, its CloudWatch logs, the audit bucket and the alarm topic. Its services should include cloudtrail, logs and sns.'),
  apiGatewayLoggingRole: bool('Set API Gateway\'s CloudWatch role of this account and region (needed by every SecureApi for access and execution logs). Turn off only when another tool manages that regional setting.', {
    default: COMPLIANCE_MONITORING_DEFAULTS.apiGatewayLoggingRole,
  }),
  homeRegion: bool('This region is the account\'s home region (exactly one per account): it gets the multi-region trail with global service events, its log group and the CIS metric filters and alarms, records global resource types (IAM) in AWS Config and runs the account-wide Config rules. Set false in every other region of the account.', {
    default: COMPLIANCE_MONITORING_DEFAULTS.homeRegion,
  }),
  auditBucketName: str('Name of the audit bucket receiving CloudTrail log files and AWS Config snapshots. Its access-log bucket is named <auditBucketName>-logs. Defaults to <name>-audit-<accountId>-<region>. Cannot change.', {
    pattern: BUCKET_NAME, minLength: 3, maxLength: 58,
    rules: [
      { rule: "!self.startsWith('xn--') && !self.startsWith('sthree-') && !self.endsWith('-s3alias') && !self.endsWith('--ol-s3')", message: 'auditBucketName uses a prefix or suffix S3 reserves' },
    ],
  }),
  auditObjectLock: obj('Object Lock (write once, read many) default retention of the audit logs. Can only be chosen when the audit bucket is created.', {
    mode: str('GOVERNANCE (privileged users can shorten retention) or COMPLIANCE (nobody can, not even the root user).', {
      enum: ['GOVERNANCE', 'COMPLIANCE'], default: 'GOVERNANCE',
    }),
    days: int('Default retention of every new object version, in days.', { minimum: 1, maximum: 36500 }),
  }, { required: ['days'] }),
  auditLogExpirationDays: int('Days after which CloudTrail log files and AWS Config snapshots in the audit bucket expire; the versions they leave are deleted 90 days later. Unset, audit logs never expire. At least auditObjectLock.days, and at least 365 when tier is prod (a year of audit evidence, PCI DSS 10.5.1).', {
    minimum: MIN_AUDIT_LOG_EXPIRATION_DAYS, maximum: 36500,
  }),
  trailLogRetentionDays: int('Days CloudTrail events are kept in the CloudWatch log group (at least 365 when tier is prod), rounded up to a retention CloudWatch Logs offers. The audit bucket keeps the log files regardless.', {
    minimum: MIN_TRAIL_LOG_RETENTION_DAYS, maximum: 3653, default: COMPLIANCE_MONITORING_DEFAULTS.trailLogRetentionDays,
  }),
  guardDutyMinimumSeverity: str('Lowest GuardDuty finding severity sent to the alarm topic: LOW (>= 1), MEDIUM (>= 4), HIGH (>= 7) or CRITICAL (>= 9). Not CRITICAL when tier is prod. GuardDuty itself is not enabled by this API.', {
    // The keys, typed as such (Object.keys says string[]), so the derived parameter is a GuardDutySeverity.
    enum: Object.keys(GUARDDUTY_SEVERITIES) as GuardDutySeverity[], default: COMPLIANCE_MONITORING_DEFAULTS.guardDutyMinimumSeverity,
  }),
  subscriptions: subscriptionsSchema('Who the alarm topic notifies: email addresses or HTTPS endpoints (plain HTTP is refused). Each must confirm its subscription. At least one when tier is prod.'),
}, {
  required: [...COMMON_REQUIRED, 'encryptionKeyRef'],
  rules: [
    ...COMMON_RULES,
    { rule: `self.tier != 'prod' || self.trailLogRetentionDays >= ${MIN_PROD_TRAIL_LOG_RETENTION_DAYS}`, message: `trailLogRetentionDays must be at least ${MIN_PROD_TRAIL_LOG_RETENTION_DAYS} when tier is prod`, fieldPath: '.trailLogRetentionDays' },
    { rule: "self.tier != 'prod' || self.guardDutyMinimumSeverity != 'CRITICAL'", message: 'guardDutyMinimumSeverity must not be CRITICAL when tier is prod: high-severity findings would go unnoticed', fieldPath: '.guardDutyMinimumSeverity' },
    { rule: "self.tier != 'prod' || size(self.subscriptions) > 0", message: 'subscriptions must name at least one endpoint when tier is prod: alarms nobody receives protect nothing', fieldPath: '.subscriptions' },
    { rule: `self.tier != 'prod' || !has(self.auditLogExpirationDays) || self.auditLogExpirationDays >= ${MIN_PROD_AUDIT_LOG_EXPIRATION_DAYS}`, message: `auditLogExpirationDays must be at least ${MIN_PROD_AUDIT_LOG_EXPIRATION_DAYS} when tier is prod: audits ask for a year of audit evidence`, fieldPath: '.auditLogExpirationDays' },
    { rule: '!has(self.auditLogExpirationDays) || !has(self.auditObjectLock) || self.auditLogExpirationDays >= self.auditObjectLock.days', message: 'auditLogExpirationDays must be at least auditObjectLock.days: a locked log file cannot be deleted, an earlier expiry would only hide it', fieldPath: '.auditLogExpirationDays' },
    { rule: 'has(self.auditObjectLock) == has(oldSelf.auditObjectLock)', message: 'auditObjectLock can only be chosen when the audit bucket is created', fieldPath: '.auditObjectLock' },
    { rule: '!has(oldSelf.auditBucketName) || (has(self.auditBucketName) && self.auditBucketName == oldSelf.auditBucketName)', message: 'auditBucketName cannot change: S3 buckets cannot be renamed', fieldPath: '.auditBucketName' },
  ],
});

export const COMPLIANCE_MONITORING_STATUS = obj('Observed outputs of the compliance monitoring.', {
  trailName: str('Name of the multi-region CloudTrail trail (home region only).'),
  trailArn: str('ARN of the trail, once the provider reports it (home region only).'),
  auditBucketName: str('Name of the audit bucket receiving CloudTrail log files and AWS Config snapshots.'),
  logGroupName: str('Name of the CloudWatch log group receiving the trail\'s events (home region only).'),
  alarmTopicArn: str('ARN of the SNS topic every alarm and finding notifies, once the provider reports it.'),
  recorderName: str('Name of the AWS Config configuration recorder and delivery channel.'),
  configRuleNames: arr('Names of the AWS Config rules deployed in this region.', str('Name of a Config rule.'), { maxItems: 100 }),
  cisAlarmNames: arr('Names of the CloudWatch alarms of the CIS AWS Foundations v3.0 section 4 metric filters (home region only).', str('Name of an alarm.'), { maxItems: 20 }),
  encryptionKeyArn: str('ARN of the KMS key, once the EncryptionKey reports it.'),
});

/** An email address or an https:// URL a topic notifies (the endpoint must confirm), derived from subscriptionsSchema. */
export type Subscription = Infer<ReturnType<typeof subscriptionsSchema>>[number];

/**
 * Account-level security monitoring of one AWS account in one region; create exactly one per account and region:
 * a multi-region CloudTrail trail (home region), AWS Config recording and managed rules, the CIS AWS Foundations
 * v3.0 section 4 metric filters and alarms, EventBridge rules for GuardDuty, Security Hub and Config findings,
 * and the encrypted SNS topic they all notify. Derived from the schema above (its descriptions document each
 * field, its defaults fill them): the one statement of the API's parameters.
 */
export type ComplianceMonitoringParameters = Infer<typeof COMPLIANCE_MONITORING_SPEC>;
/** What a ComplianceMonitoring reports, derived from its status schema. */
export type ComplianceMonitoringStatus = Infer<typeof COMPLIANCE_MONITORING_STATUS>;
