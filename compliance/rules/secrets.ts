/**
 * Secrets rules. Secrets Manager: secrets are encrypted with a customer-managed key, rotate (or take their value
 * from a Kubernetes Secret), keep a recovery window, and their resource policies stay private and TLS-only.
 * SSM Parameter Store: parameters are SecureStrings under a customer-managed key, their values never inline.
 */
import { get, verdict, type Rule } from '../rule';
import { deniesInsecureTransport, isCustomerManagedKeyReference, isPublicGrant, keyReferenceField, referrers, statementsOf } from './s3';

const SM = 'secretsmanager.aws.m.upbound.io';
const SECRET = `${SM}/Secret`;
const SECRET_POLICY = `${SM}/SecretPolicy`;
const ROTATION = `${SM}/SecretRotation`;
const VERSION = `${SM}/SecretVersion`;
const PARAMETER = 'ssm.aws.m.upbound.io/Parameter';

const POLICY_FIELD = 'spec.forProvider.policy';
/** Longest rotation interval, in days (PCI DSS 8.6.3 / CIS practice: at most every 90 days). */
const MAX_ROTATION_DAYS = 90;

/** Whether rotation rules rotate at least every 90 days: automaticallyAfterDays, or a rate()/cron() schedule. */
function rotatesWithin90Days(v: unknown): boolean {
  const rules = (v ?? {}) as { automaticallyAfterDays?: unknown; scheduleExpression?: unknown };
  if (typeof rules.automaticallyAfterDays === 'number') return rules.automaticallyAfterDays >= 1 && rules.automaticallyAfterDays <= MAX_ROTATION_DAYS;
  if (typeof rules.scheduleExpression !== 'string') return false;
  const rate = /^rate\((\d+)\s+(hour|hours|day|days)\)$/.exec(rules.scheduleExpression.trim());
  if (rate) return rate[2].startsWith('hour') || Number(rate[1]) <= MAX_ROTATION_DAYS;
  // Secrets Manager cron() schedules run at least once a month.
  return /^cron\(.+\)$/.test(rules.scheduleExpression.trim());
}

const VALUE_REFS = ['spec.forProvider.secretStringSecretRef', 'spec.forProvider.secretBinarySecretRef', 'spec.forProvider.secretStringWoSecretRef'];

