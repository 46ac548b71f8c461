/**
 * Guardrails at admission: the compliance rules one managed resource decides on its own, as Kubernetes
 * ValidatingAdmissionPolicies (CEL, evaluated by the API server). They hold whoever creates or updates the
 * object — our composition function, another Composition, `kubectl apply` of a bare managed resource — not only
 * what the platform composes. One entry per compliance rule; `objects.ts` turns each into a policy + binding,
 * `charts/admission.ts` emits them (dist/platform/admission-policies.k8s.yaml). See README.md here for the
 * decisions (Observe-only resources, deletions, initProvider, the access-log bucket exception).
 *
 * CEL conventions, shared by every entry (helpers below):
 * - every field read is guarded by has(): a missing field is a clear denial with the message, never an
 *   evaluation error (failurePolicy is Fail, so an error would also deny, but with an opaque message);
 * - a guarantee must be in spec.forProvider, which the provider enforces on every reconcile (drift is
 *   corrected); spec.initProvider, read only at creation, may not contradict it. A forbidden value is refused in
 *   either;
 * - messages name the field and the value to set.
 */
import { KIND as SECURE_BUCKET_KIND } from '../../compositions/secure-bucket/composer';
import { API_GROUP, LABEL_PREFIX } from '../../lib/platform';
import { MIN_LOG_RETENTION_DAYS } from '../rules/logs';

/** One CEL validation of a policy. */
export interface AdmissionValidation {
  /** CEL over `object` (and `variables`); true admits. */
  readonly expression: string;
  /** Shown to whoever is refused: what is wrong and what to set. One line. */
  readonly message: string;
}

export interface AdmissionPolicy {
  /** Short name; the policy and its binding are `secure-baseline-<name>`. */
  readonly name: string;
  /** The compliance rule (compliance/rules/*.ts) this policy enforces at admission. */
  readonly ruleId: string;
  /**
   * True while no rule with this id exists in compliance/rules yet: the id is the one proposed for it (a test
   * checks that every id not marked proposed names an existing rule that reads this kind).
   */
  readonly proposed?: boolean;
  readonly title: string;
  /** The managed-resource kind: API group, version, kind and its plural (resource) name. */
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly resource: string;
  /** Named CEL expressions available to validations as `variables.<name>`. */
  readonly variables?: ReadonlyArray<{ readonly name: string; readonly expression: string }>;
  readonly validations: readonly AdmissionValidation[];
}

type Block = 'forProvider' | 'initProvider';

/** `has()` guards for every step of `object.spec.<block>.<path>`. */
export function present(block: Block, path: string): string {
  let cur = 'object';
  const guards: string[] = [];
  for (const seg of ['spec', block, ...path.split('.')]) {
    cur = `${cur}.${seg}`;
    guards.push(`has(${cur})`);
  }
  return guards.join(' && ');
}

const at = (block: Block, path: string) => `object.spec.${block}.${path}`;

/** The value at `path` must be set in forProvider and satisfy `ok`; initProvider, if it sets it, too. */
function required(path: string, ok: (x: string) => string): string {
  return `(${present('forProvider', path)} && ${ok(at('forProvider', path))}) && !(${present('initProvider', path)} && !(${ok(at('initProvider', path))}))`;
}

/** Neither forProvider nor initProvider sets `path` to a value for which `bad` holds. */
function never(path: string, bad: (x: string) => string): string {
  return (['forProvider', 'initProvider'] as const).map((b) => `!(${present(b, path)} && ${bad(at(b, path))})`).join(' && ');
}

/** An AWS-managed key (`alias/aws/<service>`, also as an alias ARN): its policy is AWS's, not ours. */
const AWS_MANAGED_KEY = "'(^|:)alias/aws/'";

/**
 * forProvider's key field `path` names a customer-managed key, as the rules' customerManagedKey does: a non-empty
 * id/ARN/alias that is not `alias/aws/…`, else a `<path>Ref` or `<path>Selector` (to a kms Key managed resource,
 * always customer-managed).
 */
function customerManagedKey(path: string): string {
  const x = at('forProvider', path);
  return `((${present('forProvider', path)} && ${x} != '') ? !${x}.matches(${AWS_MANAGED_KEY}) : (${present('forProvider', `${path}Ref`)} || ${present('forProvider', `${path}Selector`)}))`;
}

const label = (key: string, value: string, map = 'object.metadata.labels') => `'${key}' in ${map} && ${map}['${key}'] == '${value}'`;

