/**
 * Audit rules: the CloudTrail trail (every region, global services, validated, encrypted, delivered to CloudWatch
 * Logs), AWS Config (all resource types, enabled, delivered encrypted), the CIS AWS Foundations v3.0 §4 metric
 * filters and alarms on the trail's log group, and the EventBridge rules forwarding security findings.
 */
import { CIS_METRIC_FILTERS } from '../../compositions/compliance-monitoring/cis-metric-filters';
import { verdict, type ComposedResource, type ResourceSet, type Rule, type RuleResult } from '../rule';
import { externalName, fail, ofKind, parseArn, pass, reportedArn, resolved, xrMembers, type Selector } from './crosscutting';

const TRAIL = 'cloudtrail.aws.m.upbound.io/Trail';
const GROUP = 'cloudwatchlogs.aws.m.upbound.io/Group';
const FILTER = 'cloudwatchlogs.aws.m.upbound.io/MetricFilter';
const ALARM = 'cloudwatch.aws.m.upbound.io/MetricAlarm';
const TOPIC = 'sns.aws.m.upbound.io/Topic';
const SUBSCRIPTION = 'sns.aws.m.upbound.io/TopicSubscription';
const RECORDER = 'configservice.aws.m.upbound.io/ConfigurationRecorder';
const RECORDER_STATUS = 'configservice.aws.m.upbound.io/AWSConfigurationRecorderStatus';
const CHANNEL = 'configservice.aws.m.upbound.io/DeliveryChannel';
const EVENT_RULE = 'cloudwatchevents.aws.m.upbound.io/Rule';
const EVENT_TARGET = 'cloudwatchevents.aws.m.upbound.io/Target';

const fp = (r: ComposedResource) => (r.object.spec?.forProvider ?? {}) as Record<string, any>;
const isKmsKeyArn = (v: unknown) => parseArn(v)?.service === 'kms' && /^(key|alias)\//.test(parseArn(v)!.resource);
const isSnsArn = (v: unknown) => parseArn(v)?.service === 'sns';

// --- CloudTrail -------------------------------------------------------------------------------------------------

/** Management events, read and write: the trail's default, or an event selector (basic or advanced) asking for them. */
function recordsManagementEvents(r: ComposedResource): boolean {
  const basic = fp(r).eventSelector as Array<Record<string, unknown>> | undefined;
  const advanced = fp(r).advancedEventSelector as Array<{ fieldSelector?: Array<{ field?: string; equals?: string[] }> }> | undefined;
  if (!basic?.length && !advanced?.length) return true;
  if (basic?.some((s) => s.includeManagementEvents !== false && (s.readWriteType ?? 'All') === 'All')) return true;
  return !!advanced?.some((s) => {
    const fields = s.fieldSelector ?? [];
    return fields.some((f) => f.field === 'eventCategory' && f.equals?.includes('Management')) && !fields.some((f) => f.field === 'readOnly');
  });
}

/** The log group name of a CloudWatch Logs ARN (`…:log-group:NAME` or `…:log-group:NAME:*`). */
function logGroupName(arn: unknown): string | undefined {
  const m = typeof arn === 'string' ? /:log-group:(.+?)(?::\*)?$/.exec(arn) : null;
  return m?.[1];
}

// --- CIS §4 -----------------------------------------------------------------------------------------------------

const CIS_BY_PATTERN = new Map(CIS_METRIC_FILTERS.map((c) => [c.pattern, c]));

/** The log group (by name) a metric filter watches: its logGroupName, or the Group its selector resolves to. */
function watchedGroups(set: ResourceSet, f: ComposedResource): string[] {
  if (typeof fp(f).logGroupName === 'string') return [fp(f).logGroupName as string];
  return resolved(set, f, fp(f).logGroupNameSelector as Selector, GROUP).map(externalName).filter((n): n is string => !!n);
}

