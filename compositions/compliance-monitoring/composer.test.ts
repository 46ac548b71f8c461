import { describe, expect, it } from '@jest/globals';
import { XpCompositeResourceDefinitionV2 } from '../../imports/crossplane-apiextensions-apiextensions.crossplane.io';
import { InputError, type KubeObject } from '../../lib/composer';
import { crdLock } from '../../lib/crds';
import { xrdProps } from '../../synth/definitions';
import { parseSpec } from '../../lib/parameters';
import { asXr, DEV_COMMON, PROD_COMMON, xrObject } from '../../test/support/xr';
import { readyManaged } from '../../synth/steady-state';
import { KubeValidator } from '../../lib/validation';
import { ENCRYPTION_KEY_EXAMPLES } from '../encryption-key/examples';
import type { PolicyStatement } from '../encryption-key/key-policy';
import { secureBucketApi } from '../secure-bucket';
import type { SecureBucketParameters } from '../secure-bucket/parameters';
import { complianceMonitoringApi } from '.';
import { readCisReference } from './cis-reference';
import { CIS_METRIC_FILTERS } from './cis-metric-filters';
import { components } from './composer';
import { CONFIG_RULE_CATEGORIES, MANAGED_CONFIG_RULES } from './config-rules';
import { COMPLIANCE_MONITORING_EXAMPLES } from './examples';
import type { ComplianceMonitoringParameters } from './parameters';

