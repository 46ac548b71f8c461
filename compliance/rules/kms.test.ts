import { describe, expect, it } from '@jest/globals';
import { evaluate } from '../engine';
import { composed, weakened } from '../testing';
import { KMS_RULES } from './kms';

const KEY = 'kms.aws.m.upbound.io/Key';

/** [rule id, passing fixture, failing fixture, field the failure names] */
const CASES = [
  ['SB-KMS-1', () => composed(KEY), () => weakened(composed(KEY), 'spec.forProvider.enableKeyRotation', false), 'spec.forProvider.enableKeyRotation'],
  ['SB-KMS-2', () => composed(KEY), () => weakened(composed(KEY), 'spec.forProvider.deletionWindowInDays', 3), 'spec.forProvider.deletionWindowInDays'],
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
});
