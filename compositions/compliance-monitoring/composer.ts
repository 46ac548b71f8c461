/**
 * ComplianceMonitoring → the security monitoring of one account in one region (exactly one per account and
 * region):
 * - an audit bucket: a nested SecureBucket (SSE-KMS with the CMK, versioned, private, TLS-only, access-logged,
 *   optionally locked and expiring) whose policy admits CloudTrail (this trail only) and AWS Config (this
 *   account only);
 * - in the home region, a multi-region CloudTrail trail (global service events, log file validation, SSE-KMS
 *   with the CMK) delivering to the audit bucket and to a CMK-encrypted CloudWatch log group through a role
 *   only that trail can assume, and on that log group the 15 CIS AWS Foundations v3.0 section 4 metric filters,
 *   each with an alarm notifying the alarm topic;
 * - AWS Config: a recorder of every supported resource type (global ones in the home region), its role
 *   (AWS_ConfigRole + a least-privilege delivery policy), a delivery channel to the audit bucket and the topic,
 *   the recorder switched on, and the AWS-managed rules of config-rules.ts;
 * - EventBridge rules sending GuardDuty, Security Hub and Config findings to the topic;
 * - the alarm topic: SNS encrypted with the CMK, a policy admitting only these publishers over TLS, and the
 *   subscriptions asked for;
 * - a Usage keeping the EncryptionKey while this exists.
 * Parts that need the key's ARN itself (the topic's encryption, the delivery channel's SSE-KMS key) are composed
 * once the EncryptionKey reports it, so nothing is ever created unencrypted.
 */
import { createHash } from 'node:crypto';
import { CloudtrailTrail } from '../../imports/aws-cloudtrail-cloudtrail.aws.m.upbound.io';
import { CloudwatchMetricAlarm } from '../../imports/aws-cloudwatch-cloudwatch.aws.m.upbound.io';
import { EventsRule, EventsTarget } from '../../imports/aws-cloudwatchevents-cloudwatchevents.aws.m.upbound.io';
import * as apigw from '../../imports/aws-apigateway-apigateway.aws.m.upbound.io';
import { LogsGroup, LogsMetricFilter } from '../../imports/aws-cloudwatchlogs-cloudwatchlogs.aws.m.upbound.io';
import * as cfg from '../../imports/aws-configservice-configservice.aws.m.upbound.io';
import * as iam from '../../imports/aws-iam-iam.aws.m.upbound.io';
import * as sns from '../../imports/aws-sns-sns.aws.m.upbound.io';
import { componentLabels, sameXrSelector } from '../../lib/common';
import { atProvider, defined, InputError, reported, type ComposeInput, type Composition, type XrCondition } from '../../lib/composer';
import { ComposerKit } from '../../lib/kit';
import { API_GROUP_VERSION } from '../../lib/platform';
import { KIND as ENCRYPTION_KEY_KIND } from '../encryption-key/composer';
import { encryptionKeyDependency, type KeyDependency } from '../encryption-key/dependency';
import type { KeyService } from '../encryption-key/parameters';
import { cloudWatchRetention } from '../network/composer';
import { KIND as SECURE_BUCKET_KIND } from '../secure-bucket/composer';
import type { SecureBucketParameters } from '../secure-bucket/parameters';
import { CIS_METRIC_FILTERS, CIS_METRIC_NAMESPACE, cisMetricName, type CisMetricFilter } from './cis-metric-filters';
import { configRuleName, configRulesFor, type ManagedConfigRule } from './config-rules';
import { findingRules, type FindingRule, type FindingRuleId } from './event-rules';
import {
  alarmTopicPolicy, API_GATEWAY_LOGGING_POLICY_ARN, apiGatewayLoggingTrustPolicy, AWS_CONFIG_ROLE_POLICY_ARN, configRolePolicy, configRoleTrustPolicy, trailRolePolicy, trailRoleTrustPolicy,
} from './monitoring-policy';
import type { ComplianceMonitoringParameters, ComplianceMonitoringStatus, Subscription } from './parameters';

/** AWS service events (GuardDuty, Security Hub, Config) arrive on the account's default event bus. */
const DEFAULT_EVENT_BUS = 'default';