const KMS = 'kms.aws.m.upbound.io';
const S3 = 's3.aws.m.upbound.io';
const RDS = 'rds.aws.m.upbound.io';
const EC2 = 'ec2.aws.m.upbound.io';
const LAMBDA = 'lambda.aws.m.upbound.io';
const LOGS = 'cloudwatchlogs.aws.m.upbound.io';
const DYNAMODB = 'dynamodb.aws.m.upbound.io';
const SNS = 'sns.aws.m.upbound.io';
const V = 'v1beta1';

/** A /0 prefix (any address bits) is the whole address space. */
const wholeInternet = (x: string) => `${x}.matches('/0+$')`;

/**
 * The one bucket encryption that may use SSE-S3: the access-log bucket a SecureBucket composes. S3 server access
 * log delivery does not support SSE-KMS on the target bucket, so that bucket must be SSE-S3 (AES256). Admitted
 * only when everything Crossplane and the SecureBucket composer put on it is there:
 * - labels kind=securebucket, component=log-bucket-encryption (componentLabels of the composer);
 * - a controller owner reference to a SecureBucket XR of our API group (Crossplane sets it on every composed
 *   resource; the bucket selector below can then only resolve within that XR);
 * - the bucket chosen by `bucketSelector` {matchControllerRef: true, component: log-bucket} — a bucket of the same
 *   SecureBucket whose component is its log bucket;
 * - once the provider has resolved the selector (it writes `bucket` in an UPDATE that this policy also checks),
 *   the bucket is named `*-logs`, as every SecureBucket log bucket is (`<bucketName>-logs`). A `bucketRef` set by
 *   hand to another bucket would resolve to that bucket's name and be refused there, before the provider acts.
 */
const ACCESS_LOG_BUCKET = [
  'has(object.metadata.labels)',
  label(`${LABEL_PREFIX}/kind`, SECURE_BUCKET_KIND.toLowerCase()),
  label(`${LABEL_PREFIX}/component`, 'log-bucket-encryption'),
  `has(object.metadata.ownerReferences) && object.metadata.ownerReferences.exists(o, has(o.controller) && o.controller == true && o.kind == '${SECURE_BUCKET_KIND}' && o.apiVersion.startsWith('${API_GROUP}/'))`,
  `${present('forProvider', 'bucketSelector.matchControllerRef')} && object.spec.forProvider.bucketSelector.matchControllerRef == true`,
  `${present('forProvider', 'bucketSelector.matchLabels')} && ${label(`${LABEL_PREFIX}/component`, 'log-bucket', 'object.spec.forProvider.bucketSelector.matchLabels')}`,
  `!(${present('forProvider', 'bucket')} && !object.spec.forProvider.bucket.endsWith('-logs'))`,
  `!(${present('initProvider', 'bucket')} && !object.spec.initProvider.bucket.endsWith('-logs'))`,
].map((c) => `(${c})`).join(' && ');

/** A rule's default encryption: SSE-KMS, or SSE-S3 on the access-log bucket. */
const sseOk = (r: string) => `has(${r}.applyServerSideEncryptionByDefault) && has(${r}.applyServerSideEncryptionByDefault.sseAlgorithm) && (${r}.applyServerSideEncryptionByDefault.sseAlgorithm == 'aws:kms' || (variables.accessLogBucket && ${r}.applyServerSideEncryptionByDefault.sseAlgorithm == 'AES256'))`;

/** A rule's SSE-KMS names a customer-managed key (rules with another algorithm are judged by sseOk). */
const sseKeyOk = (r: string) => {
  const d = `${r}.applyServerSideEncryptionByDefault`;
  return `!(has(${d}) && has(${d}.sseAlgorithm) && ${d}.sseAlgorithm == 'aws:kms') || ((has(${d}.kmsMasterKeyId) && ${d}.kmsMasterKeyId != '') ? !${d}.kmsMasterKeyId.matches(${AWS_MANAGED_KEY}) : (has(${d}.kmsMasterKeyIdRef) || has(${d}.kmsMasterKeyIdSelector)))`;
};

/** Lambda VPC attachment: subnets and security groups given by ids, references or a selector. */
const vpcSource = (vpc: string, field: 'subnetId' | 'securityGroupId') =>
  `(has(${vpc}.${field}s) && size(${vpc}.${field}s) > 0) || (has(${vpc}.${field}Refs) && size(${vpc}.${field}Refs) > 0) || has(${vpc}.${field}Selector)`;