/** CIS filters of the trail's log group, per control; undefined when the group is not in the set (not judged). */
function cisFiltersOfTrail(set: ResourceSet, trail: ComposedResource): Map<string, ComposedResource[]> | undefined {
  const name = logGroupName(fp(trail).cloudWatchLogsGroupArn);
  if (!name) return undefined;
  const ns = trail.object.metadata?.namespace;
  const groupInSet = ofKind(set, GROUP).some((g) => g.object.metadata?.namespace === ns && externalName(g) === name);
  const filters = ofKind(set, FILTER).filter((f) => f.object.metadata?.namespace === ns && watchedGroups(set, f).includes(name));
  if (!groupInSet && filters.length === 0) return undefined;
  const out = new Map<string, ComposedResource[]>();
  for (const f of filters) {
    const c = CIS_BY_PATTERN.get(fp(f).pattern as string);
    if (c) out.set(c.control, [...(out.get(c.control) ?? []), f]);
  }
  return out;
}

/** Every metric filter with a CIS pattern, and the alarms on its metric in its namespace. */
function cisFilterAlarms(set: ResourceSet): Array<{ filter: ComposedResource; control: string; alarms: ComposedResource[] }> {
  return ofKind(set, FILTER).flatMap((f) => {
    const c = CIS_BY_PATTERN.get(fp(f).pattern as string);
    if (!c) return [];
    const metric = fp(f).metricTransformation as { name?: string; namespace?: string } | undefined;
    const alarms = ofKind(set, ALARM).filter((a) => a.object.metadata?.namespace === f.object.metadata?.namespace
      && fp(a).metricName === metric?.name && fp(a).namespace === metric?.namespace);
    return [{ filter: f, control: c.control, alarms }];
  });
}

/** Fires on the first matching event: ≥ 1 (or > a threshold below 1) of the filter's count. */
function firesOnFirstEvent(a: ComposedResource): boolean {
  const { comparisonOperator: op, threshold: t } = fp(a);
  return typeof t === 'number' && ((op === 'GreaterThanOrEqualToThreshold' && t <= 1) || (op === 'GreaterThanThreshold' && t < 1));
}

function alarmVerdicts(set: ResourceSet): RuleResult[] {
  return cisFilterAlarms(set).flatMap(({ filter, control, alarms }): RuleResult[] => {
    if (alarms.length === 0) {
      // Judged only where the filter's XR composes alarms at all (else its alarms are composed elsewhere or later).
      return xrMembers(set, filter, ALARM).length
        ? [fail(filter, 'spec.forProvider.metricTransformation.name', `no alarm on the metric of CIS ${control}'s filter: add a MetricAlarm on ${fp(filter).metricTransformation?.namespace}/${fp(filter).metricTransformation?.name} (Sum ≥ 1 over 300 s) notifying the alarm topic`)]
        : [];
    }
    return alarms.flatMap((a) => [
      fp(a).actionsEnabled === false
        ? fail(a, 'spec.forProvider.actionsEnabled', `set actionsEnabled: true: the alarm of CIS ${control} notifies nobody`)
        : verdict(a, 'spec.forProvider.alarmActions', (v) => Array.isArray(v) && v.some(isSnsArn), `alarmActions of CIS ${control}'s alarm must include the alarm topic's SNS ARN`),
      verdict(a, 'spec.forProvider.threshold', () => firesOnFirstEvent(a), `CIS ${control}'s alarm must fire on the first event: comparisonOperator GreaterThanOrEqualToThreshold, threshold 1`),
    ]);
  });
}

/** The Topic an SNS ARN names, in `r`'s namespace: by reported ARN, else by region and name. */
function topicOf(set: ResourceSet, r: ComposedResource, arn: string): ComposedResource | undefined {
  const a = parseArn(arn);
  return ofKind(set, TOPIC).find((t) => t.object.metadata?.namespace === r.object.metadata?.namespace
    && (reportedArn(t) === arn || (!!a && externalName(t) === a.resource && (fp(t).region ?? a.region) === a.region)));
}

