/**
 * CloudWatch Logs rules: every log group is encrypted with a customer-managed key and kept long enough to
 * investigate an incident; every metric filter watches a log group that exists.
 *
 * Also the helpers the RDS, network and Lambda rules share: following a reference (name, Ref or Selector) from
 * one composed resource to others, and recognising a customer-managed KMS key.
 */
import { get, verdict, type ComposedResource, type ResourceSet, type Rule, type RuleResult } from '../rule';

const GROUP = 'cloudwatchlogs.aws.m.upbound.io/Group';
const METRIC_FILTER = 'cloudwatchlogs.aws.m.upbound.io/MetricFilter';

/**
 * The shortest retention accepted: PCI DSS 4.0 10.5.1 wants three months of audit logs immediately available
 * (and a year in all); the platform keeps ≥ 90 days everywhere and ≥ 365 in prod.
 */
export const MIN_LOG_RETENTION_DAYS = 90;

const EXTERNAL_NAME = 'crossplane.io/external-name';

/** Where a reference of a resource leads: which field holds it, its value, and what it resolves to in the set. */
export interface Resolution {
  /** Dotted path of the field used: the name itself, or its `…Ref` or `…Selector`. */
  readonly field: string;
  readonly value: unknown;
  /** The resources of the kind it names, in the namespace of the referring resource (each once). */
  readonly found: ComposedResource[];
  /**
   * The reference can only resolve within the referring resource's own composition (a selector with
   * matchControllerRef): when nothing is found, the reference is broken, not merely pointing elsewhere.
   */
  readonly withinComposition: boolean;
}

const isObject = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);
const nonEmpty = (v: unknown) => (typeof v === 'string' ? v !== '' : isObject(v) ? Object.keys(v).length > 0 : false);

function unique(rs: ComposedResource[]): ComposedResource[] {
  return rs.filter((r, i) => rs.findIndex((o) => o.ref === r.ref) === i);
}

/**
 * Follows the reference `path` of `r` (e.g. `spec.forProvider.logGroupName`, with its `…Ref` and `…Selector`) to
 * resources of `kind`, the way the provider resolves it: the value itself first (matched against external
 * names), then the Ref (matched against object names), then the Selector, always within r's namespace.
 * undefined when the resource sets none of the three.
 */
export function resolveReference(set: ResourceSet, r: ComposedResource, kind: string, path: string): Resolution | undefined {
  const namespace = r.object.metadata?.namespace;
  const candidates = set.ofKind(kind).filter((o) => o.object.metadata?.namespace === namespace);
  const literal = get(r.object, path);
  if (typeof literal === 'string' && literal !== '') {
    return { field: path, value: literal, found: unique(candidates.filter((o) => o.object.metadata?.annotations?.[EXTERNAL_NAME] === literal)), withinComposition: false };
  }
  const ref = get(r.object, `${path}Ref`);
  if (isObject(ref) && typeof ref.name === 'string') {
    return { field: `${path}Ref`, value: ref, found: unique(candidates.filter((o) => o.object.metadata?.name === ref.name)), withinComposition: false };
  }
  const selector = get(r.object, `${path}Selector`);
  if (isObject(selector)) {
    const found = set.selected(r, selector, kind).filter((o) => o.object.metadata?.namespace === namespace);
    return { field: `${path}Selector`, value: selector, found: unique(found), withinComposition: selector.matchControllerRef === true };
  }
  return undefined;
}

/**
 * Whether the key field `path` of `r` (with its `…Ref` and `…Selector`) names a customer-managed KMS key: a
 * reference to a kms Key managed resource (always customer-managed), or an id, ARN or alias that is not an
 * AWS-managed `alias/aws/…` key.
 */