export const KIND = 'ComplianceMonitoring';
const MAX_BUCKET_NAME = 63;
const MAX_EVENT_RULE_NAME = 64;
/** Kubernetes label values (the nested SecureBucket's name is one on everything it composes). */
const MAX_LABEL_VALUE = 63;
/** CIS alarms: at least one matching event in five minutes. */
export const CIS_ALARM_PERIOD_SECONDS = 300;

/** Component (composed resource) names, shared by the composer and its tests. */
export const components = {
  cisFilter: (f: Pick<CisMetricFilter, 'control'>) => `cis-${f.control.replace('.', '-')}-filter`,
  cisAlarm: (f: Pick<CisMetricFilter, 'control'>) => `cis-${f.control.replace('.', '-')}-alarm`,
  configRule: (awsName: string) => `config-rule-${awsName}`,
  eventRule: (id: FindingRuleId) => `event-rule-${id}`,
  eventTarget: (id: FindingRuleId) => `event-target-${id}`,
  /** Named after what it delivers to, so reordering the list changes nothing. */
  subscription: (s: Subscription) => `subscription-${createHash('sha256').update(`${s.protocol}:${s.endpoint}`).digest('hex').slice(0, 12)}`,
} as const;

/** The AWS names of everything composed: deterministic, so policies can name them before they exist. */
export function namesOf(xrName: string, p: Pick<ComplianceMonitoringParameters, 'environment' | 'accountId' | 'region' | 'auditBucketName'>) {
  const base = `${p.environment}-${xrName}`;
  const arn = (service: string, resource: string) => `arn:aws:${service}:${p.region}:${p.accountId}:${resource}`;
  const auditBucket = p.auditBucketName ?? `${xrName}-audit-${p.accountId}-${p.region}`;
  const names = {
    trail: base,
    trailArn: arn('cloudtrail', `trail/${base}`),
    recorder: base,
    logGroup: `/secure-baseline/${p.environment}/${xrName}/cloudtrail`,
    topic: `${base}-security-alerts`,
    auditBucket,
    /** The nested SecureBucket XR. */
    auditBucketXr: auditBucketXrNameOf(xrName),
    eventRule: (id: FindingRuleId) => `${base}-${id}`,
    cisAlarm: (f: CisMetricFilter) => `${base}-cis-${f.control}-${f.id}`,
    cisFilter: (f: CisMetricFilter) => `cis-${f.control}-${f.id}`,
  };
  if (`${auditBucket}-logs`.length > MAX_BUCKET_NAME || !/^[a-z0-9][a-z0-9-]*[a-z0-9]$/.test(auditBucket)) {
    throw new InputError('spec.auditBucketName', `audit bucket name "${auditBucket}" with its log bucket "${auditBucket}-logs" must be at most ${MAX_BUCKET_NAME} lowercase letters, digits and hyphens: set a shorter spec.auditBucketName`);
  }
  const longestRule = names.eventRule('securityhub-findings');
  if (longestRule.length > MAX_EVENT_RULE_NAME || names.auditBucketXr.length > MAX_LABEL_VALUE) {
    throw new InputError('metadata.name', `"${xrName}" is too long: EventBridge rule "${longestRule}" must be at most ${MAX_EVENT_RULE_NAME} characters and "${names.auditBucketXr}" at most ${MAX_LABEL_VALUE}; use a shorter name`);
  }
  return {
    ...names,
    topicArn: arn('sns', names.topic),
    logGroupArn: arn('logs', `log-group:${names.logGroup}`),
    eventRuleArn: (id: FindingRuleId) => arn('events', `rule/${names.eventRule(id)}`),
    cisAlarmArn: (f: CisMetricFilter) => arn('cloudwatch', `alarm:${names.cisAlarm(f)}`),
  };
}

/** Services the key policy must admit: SNS (the topic) everywhere; CloudTrail and CloudWatch Logs in the home region. */
export function requiredKeyServices(p: Pick<ComplianceMonitoringParameters, 'homeRegion'>): KeyService[] {
  return p.homeRegion ? ['cloudtrail', 'logs', 'sns'] : ['sns'];
}

/** The log group API Gateway writes to when its regional CloudWatch role is set. */
export const API_GATEWAY_WELCOME_LOG_GROUP = '/aws/apigateway/welcome';