export const SECRETS_RULES: readonly Rule[] = [
  {
    id: 'SB-SM-1',
    title: 'Secrets Manager secrets are encrypted with a customer-managed KMS key',
    severity: 'high',
    rationale: 'With a customer-managed key, reading a secret also takes kms:Decrypt under a key policy the account controls, and every use is in CloudTrail; aws/secretsmanager allows any principal of the account that may read the secret.',
    reads: [SECRET],
    mappings: { nist80053: ['SC-12', 'SC-28'], pciDss: ['8.3.2'], soc2: ['CC6.1'], checkov: ['CKV_AWS_149'], awsConfig: 'SECRETSMANAGER_USING_CMK' },
    check: (set) =>
      set.ofKind(SECRET).map((s) => verdict(s, keyReferenceField(s, 'spec.forProvider.kmsKeyId'), isCustomerManagedKeyReference, 'set kmsKeyId to the ARN of a customer-managed key, not alias/aws/secretsmanager')),
  },
  {
    id: 'SB-SM-2',
    title: 'Secrets rotate at least every 90 days, or take their value from a Kubernetes Secret',
    severity: 'high',
    rationale:
      'A rotated credential limits how long a leaked value works. A secret the platform generates has a SecretRotation (a Lambda rotating it every rotationDays); a secret whose value comes from a Kubernetes Secret (SecretVersion) is rotated at that source and rewritten by the provider.',
    reads: [SECRET, ROTATION, VERSION],
    mappings: { nist80053: ['IA-5'], pciDss: ['8.6.3'], soc2: ['CC6.1'], cdkNag: ['AwsSolutions-SMG4'], checkov: ['CKV2_AWS_57', 'CKV_AWS_304'], awsConfig: 'SECRETSMANAGER_ROTATION_ENABLED_CHECK' },
    check: (set) =>
      set.ofKind(SECRET).flatMap((secret) => {
        const rotations = referrers(set, secret, 'secretId', ROTATION, SECRET);
        if (rotations.length) {
          return rotations.map((r) => verdict(r, 'spec.forProvider.rotationRules', rotatesWithin90Days, `set rotationRules.automaticallyAfterDays between 1 and ${MAX_ROTATION_DAYS}`));
        }
        // No rotation in the set: a version written from a Kubernetes Secret is the other accepted source; with
        // neither in the set (evaluated apart from them), there is nothing to judge.
        return referrers(set, secret, 'secretId', VERSION, SECRET).map((v) => {
          const field = VALUE_REFS.find((f) => get(v.object, f) !== undefined) ?? VALUE_REFS[0];
          return verdict(v, field, (ref) => !!ref && typeof (ref as { name?: unknown }).name === 'string', 'write the value from a Kubernetes Secret (secretStringSecretRef with name and key), or rotate the secret with a SecretRotation');
        });
      }),
  },
  {
    id: 'SB-SM-3',
    title: 'Secret resource policies block public policies',
    severity: 'high',
    rationale: 'With blockPublicPolicy, Secrets Manager refuses any resource policy that would grant broad access to the secret, even by mistake later on.',
    reads: [SECRET_POLICY],
    mappings: { nist80053: ['AC-3', 'AC-6'], soc2: ['CC6.1'] },
    check: (set) => set.ofKind(SECRET_POLICY).map((p) => verdict(p, 'spec.forProvider.blockPublicPolicy', (v) => v === true, 'set blockPublicPolicy: true')),
  },
  {
    id: 'SB-SM-4',
    title: 'Secret deletion keeps a recovery window of 7 to 30 days',
    severity: 'medium',
    rationale: 'A secret deleted without a recovery window (0) is gone at once, with every application that reads it; 7–30 days leave time to notice and restore it.',
    reads: [SECRET],
    mappings: { nist80053: ['CP-9'], soc2: ['A1.2'] },
    check: (set) =>
      set.ofKind(SECRET).map((s) =>
        verdict(s, 'spec.forProvider.recoveryWindowInDays', (v) => v === undefined || (typeof v === 'number' && v >= 7 && v <= 30), 'set recoveryWindowInDays between 7 and 30 (0 deletes the secret without recovery)'),
      ),
  },
  {
    id: 'SB-SM-5',
    title: 'Secret resource policies deny requests without TLS',
    severity: 'medium',
    rationale: 'A Deny on aws:SecureTransport = false refuses any plain-HTTP call for the secret, whatever identity policies allow.',
    reads: [SECRET_POLICY],
    mappings: { nist80053: ['SC-8'], soc2: ['CC6.7'] },
    check: (set) =>
      set.ofKind(SECRET_POLICY).map((p) =>
        verdict(
          p,
          POLICY_FIELD,
          (v) => (statementsOf(v) ?? []).some((s) => deniesInsecureTransport(s, 'secretsmanager:GetSecretValue', [])),
          'add a statement denying secretsmanager:* to Principal "*" with Condition Bool aws:SecureTransport "false"',
        ),
      ),
  },
  {
    id: 'SB-SM-6',
    title: 'Secret resource policies never grant to everyone without pinning the caller',
    severity: 'critical',
    rationale: 'An Allow to Principal "*" without a fixed account, organization or ARN condition would let any AWS principal read the secret.',
    reads: [SECRET_POLICY],
    mappings: { nist80053: ['AC-3', 'AC-6'], soc2: ['CC6.1'] },
    check: (set) =>
      set.ofKind(SECRET_POLICY).map((p) =>
        verdict(
          p,
          POLICY_FIELD,
          (v) => {
            const statements = statementsOf(v);
            return !!statements && !statements.some(isPublicGrant);
          },
          'name the principals allowed to read the secret (role ARNs), or pin Principal "*" with a fixed aws:PrincipalArn / aws:PrincipalAccount / aws:PrincipalOrgID condition',
        ),
      ),
  },
  {
    id: 'SB-SSM-1',
    title: 'SSM parameters are SecureStrings',
    severity: 'high',
    rationale: 'String and StringList parameters are stored and returned in plain text to anyone with ssm:GetParameter; SecureString values are encrypted with KMS.',
    reads: [PARAMETER],
    mappings: { nist80053: ['SC-28'], soc2: ['CC6.1'], checkov: ['CKV2_AWS_34'] },
    check: (set) => set.ofKind(PARAMETER).map((p) => verdict(p, 'spec.forProvider.type', (v) => v === 'SecureString', 'set type: SecureString (ConfigParameter always does)')),
  },
  {
    id: 'SB-SSM-2',
    title: 'SecureString parameters are encrypted with a customer-managed KMS key',
    severity: 'medium',
    rationale: 'The default alias/aws/ssm key cannot be restricted by a key policy the account controls; a customer-managed key adds kms:Decrypt under that policy to every read.',
    reads: [PARAMETER],
    mappings: { nist80053: ['SC-12', 'SC-28'], soc2: ['CC6.1'], checkov: ['CKV_AWS_337'] },
    check: (set) =>
      set
        .ofKind(PARAMETER)
        .filter((p) => get(p.object, 'spec.forProvider.type') === 'SecureString')
        .map((p) => verdict(p, 'spec.forProvider.keyId', isCustomerManagedKeyReference, 'set keyId to the ARN of a customer-managed key, not alias/aws/ssm')),
  },
  {
    id: 'SB-SSM-3',
    title: 'SSM parameter values never appear inline in the manifest',
    severity: 'high',
    rationale: 'An inline value (insecureValue) lives in plain text in git, in the claim and in etcd; a value read from a Kubernetes Secret (valueSecretRef) does not.',
    reads: [PARAMETER],
    mappings: { nist80053: ['IA-5(7)', 'SC-28'], soc2: ['CC6.1'] },
    check: (set) => set.ofKind(PARAMETER).map((p) => verdict(p, 'spec.forProvider.insecureValue', (v) => v === undefined, 'remove insecureValue and read the value from a Kubernetes Secret with valueSecretRef')),
  },
];