export function customerManagedKey(r: ComposedResource, path: string): { readonly value: unknown; readonly ok: boolean } {
  const literal = get(r.object, path);
  if (typeof literal === 'string' && literal !== '') return { value: literal, ok: !/(^|:)alias\/aws\//.test(literal) };
  for (const suffix of ['Ref', 'Selector']) {
    const v = get(r.object, `${path}${suffix}`);
    if (nonEmpty(v)) return { value: v, ok: true };
  }
  return { value: undefined, ok: false };
}

/** A verdict on a key field: passes when it names a customer-managed key (see customerManagedKey). */
export function keyVerdict(r: ComposedResource, path: string, message: string): RuleResult {
  const { value, ok } = customerManagedKey(r, path);
  return ok ? { resource: r.ref, passed: true, field: path, value } : { resource: r.ref, passed: false, field: path, value, message };
}

/** One verdict from several checks of one resource: the first that fails, or the last when all pass. */
export function firstFailure(checks: ReadonlyArray<() => RuleResult>): RuleResult {
  let last: RuleResult | undefined;
  for (const check of checks) {
    last = check();
    if (!last.passed) return last;
  }
  return last!;
}

export const LOGS_RULES: readonly Rule[] = [
  {
    id: 'SB-LOGS-1',
    title: 'CloudWatch log groups are encrypted with a customer-managed KMS key',
    severity: 'medium',
    rationale: 'Logs carry identifiers, request data and errors. With a customer-managed key, reading them needs kms:Decrypt under your key policy (logged in CloudTrail), and disabling the key cuts off access; the default encryption uses a key AWS owns, outside your policy.',
    reads: [GROUP],
    mappings: { nist80053: ['AU-9', 'SC-12', 'SC-28'], soc2: ['CC6.1'], checkov: ['CKV_AWS_158'], awsConfig: 'CLOUDWATCH_LOG_GROUP_ENCRYPTED' },
    check: (set) => set.ofKind(GROUP).map((g) => keyVerdict(g, 'spec.forProvider.kmsKeyId',
      "set kmsKeyId to the ARN of the EncryptionKey's customer-managed key; the key must list logs in its services")),
  },
  {
    id: 'SB-LOGS-2',
    title: `CloudWatch log groups keep logs for at least ${MIN_LOG_RETENTION_DAYS} days, and not forever`,
    severity: 'medium',
    rationale: `Investigating an incident needs the logs of the months before it: PCI DSS asks for three months immediately available. A retention must also be set: without one, logs (and the data in them) are kept forever, unreviewed. The floor is ${MIN_LOG_RETENTION_DAYS} days (prod environments keep ≥ 365).`,
    reads: [GROUP],
    mappings: { nist80053: ['AU-11'], pciDss: ['10.5.1'], soc2: ['CC7.2'], checkov: ['CKV_AWS_66'], awsConfig: 'CW_LOGGROUP_RETENTION_PERIOD_CHECK' },
    check: (set) => set.ofKind(GROUP).map((g) => verdict(g, 'spec.forProvider.retentionInDays', (v) => typeof v === 'number' && v >= MIN_LOG_RETENTION_DAYS,
      `set retentionInDays to a CloudWatch retention of at least ${MIN_LOG_RETENTION_DAYS} days (365 or more in prod); unset or 0 keeps logs forever`)),
  },
  {
    id: 'SB-LOGS-3',
    title: 'Metric filters watch a log group that exists',
    severity: 'high',
    rationale: 'A metric filter on a missing log group never matches: its alarm (e.g. a CIS §4 alarm on the CloudTrail log group) stays silent while the events it watches for happen.',
    reads: [METRIC_FILTER, GROUP],
    mappings: { nist80053: ['AU-6', 'SI-4'], soc2: ['CC7.2'] },
    check: (set) => set.ofKind(METRIC_FILTER).flatMap((f): RuleResult[] => {
      const to = resolveReference(set, f, GROUP, 'spec.forProvider.logGroupName');
      if (!to) return [{ resource: f.ref, passed: false, field: 'spec.forProvider.logGroupName', message: 'name the log group the filter watches (logGroupName, or logGroupNameSelector for a log group of the same composition)' }];
      if (to.found.length) return [{ resource: f.ref, passed: true, field: to.field, value: to.found.map((g) => g.ref) }];
      // Not in the set: the log group may belong to another composition; judged only when it cannot.
      return to.withinComposition
        ? [{ resource: f.ref, passed: false, field: to.field, value: to.value, message: 'the selector matches no log group of this composition: the filter would never be created; select the log group it composes (e.g. the CloudTrail log group)' }]
        : [];
    }),
  },
];