/** Name of the SecureBucket XR a ComplianceMonitoring composes for its audit logs (reserved in its namespace). */
export function auditBucketXrNameOf(xrName: string): string {
  return `${xrName}-audit-logs`;
}

/** What every part of a ComplianceMonitoring's composition shares: the kit, the AWS names, the key once known. */
interface MonitoringParts {
  readonly kit: ComposerKit<ComplianceMonitoringParameters>;
  readonly p: ComplianceMonitoringParameters;
  /** The AWS names of everything composed (namesOf). */
  readonly n: ReturnType<typeof namesOf>;
  /** The EncryptionKey's ARN, once it has reported it: what is encrypted with it waits for it. */
  readonly keyArn?: string;
  /** The key ARN of the log group `component` (its kmsKeyId), once known: the group is composed with it. */
  readonly keyFor: (component: string) => string | undefined;
  /** The audit bucket is composed by the nested SecureBucket: its data bucket, selected by that XR's labels. */
  readonly auditBucketSelector: { readonly matchLabels: Record<string, string> };
  /** The CIS metric filters composed (home region only). */
  readonly cisFilters: readonly CisMetricFilter[];
  readonly findings: readonly FindingRule[];
}

/** Audit bucket: a SecureBucket of its own, admitting this trail and AWS Config of this account. */
function composeAuditBucket({ kit, p, n }: MonitoringParts): void {
  const auditBucketSpec: Partial<SecureBucketParameters> & Pick<SecureBucketParameters, 'encryptionKeyRef'> = {
    environment: p.environment, tier: p.tier, region: p.region, accountId: p.accountId, owner: p.owner, costCenter: p.costCenter,
    dataClassification: p.dataClassification, tags: p.tags, providerConfigRef: p.providerConfigRef, deletionProtection: p.deletionProtection,
    encryptionKeyRef: p.encryptionKeyRef,
    bucketName: n.auditBucket,
    ...(p.auditObjectLock ? { objectLock: p.auditObjectLock } : {}),
    ...(p.auditLogExpirationDays ? { expirationDays: p.auditLogExpirationDays } : {}),
    serviceLogDelivery: { cloudTrailArns: p.homeRegion ? [n.trailArn] : [], configDelivery: true },
  };
  kit.put('audit-bucket', {
    apiVersion: API_GROUP_VERSION,
    kind: SECURE_BUCKET_KIND,
    // A fixed name: the trail and the delivery channel select its bucket by the labels that name carries.
    metadata: { name: n.auditBucketXr, ...kit.metadata('audit-bucket') },
    spec: auditBucketSpec,
  });
}

/**
 * Home region: the multi-region trail (global service events, log file validation, SSE-KMS with the CMK) to the
 * audit bucket and to its CMK-encrypted log group, through a role only that trail can assume.
 */
function composeTrail({ kit, p, n, keyFor, auditBucketSelector }: MonitoringParts, trailLogKey: string | undefined): void {
  const { region, accountId: account } = p;
  const { tags } = kit;
  if (trailLogKey) {
    kit.add('trail-log-group', LogsGroup, { region, kmsKeyId: trailLogKey, retentionInDays: cloudWatchRetention(p.trailLogRetentionDays), tags }, { externalName: n.logGroup });
  }
  kit.add('trail-role', iam.IamRole, {
    description: `CloudTrail trail ${n.trail} writes to ${n.logGroup}`,
    assumeRolePolicy: JSON.stringify(trailRoleTrustPolicy(account, n.trailArn)),
    forceDetachPolicies: true, maxSessionDuration: 3600, tags,
  });
  kit.add('trail-role-policy', iam.IamRolePolicy, { roleSelector: sameXrSelector('trail-role'), policy: JSON.stringify(trailRolePolicy(n.logGroupArn, account)) });
  const trailKey = keyFor('trail');
  if (trailKey) kit.add('trail', CloudtrailTrail, {
    region,
    isMultiRegionTrail: true,
    includeGlobalServiceEvents: true,
    isOrganizationTrail: false,
    enableLogging: true,
    enableLogFileValidation: true,
    eventSelector: [{ readWriteType: 'All', includeManagementEvents: true }],
    kmsKeyId: trailKey,
    s3BucketNameSelector: auditBucketSelector,
    // CloudTrail requires the log-stream wildcard on the group's ARN.
    cloudWatchLogsGroupArn: `${n.logGroupArn}:*`,
    cloudWatchLogsRoleArnSelector: sameXrSelector('trail-role'),
    tags,
  }, { externalName: n.trail });
}