function subscriptionsOf(set: ResourceSet, topic: ComposedResource, arn: string): ComposedResource[] {
  return ofKind(set, SUBSCRIPTION).filter((s) => s.object.metadata?.namespace === topic.object.metadata?.namespace
    && (fp(s).topicArn === arn || resolved(set, s, fp(s).topicArnSelector as Selector, TOPIC).includes(topic)));
}

function subscriberVerdicts(set: ResourceSet): RuleResult[] {
  const seen = new Set<ComposedResource>();
  return cisFilterAlarms(set).flatMap(({ alarms }) => alarms).flatMap((a) => ((fp(a).alarmActions ?? []) as unknown[]).filter(isSnsArn).flatMap((arn): RuleResult[] => {
    const topic = topicOf(set, a, arn as string);
    if (!topic || seen.has(topic)) return []; // not in the set (another XR's, or not composed yet): not judged; once per topic
    seen.add(topic);
    return [subscriptionsOf(set, topic, arn as string).length
      ? pass(a, 'spec.forProvider.alarmActions')
      : fail(a, 'spec.forProvider.alarmActions', `${arn}, the topic the CIS alarms notify, has no subscription: add one (ComplianceMonitoring subscriptions: an email address or HTTPS endpoint) — an alarm nobody receives protects nothing`)];
  }));
}

// --- EventBridge ------------------------------------------------------------------------------------------------

const FINDING_SOURCES = ['aws.guardduty', 'aws.securityhub', 'aws.config'];

/** EventBridge rules whose pattern matches events of GuardDuty, Security Hub or AWS Config. */
function findingRules(set: ResourceSet): Array<{ r: ComposedResource; sources: string[] }> {
  return ofKind(set, EVENT_RULE).flatMap((r) => {
    let pattern: { source?: unknown } | undefined;
    try {
      pattern = typeof fp(r).eventPattern === 'string' ? JSON.parse(fp(r).eventPattern as string) : undefined;
    } catch {
      return [];
    }
    const sources = [pattern?.source ?? []].flat().filter((s): s is string => typeof s === 'string' && FINDING_SOURCES.includes(s));
    return sources.length ? [{ r, sources }] : [];
  });
}

function targetsOf(set: ResourceSet, rule: ComposedResource): ComposedResource[] {
  const name = externalName(rule);
  return ofKind(set, EVENT_TARGET).filter((t) => t.object.metadata?.namespace === rule.object.metadata?.namespace
    && ((!!name && fp(t).rule === name) || resolved(set, t, fp(t).ruleSelector as Selector, EVENT_RULE).includes(rule)));
}

