/** KMS rules: customer-managed keys rotate and cannot be deleted in a hurry. */
import { verdict, type Rule } from '../rule';

const KEY = 'kms.aws.m.upbound.io/Key';

export const KMS_RULES: readonly Rule[] = [
  {
    id: 'SB-KMS-1',
    title: 'Customer-managed KMS keys rotate automatically',
    severity: 'high',
    rationale: 'Rotation limits how much data one key version protects and how long a leaked version is useful.',
    reads: [KEY],
    mappings: { cis: ['3.6'], nist80053: ['SC-12', 'SC-28'], pciDss: ['3.7.4'], soc2: ['CC6.1'], cdkNag: ['AwsSolutions-KMS5'], checkov: ['CKV_AWS_7'], awsConfig: 'CMK_BACKING_KEY_ROTATION_ENABLED' },
    check: (set) => set.ofKind(KEY).map((k) => verdict(k, 'spec.forProvider.enableKeyRotation', (v) => v === true, 'set enableKeyRotation: true (EncryptionKey always does)')),
  },
  {
    id: 'SB-KMS-2',
    title: 'KMS key deletion waits at least 7 days',
    severity: 'medium',
    rationale: 'A pending deletion window is the only way back from deleting a key by mistake: data encrypted with a deleted key is lost.',
    reads: [KEY],
    mappings: { nist80053: ['CP-9', 'SC-12'], soc2: ['A1.2'], checkov: ['CKV_AWS_33'] },
    check: (set) => set.ofKind(KEY).map((k) => verdict(k, 'spec.forProvider.deletionWindowInDays', (v) => typeof v === 'number' && v >= 7 && v <= 30, 'set deletionWindowInDays between 7 and 30 (EncryptionKey defaults to 30)')),
  },
];