/** The CIS AWS Foundations v3.0 section 4 metric filters on the trail's log group, each with an alarm to the topic. */
function composeCisAlarms({ kit, p, n, cisFilters }: MonitoringParts): void {
  const { region } = p;
  for (const f of cisFilters) {
    const metricName = cisMetricName(f);
    kit.add(components.cisFilter(f), LogsMetricFilter, {
      region,
      logGroupNameSelector: sameXrSelector('trail-log-group'),
      pattern: f.pattern,
      metricTransformation: { name: metricName, namespace: CIS_METRIC_NAMESPACE, value: '1' },
    }, { externalName: n.cisFilter(f) });
    kit.add(components.cisAlarm(f), CloudwatchMetricAlarm, {
      region,
      alarmDescription: `CIS AWS Foundations Benchmark v3.0 ${f.control}: ${f.title} (CloudTrail trail ${n.trail})`,
      namespace: CIS_METRIC_NAMESPACE,
      metricName,
      statistic: 'Sum',
      period: CIS_ALARM_PERIOD_SECONDS,
      evaluationPeriods: 1,
      threshold: 1,
      comparisonOperator: 'GreaterThanOrEqualToThreshold',
      // No matching event is no event: the alarm stays OK.
      treatMissingData: 'notBreaching',
      actionsEnabled: true,
      alarmActions: [n.topicArn],
      tags: kit.tags,
    }, { externalName: n.cisAlarm(f) });
  }
}

/** The role AWS Config's recorder assumes to record and deliver (its policies: composeConfigRecorder). */
function composeConfigRole({ kit, p, n }: MonitoringParts): void {
  kit.add('config-role', iam.IamRole, {
    description: `AWS Config recorder ${n.recorder} records and delivers to ${n.auditBucket}`,
    assumeRolePolicy: JSON.stringify(configRoleTrustPolicy(p.accountId)),
    forceDetachPolicies: true, maxSessionDuration: 3600, tags: kit.tags,
  });
}

/** API Gateway's CloudWatch role of the region: one per account and region, like this API. */
function composeApiGatewayLogging({ kit, p, keyFor }: MonitoringParts): void {
  const { region } = p;
  kit.add('apigateway-logging-role', iam.IamRole, {
    description: `API Gateway writes the access and execution logs of ${region}`,
    assumeRolePolicy: JSON.stringify(apiGatewayLoggingTrustPolicy(p.accountId)),
    forceDetachPolicies: true, maxSessionDuration: 3600, tags: kit.tags,
  });
  kit.add('apigateway-logging-policy', iam.IamRolePolicyAttachment, { roleSelector: sameXrSelector('apigateway-logging-role'), policyArn: API_GATEWAY_LOGGING_POLICY_ARN });
  // API Gateway writes a first message to this group when the role is set, creating it unencrypted and never
  // expiring if it does not exist: it is created first, like every other log group of the platform.
  // So the account setting waits with the group for the key's ARN.
  const welcomeLogKey = keyFor('apigateway-welcome-log-group');
  if (welcomeLogKey) {
    kit.add('apigateway-welcome-log-group', LogsGroup, {
      region, kmsKeyId: welcomeLogKey, retentionInDays: cloudWatchRetention(p.trailLogRetentionDays), tags: kit.tags,
    }, { externalName: API_GATEWAY_WELCOME_LOG_GROUP });
    kit.add('apigateway-account', apigw.ApigwAccount, { region, cloudwatchRoleArnSelector: sameXrSelector('apigateway-logging-role') });
  }
}

/**
 * AWS Config: the role's policies (AWS_ConfigRole + least-privilege delivery), the recorder, and once the key's
 * ARN is known the delivery channel to the audit bucket and the topic, and the recorder switched on.
 */
