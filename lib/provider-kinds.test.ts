/**
 * The facts `npm run import` writes to imports/provider-kinds.ts, read from the pinned provider CRDs (the freshness
 * test of imports/ checks the file equals them): known kinds land on the right side of each list.
 */
import { describe, expect, it } from '@jest/globals';
import { KMS_KEY_KINDS, TAGGABLE_KINDS } from '../imports/provider-kinds';
import { allPinnedCrds } from './crds';
import { KMS_FIELD, providerKindsModule, providerKindsOf } from './provider-kinds';

const crds = allPinnedCrds();
const kinds = providerKindsOf(crds);

describe('provider kinds (lib/provider-kinds.ts)', () => {
  it.each([
    ['s3.aws.m.upbound.io/Bucket', true], ['kms.aws.m.upbound.io/Key', true], ['ec2.aws.m.upbound.io/VPC', true],
    ['s3.aws.m.upbound.io/BucketPolicy', false], ['iam.aws.m.upbound.io/RolePolicy', false], ['ec2.aws.m.upbound.io/Route', false],
  ])('taggable: %s %s', (kind, taggable) => {
    expect(crds.has(kind)).toBe(true);
    expect(kinds.taggable.includes(kind)).toBe(taggable);
  });

  it.each([
    ['cloudtrail.aws.m.upbound.io/Trail', true], ['sns.aws.m.upbound.io/Topic', true], ['rds.aws.m.upbound.io/ClusterInstance', true],
    ['s3.aws.m.upbound.io/BucketServerSideEncryptionConfiguration', true], ['ssm.aws.m.upbound.io/Parameter', true],
    ['s3.aws.m.upbound.io/Bucket', false], ['kms.aws.m.upbound.io/Key', false], ['iam.aws.m.upbound.io/Role', false],
  ])('names a KMS key: %s %s', (kind, kmsKey) => {
    expect(crds.has(kind)).toBe(true);
    expect(kinds.kmsKey.includes(kind)).toBe(kmsKey);
  });

  it('matches the key fields the platform composes, and not fields that only mention a key', () => {
    for (const f of ['kmsKeyId', 'kmsKeyArn', 'kmsMasterKeyId', 's3KmsKeyArn', 'performanceInsightsKmsKeyId', 'masterUserSecretKmsKeyId', 'kmsKeyIdSelector']) expect([f, KMS_FIELD.test(f)]).toEqual([f, true]);
    for (const f of ['keyId', 'kmsEncrypted', 'enableKeyRotation', 'keyUsage']) expect([f, KMS_FIELD.test(f)]).toEqual([f, false]);
  });

  it('imports/provider-kinds.ts holds exactly these (else run `npm run import`)', () => {
    expect([TAGGABLE_KINDS, KMS_KEY_KINDS]).toEqual([kinds.taggable, kinds.kmsKey]);
    expect(providerKindsModule(kinds)).toContain(`export const TAGGABLE_KINDS: readonly string[] = [\n  '${kinds.taggable[0]}',\n`);
  });
});