const COMPONENT = 'platform.secure-baseline.io/component';
const ACCOUNT = '111111111111';
const KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const TOPIC_ARN = `arn:aws:sns:us-east-1:${ACCOUNT}:dev-audit-security-alerts`;
const TRAIL_ARN = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/dev-audit`;
const LOG_GROUP = '/secure-baseline/dev/audit/cloudtrail';
const LOG_GROUP_ARN = `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:${LOG_GROUP}`;
const AUDIT_BUCKET = `audit-audit-${ACCOUNT}-us-east-1`;
const ALL_SERVICES = ['cloudtrail', 'logs', 'sns'];

const base = { ...DEV_COMMON, encryptionKeyRef: { name: 'audit-key' } };
const EMAIL = { protocol: 'email', endpoint: 'oncall@example.com' } as const;
const HOOK = { protocol: 'https', endpoint: 'https://hooks.example.com/security' } as const;
const prod = { ...PROD_COMMON, encryptionKeyRef: { name: 'audit-key' }, subscriptions: [EMAIL] };
const remote = { ...base, homeRegion: false };

const keyXr = (services: string[], keyArn?: string): KubeObject => ({ ...xrObject('EncryptionKey', 'audit-key', { services }), ...(keyArn ? { status: { keyArn } } : {}) });
const READY_KEY = { 'encryption-key': [keyXr(ALL_SERVICES, KEY_ARN)] };

interface Opts { observed?: Record<string, KubeObject>; required?: Record<string, KubeObject[]>; name?: string; namespace?: string }
/** Composes in a world where the EncryptionKey has reported its ARN, unless `required` says otherwise. */
function compose(spec: Record<string, unknown>, o: Opts = {}) {
  const xr = xrObject('ComplianceMonitoring', o.name ?? 'audit', spec, o.namespace);
  return complianceMonitoringApi.compose({ xr: asXr(xr, parseSpec<ComplianceMonitoringParameters>(complianceMonitoringApi, spec)), observed: o.observed ?? {}, required: o.required ?? READY_KEY });
}
const fp = (r: KubeObject) => r.spec.forProvider;
const policyOf = (json: string) => JSON.parse(json) as { Version: string; Statement: PolicyStatement[] };
const statements = (r: KubeObject) => policyOf(fp(r).policy).Statement;
const externalName = (r: KubeObject) => r.metadata?.annotations?.['crossplane.io/external-name'];
const ofKind = (rs: Record<string, KubeObject>, kind: string) => Object.entries(rs).filter(([, r]) => r.kind === kind);
const controlKey = (control: string) => control.replace('.', '-');

const APIGATEWAY_LOGGING = ['apigateway-account', 'apigateway-logging-policy', 'apigateway-logging-role', 'apigateway-welcome-log-group'];
const FIXED_HOME = ['audit-bucket', 'trail', 'trail-log-group', 'trail-role', 'trail-role-policy', 'config-role', 'config-role-managed-policy', 'config-role-policy', 'config-recorder', 'encryption-key-usage', ...APIGATEWAY_LOGGING];
/** What names the key's ARN (not a key selector), with what needs it: composed once the key reports its ARN. */
const KEY_BACKED = ['trail', 'trail-log-group', 'apigateway-welcome-log-group', 'apigateway-account'];
const EVENTS = ['guardduty-findings', 'securityhub-findings', 'config-noncompliance'].flatMap((id) => [`event-rule-${id}`, `event-target-${id}`]);
const ONCE_KEY_KNOWN = ['config-delivery-channel', 'config-recorder-status', 'alarm-topic', 'alarm-topic-policy'];
const cisParts = (c: string) => [`cis-${c}-filter`, `cis-${c}-alarm`];

describe('ComplianceMonitoring composer: what is composed', () => {
  const cis = CIS_METRIC_FILTERS.flatMap((f) => cisParts(controlKey(f.control)));
  const allRules = MANAGED_CONFIG_RULES.map((r) => `config-rule-${r.name}`);
  const regionalRules = MANAGED_CONFIG_RULES.filter((r) => r.scope === 'regional').map((r) => `config-rule-${r.name}`);

  it.each([
    ['home region, key ARN not known yet', base, {}, [...FIXED_HOME.filter((k) => !KEY_BACKED.includes(k)), ...allRules, ...EVENTS]],
    ['home region, key known, two subscriptions', { ...base, subscriptions: [EMAIL, HOOK] }, READY_KEY, [...FIXED_HOME, ...cis, ...allRules, ...EVENTS, ...ONCE_KEY_KNOWN, components.subscription(EMAIL), components.subscription(HOOK)]],
    ['another region, key known', remote, READY_KEY, [...APIGATEWAY_LOGGING, 'audit-bucket', 'config-role', 'config-role-managed-policy', 'config-role-policy', 'config-recorder', 'encryption-key-usage', ...regionalRules, ...EVENTS, ...ONCE_KEY_KNOWN]],
  ])('%s', (_n, spec, required, want) => {
    expect(Object.keys(compose(spec, { required }).resources).sort()).toEqual([...want].sort());
  });

  it('composes 15 CIS filters and alarms and at least 20 Config rules in every region', () => {
    const home = compose(base, { required: READY_KEY }).resources;
    expect(ofKind(home, 'MetricFilter')).toHaveLength(15);
    expect(ofKind(home, 'MetricAlarm')).toHaveLength(15);
    expect(ofKind(home, 'ConfigRule').length).toBeGreaterThanOrEqual(20);
    expect(ofKind(compose(remote, { required: READY_KEY }).resources, 'ConfigRule').length).toBeGreaterThanOrEqual(20);
  });

  it('never creates a GuardDuty detector (nor anything of GuardDuty or Security Hub)', () => {
    for (const spec of [base, prod, remote]) {
      const kinds = Object.values(compose(spec, { required: READY_KEY }).resources).map((r) => `${r.apiVersion}/${r.kind}`);
      expect(kinds.filter((k) => /guardduty|securityhub|Detector/i.test(k))).toEqual([]);
    }
  });

  it('names subscriptions after their endpoint, so reordering them changes nothing', () => {
    const a = Object.keys(compose({ ...base, subscriptions: [EMAIL, HOOK] }, { required: READY_KEY }).resources).filter((k) => k.startsWith('subscription-'));
    const b = Object.keys(compose({ ...base, subscriptions: [HOOK, EMAIL] }, { required: READY_KEY }).resources).filter((k) => k.startsWith('subscription-'));
    expect(a.sort()).toEqual(b.sort());
    expect(a).toHaveLength(2);
  });
});

describe('ComplianceMonitoring composer: CloudTrail and its log group', () => {
  const r = compose(base, { required: READY_KEY }).resources;

  it('the trail: multi-region, global service events, log file validation, KMS with the CMK, to the audit bucket and the log group', () => {
    expect(externalName(r.trail)).toBe('dev-audit');
    expect(fp(r.trail)).toEqual({
      region: 'us-east-1',
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      isOrganizationTrail: false,
      enableLogging: true,
      enableLogFileValidation: true,
      eventSelector: [{ readWriteType: 'All', includeManagementEvents: true }],
      kmsKeyId: KEY_ARN,
      s3BucketNameSelector: { matchLabels: { 'platform.secure-baseline.io/kind': 'securebucket', 'platform.secure-baseline.io/name': 'audit-audit-logs', [COMPONENT]: 'bucket' } },
      cloudWatchLogsGroupArn: `${LOG_GROUP_ARN}:*`,
      cloudWatchLogsRoleArnSelector: { matchControllerRef: true, matchLabels: { [COMPONENT]: 'trail-role' } },
      tags: expect.objectContaining({ Environment: 'dev', ManagedBy: 'crossplane/secure-baseline' }),
    });
  });

  it.each([
    ['default', base, 365],
    ['400 days', { ...base, trailLogRetentionDays: 400 }, 400],
    ['100 days, rounded up to what CloudWatch offers', { ...base, trailLogRetentionDays: 100 }, 120],
  ])('the log group is encrypted with the CMK and kept %s', (_n, spec, days) => {
    const group = compose(spec).resources['trail-log-group'];
    expect(externalName(group)).toBe(LOG_GROUP);
    expect(fp(group)).toMatchObject({ kmsKeyId: KEY_ARN, retentionInDays: days });
  });

  it('only this trail of this account may assume the delivery role, which writes the trail\'s streams of its group only', () => {
    expect(policyOf(fp(r['trail-role']).assumeRolePolicy).Statement).toEqual([{
      Sid: 'CloudTrailOfThisTrail', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT, 'aws:SourceArn': TRAIL_ARN } },
    }]);
    const streams = `${LOG_GROUP_ARN}:log-stream:${ACCOUNT}_CloudTrail_*`;
    expect(statements(r['trail-role-policy'])).toEqual([
      { Sid: 'CreateTrailLogStreams', Effect: 'Allow', Action: 'logs:CreateLogStream', Resource: streams },
      { Sid: 'PutTrailLogEvents', Effect: 'Allow', Action: 'logs:PutLogEvents', Resource: streams },
    ]);
    expect(fp(r['trail-role-policy']).roleSelector).toEqual({ matchControllerRef: true, matchLabels: { [COMPONENT]: 'trail-role' } });
  });
});

describe('ComplianceMonitoring composer: CIS AWS Foundations v3.0 section 4', () => {
  const r = compose(base, { required: READY_KEY }).resources;
  const reference = readCisReference();

  it('the reference has the 15 metric-filter controls', () => {
    expect(reference.map((c) => c.control)).toEqual(Array.from({ length: 15 }, (_, i) => `4.${i + 1}`));
  });

  it.each(reference.map((c) => [c.control, c] as const))('%s: a filter with the exact reference pattern on the trail\'s log group, a metric, an alarm on it notifying the topic', (control, c) => {
    const filter = r[`cis-${controlKey(control)}-filter`];
    const alarm = r[`cis-${controlKey(control)}-alarm`];
    expect(fp(filter).pattern).toBe(c.pattern);
    expect(externalName(filter)).toBe(`cis-${control}-${c.id}`);
    expect(fp(filter).logGroupNameSelector).toEqual({ matchControllerRef: true, matchLabels: { [COMPONENT]: 'trail-log-group' } });
    const metric = fp(filter).metricTransformation;
    expect(metric).toMatchObject({ namespace: 'CISBenchmark', value: '1' });
    expect(externalName(alarm)).toBe(`dev-audit-cis-${control}-${c.id}`);
    expect(fp(alarm)).toMatchObject({
      namespace: 'CISBenchmark', metricName: metric.name, statistic: 'Sum', period: 300, evaluationPeriods: 1,
      threshold: 1, comparisonOperator: 'GreaterThanOrEqualToThreshold', treatMissingData: 'notBreaching',
      actionsEnabled: true, alarmActions: [TOPIC_ARN],
    });
  });

  it('every alarm notifies the alarm topic and nothing else, and metric names are distinct', () => {
    const alarms = ofKind(r, 'MetricAlarm').map(([, a]) => fp(a));
    expect(alarms.map((a) => a.alarmActions)).toEqual(Array(15).fill([TOPIC_ARN]));
    expect(alarms.every((a) => a.okActions === undefined && a.insufficientDataActions === undefined)).toBe(true);
    expect(new Set(alarms.map((a) => a.metricName)).size).toBe(15);
  });
});

describe('ComplianceMonitoring composer: AWS Config', () => {
  const r = compose(base, { required: READY_KEY }).resources;
  const rules = ofKind(r, 'ConfigRule').map(([, x]) => x);

  it('at least 20 AWS-managed rules with unique, stable names, across every category', () => {
    const names = rules.map(externalName);
    expect(rules.length).toBeGreaterThanOrEqual(20);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^secure-baseline-[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(new Set(MANAGED_CONFIG_RULES.map((x) => x.identifier)).size).toBe(MANAGED_CONFIG_RULES.length);
    expect([...new Set(MANAGED_CONFIG_RULES.map((x) => x.category))].sort()).toEqual([...CONFIG_RULE_CATEGORIES].sort());
    for (const rule of rules) expect(fp(rule).source).toEqual({ owner: 'AWS', sourceIdentifier: expect.stringMatching(/^[A-Z0-9_]+$/) });
  });

  it.each([
    ['S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED'], ['RDS_STORAGE_ENCRYPTED'], ['DYNAMODB_TABLE_ENCRYPTED_KMS'], ['CLOUD_TRAIL_ENCRYPTION_ENABLED'],
    ['CLOUDWATCH_LOG_GROUP_ENCRYPTED'], ['SNS_ENCRYPTED_KMS'], ['S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED'], ['MULTI_REGION_CLOUD_TRAIL_ENABLED'],
    ['VPC_FLOW_LOGS_ENABLED'], ['S3_BUCKET_LOGGING_ENABLED'], ['API_GW_EXECUTION_LOGGING_ENABLED'], ['CMK_BACKING_KEY_ROTATION_ENABLED'],
    ['SECRETSMANAGER_ROTATION_ENABLED_CHECK'], ['DYNAMODB_PITR_ENABLED'], ['DB_INSTANCE_BACKUP_ENABLED'], ['RDS_CLUSTER_DELETION_PROTECTION_ENABLED'],
    ['IAM_USER_MFA_ENABLED'], ['ROOT_ACCOUNT_MFA_ENABLED'], ['MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS'], ['VPC_DEFAULT_SECURITY_GROUP_CLOSED'],
    ['RESTRICTED_INCOMING_TRAFFIC'], ['INCOMING_SSH_DISABLED'], ['LAMBDA_INSIDE_VPC'], ['RDS_INSTANCE_PUBLIC_ACCESS_CHECK'], ['LAMBDA_FUNCTION_PUBLIC_ACCESS_PROHIBITED'],
  ])('the home region runs %s', (identifier) => {
    expect(rules.filter((x) => fp(x).source.sourceIdentifier === identifier)).toHaveLength(1);
  });

  it('account-wide rules (IAM, root, CloudTrail) run in the home region only', () => {
    const remoteIds = ofKind(compose(remote, { required: READY_KEY }).resources, 'ConfigRule').map(([, x]) => fp(x).source.sourceIdentifier);
    for (const id of ['IAM_USER_MFA_ENABLED', 'ROOT_ACCOUNT_MFA_ENABLED', 'CLOUD_TRAIL_ENABLED', 'ACCESS_KEYS_ROTATED']) expect(remoteIds).not.toContain(id);
    for (const id of ['S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED', 'VPC_FLOW_LOGS_ENABLED', 'GUARDDUTY_ENABLED_CENTRALIZED']) expect(remoteIds).toContain(id);
  });

  it('rules with parameters pass them as JSON', () => {
    expect(fp(r['config-rule-access-keys-rotated']).inputParameters).toBe('{"maxAccessKeyAge":"90"}');
    expect(fp(r['config-rule-rds-storage-encrypted']).inputParameters).toBeUndefined();
  });

  it.each([['home', base, true], ['another region', remote, false]])('%s: the recorder records every supported type, global ones only in the home region', (_n, spec, global) => {
    const recorder = compose(spec, { required: READY_KEY }).resources['config-recorder'];
    expect(externalName(recorder)).toBe('dev-audit');
    expect(fp(recorder)).toEqual({
      region: 'us-east-1', roleArnSelector: { matchControllerRef: true, matchLabels: { [COMPONENT]: 'config-role' } },
      recordingGroup: { allSupported: true, includeGlobalResourceTypes: global }, recordingMode: { recordingFrequency: 'CONTINUOUS' },
    });
  });

  it('delivers to the audit bucket with the CMK and to the topic, then switches the recorder on', () => {
    expect(externalName(r['config-delivery-channel'])).toBe('dev-audit');
    expect(fp(r['config-delivery-channel'])).toEqual({
      region: 'us-east-1',
      s3BucketNameSelector: { matchLabels: { 'platform.secure-baseline.io/kind': 'securebucket', 'platform.secure-baseline.io/name': 'audit-audit-logs', [COMPONENT]: 'bucket' } },
      s3KmsKeyArn: KEY_ARN, snsTopicArn: TOPIC_ARN, snapshotDeliveryProperties: { deliveryFrequency: 'TwentyFour_Hours' },
    });
    expect(externalName(r['config-recorder-status'])).toBe('dev-audit');
    expect(fp(r['config-recorder-status'])).toEqual({ region: 'us-east-1', isEnabled: true });
  });

  it('the role: only AWS Config of this account assumes it; AWS_ConfigRole plus least-privilege delivery', () => {
    expect(policyOf(fp(r['config-role']).assumeRolePolicy).Statement).toEqual([{
      Sid: 'AwsConfigOfThisAccount', Effect: 'Allow', Principal: { Service: 'config.amazonaws.com' }, Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
    }]);
    expect(fp(r['config-role-managed-policy'])).toEqual({
      roleSelector: { matchControllerRef: true, matchLabels: { [COMPONENT]: 'config-role' } }, policyArn: 'arn:aws:iam::aws:policy/service-role/AWS_ConfigRole',
    });
    const delivery = [
      { Sid: 'CheckTheAuditBucket', Effect: 'Allow', Action: ['s3:GetBucketAcl', 's3:ListBucket'], Resource: `arn:aws:s3:::${AUDIT_BUCKET}` },
      {
        Sid: 'DeliverToTheAuditBucket', Effect: 'Allow', Action: ['s3:PutObject', 's3:PutObjectAcl'], Resource: `arn:aws:s3:::${AUDIT_BUCKET}/AWSLogs/${ACCOUNT}/Config/*`,
        Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
      },
      { Sid: 'PublishToTheAlarmTopic', Effect: 'Allow', Action: 'sns:Publish', Resource: TOPIC_ARN },
    ];
    expect(statements(compose(base, { required: {} }).resources['config-role-policy'])).toEqual(delivery);
    expect(statements(r['config-role-policy'])).toEqual([...delivery, {
      Sid: 'EncryptDeliveriesWithTheKey', Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: KEY_ARN,
      Condition: { StringEquals: { 'kms:ViaService': ['s3.us-east-1.amazonaws.com', 'sns.us-east-1.amazonaws.com'] } },
    }]);
  });
});

describe('ComplianceMonitoring composer: API Gateway\'s CloudWatch role of the region', () => {
  it.each([['home', base], ['another region', remote]])('%s: only API Gateway of this account assumes it; AWS documents the managed policy for it; the region\'s setting points at it', (_n, spec) => {
    const r = compose(spec).resources;
    expect(policyOf(fp(r['apigateway-logging-role']).assumeRolePolicy).Statement).toEqual([{
      Sid: 'ApiGatewayOfThisAccount', Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
    }]);
    expect(fp(r['apigateway-logging-role']).maxSessionDuration).toBe(3600);
    expect(fp(r['apigateway-logging-policy'])).toEqual({
      roleSelector: { matchControllerRef: true, matchLabels: { [COMPONENT]: 'apigateway-logging-role' } }, policyArn: 'arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs',
    });
    expect(fp(r['apigateway-account'])).toEqual({ region: spec.region, cloudwatchRoleArnSelector: { matchControllerRef: true, matchLabels: { [COMPONENT]: 'apigateway-logging-role' } } });
    // The group API Gateway writes its first message to exists first: encrypted with the CMK, expiring.
    expect(r['apigateway-welcome-log-group'].metadata?.annotations?.['crossplane.io/external-name']).toBe('/aws/apigateway/welcome');
    expect(fp(r['apigateway-welcome-log-group'])).toMatchObject({ kmsKeyId: KEY_ARN, retentionInDays: expect.any(Number) });
  });

  it('is left alone when another tool manages the regional setting', () => {
    const names = Object.keys(compose({ ...base, apiGatewayLoggingRole: false }).resources);
    expect(names.filter((k) => k.startsWith('apigateway-'))).toEqual([]);
  });
});

describe('ComplianceMonitoring composer: the alarm topic and EventBridge', () => {
  const r = compose({ ...base, subscriptions: [EMAIL, HOOK] }, { required: READY_KEY }).resources;
  const eventRuleArn = (id: string) => `arn:aws:events:us-east-1:${ACCOUNT}:rule/dev-audit-${id}`;
  const eventRuleArns = ['guardduty-findings', 'securityhub-findings', 'config-noncompliance'].map(eventRuleArn);

  it('the topic is encrypted with the CMK and only exists once the key ARN is known', () => {
    expect(externalName(r['alarm-topic'])).toBe('dev-audit-security-alerts');
    expect(fp(r['alarm-topic']).kmsMasterKeyId).toBe(KEY_ARN);
    const waiting = compose(base, { required: { 'encryption-key': [keyXr(ALL_SERVICES)] } }).resources;
    expect(Object.keys(waiting).filter((k) => k.startsWith('alarm-topic') || k.startsWith('subscription-'))).toEqual([]);
  });

  it('the topic policy: TLS only; only these alarms, these event rules and AWS Config of this account may publish', () => {
    const alarmArns = CIS_METRIC_FILTERS.map((f) => `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:dev-audit-cis-${f.control}-${f.id}`);
    expect(fp(r['alarm-topic-policy']).arnSelector).toEqual({ matchControllerRef: true, matchLabels: { [COMPONENT]: 'alarm-topic' } });
    expect(statements(r['alarm-topic-policy'])).toEqual([
      {
        Sid: 'AllowTheAlarmsToPublish', Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: 'sns:Publish', Resource: TOPIC_ARN,
        Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT }, ArnEquals: { 'aws:SourceArn': alarmArns } },
      },
      {
        Sid: 'AllowTheEventRulesToPublish', Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sns:Publish', Resource: TOPIC_ARN,
        Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT }, ArnEquals: { 'aws:SourceArn': eventRuleArns } },
      },
      { Sid: 'AllowAwsConfigToPublish', Effect: 'Allow', Principal: { Service: 'config.amazonaws.com' }, Action: 'sns:Publish', Resource: TOPIC_ARN, Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } } },
      { Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 'sns:*', Resource: TOPIC_ARN, Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
    ]);
    // Outside the home region there are no CIS alarms, and no alarm may publish.
    const remoteSids = statements(compose(remote, { required: READY_KEY }).resources['alarm-topic-policy']).map((s) => s.Sid);
    expect(remoteSids).toEqual(['AllowTheEventRulesToPublish', 'AllowAwsConfigToPublish', 'DenyInsecureTransport']);
  });

  it.each([['home', base], ['another region', remote], ['prod', prod]])('%s: without TLS every SNS action on the topic is denied to everyone, whatever an Allow grants', (_n, spec) => {
    const rr = compose(spec, { required: READY_KEY }).resources;
    const topicArn = `arn:aws:sns:us-east-1:${ACCOUNT}:${externalName(rr['alarm-topic'])}`;
    const s = statements(rr['alarm-topic-policy']);
    expect(s.filter((x) => x.Effect === 'Deny')).toEqual([
      { Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 'sns:*', Resource: topicArn, Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
    ]);
    // The deny covers every action and resource any Allow of the policy names.
    const allows = s.filter((x) => x.Effect === 'Allow');
    expect(allows.length).toBeGreaterThan(0);
    for (const a of allows) expect([a.Sid, [a.Action].flat().every((action) => action.startsWith('sns:')), a.Resource]).toEqual([a.Sid, true, topicArn]);
  });

  it('one subscription per endpoint, email or https', () => {
    const subs = ofKind(r, 'TopicSubscription').map(([, s]) => fp(s));
    expect(subs).toEqual([
      { region: 'us-east-1', topicArnSelector: { matchControllerRef: true, matchLabels: { [COMPONENT]: 'alarm-topic' } }, protocol: 'email', endpoint: 'oncall@example.com' },
      { region: 'us-east-1', topicArnSelector: { matchControllerRef: true, matchLabels: { [COMPONENT]: 'alarm-topic' } }, protocol: 'https', endpoint: 'https://hooks.example.com/security' },
    ]);
  });

  it.each([
    ['LOW', 1], ['MEDIUM', 4], ['HIGH', 7], ['CRITICAL', 9],
  ])('GuardDuty findings of severity %s and up go to the topic (detail.severity >= %d)', (severity, min) => {
    const rr = compose({ ...base, guardDutyMinimumSeverity: severity }).resources;
    expect(JSON.parse(fp(rr['event-rule-guardduty-findings']).eventPattern)).toEqual({
      source: ['aws.guardduty'], 'detail-type': ['GuardDuty Finding'], detail: { severity: [{ numeric: ['>=', min] }] },
    });
  });

  it('Security Hub HIGH/CRITICAL findings and Config NON_COMPLIANT changes go to the topic', () => {
    expect(JSON.parse(fp(r['event-rule-securityhub-findings']).eventPattern)).toEqual({
      source: ['aws.securityhub'], 'detail-type': ['Security Hub Findings - Imported'],
      detail: { findings: { Severity: { Label: ['HIGH', 'CRITICAL'] }, RecordState: ['ACTIVE'], Workflow: { Status: ['NEW'] } } },
    });
    expect(JSON.parse(fp(r['event-rule-config-noncompliance']).eventPattern)).toEqual({
      source: ['aws.config'], 'detail-type': ['Config Rules Compliance Change'],
      detail: { messageType: ['ComplianceChangeNotification'], newEvaluationResult: { complianceType: ['NON_COMPLIANT'] } },
    });
  });

  it.each(['guardduty-findings', 'securityhub-findings', 'config-noncompliance'])('%s: the rule is enabled on the default bus and its target is the topic', (id) => {
    expect(externalName(r[`event-rule-${id}`])).toBe(`dev-audit-${id}`);
    expect(fp(r[`event-rule-${id}`])).toMatchObject({ state: 'ENABLED', eventBusName: 'default' });
    // provider-aws builds both ids from the bus name (<bus>/<rule>, <bus>/<rule>/<target>): without it, no observe.
    expect(fp(r[`event-target-${id}`])).toEqual({ region: 'us-east-1', eventBusName: 'default', ruleSelector: { matchControllerRef: true, matchLabels: { [COMPONENT]: `event-rule-${id}` } }, targetId: 'alarm-topic', arn: TOPIC_ARN });
  });
});

describe('ComplianceMonitoring composer: the audit bucket (a nested SecureBucket)', () => {
  const composeNested = (spec: Record<string, unknown>, keyArn?: string) => {
    const bucket = compose(spec, { required: READY_KEY }).resources['audit-bucket'];
    const nestedSpec = parseSpec<SecureBucketParameters>(secureBucketApi, bucket.spec);
    const required: Record<string, KubeObject[]> = keyArn ? { 'encryption-key': [keyXr(ALL_SERVICES, keyArn)] } : {};
    return { bucket, nested: secureBucketApi.compose({ xr: asXr(xrObject('SecureBucket', bucket.metadata!.name!, bucket.spec), nestedSpec), observed: {}, required }) };
  };

  it('is a SecureBucket of this namespace with a fixed name, the same key and common parameters, admitting this trail and AWS Config', () => {
    const { bucket } = composeNested({ ...prod, auditObjectLock: { mode: 'COMPLIANCE', days: 2555 } });
    expect(bucket.apiVersion).toBe('platform.secure-baseline.io/v1alpha1');
    expect(bucket.kind).toBe('SecureBucket');
    expect(bucket.metadata?.name).toBe('audit-audit-logs');
    expect(bucket.metadata?.namespace).toBeUndefined();
    expect(bucket.spec).toMatchObject({
      environment: 'prod', tier: 'prod', deletionProtection: true, encryptionKeyRef: { name: 'audit-key' }, bucketName: AUDIT_BUCKET,
      objectLock: { mode: 'COMPLIANCE', days: 2555 },
      serviceLogDelivery: { cloudTrailArns: [`arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/prod-audit`], configDelivery: true },
    });
    expect(compose(remote).resources['audit-bucket'].spec.serviceLogDelivery).toEqual({ cloudTrailArns: [], configDelivery: true });
  });

  it.each([
    ['dev, 90 days (the minimum)', { ...base, auditLogExpirationDays: 90 }, 90],
    ['prod, a year (the prod minimum)', { ...prod, auditLogExpirationDays: 365 }, 365],
    ['prod, locked seven years then expiring', { ...prod, auditObjectLock: { mode: 'COMPLIANCE', days: 2555 }, auditLogExpirationDays: 2555 }, 2555],
  ])('audit logs expire when asked (%s): the nested SecureBucket expires current objects after that many days', (_n, spec, days) => {
    const { bucket, nested } = composeNested(spec);
    expect(bucket.spec.expirationDays).toBe(days);
    const rules = fp(nested.resources['bucket-lifecycle']).rule as Array<{ id: string; expiration?: unknown; noncurrentVersionExpiration?: unknown }>;
    expect(rules.find((r) => r.id === 'expire-current-versions')).toEqual({ id: 'expire-current-versions', status: 'Enabled', filter: [{ prefix: '' }], expiration: [{ days }] });
    expect(rules.find((r) => r.id === 'expire-noncurrent-versions')?.noncurrentVersionExpiration).toEqual([{ noncurrentDays: 90 }]);
  });

  it('audit logs never expire unless asked', () => {
    const { bucket, nested } = composeNested(prod);
    expect(bucket.spec).not.toHaveProperty('expirationDays');
    expect((fp(nested.resources['bucket-lifecycle']).rule as Array<{ expiration?: unknown }>).filter((r) => r.expiration)).toEqual([]);
  });

  it('the trail and the delivery channel select exactly the data bucket the SecureBucket composes', () => {
    const { nested } = composeNested(base);
    const selector = fp(compose(base, { required: READY_KEY }).resources.trail).s3BucketNameSelector.matchLabels as Record<string, string>;
    const matching = Object.entries(nested.resources).filter(([, res]) => Object.entries(selector).every(([k, v]) => res.metadata?.labels?.[k] === v));
    expect(matching.map(([k]) => k)).toEqual(['bucket']);
    expect(nested.status.bucketName).toBe(AUDIT_BUCKET);
  });

  it('its policy admits CloudTrail (this trail) and Config (this account) and keeps them on SSE-KMS with the CMK', () => {
    const { nested } = composeNested(base, KEY_ARN);
    const s = statements(nested.resources['bucket-policy']);
    const bySid = (sid: string) => s.find((x) => x.Sid === sid);
    const fromTrail = { 'aws:SourceArn': [TRAIL_ARN], 'aws:SourceAccount': ACCOUNT };
    expect(bySid('AllowCloudTrailLogDelivery')).toEqual({
      Sid: 'AllowCloudTrailLogDelivery', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject',
      Resource: `arn:aws:s3:::${AUDIT_BUCKET}/AWSLogs/${ACCOUNT}/*`, Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', ...fromTrail } },
    });
    expect(bySid('AllowConfigDelivery')?.Resource).toBe(`arn:aws:s3:::${AUDIT_BUCKET}/AWSLogs/${ACCOUNT}/Config/*`);
    expect(bySid('DenyKmsKeysOtherThanTheBucketKey')?.Condition).toEqual({ StringNotEqualsIfExists: { 's3:x-amz-server-side-encryption-aws-kms-key-id': KEY_ARN } });
    expect(bySid('DenyTrailLogFilesOtherThanSseKms')?.Resource).toBe(`arn:aws:s3:::${AUDIT_BUCKET}/AWSLogs/${ACCOUNT}/CloudTrail/*`);
    // The delivery channel writes with the very key the bucket policy pins.
    expect(fp(compose(base, { required: READY_KEY }).resources['config-delivery-channel']).s3KmsKeyArn).toBe(KEY_ARN);
  });
});

describe('ComplianceMonitoring composer: management, status, conditions', () => {
  it.each([
    ['dev', base, ['*']],
    ['prod', prod, ['Observe', 'Create', 'Update', 'LateInitialize']],
  ])('%s: every managed resource gets management policies %j and the provider config', (_n, spec, want) => {
    for (const [name, res] of Object.entries(compose(spec, { required: READY_KEY }).resources)) {
      if (res.kind === 'Usage' || res.kind === 'SecureBucket') continue;
      expect([name, res.spec.managementPolicies, res.spec.providerConfigRef]).toEqual([name, want, { kind: 'ClusterProviderConfig', name: 'default' }]);
    }
    expect(compose(spec).resources['audit-bucket'].spec.deletionProtection).toBe(spec.tier === 'prod');
  });

  it('keeps the encryption key from being deleted while this exists', () => {
    expect(compose(base).resources['encryption-key-usage'].spec).toMatchObject({
      of: { kind: 'EncryptionKey', resourceRef: { name: 'audit-key' } }, by: { kind: 'ComplianceMonitoring', resourceRef: { name: 'audit' } }, replayDeletion: true,
    });
  });

  it('reports names at once, and the trail and topic ARNs once observed', () => {
    const first = compose(base, { required: {} });
    const ruleNames = MANAGED_CONFIG_RULES.map((x) => `secure-baseline-${x.name}`);
    const alarmNames = CIS_METRIC_FILTERS.map((f) => `dev-audit-cis-${f.control}-${f.id}`);
    expect(first.status).toEqual({ trailName: 'dev-audit', auditBucketName: AUDIT_BUCKET, logGroupName: LOG_GROUP, recorderName: 'dev-audit', configRuleNames: ruleNames, cisAlarmNames: alarmNames });
    const known = compose(base, { required: READY_KEY });
    const observed = { trail: readyManaged(known.resources.trail, { arn: TRAIL_ARN }), 'alarm-topic': readyManaged(known.resources['alarm-topic'], { arn: TOPIC_ARN }) };
    expect(compose(base, { required: READY_KEY, observed }).status).toEqual({ ...first.status, trailArn: TRAIL_ARN, alarmTopicArn: TOPIC_ARN, encryptionKeyArn: KEY_ARN });
    const other = compose(remote, { required: READY_KEY }).status;
    expect(other).toEqual({ auditBucketName: AUDIT_BUCKET, recorderName: 'dev-audit', configRuleNames: MANAGED_CONFIG_RULES.filter((x) => x.scope === 'regional').map((x) => `secure-baseline-${x.name}`), encryptionKeyArn: KEY_ARN });
  });

  it.each([
    ['no EncryptionKey yet', 'False', 'WaitingForEncryptionKey', 0, base, {}],
    ['a key without services', 'False', 'KeyDoesNotAdmitServices', 1, base, { 'encryption-key': [keyXr([], KEY_ARN)] }],
    ['a key without logs', 'False', 'KeyDoesNotAdmitServices', 1, base, { 'encryption-key': [keyXr(['cloudtrail', 'sns'], KEY_ARN)] }],
    ['a key with the services, ARN unknown', 'False', 'WaitingForEncryptionKey', 0, base, { 'encryption-key': [keyXr(ALL_SERVICES)] }],
    ['a ready key', 'True', 'Available', 0, base, READY_KEY],
    ['another region, a key admitting sns only', 'True', 'Available', 0, remote, { 'encryption-key': [keyXr(['sns'], KEY_ARN)] }],
  ] as const)('%s: EncryptionKeyReady=%s (%s), %d warning(s)', (_n, status, reason, warnings, spec, required) => {
    const out = compose(spec, { required: required as Record<string, KubeObject[]> });
    expect(out.conditions).toEqual([expect.objectContaining({ type: 'EncryptionKeyReady', status, reason })]);
    expect(out.warnings ?? []).toHaveLength(warnings);
    expect(out.requirements).toEqual({ 'encryption-key': { apiVersion: 'platform.secure-baseline.io/v1alpha1', kind: 'EncryptionKey', matchName: 'audit-key', namespace: 'team-a' } });
  });

  it('names the missing key services in the warning', () => {
    expect(compose(base, { required: { 'encryption-key': [keyXr(['sns'], KEY_ARN)] } }).warnings).toEqual([expect.stringContaining('must list services cloudtrail, logs')]);
  });
});

describe('ComplianceMonitoring input validation', () => {
  it.each([
    ['no key reference', { ...DEV_COMMON }, 'spec.encryptionKeyRef'],
    ['trail log retention below 90 days', { ...base, trailLogRetentionDays: 30 }, 'spec.trailLogRetentionDays'],
    ['trail log retention below 365 days in prod', { ...prod, trailLogRetentionDays: 180 }, 'spec.trailLogRetentionDays'],
    ['an unknown GuardDuty severity', { ...base, guardDutyMinimumSeverity: 'SEVERE' }, 'spec.guardDutyMinimumSeverity'],
    ['a numeric GuardDuty severity', { ...base, guardDutyMinimumSeverity: 5 }, 'spec.guardDutyMinimumSeverity'],
    ['only CRITICAL GuardDuty findings in prod', { ...prod, guardDutyMinimumSeverity: 'CRITICAL' }, 'spec.guardDutyMinimumSeverity'],
    ['an http subscription', { ...base, subscriptions: [{ protocol: 'http', endpoint: 'http://hooks.example.com' }] }, 'spec.subscriptions[0].protocol'],
    ['an https subscription to an http URL', { ...base, subscriptions: [{ protocol: 'https', endpoint: 'http://hooks.example.com' }] }, 'spec.subscriptions[0].endpoint'],
    ['an email subscription that is not an address', { ...base, subscriptions: [{ protocol: 'email', endpoint: 'oncall' }] }, 'spec.subscriptions[0].endpoint'],
    ['an sms subscription', { ...base, subscriptions: [{ protocol: 'sms', endpoint: '+15555550100' }] }, 'spec.subscriptions[0].protocol'],
    ['the same subscription twice', { ...base, subscriptions: [EMAIL, EMAIL] }, 'spec.subscriptions'],
    ['more than 10 subscriptions', { ...base, subscriptions: Array.from({ length: 11 }, (_, i) => ({ protocol: 'email', endpoint: `a${i}@example.com` })) }, 'spec.subscriptions'],
    ['prod without subscriptions', { ...prod, subscriptions: [] }, 'spec.subscriptions'],
    ['an audit bucket name with capitals', { ...base, auditBucketName: 'Audit-Logs' }, 'spec.auditBucketName'],
    ['an audit bucket name S3 reserves', { ...base, auditBucketName: 'xn--audit' }, 'spec.auditBucketName'],
    ['an audit bucket name whose log bucket would exceed 63 characters', { ...base, auditBucketName: 'a'.repeat(59) }, 'spec.auditBucketName'],
    ['an Object Lock without days', { ...base, auditObjectLock: { mode: 'COMPLIANCE' } }, 'spec.auditObjectLock.days'],
    ['audit logs expiring in less than 90 days', { ...base, auditLogExpirationDays: 89 }, 'spec.auditLogExpirationDays'],
    ['audit logs expiring in less than a year in prod', { ...prod, auditLogExpirationDays: 364 }, 'spec.auditLogExpirationDays'],
    ['audit logs expiring before their Object Lock ends', { ...base, auditObjectLock: { mode: 'GOVERNANCE', days: 365 }, auditLogExpirationDays: 180 }, 'spec.auditLogExpirationDays'],
    ['an audit log expiry that is not a number of days', { ...base, auditLogExpirationDays: '1y' }, 'spec.auditLogExpirationDays'],
    ['homeRegion as a string', { ...base, homeRegion: 'us-east-1' }, 'spec.homeRegion'],
    ['a switch to turn the trail off', { ...base, trail: false }, 'spec.trail'],
    ['prod without deletion protection', { ...prod, deletionProtection: false }, 'spec.deletionProtection'],
  ])('rejects %s', (_n, spec, field) => {
    expect(() => compose(spec as Record<string, unknown>)).toThrow(InputError);
    expect(() => compose(spec as Record<string, unknown>)).toThrow(field);
  });

  it('rejects a default audit bucket name that does not fit, and names too long for the derived AWS names', () => {
    expect(() => compose(base, { name: 'a'.repeat(30) })).toThrow(/spec\.auditBucketName: .*set a shorter spec\.auditBucketName/);
    expect(() => compose({ ...base, auditBucketName: 'audit-logs' }, { name: 'a'.repeat(40) })).toThrow(/metadata\.name: .*use a shorter name/);
    expect(compose({ ...base, auditBucketName: 'a'.repeat(58) }).status.auditBucketName).toHaveLength(58);
  });
});

describe('ComplianceMonitoring API definition', () => {
  // Documentation and bounds of every field: test/xrd.test.ts, for every API.
  it('says it is once per account and region', () => {
    expect(complianceMonitoringApi.description).toMatch(/one per account and region/);
    expect(complianceMonitoringApi.specSchema.description).toMatch(/one per account and region/);
  });

  it('lists every managed-resource kind it composes, with the plural of its pinned CRD', () => {
    const listed = new Set(complianceMonitoringApi.managedResources.map((m) => `${m.apiVersion}/${m.kind}`));
    const composed = [...new Set([base, prod, remote].flatMap((s) => Object.values(compose({ ...s, subscriptions: [EMAIL] }, { required: READY_KEY }).resources))
      .filter((r) => r.kind !== 'Usage' && r.kind !== 'SecureBucket').map((r) => `${r.apiVersion}/${r.kind}`))];
    expect(composed.filter((k) => !listed.has(k))).toEqual([]);
    expect(composed.length).toBe(listed.size);
    const files = Object.keys(crdLock().files);
    for (const m of complianceMonitoringApi.managedResources) expect(files).toContain(`provider-upjet-aws/${m.apiVersion.split('/')[0]}_${m.plural}.yaml`);
  });

  it('every IAM Allow names its actions; the only resource wildcard is the trail\'s log streams (AWS names them per region)', () => {
    const out = compose({ ...prod, subscriptions: [EMAIL] }, { required: READY_KEY }).resources;
    const allows = Object.values(out).filter((r) => r.kind === 'RolePolicy' || r.kind === 'TopicPolicy').flatMap(statements).filter((s) => s.Effect === 'Allow');
    expect(allows.filter((s) => JSON.stringify(s.Action).includes('*'))).toEqual([]);
    expect(allows.filter((s) => JSON.stringify(s.Resource).includes('*')).map((s) => s.Sid)).toEqual(['CreateTrailLogStreams', 'PutTrailLogEvents', 'DeliverToTheAuditBucket']);
  });
});

describe('ComplianceMonitoring examples', () => {
  const validator = KubeValidator.fromPinnedCrds();
  validator.addXrd(XpCompositeResourceDefinitionV2.manifest(xrdProps(complianceMonitoringApi)));
  validator.addXrd(XpCompositeResourceDefinitionV2.manifest(xrdProps(secureBucketApi)));
  const problems = (objects: KubeObject[]) => objects.flatMap((o) => validator.validate(o)).map((i) => `${i.object}: ${i.path}: ${i.message}`);
  const keyOf = (name: string, isReady: boolean): KubeObject => {
    const k = ENCRYPTION_KEY_EXAMPLES.find((e) => e.name === name)!;
    return { ...xrObject('EncryptionKey', k.name, { ...k.spec }, 'examples'), ...(isReady ? { status: { keyArn: `arn:aws:kms:${k.spec.region}:${k.spec.accountId}:key/${k.name}` } } : {}) };
  };

  it('has a minimal dev example and a full prod one, referencing existing EncryptionKey examples', () => {
    expect(COMPLIANCE_MONITORING_EXAMPLES.map((e) => e.spec.tier)).toEqual(['dev', 'prod']);
    for (const e of COMPLIANCE_MONITORING_EXAMPLES) expect(ENCRYPTION_KEY_EXAMPLES.map((k) => k.name)).toContain(e.spec.encryptionKeyRef.name);
  });

  it.each(COMPLIANCE_MONITORING_EXAMPLES.flatMap((e) => [[e.name, false], [e.name, true]] as const))('%s (key ready: %s): the claim and every composed resource are valid as Crossplane creates them', (name, isReady) => {
    const example = COMPLIANCE_MONITORING_EXAMPLES.find((e) => e.name === name)!;
    const claim: KubeObject = { apiVersion: 'platform.secure-baseline.io/v1alpha1', kind: 'ComplianceMonitoring', metadata: { name, namespace: 'examples' }, spec: { ...example.spec } };
    expect(problems([claim])).toEqual([]);
    const spec = parseSpec<ComplianceMonitoringParameters>(complianceMonitoringApi, example.spec);
    const key = keyOf(example.spec.encryptionKeyRef.name, isReady);
    expect(key.spec.region).toBe(example.spec.region);
    const out = complianceMonitoringApi.compose({ xr: asXr(xrObject('ComplianceMonitoring', name, { ...example.spec }, 'examples'), spec), observed: {}, required: { 'encryption-key': [key] } });
    // Composed XRs keep their fixed name; managed resources get Crossplane's generated one.
    const created = Object.values(out.resources).map((r) => ({ ...r, metadata: { ...r.metadata, namespace: 'examples', ...(r.metadata?.name ? {} : { generateName: `${name}-` }) } }));
    expect(created.length).toBeGreaterThan(60);
    expect(out.warnings ?? []).toHaveLength(example.spec.encryptionKeyRef.name === 'minimal' ? 1 : 0);
    expect(problems(created)).toEqual([]);
    // The nested SecureBucket is also valid input for its own API (schema defaults and CEL rules).
    expect(() => parseSpec(secureBucketApi, out.resources['audit-bucket'].spec)).not.toThrow();
  });

  it('the check can fail: an alarm without its comparison operator, a rule with an unknown field', () => {
    const r = compose(base, { required: READY_KEY }).resources;
    const alarm = { ...r['cis-4-1-alarm'], metadata: { ...r['cis-4-1-alarm'].metadata, namespace: 'team-a', generateName: 'audit-' } };
    const { comparisonOperator: _c, ...noOperator } = fp(alarm);
    expect(problems([{ ...alarm, spec: { ...alarm.spec, forProvider: noOperator } }])).toEqual([expect.stringContaining('comparisonOperator')]);
    const rule = { ...r['config-rule-rds-storage-encrypted'], metadata: { ...r['config-rule-rds-storage-encrypted'].metadata, namespace: 'team-a', generateName: 'audit-' } };
    expect(problems([{ ...rule, spec: { ...rule.spec, forProvider: { ...fp(rule), enabled: false } } }])).toEqual([expect.stringContaining('spec.forProvider.enabled: unknown field')]);
  });
});
