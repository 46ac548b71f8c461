import { describe, expect, it } from '@jest/globals';
import { encryptionKeyApi } from '../compositions/encryption-key';
import { InputError, type PlatformApi } from '../lib/composer';
import { parseSpec } from '../lib/parameters';
import { asXr, DEV_COMMON, xrObject } from '../test/support/xr';
import { composePlatformXr } from './compose';

const TODAY = new Date('2026-11-23T12:00:00Z');
const spec = (extra: Record<string, unknown> = {}) => ({ ...DEV_COMMON, description: 'orders', ...extra });
const input = (s: Record<string, unknown>) => ({ xr: asXr(xrObject('EncryptionKey', 'orders', s), parseSpec(encryptionKeyApi, s)), observed: {}, required: {} });

/** The EncryptionKey API with its key weakened after composing: what a broken composer or a hand edit would do. */
const weakenedKeyApi: PlatformApi = {
  ...encryptionKeyApi,
  compose: (i) => {
    const out = encryptionKeyApi.compose(i);
    return { ...out, resources: { ...out.resources, key: { ...out.resources.key, spec: { ...out.resources.key.spec, forProvider: { ...out.resources.key.spec.forProvider, enableKeyRotation: false } } } } };
  },
};

describe('compliance of an XR, on every reconcile', () => {
  it('reports the rules evaluated on what it composes, and a Compliant condition', () => {
    const out = composePlatformXr(encryptionKeyApi, input(spec()), TODAY);
    expect(out.status.compliance).toEqual({ rulesEvaluated: expect.any(Number), passed: expect.any(Number), failed: [], suppressed: [] });
    expect((out.status.compliance as { rulesEvaluated: number }).rulesEvaluated).toBeGreaterThan(0);
    expect(out.conditions).toContainEqual(expect.objectContaining({ type: 'Compliant', status: 'True', reason: 'Passed' }));
  });

  it('a failing rule shows in status, in the condition and as a warning naming rule, resource and field', () => {
    const out = composePlatformXr(weakenedKeyApi, input(spec()), TODAY);
    expect((out.status.compliance as { failed: string[] }).failed).toEqual(['SB-KMS-1']);
    expect(out.conditions).toContainEqual(expect.objectContaining({ type: 'Compliant', status: 'False', reason: 'RulesFailed', message: 'Failing: SB-KMS-1' }));
    expect(out.warnings).toContainEqual(expect.stringMatching(/^compliance: SB-KMS-1 Key .*orders\/key: spec\.forProvider\.enableKeyRotation=false: /));
  });

  it('with enforce, a failing rule stops composition, naming the setting and the failure', () => {
    const run = () => composePlatformXr(weakenedKeyApi, input(spec({ compliance: { enforce: true } })), TODAY);
    expect(run).toThrow(InputError);
    expect(run).toThrow(/^spec\.compliance\.enforce: .*SB-KMS-1/);
  });

  it('a suppression with a reason and a future expiry accepts the failure, and says so', () => {
    const suppressions = [{ ruleId: 'SB-KMS-1', reason: 'migrating the key material this week', expires: '2026-12-01' }];
    const out = composePlatformXr(weakenedKeyApi, input(spec({ compliance: { enforce: true, suppressions } })), TODAY);
    expect(out.status.compliance).toMatchObject({ failed: [], suppressed: ['SB-KMS-1'] });
    expect(out.conditions).toContainEqual(expect.objectContaining({ type: 'Compliant', status: 'True', reason: 'PassedWithSuppressions' }));
  });

  it('an expired suppression no longer applies: the failure counts again, flagged as expired', () => {
    const suppressions = [{ ruleId: 'SB-KMS-1', reason: 'migrating the key material this week', expires: '2026-11-23' }];
    const out = composePlatformXr(weakenedKeyApi, input(spec({ compliance: { suppressions } })), TODAY);
    expect(out.status.compliance).toMatchObject({ failed: ['SB-KMS-1'], suppressed: [] });
    expect(out.warnings).toContainEqual(expect.stringContaining('suppression expired on 2026-11-23'));
  });

  it.each([
    ['a suppression without a reason', { suppressions: [{ ruleId: 'SB-KMS-1', expires: '2026-12-01' }] }, 'spec.compliance.suppressions[0].reason'],
    ['a suppression without an expiry', { suppressions: [{ ruleId: 'SB-KMS-1', reason: 'migrating the key material' }] }, 'spec.compliance.suppressions[0].expires'],
    ['an expiry that is not a date', { suppressions: [{ ruleId: 'SB-KMS-1', reason: 'migrating the key material', expires: 'next week' }] }, 'spec.compliance.suppressions[0].expires'],
    ['a rule id of no rule format', { suppressions: [{ ruleId: 'kms-1', reason: 'migrating the key material', expires: '2026-12-01' }] }, 'spec.compliance.suppressions[0].ruleId'],
  ])('rejects %s, naming the field', (_n, compliance, field) => {
    expect(() => input(spec({ compliance }))).toThrow(field);
  });
});