export const ADMISSION_POLICIES: readonly AdmissionPolicy[] = [
  {
    name: 'kms-key-rotation', ruleId: 'SB-KMS-1', title: 'Customer-managed KMS keys rotate automatically',
    group: KMS, version: V, kind: 'Key', resource: 'keys',
    validations: [{
      expression: required('enableKeyRotation', (x) => `${x} == true`),
      message: 'kms Key: set spec.forProvider.enableKeyRotation: true (and not false in spec.initProvider) — customer-managed keys must rotate automatically [SB-KMS-1]; an EncryptionKey always does',
    }],
  },
  {
    name: 'kms-key-deletion-window', ruleId: 'SB-KMS-2', title: 'KMS key deletion waits at least 7 days',
    group: KMS, version: V, kind: 'Key', resource: 'keys',
    validations: [{
      expression: required('deletionWindowInDays', (x) => `${x} >= 7 && ${x} <= 30`),
      message: 'kms Key: set spec.forProvider.deletionWindowInDays between 7 and 30 (the same in spec.initProvider, if set) — the pending-deletion window is the only way back from deleting a key [SB-KMS-2]; an EncryptionKey defaults to 30',
    }],
  },
  {
    name: 'kms-key-lockout-check', ruleId: 'SB-KMS-4', title: 'Key policies keep the policy lockout safety check',
    group: KMS, version: V, kind: 'Key', resource: 'keys',
    validations: [{
      expression: never('bypassPolicyLockoutSafetyCheck', (x) => `${x} == true`),
      message: 'kms Key: remove spec.forProvider.bypassPolicyLockoutSafetyCheck (or set it to false, also in spec.initProvider) — a key policy must not be able to lock every principal out of the key [SB-KMS-4]',
    }],
  },
  {
    name: 's3-default-encryption-kms', ruleId: 'SB-S3-1', title: 'S3 default encryption is SSE-KMS with a customer-managed key (the access-log bucket: SSE-S3)',
    group: S3, version: V, kind: 'BucketServerSideEncryptionConfiguration', resource: 'bucketserversideencryptionconfigurations',
    variables: [{ name: 'accessLogBucket', expression: ACCESS_LOG_BUCKET }],
    validations: [
      {
        expression: `(${present('forProvider', 'rule')} && size(object.spec.forProvider.rule) > 0 && object.spec.forProvider.rule.all(r, ${sseOk('r')})) && !(${present('initProvider', 'rule')} && !object.spec.initProvider.rule.all(r, ${sseOk('r')}))`,
        message: "s3 BucketServerSideEncryptionConfiguration: set every spec.forProvider.rule[].applyServerSideEncryptionByDefault.sseAlgorithm (and any in spec.initProvider) to aws:kms, as a SecureBucket does [SB-S3-1]. SSE-S3 (AES256) is admitted only for the access-log bucket a SecureBucket composes (component log-bucket-encryption, controlled by its SecureBucket, bucketSelector matchControllerRef + component log-bucket, bucket named *-logs), because S3 server access log delivery does not support SSE-KMS target buckets",
      },
      {
        expression: `!(${present('forProvider', 'rule')}) || object.spec.forProvider.rule.all(r, ${sseKeyOk('r')})`,
        message: "s3 BucketServerSideEncryptionConfiguration: an aws:kms rule must name a customer-managed key — set applyServerSideEncryptionByDefault.kmsMasterKeyId to the ARN of the EncryptionKey's key, not alias/aws/s3 or nothing (the AWS-managed key's policy cannot be restricted) [SB-S3-1]",
      },
    ],
  },
  {
    name: 's3-versioning', ruleId: 'SB-S3-3', title: 'S3 bucket versioning is enabled',
    group: S3, version: V, kind: 'BucketVersioning', resource: 'bucketversionings',
    validations: [{
      expression: required('versioningConfiguration.status', (x) => `${x} == 'Enabled'`),
      message: 's3 BucketVersioning: set spec.forProvider.versioningConfiguration.status: Enabled (not Suspended or Disabled, also in spec.initProvider) — overwritten and deleted objects stay recoverable [SB-S3-3]; a SecureBucket always does',
    }],
  },
  {
    name: 's3-public-access-block', ruleId: 'SB-S3-4', title: 'S3 Block Public Access is on for the bucket (all four settings)',
    group: S3, version: V, kind: 'BucketPublicAccessBlock', resource: 'bucketpublicaccessblocks',
    validations: (['blockPublicAcls', 'blockPublicPolicy', 'ignorePublicAcls', 'restrictPublicBuckets'] as const).map((flag) => ({
      expression: required(flag, (x) => `${x} == true`),
      message: `s3 BucketPublicAccessBlock: set spec.forProvider.${flag}: true (and not false in spec.initProvider) — all four Block Public Access settings must be on [SB-S3-4]; a SecureBucket sets them`,
    })),
  },
  {
    name: 's3-acls-disabled', ruleId: 'SB-S3-5', title: 'S3 object ownership is BucketOwnerEnforced (ACLs disabled)',
    group: S3, version: V, kind: 'BucketOwnershipControls', resource: 'bucketownershipcontrols',
    validations: [{
      expression: required('rule.objectOwnership', (x) => `${x} == 'BucketOwnerEnforced'`),
      message: 's3 BucketOwnershipControls: set spec.forProvider.rule.objectOwnership: BucketOwnerEnforced (also in spec.initProvider, if set) — ACLs disabled, only policies grant access [SB-S3-5]; a SecureBucket always does',
    }],
  },
  {
    name: 's3-no-force-destroy', ruleId: 'SB-S3-13', title: 'S3 buckets are never force-destroyed',
    group: S3, version: V, kind: 'Bucket', resource: 'buckets',
    validations: [{
      expression: never('forceDestroy', (x) => `${x} == true`),
      message: 's3 Bucket: remove spec.forProvider.forceDestroy (or set it to false, also in spec.initProvider) — deleting the bucket must never delete its objects and versions with it [SB-S3-13]',
    }],
  },
  {
    name: 'rds-cluster-storage-encrypted', ruleId: 'SB-RDS-1', title: 'Database storage is encrypted with a customer-managed KMS key',
    group: RDS, version: V, kind: 'Cluster', resource: 'clusters',
    validations: [
      {
        expression: required('storageEncrypted', (x) => `${x} == true`),
        message: 'rds Cluster: set spec.forProvider.storageEncrypted: true (and not false in spec.initProvider) — storage cannot be encrypted after creation [SB-RDS-1]; an AuroraDatabase always does',
      },
      {
        expression: customerManagedKey('kmsKeyId'),
        message: "rds Cluster: set spec.forProvider.kmsKeyId to the ARN of the EncryptionKey's customer-managed key, not the AWS-managed alias/aws/rds [SB-RDS-1]",
      },
    ],
  },
  {
    name: 'rds-instance-not-public', ruleId: 'SB-RDS-2', title: 'Database instances are not publicly accessible',
    group: RDS, version: V, kind: 'ClusterInstance', resource: 'clusterinstances',
    validations: [{
      expression: required('publiclyAccessible', (x) => `${x} == false`),
      message: 'rds ClusterInstance: set spec.forProvider.publiclyAccessible: false explicitly (the default depends on the subnets; not true in spec.initProvider) — database instances get no public address [SB-RDS-2]; an AuroraDatabase has no switch for it',
    }],
  },
  {
    name: 'ec2-ingress-not-open', ruleId: 'SB-EC2-1', title: 'No security group admits traffic from 0.0.0.0/0 or ::/0',
    group: EC2, version: V, kind: 'SecurityGroupIngressRule', resource: 'securitygroupingressrules',
    validations: [
      {
        expression: never('cidrIpv4', wholeInternet),
        message: 'ec2 SecurityGroupIngressRule: spec.forProvider.cidrIpv4 (and spec.initProvider.cidrIpv4) must not be 0.0.0.0/0 or any other /0 — admit only the sources that need the port: referencedSecurityGroupId, a prefixListId or the VPC CIDR [SB-EC2-1]',
      },
      {
        expression: never('cidrIpv6', wholeInternet),
        message: 'ec2 SecurityGroupIngressRule: spec.forProvider.cidrIpv6 (and spec.initProvider.cidrIpv6) must not be ::/0 or any other /0 — admit only the sources that need the port: referencedSecurityGroupId, a prefixListId or a specific CIDR [SB-EC2-1]',
      },
    ],
  },
  {
    name: 'lambda-tracing-active', ruleId: 'SB-LAMBDA-1', title: 'Lambda functions have X-Ray active tracing',
    group: LAMBDA, version: V, kind: 'Function', resource: 'functions',
    validations: [{
      expression: required('tracingConfig.mode', (x) => `${x} == 'Active'`),
      message: 'lambda Function: set spec.forProvider.tracingConfig.mode: Active (not PassThrough, also in spec.initProvider) — every invocation is traced with X-Ray [SB-LAMBDA-1]; a SecureFunction always does',
    }],
  },
  {
    name: 'lambda-in-vpc', ruleId: 'SB-LAMBDA-2', title: 'Lambda functions run in a VPC, with subnets and security groups',
    group: LAMBDA, version: V, kind: 'Function', resource: 'functions',
    validations: [{
      expression: `${present('forProvider', 'vpcConfig')} && (${vpcSource('object.spec.forProvider.vpcConfig', 'subnetId')}) && (${vpcSource('object.spec.forProvider.vpcConfig', 'securityGroupId')})`,
      message: "lambda Function: set spec.forProvider.vpcConfig with subnets (subnetIdSelector to the Network's private subnets, or subnetIds / subnetIdRefs) and security groups (securityGroupIdSelector, securityGroupIds or securityGroupIdRefs) — functions run in the VPC, not on Lambda's shared network [SB-LAMBDA-2]; a SecureFunction always does",
    }],
  },
  {
    name: 'logs-group-cmk', ruleId: 'SB-LOGS-1', title: 'CloudWatch log groups are encrypted with a customer-managed KMS key',
    group: LOGS, version: V, kind: 'Group', resource: 'groups',
    validations: [{
      expression: customerManagedKey('kmsKeyId'),
      message: "cloudwatchlogs Group: set spec.forProvider.kmsKeyId to the ARN of the EncryptionKey's customer-managed key (not alias/aws/…); the key must list logs in its services [SB-LOGS-1]",
    }],
  },
  {
    name: 'logs-group-retention', ruleId: 'SB-LOGS-2', title: `CloudWatch log groups keep logs for at least ${MIN_LOG_RETENTION_DAYS} days, and not forever`,
    group: LOGS, version: V, kind: 'Group', resource: 'groups',
    validations: [{
      expression: required('retentionInDays', (x) => `${x} >= ${MIN_LOG_RETENTION_DAYS}`),
      message: `cloudwatchlogs Group: set spec.forProvider.retentionInDays to a CloudWatch retention of at least ${MIN_LOG_RETENTION_DAYS} days (365 or more in prod; the same in spec.initProvider, if set) — unset or 0 keeps logs forever [SB-LOGS-2]`,
    }],
  },
  {
    name: 'dynamodb-point-in-time-recovery', ruleId: 'SB-DDB-1', title: 'DynamoDB point-in-time recovery is enabled',
    group: DYNAMODB, version: V, kind: 'Table', resource: 'tables',
    validations: [{
      expression: required('pointInTimeRecovery.enabled', (x) => `${x} == true`),
      message: 'dynamodb Table: set spec.forProvider.pointInTimeRecovery.enabled: true (and not false in spec.initProvider) — continuous backups allow restoring to any second of the recovery period [SB-DDB-1]; a SecureTable always does',
    }],
  },
  {
    name: 'dynamodb-cmk', ruleId: 'SB-DDB-2', title: 'DynamoDB tables are encrypted with a customer-managed KMS key',
    group: DYNAMODB, version: V, kind: 'Table', resource: 'tables',
    validations: [{
      expression: `${required('serverSideEncryption.enabled', (x) => `${x} == true`)} && ${customerManagedKey('serverSideEncryption.kmsKeyArn')}`,
      message: "dynamodb Table: set spec.forProvider.serverSideEncryption.enabled: true with kmsKeyArn naming the EncryptionKey's customer-managed key, not alias/aws/dynamodb [SB-DDB-2]; a SecureTable always does",
    }],
  },
  {
    name: 'sns-topic-cmk', ruleId: 'SB-SNS-1', title: 'SNS topics are encrypted with a customer-managed KMS key',
    group: SNS, version: V, kind: 'Topic', resource: 'topics',
    validations: [{
      expression: `${present('forProvider', 'kmsMasterKeyId')} && object.spec.forProvider.kmsMasterKeyId != '' && !object.spec.forProvider.kmsMasterKeyId.matches(${AWS_MANAGED_KEY})`,
      message: "sns Topic: set spec.forProvider.kmsMasterKeyId to the ARN of the environment's customer-managed key, not alias/aws/sns (whose policy cannot admit CloudWatch alarms or EventBridge) [SB-SNS-1]",
    }],
  },
];
