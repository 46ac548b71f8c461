import { describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../lib/composer';
import { LABEL_PREFIX } from '../../lib/platform';
import { evaluate } from '../engine';
import { composed, platformResources, weakened } from '../../test/support/platform-resources';
import { LOGS_RULES } from './logs';

const GROUP = 'cloudwatchlogs.aws.m.upbound.io/Group';
const METRIC_FILTER = 'cloudwatchlogs.aws.m.upbound.io/MetricFilter';

const label = (o: KubeObject, key: string) => o.metadata?.labels?.[`${LABEL_PREFIX}/${key}`];
/** The resource of component `c` composed by the same XR as `x`. */
const sameXr = (x: KubeObject, c: string) => (o: KubeObject) => o.metadata?.namespace === x.metadata?.namespace
  && label(o, 'kind') === label(x, 'kind') && label(o, 'name') === label(x, 'name') && label(o, 'component') === c;

/** A CIS metric filter and the CloudTrail log group it watches. */
const filterWithGroup = () => {
  const filter = composed(METRIC_FILTER);
  return [filter, composed(GROUP, sameXr(filter, 'trail-log-group'))];
};

/** [rule id, passing fixture, failing fixture, field the failure names] */
const CASES = [
  ['SB-LOGS-1', () => composed(GROUP), () => weakened(composed(GROUP), 'spec.forProvider.kmsKeyId', undefined), 'spec.forProvider.kmsKeyId'],
  ['SB-LOGS-2', () => composed(GROUP), () => weakened(composed(GROUP), 'spec.forProvider.retentionInDays', 30), 'spec.forProvider.retentionInDays'],
  ['SB-LOGS-3', () => filterWithGroup(), () => [composed(METRIC_FILTER)], 'spec.forProvider.logGroupNameSelector'],
] as const;

const list = (x: KubeObject | readonly KubeObject[]) => (Array.isArray(x) ? [...x] : [x as KubeObject]);
const rule = (id: string) => LOGS_RULES.filter((r) => r.id === id);
const failedFields = (objects: KubeObject[], id: string) => evaluate(objects, rule(id)).outcomes[0].results.filter((r) => !r.passed).map((r) => r.field);

describe('CloudWatch Logs rules', () => {
  it.each(CASES)('%s passes on what the platform composes and fails on the weakened fixture, naming the field', (id, pass, fail, field) => {
    expect(evaluate(list(pass()), rule(id)).outcomes[0].status).toBe('pass');
    const failed = evaluate(list(fail()), rule(id)).outcomes[0];
    expect(failed.status).toBe('fail');
    expect(failed.results.filter((r) => !r.passed).map((r) => r.field)).toEqual([field]);
  });
  it('every CloudWatch Logs rule has a case', () => expect(CASES.map((c) => c[0])).toEqual(LOGS_RULES.map((r) => r.id)));

  it('passes on everything the platform composes', () => {
    const e = evaluate(platformResources(), LOGS_RULES);
    expect(e.failedRuleIds).toEqual([]);
    expect(e.outcomes.map((o) => [o.rule.id, o.status])).toEqual(LOGS_RULES.map((r) => [r.id, 'pass']));
  });

  it('SB-LOGS-1 accepts a customer-managed key ARN and refuses an AWS-managed alias', () => {
    const unselected = composed(GROUP); // names its key by ARN (never a key selector: see composedKeyArn)
    expect(failedFields([weakened(unselected, 'spec.forProvider.kmsKeyId', 'arn:aws:kms:us-east-1:111111111111:key/0f0f0f0f-0000-4000-8000-0f0f0f0f0000')], 'SB-LOGS-1')).toEqual([]);
    expect(failedFields([weakened(unselected, 'spec.forProvider.kmsKeyId', 'alias/aws/logs')], 'SB-LOGS-1')).toEqual(['spec.forProvider.kmsKeyId']);
  });

  it('SB-LOGS-2 refuses a log group kept forever', () => {
    expect(failedFields([weakened(composed(GROUP), 'spec.forProvider.retentionInDays', undefined)], 'SB-LOGS-2')).toEqual(['spec.forProvider.retentionInDays']);
    expect(failedFields([weakened(composed(GROUP), 'spec.forProvider.retentionInDays', 0)], 'SB-LOGS-2')).toEqual(['spec.forProvider.retentionInDays']);
  });

  it('SB-LOGS-3 resolves a log group by name, does not judge one named elsewhere, and fails a filter that names none', () => {
    const [filter, group] = filterWithGroup();
    const byName = weakened(weakened(filter, 'spec.forProvider.logGroupNameSelector', undefined), 'spec.forProvider.logGroupName', group.metadata!.annotations!['crossplane.io/external-name']);
    expect(evaluate([byName, group], rule('SB-LOGS-3')).outcomes[0].status).toBe('pass');
    expect(evaluate([byName], rule('SB-LOGS-3')).outcomes[0].status).toBe('not-applicable');
    expect(failedFields([weakened(filter, 'spec.forProvider.logGroupNameSelector', undefined)], 'SB-LOGS-3')).toEqual(['spec.forProvider.logGroupName']);
  });
});
