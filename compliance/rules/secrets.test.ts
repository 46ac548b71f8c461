import { describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../lib/composer';
import { LABEL_PREFIX } from '../../lib/platform';
import { evaluate } from '../engine';
import { composed, platformResources, weakened } from '../../test/support/platform-resources';
import { SECRETS_RULES } from './secrets';

const SM = 'secretsmanager.aws.m.upbound.io';
const SECRET = `${SM}/Secret`;
const SECRET_POLICY = `${SM}/SecretPolicy`;
const ROTATION = `${SM}/SecretRotation`;
const VERSION = `${SM}/SecretVersion`;
const PARAMETER = 'ssm.aws.m.upbound.io/Parameter';

const component = (o: KubeObject) => o.metadata?.labels?.[`${LABEL_PREFIX}/component`];
/** The first composed resource of `kind`, and the resources of `kinds` composed by the same XR. */
function withSiblings(kind: string, ...kinds: string[]): KubeObject[] {
  const first = composed(kind);
  const l = first.metadata!.labels!;
  const same = (o: KubeObject) =>
    o.metadata?.namespace === first.metadata?.namespace && o.metadata?.labels?.[`${LABEL_PREFIX}/kind`] === l[`${LABEL_PREFIX}/kind`] && o.metadata?.labels?.[`${LABEL_PREFIX}/name`] === l[`${LABEL_PREFIX}/name`];
  return [first, ...kinds.map((k) => composed(k, (o) => same(o) && component(o) !== component(first)))];
}
function withPolicy(o: KubeObject, edit: (statements: Array<Record<string, any>>) => Array<Record<string, any>>): KubeObject {
  const doc = JSON.parse(o.spec.forProvider.policy);
  return weakened(o, 'spec.forProvider.policy', JSON.stringify({ ...doc, Statement: edit(doc.Statement) }));
}
/** A rotation and the secret it rotates. */
const rotated = () => withSiblings(ROTATION, SECRET);

/** [rule id, passing fixture, failing fixture, field the failure names] */
const CASES: ReadonlyArray<readonly [string, () => KubeObject[], () => KubeObject[], string]> = [
  ['SB-SM-1', () => [composed(SECRET)], () => [weakened(composed(SECRET), 'spec.forProvider.kmsKeyId', undefined)], 'spec.forProvider.kmsKeyId'],
  ['SB-SM-2', rotated, () => rotated().map((o) => (o.kind === 'SecretRotation' ? weakened(o, 'spec.forProvider.rotationRules', { automaticallyAfterDays: 365 }) : o)), 'spec.forProvider.rotationRules'],
  ['SB-SM-3', () => [composed(SECRET_POLICY)], () => [weakened(composed(SECRET_POLICY), 'spec.forProvider.blockPublicPolicy', false)], 'spec.forProvider.blockPublicPolicy'],
  ['SB-SM-4', () => [composed(SECRET)], () => [weakened(composed(SECRET), 'spec.forProvider.recoveryWindowInDays', 0)], 'spec.forProvider.recoveryWindowInDays'],
  ['SB-SM-5', () => [composed(SECRET_POLICY)], () => [withPolicy(composed(SECRET_POLICY), (ss) => ss.filter((s) => s.Sid !== 'DenyInsecureTransport'))], 'spec.forProvider.policy'],
  [
    'SB-SM-6',
    () => [composed(SECRET_POLICY)],
    () => [withPolicy(composed(SECRET_POLICY), (ss) => [...ss, { Sid: 'AnyoneReads', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'secretsmanager:GetSecretValue', Resource: '*' }])],
    'spec.forProvider.policy',
  ],
  ['SB-SSM-1', () => [composed(PARAMETER)], () => [weakened(composed(PARAMETER), 'spec.forProvider.type', 'String')], 'spec.forProvider.type'],
  ['SB-SSM-2', () => [composed(PARAMETER)], () => [weakened(composed(PARAMETER), 'spec.forProvider.keyId', 'alias/aws/ssm')], 'spec.forProvider.keyId'],
  ['SB-SSM-3', () => [composed(PARAMETER)], () => [weakened(composed(PARAMETER), 'spec.forProvider.insecureValue', 'hunter2')], 'spec.forProvider.insecureValue'],
];

const rule = (id: string) => SECRETS_RULES.filter((r) => r.id === id);
const outcome = (id: string, set: KubeObject[]) => evaluate(set, rule(id)).outcomes[0];

describe('Secrets Manager and SSM parameter rules', () => {
  it.each(CASES)('%s passes on what the platform composes and fails on the weakened fixture, naming the field', (id, pass, fail, field) => {
    expect(outcome(id, pass()).status).toBe('pass');
    const failed = outcome(id, fail());
    expect(failed.status).toBe('fail');
    expect(failed.results.filter((r) => !r.passed).map((r) => r.field)).toEqual([field]);
  });
  it('every Secrets Manager and SSM rule has a case', () => expect(CASES.map((c) => c[0])).toEqual(SECRETS_RULES.map((r) => r.id)));

  it('passes on everything the platform composes, every rule applicable', () => {
    const evaluation = evaluate(platformResources(), SECRETS_RULES);
    expect(evaluation.failedRuleIds).toEqual([]);
    expect(evaluation.outcomes.filter((o) => o.status !== 'pass').map((o) => o.rule.id)).toEqual([]);
  });

  it('SB-SM-1 refuses the AWS-managed key alias/aws/secretsmanager', () => {
    const secret = weakened(composed(SECRET), 'spec.forProvider.kmsKeyId', 'alias/aws/secretsmanager');
    expect(outcome('SB-SM-1', [secret]).status).toBe('fail');
  });
  describe('SB-SM-2', () => {
    it('accepts a secret whose value is written from a Kubernetes Secret', () => {
      expect(outcome('SB-SM-2', withSiblings(VERSION, SECRET)).status).toBe('pass');
    });
    it('accepts rate() schedules of at most 90 days and refuses longer ones', () => {
      const schedule = (expression: string) => rotated().map((o) => (o.kind === 'SecretRotation' ? weakened(o, 'spec.forProvider.rotationRules', { scheduleExpression: expression }) : o));
      expect(outcome('SB-SM-2', schedule('rate(30 days)')).status).toBe('pass');
      expect(outcome('SB-SM-2', schedule('rate(120 days)')).status).toBe('fail');
    });
    it('does not judge a secret evaluated apart from its rotation or version', () => {
      expect(outcome('SB-SM-2', [composed(SECRET)]).status).toBe('not-applicable');
    });
  });
  it('SB-SM-6 accepts Principal "*" pinned to a fixed aws:PrincipalArn', () => {
    const pinned = withPolicy(composed(SECRET_POLICY), (ss) => [
      ...ss,
      { Effect: 'Allow', Principal: '*', Action: 'secretsmanager:GetSecretValue', Resource: '*', Condition: { ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/app' } } },
    ]);
    expect(outcome('SB-SM-6', [pinned]).status).toBe('pass');
  });
});
