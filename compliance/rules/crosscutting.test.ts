import { describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../lib/composer';
import { allPinnedCrds } from '../../lib/crds';
import { LABEL_PREFIX } from '../../lib/platform';
import { evaluate } from '../engine';
import { composed, platformResources, weakened } from '../../test/support/platform-resources';
import { KMS_KEY_KINDS } from '../../imports/provider-kinds';
import { CROSSCUTTING_RULES, ID_RESOLVED_KEY_SELECTORS } from './crosscutting';

const KEY = 'kms.aws.m.upbound.io/Key';
const GROUP = 'cloudwatchlogs.aws.m.upbound.io/Group';
const TRAIL = 'cloudtrail.aws.m.upbound.io/Trail';
const TOPIC = 'sns.aws.m.upbound.io/Topic';

const component = (o: KubeObject) => o.metadata?.labels?.[`${LABEL_PREFIX}/component`];
/** prod's CloudTrail log group (its key: the `audit` EncryptionKey) and that key. */
const trailLogGroup = () => composed(GROUP, (o) => o.metadata?.namespace === 'prod' && component(o) === 'trail-log-group');
const auditKey = (namespace = 'prod') => composed(KEY, (o) => o.metadata?.namespace === namespace && o.metadata?.labels?.[`${LABEL_PREFIX}/encryption-key`] === 'audit');
/** A key as the provider reports it once it exists. */
const reported = (key: KubeObject, arn: string): KubeObject => ({ ...key, status: { atProvider: { arn } } });
/** The audit key as reported, under the ARN the trail log group names. */
const reportedAuditKey = () => reported(auditKey(), trailLogGroup().spec.forProvider.kmsKeyId);
/** The trail log group naming its key by selector instead (what the platform composed before, and others may). */
const selectingLogGroup = () => weakened(weakened(trailLogGroup(), 'spec.forProvider.kmsKeyId', undefined), 'spec.forProvider.kmsKeyIdSelector', { matchLabels: { [`${LABEL_PREFIX}/encryption-key`]: 'audit' } });

/** [rule id, passing fixture, failing fixture, field the failure names] */
const CASES: ReadonlyArray<readonly [string, () => KubeObject | KubeObject[], () => KubeObject | KubeObject[], string]> = [
  ['SB-CROSS-1', () => [trailLogGroup(), reportedAuditKey()], () => [trailLogGroup(), weakened(reportedAuditKey(), 'spec.forProvider.enableKeyRotation', false)], 'spec.forProvider.kmsKeyId'],
  ['SB-CROSS-2', () => composed(TRAIL), () => weakened(composed(TRAIL), 'spec.forProvider.tags.Owner', undefined), 'spec.forProvider.tags.Owner'],
];

describe('cross-cutting rules', () => {
  it.each(CASES)('%s passes on what the platform composes and fails on the weakened fixture, naming the field', (id, pass, fail, field) => {
    const rule = CROSSCUTTING_RULES.filter((r) => r.id === id);
    expect(evaluate([pass()].flat(), rule).outcomes[0].status).toBe('pass');
    const failed = evaluate([fail()].flat(), rule).outcomes[0];
    expect(failed.status).toBe('fail');
    expect(failed.results.filter((r) => !r.passed).map((r) => r.field)).toEqual([field]);
  });
  it('every cross-cutting rule has a case', () => expect(CASES.map((c) => c[0])).toEqual(CROSSCUTTING_RULES.map((r) => r.id)));

  it('passes on everything the platform composes, every rule applicable', () => {
    const e = evaluate(platformResources(), CROSSCUTTING_RULES);
    expect(e.failedRuleIds).toEqual([]);
    expect(e.outcomes.map((o) => [o.rule.id, o.status])).toEqual(CROSSCUTTING_RULES.map((r) => [r.id, 'pass']));
  });

  describe('SB-CROSS-1', () => {
    const rule = CROSSCUTTING_RULES.filter((r) => r.id === 'SB-CROSS-1');
    const topic = () => composed(TOPIC, (o) => o.metadata?.namespace === 'prod' && component(o) === 'alarm-topic');
    const keyArn = () => topic().spec.forProvider.kmsMasterKeyId as string;
    const failures = (objects: KubeObject[]) => evaluate(objects, rule).outcomes[0].results.filter((r) => !r.passed).map((r) => r.field);

    it('does not judge a key that is not in the set (another XR\'s, or not reported yet)', () => {
      expect(evaluate([trailLogGroup()], rule).outcomes[0].status).toBe('not-applicable');
      expect(evaluate([topic(), auditKey()], rule).outcomes[0].status).toBe('not-applicable');
    });
    it('judges a key ARN by the key that reports it: rotating and of the same environment', () => {
      expect(evaluate([topic(), reported(auditKey(), keyArn())], rule).outcomes[0].status).toBe('pass');
      expect(failures([topic(), reported(weakened(auditKey(), 'spec.forProvider.enableKeyRotation', false), keyArn())])).toEqual(['spec.forProvider.kmsMasterKeyId']);
      expect(failures([topic(), reported(auditKey('dev'), keyArn())])).toEqual(['spec.forProvider.kmsMasterKeyId']);
    });
    it('fails an AWS-managed key, by alias or alias ARN', () => {
      expect(failures([weakened(topic(), 'spec.forProvider.kmsMasterKeyId', 'alias/aws/sns')])).toEqual(['spec.forProvider.kmsMasterKeyId']);
      expect(failures([weakened(topic(), 'spec.forProvider.kmsMasterKeyId', 'arn:aws:kms:us-east-1:333333333333:alias/aws/sns')])).toEqual(['spec.forProvider.kmsMasterKeyId']);
    });
    it('fails a key selector that provider-aws resolves to the key id (a trail\'s), whatever key it selects', () => {
      const trail = composed(TRAIL, (o) => o.metadata?.namespace === 'prod');
      const selecting = weakened(weakened(trail, 'spec.forProvider.kmsKeyId', undefined), 'spec.forProvider.kmsKeyIdSelector', { matchLabels: { [`${LABEL_PREFIX}/encryption-key`]: 'audit' } });
      expect(failures([selecting, auditKey()])).toEqual(['spec.forProvider.kmsKeyIdSelector']);
      expect(failures([trail, reported(auditKey(), trail.spec.forProvider.kmsKeyId)])).toEqual([]);
    });
    it('lists id-resolving selectors only of pinned kinds with a KMS key field, and only fields those CRDs have', () => {
      const crds = allPinnedCrds();
      for (const [kind, fields] of Object.entries(ID_RESOLVED_KEY_SELECTORS)) {
        expect([kind, KMS_KEY_KINDS.includes(kind)]).toEqual([kind, true]);
        const v = crds.get(kind)?.spec.versions.find((x) => x.storage);
        const fp = ((v?.schema?.openAPIV3Schema as any)?.properties?.spec?.properties?.forProvider?.properties ?? {}) as Record<string, unknown>;
        for (const f of fields) expect([kind, f, f in fp]).toEqual([kind, f, true]);
      }
    });
    it('judges a key selector by the keys it selects in the same environment, never another environment\'s', () => {
      expect(evaluate([selectingLogGroup(), auditKey()], rule).outcomes[0].status).toBe('pass');
      expect(failures([selectingLogGroup(), weakened(auditKey(), 'spec.forProvider.enableKeyRotation', false)])).toEqual(['spec.forProvider.kmsKeyIdSelector']);
      expect(evaluate([selectingLogGroup(), weakened(auditKey('dev'), 'spec.forProvider.enableKeyRotation', false)], rule).outcomes[0].status).toBe('not-applicable');
    });
  });
});
