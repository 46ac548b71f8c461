/** DynamoDB rules: tables are encrypted with a customer-managed key, recoverable to any second, and kept when kept. */
import { verdict, type Rule } from '../rule';
import { isCustomerManagedKeyReference, keptOnDelete } from './s3';

const TABLE = 'dynamodb.aws.m.upbound.io/Table';

export const DYNAMODB_RULES: readonly Rule[] = [
  {
    id: 'SB-DDB-1',
    title: 'DynamoDB point-in-time recovery is enabled',
    severity: 'high',
    rationale: 'Continuous backups restore a table to any second of the recovery period, after a faulty write, a bad deployment or a deleted item.',
    reads: [TABLE],
    mappings: { nist80053: ['CP-9', 'CP-10'], soc2: ['A1.2'], cdkNag: ['AwsSolutions-DDB3'], checkov: ['CKV_AWS_28'], awsConfig: 'DYNAMODB_PITR_ENABLED' },
    check: (set) => set.ofKind(TABLE).map((t) => verdict(t, 'spec.forProvider.pointInTimeRecovery.enabled', (v) => v === true, 'set pointInTimeRecovery.enabled: true (SecureTable always does)')),
  },
  {
    id: 'SB-DDB-2',
    title: 'DynamoDB tables are encrypted with a customer-managed KMS key',
    severity: 'high',
    rationale: 'The default (AWS-owned) and AWS-managed keys cannot be restricted by a key policy the account controls nor audited per use; a customer-managed key can.',
    reads: [TABLE],
    mappings: { nist80053: ['SC-12', 'SC-28'], pciDss: ['3.5.1'], soc2: ['CC6.1'], checkov: ['CKV_AWS_119'], awsConfig: 'DYNAMODB_TABLE_ENCRYPTED_KMS' },
    check: (set) =>
      set.ofKind(TABLE).map((t) =>
        verdict(
          t,
          'spec.forProvider.serverSideEncryption',
          (v) => {
            const sse = (v ?? {}) as Record<string, unknown>;
            return sse.enabled === true && [sse.kmsKeyArn, sse.kmsKeyArnRef, sse.kmsKeyArnSelector].some(isCustomerManagedKeyReference);
          },
          'set serverSideEncryption.enabled: true with kmsKeyArn naming a customer-managed key, not alias/aws/dynamodb',
        ),
      ),
  },
  {
    id: 'SB-DDB-3',
    title: 'DynamoDB tables kept on claim deletion have deletion protection',
    severity: 'medium',
    rationale:
      'Management policies without Delete keep the table when its claim is deleted (prod); deletion protection keeps it from being deleted in AWS as well, by a console click or a script.',
    reads: [TABLE],
    mappings: { nist80053: ['CP-9', 'SI-12'], soc2: ['A1.2'], awsConfig: 'DYNAMODB_TABLE_DELETION_PROTECTION_ENABLED' },
    check: (set) =>
      set
        .ofKind(TABLE)
        .filter(keptOnDelete)
        .map((t) => verdict(t, 'spec.forProvider.deletionProtectionEnabled', (v) => v === true, 'set deletionProtectionEnabled: true: this table is kept when its claim is deleted (managementPolicies without Delete)')),
  },
];
