import { describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../lib/composer';
import { LABEL_PREFIX } from '../../lib/platform';
import { evaluate } from '../engine';
import { composed, platformResources, weakened } from '../../test/support/platform-resources';
import { S3_RULES } from './s3';

const S3 = 's3.aws.m.upbound.io';
const BUCKET = `${S3}/Bucket`;
const VERSIONING = `${S3}/BucketVersioning`;
const PUBLIC_ACCESS_BLOCK = `${S3}/BucketPublicAccessBlock`;
const OWNERSHIP = `${S3}/BucketOwnershipControls`;
const POLICY = `${S3}/BucketPolicy`;
const LIFECYCLE = `${S3}/BucketLifecycleConfiguration`;
const SSE_DEFAULT = 'spec.forProvider.rule[0].applyServerSideEncryptionByDefault';

const component = (o: KubeObject) => o.metadata?.labels?.[`${LABEL_PREFIX}/component`];
/** A SecureBucket's composed resources, by component: the first SecureBucket the platform composes. */
function secureBucket(...components: string[]): KubeObject[] {
  const first = composed(BUCKET, (o) => component(o) === 'bucket');
  const l = first.metadata!.labels!;
  const same = (o: KubeObject) =>
    o.metadata?.namespace === first.metadata?.namespace && o.metadata?.labels?.[`${LABEL_PREFIX}/kind`] === l[`${LABEL_PREFIX}/kind`] && o.metadata?.labels?.[`${LABEL_PREFIX}/name`] === l[`${LABEL_PREFIX}/name`];
  return components.map((c) => {
    const found = platformResources().find((o) => same(o) && component(o) === c);
    if (!found) throw new Error(`no ${c} next to ${l[`${LABEL_PREFIX}/name`]}`);
    return structuredClone(found);
  });
}
/** The set with the object of component `c` replaced by `f(object)`. */
const replacing = (set: KubeObject[], c: string, f: (o: KubeObject) => KubeObject) => set.map((o) => (component(o) === c ? f(o) : o));
/** A copy of a resource whose JSON policy is edited by `edit`. */
function withPolicy(o: KubeObject, edit: (statements: Array<Record<string, any>>) => Array<Record<string, any>>): KubeObject {
  const doc = JSON.parse(o.spec.forProvider.policy);
  return weakened(o, 'spec.forProvider.policy', JSON.stringify({ ...doc, Statement: edit(doc.Statement) }));
}
const without = (sid: string) => (statements: Array<Record<string, any>>) => statements.filter((s) => s.Sid !== sid);

/** [rule id, passing fixture, failing fixture, field the failure names] */
const CASES: ReadonlyArray<readonly [string, () => KubeObject[], () => KubeObject[], string]> = [
  [
    'SB-S3-1',
    () => secureBucket('bucket', 'bucket-encryption'),
    () => replacing(secureBucket('bucket', 'bucket-encryption'), 'bucket-encryption', (o) => weakened(o, SSE_DEFAULT, { sseAlgorithm: 'AES256' })),
    SSE_DEFAULT,
  ],
  ['SB-S3-2', () => secureBucket('bucket-encryption'), () => secureBucket('bucket-encryption').map((o) => weakened(o, 'spec.forProvider.rule[0].bucketKeyEnabled', false)), 'spec.forProvider.rule[0].bucketKeyEnabled'],
  ['SB-S3-3', () => [composed(VERSIONING)], () => [weakened(composed(VERSIONING), 'spec.forProvider.versioningConfiguration.status', 'Suspended')], 'spec.forProvider.versioningConfiguration.status'],
  ['SB-S3-4', () => [composed(PUBLIC_ACCESS_BLOCK)], () => [weakened(composed(PUBLIC_ACCESS_BLOCK), 'spec.forProvider.restrictPublicBuckets', false)], 'spec.forProvider.restrictPublicBuckets'],
  ['SB-S3-5', () => [composed(OWNERSHIP)], () => [weakened(composed(OWNERSHIP), 'spec.forProvider.rule.objectOwnership', 'ObjectWriter')], 'spec.forProvider.rule.objectOwnership'],
  [
    'SB-S3-6',
    () => secureBucket('bucket', 'bucket-policy'),
    () => replacing(secureBucket('bucket', 'bucket-policy'), 'bucket-policy', (o) => withPolicy(o, without('DenyInsecureTransport'))),
    'spec.forProvider.policy',
  ],
  [
    'SB-S3-7',
    () => secureBucket('bucket', 'bucket-policy'),
    () => replacing(secureBucket('bucket', 'bucket-policy'), 'bucket-policy', (o) => withPolicy(o, (ss) => ss.map((s) => (s.Sid === 'DenyTlsOlderThan1_2' ? { ...s, Condition: { NumericLessThan: { 's3:TlsVersion': '1.0' } } } : s)))),
    'spec.forProvider.policy',
  ],
  [
    'SB-S3-8',
    () => secureBucket('bucket', 'bucket-encryption', 'bucket-policy'),
    () => replacing(secureBucket('bucket', 'bucket-encryption', 'bucket-policy'), 'bucket-policy', (o) => withPolicy(o, without('DenyEncryptionOtherThanSseKms'))),
    'spec.forProvider.policy',
  ],
  [
    'SB-S3-9',
    () => secureBucket('bucket', 'log-bucket', 'bucket-logging'),
    () => replacing(secureBucket('bucket', 'log-bucket', 'bucket-logging'), 'bucket-logging', (o) => weakened(o, 'spec.forProvider.targetBucketSelector.matchLabels', { [`${LABEL_PREFIX}/component`]: 'bucket' })),
    'spec.forProvider.targetBucketSelector',
  ],
  [
    'SB-S3-10',
    () => secureBucket('bucket', 'log-bucket', 'bucket-logging', 'log-bucket-policy'),
    () =>
      replacing(secureBucket('bucket', 'log-bucket', 'bucket-logging', 'log-bucket-policy'), 'log-bucket-policy', (o) =>
        withPolicy(o, (ss) => ss.map((s) => (s.Sid === 'AllowServerAccessLogDelivery' ? { ...s, Condition: { StringEquals: s.Condition.StringEquals } } : s))),
      ),
    'spec.forProvider.policy',
  ],
  [
    'SB-S3-11',
    () => [composed(POLICY)],
    () => [withPolicy(composed(POLICY), (ss) => [...ss, { Sid: 'PublicRead', Effect: 'Allow', Principal: { AWS: '*' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::any/*' }])],
    'spec.forProvider.policy',
  ],
  [
    'SB-S3-12',
    () => [composed(LIFECYCLE)],
    () => [weakened(composed(LIFECYCLE), 'spec.forProvider.rule', composed(LIFECYCLE).spec.forProvider.rule.filter((r: Record<string, unknown>) => !r.abortIncompleteMultipartUpload))],
    'spec.forProvider.rule',
  ],
  ['SB-S3-13', () => [composed(BUCKET)], () => [weakened(composed(BUCKET), 'spec.forProvider.forceDestroy', true)], 'spec.forProvider.forceDestroy'],
];

const rule = (id: string) => S3_RULES.filter((r) => r.id === id);
const failingFields = (id: string, set: KubeObject[]) => evaluate(set, rule(id)).outcomes[0].results.filter((r) => !r.passed).map((r) => r.field);

describe('S3 rules', () => {
  it.each(CASES)('%s passes on what the platform composes and fails on the weakened fixture, naming the field', (id, pass, fail, field) => {
    expect(evaluate(pass(), rule(id)).outcomes[0].status).toBe('pass');
    const failed = evaluate(fail(), rule(id)).outcomes[0];
    expect(failed.status).toBe('fail');
    expect(failed.results.filter((r) => !r.passed).map((r) => r.field)).toEqual([field]);
  });
  it('every S3 rule has a case', () => expect(CASES.map((c) => c[0])).toEqual(S3_RULES.map((r) => r.id)));

  it('passes on everything the platform composes, every rule applicable', () => {
    const evaluation = evaluate(platformResources(), S3_RULES);
    expect(evaluation.failedRuleIds).toEqual([]);
    expect(evaluation.outcomes.filter((o) => o.status !== 'pass').map((o) => o.rule.id)).toEqual([]);
  });

  describe('SB-S3-1 (default encryption)', () => {
    it('accepts SSE-S3 on a server access log target and refuses SSE-KMS there (log delivery would fail)', () => {
      const set = secureBucket('log-bucket', 'log-bucket-encryption', 'bucket-logging');
      expect(evaluate(set, rule('SB-S3-1')).outcomes[0].status).toBe('pass');
      const kms = replacing(set, 'log-bucket-encryption', (o) => weakened(o, SSE_DEFAULT, { sseAlgorithm: 'aws:kms', kmsMasterKeyId: 'arn:aws:kms:us-east-1:111111111111:key/x' }));
      expect(failingFields('SB-S3-1', kms)).toEqual([`${SSE_DEFAULT}.sseAlgorithm`]);
    });
    it('tells a log target by its policy admitting the log delivery service too', () => {
      expect(evaluate(secureBucket('log-bucket', 'log-bucket-encryption', 'log-bucket-policy'), rule('SB-S3-1')).outcomes[0].status).toBe('pass');
    });
    it('refuses the AWS-managed key alias/aws/s3', () => {
      const set = replacing(secureBucket('bucket', 'bucket-encryption'), 'bucket-encryption', (o) => weakened(o, SSE_DEFAULT, { sseAlgorithm: 'aws:kms', kmsMasterKeyId: 'alias/aws/s3' }));
      expect(failingFields('SB-S3-1', set)).toEqual([SSE_DEFAULT]);
    });
    it('does not judge SSE-S3 when the bucket is not in the set (it may be a log target)', () => {
      expect(evaluate(secureBucket('log-bucket-encryption'), rule('SB-S3-1')).outcomes[0].status).toBe('not-applicable');
    });
  });

  describe('bucket policy rules', () => {
    it('do not judge a policy whose bucket is not in the set', () => {
      expect(evaluate(secureBucket('bucket-policy'), [...rule('SB-S3-6'), ...rule('SB-S3-7'), ...rule('SB-S3-8')]).outcomes.map((o) => o.status)).toEqual(['not-applicable', 'not-applicable', 'not-applicable']);
    });
    it('SB-S3-6 fails when the TLS deny covers another bucket than the policy’s', () => {
      const set = replacing(secureBucket('bucket', 'bucket-policy'), 'bucket-policy', (o) =>
        withPolicy(o, (ss) => ss.map((s) => (s.Sid === 'DenyInsecureTransport' ? { ...s, Resource: ['arn:aws:s3:::other', 'arn:aws:s3:::other/*'] } : s))),
      );
      expect(failingFields('SB-S3-6', set)).toEqual(['spec.forProvider.policy']);
    });
    it('SB-S3-6 fails when the TLS deny covers only some actions', () => {
      const set = replacing(secureBucket('bucket', 'bucket-policy'), 'bucket-policy', (o) => withPolicy(o, (ss) => ss.map((s) => (s.Sid === 'DenyInsecureTransport' ? { ...s, Action: 's3:PutObject' } : s))));
      expect(failingFields('SB-S3-6', set)).toEqual(['spec.forProvider.policy']);
    });
    it('SB-S3-8 does not judge the policy of an SSE-S3 (log) bucket', () => {
      expect(evaluate(secureBucket('log-bucket', 'log-bucket-encryption', 'log-bucket-policy'), rule('SB-S3-8')).outcomes[0].status).toBe('not-applicable');
    });
    it('SB-S3-11 accepts Principal "*" pinned by a fixed aws:SourceAccount, not by a wildcard one', () => {
      const grant = (value: string) => (ss: Array<Record<string, any>>) => [...ss, { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::any/*', Condition: { StringEquals: { 'aws:SourceAccount': value } } }];
      expect(failingFields('SB-S3-11', [withPolicy(composed(POLICY), grant('111111111111'))])).toEqual([]);
      expect(failingFields('SB-S3-11', [withPolicy(composed(POLICY), grant('*'))])).toEqual(['spec.forProvider.policy']);
    });
  });

  it('SB-S3-9 does not judge a logging configuration whose target is not in the set', () => {
    expect(evaluate(secureBucket('bucket', 'bucket-logging'), rule('SB-S3-9')).outcomes[0].status).toBe('not-applicable');
  });
});