function composeConfigRecorder({ kit, p, n, keyArn, auditBucketSelector }: MonitoringParts): void {
  const { region } = p;
  kit.add('config-role-managed-policy', iam.IamRolePolicyAttachment, { roleSelector: sameXrSelector('config-role'), policyArn: AWS_CONFIG_ROLE_POLICY_ARN });
  kit.add('config-role-policy', iam.IamRolePolicy, {
    roleSelector: sameXrSelector('config-role'),
    policy: JSON.stringify(configRolePolicy({ accountId: p.accountId, region, bucket: n.auditBucket, topicArn: n.topicArn, keyArn })),
  });
  kit.add('config-recorder', cfg.ConfigConfigurationRecorder, {
    region,
    roleArnSelector: sameXrSelector('config-role'),
    // Every supported resource type, new ones included; global ones (IAM) only in the home region, so they
    // are recorded once per account.
    recordingGroup: { allSupported: true, includeGlobalResourceTypes: p.homeRegion },
    recordingMode: { recordingFrequency: 'CONTINUOUS' },
  }, { externalName: n.recorder });
  if (keyArn) {
    kit.add('config-delivery-channel', cfg.ConfigDeliveryChannel, {
      region,
      s3BucketNameSelector: auditBucketSelector,
      // The audit bucket only takes objects encrypted with this key.
      s3KmsKeyArn: keyArn,
      snsTopicArn: n.topicArn,
      snapshotDeliveryProperties: { deliveryFrequency: 'TwentyFour_Hours' },
    }, { externalName: n.recorder });
    // Starting the recorder needs the delivery channel: the provider retries until it exists.
    kit.add('config-recorder-status', cfg.ConfigAwsConfigurationRecorderStatus, { region, isEnabled: true }, { externalName: n.recorder });
  }
}

/** The AWS-managed Config rules of config-rules.ts. */
function composeConfigRules({ kit, p }: MonitoringParts, rules: readonly ManagedConfigRule[]): void {
  // Config rules need the recorder (config-rules.ts): AWS accepts them once this XR's recorder exists.
  for (const r of rules) {
    kit.add(components.configRule(r.name), cfg.ConfigConfigRule, {
      region: p.region,
      description: `${r.checks} (${r.category})`,
      source: { owner: 'AWS', sourceIdentifier: r.identifier },
      ...(r.inputParameters ? { inputParameters: JSON.stringify(r.inputParameters) } : {}),
      tags: kit.tags,
    }, { externalName: configRuleName(r) });
  }
}

/** EventBridge: GuardDuty, Security Hub and Config findings to the alarm topic. */
function composeFindingRules({ kit, p, n, findings }: MonitoringParts): void {
  const { region } = p;
  for (const f of findings) {
    // The provider identifies rules and targets as <bus>/<rule>[/<target>] and cannot build the id without the
    // bus: an unset eventBusName fails every observe ("event_bus_name cannot be empty"), found by provider-aws.
    kit.add(components.eventRule(f.id), EventsRule, {
      region, eventBusName: DEFAULT_EVENT_BUS, description: f.description, eventPattern: JSON.stringify(f.pattern), state: 'ENABLED', tags: kit.tags,
    }, { externalName: n.eventRule(f.id) });
    kit.add(components.eventTarget(f.id), EventsTarget, {
      region, eventBusName: DEFAULT_EVENT_BUS, ruleSelector: sameXrSelector(components.eventRule(f.id)), targetId: 'alarm-topic', arn: n.topicArn,
    });
  }
}

/** The alarm topic, encrypted with the CMK; a policy admitting only these publishers over TLS; its subscriptions. */
function composeAlarmTopic({ kit, p, n, cisFilters, findings }: MonitoringParts, keyArn: string): void {
  const { region } = p;
  kit.add('alarm-topic', sns.SnsTopic, { region, displayName: `Security alerts ${p.environment}/${kit.name}`, kmsMasterKeyId: keyArn, tags: kit.tags }, { externalName: n.topic });
  kit.add('alarm-topic-policy', sns.SnsTopicPolicy, {
    region,
    arnSelector: sameXrSelector('alarm-topic'),
    policy: JSON.stringify(alarmTopicPolicy({
      accountId: p.accountId, topicArn: n.topicArn,
      alarmArns: cisFilters.map(n.cisAlarmArn), eventRuleArns: findings.map((f) => n.eventRuleArn(f.id)),
    })),
  });
  for (const s of p.subscriptions) {
    kit.add(components.subscription(s), sns.SnsTopicSubscription, { region, topicArnSelector: sameXrSelector('alarm-topic'), protocol: s.protocol, endpoint: s.endpoint });
  }
}