export const AUDIT_RULES: readonly Rule[] = [
  {
    id: 'SB-AUDIT-1',
    title: 'The CloudTrail trail is multi-region',
    severity: 'high',
    rationale: 'A single-region trail misses activity in every other region, where an attacker would go first.',
    reads: [TRAIL],
    mappings: { cis: ['3.1'], nist80053: ['AU-2', 'AU-12'], pciDss: ['10.2.1'], soc2: ['CC7.2'], checkov: ['CKV_AWS_67'], awsConfig: 'MULTI_REGION_CLOUD_TRAIL_ENABLED' },
    check: (set) => ofKind(set, TRAIL).map((t) => verdict(t, 'spec.forProvider.isMultiRegionTrail', (v) => v === true, 'set isMultiRegionTrail: true (ComplianceMonitoring\'s home region always does)')),
  },
  {
    id: 'SB-AUDIT-2',
    title: 'The CloudTrail trail is logging and records all management events, read and write',
    severity: 'high',
    rationale: 'A stopped trail or one without management events (or without reads) records nothing of the control-plane activity the benchmark and an investigation need.',
    reads: [TRAIL],
    mappings: { cis: ['3.1'], nist80053: ['AU-2', 'AU-12'], pciDss: ['10.2.1'], soc2: ['CC7.2'], awsConfig: 'CLOUD_TRAIL_ENABLED' },
    check: (set) => ofKind(set, TRAIL).flatMap((t) => [
      verdict(t, 'spec.forProvider.enableLogging', (v) => v !== false, 'set enableLogging: true (or leave it unset): the trail is stopped'),
      recordsManagementEvents(t) ? pass(t, 'spec.forProvider.eventSelector') : fail(t, 'spec.forProvider.eventSelector', 'record management events with readWriteType All (includeManagementEvents: true), as ComplianceMonitoring does'),
    ]),
  },
  {
    id: 'SB-AUDIT-3',
    title: 'The CloudTrail trail includes global service events',
    severity: 'medium',
    rationale: 'IAM, STS and other global services log to the trail only with global service events; without them, credential and permission changes go unrecorded.',
    reads: [TRAIL],
    mappings: { nist80053: ['AU-2', 'AU-12'], pciDss: ['10.2.1'], soc2: ['CC7.2'] },
    check: (set) => ofKind(set, TRAIL).map((t) => verdict(t, 'spec.forProvider.includeGlobalServiceEvents', (v) => v !== false, 'set includeGlobalServiceEvents: true (the default)')),
  },
  {
    id: 'SB-AUDIT-4',
    title: 'CloudTrail log file validation is enabled',
    severity: 'high',
    rationale: 'Digest files let an investigator prove the logs were not changed or deleted after delivery.',
    reads: [TRAIL],
    mappings: { cis: ['3.2'], nist80053: ['AU-9', 'AU-10', 'SI-7'], pciDss: ['10.3.4'], soc2: ['CC7.2'], checkov: ['CKV_AWS_36'], awsConfig: 'CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED' },
    check: (set) => ofKind(set, TRAIL).map((t) => verdict(t, 'spec.forProvider.enableLogFileValidation', (v) => v === true, 'set enableLogFileValidation: true')),
  },
  {
    id: 'SB-AUDIT-5',
    title: 'CloudTrail logs are encrypted with a customer-managed KMS key',
    severity: 'high',
    rationale: 'SSE-KMS with the environment\'s key adds a second access decision (the key policy) to reading the audit log and records every decryption.',
    reads: [TRAIL],
    mappings: { cis: ['3.5'], nist80053: ['AU-9', 'SC-28'], pciDss: ['10.3.1'], soc2: ['CC6.1'], checkov: ['CKV_AWS_35'], awsConfig: 'CLOUD_TRAIL_ENCRYPTION_ENABLED' },
    check: (set) => ofKind(set, TRAIL).map((t) => (fp(t).kmsKeyIdSelector || isKmsKeyArn(fp(t).kmsKeyId)
      ? pass(t, fp(t).kmsKeyIdSelector ? 'spec.forProvider.kmsKeyIdSelector' : 'spec.forProvider.kmsKeyId')
      : fail(t, 'spec.forProvider.kmsKeyId', 'set kmsKeyId to the ARN of the environment\'s audit key'))),
  },
  {
    id: 'SB-AUDIT-6',
    title: 'CloudTrail delivers to CloudWatch Logs, through a role',
    severity: 'high',
    rationale: 'The CIS §4 metric filters and alarms only see what reaches the log group: without delivery, no alarm ever fires.',
    reads: [TRAIL],
    mappings: { nist80053: ['AU-6', 'SI-4'], pciDss: ['10.4.1.1'], soc2: ['CC7.2'], checkov: ['CKV2_AWS_10'], awsConfig: 'CLOUD_TRAIL_CLOUD_WATCH_LOGS_ENABLED' },
    check: (set) => ofKind(set, TRAIL).flatMap((t) => [
      verdict(t, 'spec.forProvider.cloudWatchLogsGroupArn', (v) => !!logGroupName(v), 'set cloudWatchLogsGroupArn to the trail log group\'s ARN (…:log-group:NAME:*)'),
      fp(t).cloudWatchLogsRoleArnSelector || parseArn(fp(t).cloudWatchLogsRoleArn)?.service === 'iam'
        ? pass(t, fp(t).cloudWatchLogsRoleArnSelector ? 'spec.forProvider.cloudWatchLogsRoleArnSelector' : 'spec.forProvider.cloudWatchLogsRoleArn')
        : fail(t, 'spec.forProvider.cloudWatchLogsRoleArn', 'set cloudWatchLogsRoleArn (or its selector) to the role CloudTrail writes to the log group with'),
    ]),
  },
  {
    id: 'SB-AUDIT-7',
    title: 'AWS Config records every supported resource type, continuously',
    severity: 'high',
    rationale: 'A recorder limited to some types leaves the others without configuration history and outside every Config rule.',
    reads: [RECORDER],
    mappings: { cis: ['3.3'], nist80053: ['CM-3', 'CM-8'], soc2: ['CC7.1'], checkov: ['CKV2_AWS_45'] },
    check: (set) => ofKind(set, RECORDER).map((r) => verdict(r, 'spec.forProvider.recordingGroup.allSupported', (v) => v === true, 'set recordingGroup.allSupported: true (no exclusions)')),
  },
  {
    id: 'SB-AUDIT-8',
    title: 'The home region\'s AWS Config recorder records global resource types (IAM)',
    severity: 'medium',
    rationale: 'IAM users, roles and policies are recorded only where global types are included; the region with the trail (the home region) includes them, the others do not, to avoid duplicates.',
    reads: [RECORDER, TRAIL],
    mappings: { cis: ['3.3'], nist80053: ['CM-3', 'CM-8'], soc2: ['CC7.1'], checkov: ['CKV2_AWS_48'] },
    // Judged where the recorder's XR also composes the trail: that XR monitors the home region.
    check: (set) => ofKind(set, RECORDER).filter((r) => xrMembers(set, r, TRAIL).length > 0).map((r) => verdict(r, 'spec.forProvider.recordingGroup.includeGlobalResourceTypes', (v) => v === true, 'set recordingGroup.includeGlobalResourceTypes: true in the home region (where the trail is)')),
  },
  {
    id: 'SB-AUDIT-9',
    title: 'The AWS Config recorder is started',
    severity: 'high',
    rationale: 'A configured but stopped recorder records nothing.',
    reads: [RECORDER_STATUS],
    mappings: { cis: ['3.3'], nist80053: ['CM-3', 'CM-8'], soc2: ['CC7.1'], checkov: ['CKV2_AWS_45'] },
    check: (set) => ofKind(set, RECORDER_STATUS).map((r) => verdict(r, 'spec.forProvider.isEnabled', (v) => v === true, 'set isEnabled: true')),
  },
  {
    id: 'SB-AUDIT-10',
    title: 'AWS Config delivers its history to S3 encrypted with a customer-managed KMS key',
    severity: 'medium',
    rationale: 'Configuration history and snapshots describe every resource of the account; the environment\'s key keeps reading them under the key policy.',
    reads: [CHANNEL],
    mappings: { nist80053: ['AU-9', 'SC-28'], soc2: ['CC6.1'] },
    check: (set) => ofKind(set, CHANNEL).map((c) => verdict(c, 'spec.forProvider.s3KmsKeyArn', isKmsKeyArn, 'set s3KmsKeyArn to the ARN of the environment\'s audit key')),
  },
  {
    id: 'SB-AUDIT-11',
    title: 'The trail\'s log group has every CIS AWS Foundations v3.0 §4 metric filter (4.1–4.15), with the benchmark\'s exact pattern',
    severity: 'high',
    rationale: 'Each filter turns a class of dangerous activity (root use, IAM or network changes, console logins without MFA, …) into a metric; a missing filter or an edited pattern silently stops that detection.',
    reads: [TRAIL, GROUP, FILTER],
    mappings: { cis: CIS_METRIC_FILTERS.map((c) => c.control), nist80053: ['AU-6', 'SI-4'], pciDss: ['10.4.1.1'], soc2: ['CC7.2'] },
    check: (set) => ofKind(set, TRAIL).flatMap((t) => {
      const found = cisFiltersOfTrail(set, t);
      if (!found) return [];
      return CIS_METRIC_FILTERS.map((c) => (found.get(c.control)?.length
        ? pass(t, 'spec.forProvider.cloudWatchLogsGroupArn')
        : fail(t, 'spec.forProvider.cloudWatchLogsGroupArn', `no metric filter for CIS ${c.control} (${c.title}) on the trail's log group ${logGroupName(fp(t).cloudWatchLogsGroupArn)}: add one with the benchmark's exact pattern (compositions/compliance-monitoring/cis-metric-filters.ts)`)));
    }),
  },
  {
    id: 'SB-AUDIT-12',
    title: 'Every CIS §4 metric filter has an alarm that fires on the first event and notifies an SNS topic',
    severity: 'high',
    rationale: 'A metric nobody alarms on is read by nobody: the benchmark asks for an alarm per filter, acting on an SNS topic.',
    reads: [FILTER, ALARM],
    mappings: { cis: CIS_METRIC_FILTERS.map((c) => c.control), nist80053: ['AU-6', 'IR-6', 'SI-4(5)'], pciDss: ['10.4.1.1'], soc2: ['CC7.2', 'CC7.3'], awsConfig: 'CLOUDWATCH_ALARM_ACTION_CHECK' },
    check: alarmVerdicts,
  },
  {
    id: 'SB-AUDIT-13',
    title: 'The SNS topic the CIS alarms notify has at least one subscription',
    severity: 'medium',
    rationale: 'The benchmark\'s audit of every §4 control ends with "at least one active subscriber to the SNS topic": without one the alarms reach nobody.',
    reads: [ALARM, TOPIC, SUBSCRIPTION],
    mappings: { cis: CIS_METRIC_FILTERS.map((c) => c.control), nist80053: ['IR-6', 'SI-4(5)'], soc2: ['CC7.3'] },
    check: subscriberVerdicts,
  },
  {
    id: 'SB-AUDIT-14',
    title: 'EventBridge rules forwarding GuardDuty, Security Hub and AWS Config findings are enabled',
    severity: 'medium',
    rationale: 'A disabled rule drops every finding of its source without a trace.',
    reads: [EVENT_RULE],
    mappings: { nist80053: ['IR-6', 'SI-4(5)'], soc2: ['CC7.3'] },
    check: (set) => findingRules(set).map(({ r }) => verdict(r, 'spec.forProvider.state', (v) => v === undefined || v === 'ENABLED', 'set state: ENABLED')),
  },
  {
    id: 'SB-AUDIT-15',
    title: 'EventBridge rules forwarding GuardDuty, Security Hub and AWS Config findings deliver to an SNS topic',
    severity: 'medium',
    rationale: 'Findings are only useful when someone is told: each rule targets the alarm topic, which notifies its subscribers.',
    reads: [EVENT_RULE, EVENT_TARGET],
    mappings: { nist80053: ['IR-6', 'SI-4(5)'], soc2: ['CC7.3'] },
    check: (set) => findingRules(set).flatMap(({ r, sources }): RuleResult[] => {
      const targets = targetsOf(set, r);
      if (targets.length === 0) {
        // Judged only where the rule's XR composes targets at all (else they are composed elsewhere or later).
        return xrMembers(set, r, EVENT_TARGET).length ? [fail(r, 'spec.forProvider.eventPattern', `no target for the ${sources.join(', ')} rule: add an EventBridge Target with the alarm topic's ARN`)] : [];
      }
      const sns = targets.find((t) => isSnsArn(fp(t).arn));
      return [sns ? pass(sns, 'spec.forProvider.arn') : fail(targets[0], 'spec.forProvider.arn', `the ${sources.join(', ')} rule targets no SNS topic: set the target's arn to the alarm topic's ARN`)];
    }),
  },
];
