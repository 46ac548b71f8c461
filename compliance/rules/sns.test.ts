import { describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../lib/composer';
import { LABEL_PREFIX } from '../../lib/platform';
import { evaluate } from '../engine';
import { composed, platformResources, weakened } from '../../test/support/platform-resources';
import { SNS_RULES } from './sns';

const TOPIC = 'sns.aws.m.upbound.io/Topic';
const TOPIC_POLICY = 'sns.aws.m.upbound.io/TopicPolicy';

const component = (o: KubeObject) => o.metadata?.labels?.[`${LABEL_PREFIX}/component`];
/** The first composed resource of `kind` with component `anchor`, and the named components of the same XR. */
function xrResources(kind: string, anchor: string, ...components: string[]): KubeObject[] {
  const first = composed(kind, (o) => component(o) === anchor);
  const l = first.metadata!.labels!;
  const same = (o: KubeObject) =>
    o.metadata?.namespace === first.metadata?.namespace && o.metadata?.labels?.[`${LABEL_PREFIX}/kind`] === l[`${LABEL_PREFIX}/kind`] && o.metadata?.labels?.[`${LABEL_PREFIX}/name`] === l[`${LABEL_PREFIX}/name`];
  return [
    first,
    ...components.map((c) => {
      const found = platformResources().find((o) => same(o) && component(o) === c);
      if (!found) throw new Error(`no ${c} next to ${anchor} ${l[`${LABEL_PREFIX}/name`]}`);
      return structuredClone(found);
    }),
  ];
}
function withPolicy(o: KubeObject, edit: (statements: Array<Record<string, any>>) => Array<Record<string, any>>): KubeObject {
  const doc = JSON.parse(o.spec.forProvider.policy);
  return weakened(o, 'spec.forProvider.policy', JSON.stringify({ ...doc, Statement: edit(doc.Statement) }));
}
const editPolicy = (set: KubeObject[], edit: Parameters<typeof withPolicy>[1]) => set.map((o) => (o.kind === 'TopicPolicy' ? withPolicy(o, edit) : o));
const withoutTlsDeny = (ss: Array<Record<string, any>>) => ss.filter((s) => s.Sid !== 'DenyInsecureTransport');
const publicGrant = (ss: Array<Record<string, any>>) => [...ss, { Sid: 'AnyonePublishes', Effect: 'Allow', Principal: '*', Action: 'sns:Publish', Resource: '*' }];

/** [rule id, passing fixture, failing fixture, field the failure names] */
const CASES: ReadonlyArray<readonly [string, () => KubeObject[], () => KubeObject[], string]> = [
  ['SB-SNS-1', () => [composed(TOPIC)], () => [weakened(composed(TOPIC), 'spec.forProvider.kmsMasterKeyId', undefined)], 'spec.forProvider.kmsMasterKeyId'],
  ['SB-SNS-2', () => xrResources(TOPIC, 'alarm-topic', 'alarm-topic-policy'), () => editPolicy(xrResources(TOPIC, 'alarm-topic', 'alarm-topic-policy'), withoutTlsDeny), 'spec.forProvider.policy'],
  ['SB-SNS-3', () => [composed(TOPIC_POLICY)], () => [withPolicy(composed(TOPIC_POLICY), publicGrant)], 'spec.forProvider.policy'],
];

const rule = (id: string) => SNS_RULES.filter((r) => r.id === id);
const failingFields = (id: string, set: KubeObject[]) => evaluate(set, rule(id)).outcomes[0].results.filter((r) => !r.passed).map((r) => r.field);

describe('SNS rules', () => {
  it.each(CASES)('%s passes on what the platform composes and fails on the weakened fixture, naming the field', (id, pass, fail, field) => {
    expect(evaluate(pass(), rule(id)).outcomes[0].status).toBe('pass');
    const failed = evaluate(fail(), rule(id)).outcomes[0];
    expect(failed.status).toBe('fail');
    expect(failed.results.filter((r) => !r.passed).map((r) => r.field)).toEqual([field]);
  });
  it('every SNS rule has a case', () => expect(CASES.map((c) => c[0])).toEqual(SNS_RULES.map((r) => r.id)));

  it('passes on everything the platform composes, every rule applicable', () => {
    const evaluation = evaluate(platformResources(), SNS_RULES);
    expect(evaluation.failedRuleIds).toEqual([]);
    expect(evaluation.outcomes.filter((o) => o.status !== 'pass').map((o) => o.rule.id)).toEqual([]);
  });

  it('SB-SNS-1 refuses the AWS-managed key alias/aws/sns', () => {
    expect(failingFields('SB-SNS-1', [weakened(composed(TOPIC), 'spec.forProvider.kmsMasterKeyId', 'alias/aws/sns')])).toEqual(['spec.forProvider.kmsMasterKeyId']);
  });
  describe('SB-SNS-2', () => {
    it('accepts a TLS deny listing the topic actions (dead-letter topics)', () => {
      expect(evaluate(xrResources(TOPIC, 'dead-letter-topic', 'dead-letter-topic-policy'), rule('SB-SNS-2')).outcomes[0].status).toBe('pass');
    });
    it('fails when the TLS deny leaves out sns:Publish', () => {
      const set = editPolicy(xrResources(TOPIC, 'alarm-topic', 'alarm-topic-policy'), (ss) => ss.map((s) => (s.Sid === 'DenyInsecureTransport' ? { ...s, Action: 'sns:Subscribe' } : s)));
      expect(failingFields('SB-SNS-2', set)).toEqual(['spec.forProvider.policy']);
    });
    it('fails when the TLS deny covers another topic', () => {
      const set = editPolicy(xrResources(TOPIC, 'alarm-topic', 'alarm-topic-policy'), (ss) => ss.map((s) => (s.Sid === 'DenyInsecureTransport' ? { ...s, Resource: 'arn:aws:sns:us-east-1:111111111111:other' } : s)));
      expect(failingFields('SB-SNS-2', set)).toEqual(['spec.forProvider.policy']);
    });
    it('does not judge a policy whose topic is not in the set', () => {
      expect(evaluate([withPolicy(composed(TOPIC_POLICY), withoutTlsDeny)], rule('SB-SNS-2')).outcomes[0].status).toBe('not-applicable');
    });
  });
});
