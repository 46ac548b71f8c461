/** KMS rules: customer-managed keys rotate, cannot be deleted in a hurry, and their policies never open them to everyone. */
import { verdict, type Rule } from '../rule';
import { isPublicGrant, statementsOf } from './s3';

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
    mappings: { nist80053: ['CP-9', 'SC-12'], soc2: ['A1.2'] },
    check: (set) => set.ofKind(KEY).map((k) => verdict(k, 'spec.forProvider.deletionWindowInDays', (v) => typeof v === 'number' && v >= 7 && v <= 30, 'set deletionWindowInDays between 7 and 30 (EncryptionKey defaults to 30)')),
  },
  {
    id: 'SB-KMS-3',
    title: 'Key policies never grant to everyone without pinning the caller',
    severity: 'critical',
    rationale: 'A key policy statement allowing Principal "*" without a fixed kms:CallerAccount, aws:SourceAccount, aws:PrincipalOrgID (or similar) condition lets any AWS account use or manage the key.',
    reads: [KEY],
    mappings: { nist80053: ['AC-3', 'AC-6', 'SC-12'], pciDss: ['3.6.1'], soc2: ['CC6.1'], checkov: ['CKV_AWS_33'] },
    check: (set) =>
      set.ofKind(KEY).map((k) =>
        verdict(
          k,
          'spec.forProvider.policy',
          // No policy: KMS applies the default key policy (the account root only).
          (v) => {
            if (v === undefined) return true;
            const statements = statementsOf(v);
            return !!statements && !statements.some(isPublicGrant);
          },
          'name the principals (account root, roles, or services with aws:SourceAccount / kms:ViaService + kms:CallerAccount) instead of Principal "*" (EncryptionKey never uses it)',
        ),
      ),
  },
  {
    id: 'SB-KMS-4',
    title: 'Key policies keep the policy lockout safety check',
    severity: 'medium',
    rationale: 'Bypassing the lockout safety check lets a key policy lock every principal out of managing the key; such a key can no longer be administered without AWS Support.',
    reads: [KEY],
    mappings: { nist80053: ['SC-12'], soc2: ['CC6.1'] },
    check: (set) => set.ofKind(KEY).map((k) => verdict(k, 'spec.forProvider.bypassPolicyLockoutSafetyCheck', (v) => v !== true, 'remove bypassPolicyLockoutSafetyCheck (or set it to false)')),
  },
];