/** EncryptionKeyReady: the key must admit the services that write with it, or events and alarms are lost. */
function keyCondition(p: ComplianceMonitoringParameters, dependency: KeyDependency): { condition: XrCondition; warnings: string[] } {
  const keyServices: unknown = dependency.key?.spec?.services;
  const missing = dependency.key ? requiredKeyServices(p).filter((s) => !(Array.isArray(keyServices) && keyServices.includes(s))) : [];
  if (missing.length) {
    const message = `EncryptionKey ${p.encryptionKeyRef.name} must list services ${missing.join(', ')}: without them its key policy does not let the trail, its log group or the alarm topic use the key, and events and alarms are lost`;
    return { condition: { type: 'EncryptionKeyReady', status: 'False', reason: 'KeyDoesNotAdmitServices', message }, warnings: [message] };
  }
  return {
    condition: dependency.condition(`The trail, its logs, the audit bucket and the alarm topic are encrypted with ${dependency.keyArn}`, '; the alarm topic and the Config delivery channel are created once it does'),
    warnings: [],
  };
}

export function composeComplianceMonitoring({ xr, observed, required }: ComposeInput<ComplianceMonitoringParameters>): Composition<ComplianceMonitoringStatus> {
  const p = xr.spec;
  const name = xr.metadata.name;
  const n = namesOf(name, p);
  const kit = new ComposerKit(KIND, xr);
  const dependency = encryptionKeyDependency(p.encryptionKeyRef.name, xr.metadata.namespace, required);
  const keyArn = dependency.keyArn;
  const cisFilters = p.homeRegion ? CIS_METRIC_FILTERS : [];
  const rules = configRulesFor(p.homeRegion);
  const parts: MonitoringParts = {
    kit, p, n, ...defined({ keyArn }),
    // Every KMS key field gets the key's ARN itself, not a key selector (see composedKeyArn): each resource that has
    // one is composed once the ARN is known, and keeps the ARN it was composed with.
    keyFor: (component) => dependency.arnFor(observed[component], 'kmsKeyId'),
    auditBucketSelector: { matchLabels: componentLabels(SECURE_BUCKET_KIND, n.auditBucketXr, 'bucket') },
    cisFilters,
    findings: findingRules(p.guardDutyMinimumSeverity),
  };

  composeAuditBucket(parts);
  if (p.homeRegion) {
    const trailLogKey = parts.keyFor('trail-log-group');
    composeTrail(parts, trailLogKey);
    // The metric filters (and their alarms) are composed with the log group they filter.
    if (trailLogKey) composeCisAlarms(parts);
  }
  composeConfigRole(parts);
  // Composed between the Config role and its policies, where the composed resources have always been listed.
  if (p.apiGatewayLoggingRole) composeApiGatewayLogging(parts);
  composeConfigRecorder(parts);
  composeConfigRules(parts, rules);
  composeFindingRules(parts);
  // Composed once the key's ARN is known.
  if (keyArn) composeAlarmTopic(parts, keyArn);
  // The key must outlive the trail, logs, audit bucket and topic it encrypts.
  kit.usage('encryption-key-usage', { kind: ENCRYPTION_KEY_KIND, name: p.encryptionKeyRef.name },
    `ComplianceMonitoring ${name} encrypts its audit trail, logs and alarm topic with this key`);
  const { condition, warnings } = keyCondition(p, dependency);

  return {
    resources: kit.resources,
    requirements: dependency.requirements,
    conditions: [condition],
    ...(warnings.length ? { warnings } : {}),
    status: reported<ComplianceMonitoringStatus>({
      trailName: p.homeRegion ? n.trail : undefined,
      trailArn: p.homeRegion ? atProvider(observed.trail, 'arn') : undefined,
      auditBucketName: n.auditBucket,
      logGroupName: p.homeRegion ? n.logGroup : undefined,
      alarmTopicArn: atProvider(observed['alarm-topic'], 'arn'),
      recorderName: n.recorder,
      configRuleNames: rules.map(configRuleName),
      cisAlarmNames: p.homeRegion ? cisFilters.map(n.cisAlarm) : undefined,
      encryptionKeyArn: keyArn,
    }),
  };
}
