import { describe, expect, it } from '@jest/globals';
import { evaluate } from '../engine';
import type { KubeObject } from '../../lib/composer';
import { composed, platformResources, weakened } from '../../test/support/platform-resources';
import { KMS_RULES } from './kms';

const KEY = 'kms.aws.m.upbound.io/Key';
/** A copy of a key whose policy has one more statement. */
function withStatement(key: KubeObject, statement: Record<string, unknown>): KubeObject {
  const doc = JSON.parse(key.spec.forProvider.policy);
  return weakened(key, 'spec.forProvider.policy', JSON.stringify({ ...doc, Statement: [...doc.Statement, statement] }));
}

/** [rule id, passing fixture, failing fixture, field the failure names] */
const CASES = [
  ['SB-KMS-1', () => composed(KEY), () => weakened(composed(KEY), 'spec.forProvider.enableKeyRotation', false), 'spec.forProvider.enableKeyRotation'],
  ['SB-KMS-2', () => composed(KEY), () => weakened(composed(KEY), 'spec.forProvider.deletionWindowInDays', 3), 'spec.forProvider.deletionWindowInDays'],
  ['SB-KMS-3', () => composed(KEY), () => withStatement(composed(KEY), { Sid: 'AnyoneDecrypts', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*' }), 'spec.forProvider.policy'],
  ['SB-KMS-4', () => composed(KEY), () => weakened(composed(KEY), 'spec.forProvider.bypassPolicyLockoutSafetyCheck', true), 'spec.forProvider.bypassPolicyLockoutSafetyCheck'],
] as const;

describe('KMS rules', () => {
  it.each(CASES)('%s passes on what the platform composes and fails on the weakened fixture, naming the field', (id, pass, fail, field) => {
    const rule = KMS_RULES.filter((r) => r.id === id);
    expect(evaluate([pass()], rule).outcomes[0].status).toBe('pass');
    const failed = evaluate([fail()], rule).outcomes[0];
    expect(failed.status).toBe('fail');
    expect(failed.results.filter((r) => !r.passed).map((r) => r.field)).toEqual([field]);
  });
  it('every KMS rule has a case', () => expect(CASES.map((c) => c[0])).toEqual(KMS_RULES.map((r) => r.id)));

  it('passes on everything the platform composes, every rule applicable', () => {
    const evaluation = evaluate(platformResources(), KMS_RULES);
    expect(evaluation.failedRuleIds).toEqual([]);
    expect(evaluation.outcomes.filter((o) => o.status !== 'pass').map((o) => o.rule.id)).toEqual([]);
  });
  it('SB-KMS-3 accepts Principal "*" pinned by kms:CallerAccount, not by kms:ViaService alone', () => {
    const grant = (condition: Record<string, unknown>) => withStatement(composed(KEY), { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*', Condition: condition });
    const status = (key: KubeObject) => evaluate([key], KMS_RULES.filter((r) => r.id === 'SB-KMS-3')).outcomes[0].status;
    expect(status(grant({ StringEquals: { 'kms:CallerAccount': '111111111111', 'kms:ViaService': 's3.us-east-1.amazonaws.com' } }))).toBe('pass');
    expect(status(grant({ StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } }))).toBe('fail');
  });
});
