/**
 * Fixtures for the admission policies: what the platform composes, as Crossplane applies it, and weakened copies
 * each policy must refuse. Shared by the offline evaluation (policies.test.ts, the API server's CEL semantics via
 * cel-js) and the live control plane (test/e2e), where a real kube-apiserver judges the same objects.
 */
import type { KubeObject } from '../../lib/composer';
import { API_GROUP_VERSION, LABEL_PREFIX } from '../../lib/platform';
import { PLATFORM_APIS } from '../../compositions';
import { composed, platformResources, weakened } from './platform-resources';

export const label = (o: KubeObject, key: string) => o.metadata?.labels?.[`${LABEL_PREFIX}/${key}`];

/**
 * What Crossplane adds to a composed resource before it applies it (RenderComposedResourceMetadata): a
 * generated name, the crossplane.io/composite label and a controller reference to the XR that composed it.
 * The preview holds what the function returns, without these.
 */
export function asApplied(o: KubeObject): KubeObject {
  const copy = structuredClone(o) as KubeObject & { metadata: Record<string, any> };
  const xrKind = PLATFORM_APIS.find((a) => a.kind.toLowerCase() === label(o, 'kind'))?.kind;
  if (!xrKind) throw new Error(`${o.kind}: no platform API for kind label ${label(o, 'kind')}`);
  const xrName = label(o, 'name')!;
  copy.metadata.generateName = `${xrName}-`;
  copy.metadata.name ??= `${xrName}-${(copy.metadata.annotations?.['crossplane.io/composition-resource-name'] ?? 'x').slice(0, 40)}`;
  copy.metadata.labels = { ...copy.metadata.labels, 'crossplane.io/composite': xrName };
  copy.metadata.ownerReferences = [{ apiVersion: API_GROUP_VERSION, kind: xrKind, name: xrName, uid: '6b1d1e0a-0000-4000-8000-000000000001', controller: true, blockOwnerDeletion: true }];
  return copy;
}

/**
 * The object after the provider has resolved its bucket selector (an UPDATE the policies also see): `bucket`
 * set to the selected Bucket's external name and `bucketRef` to it.
 */
export function resolved(o: KubeObject): KubeObject | undefined {
  const sel = o.spec?.forProvider?.bucketSelector;
  if (!sel) return undefined;
  const target = platformResources().find((b) => b.kind === 'Bucket' && b.apiVersion.startsWith('s3.') && b.metadata?.namespace === o.metadata?.namespace
    && (!sel.matchControllerRef || (label(b, 'kind') === label(o, 'kind') && label(b, 'name') === label(o, 'name')))
    && Object.entries(sel.matchLabels ?? {}).every(([k, v]) => b.metadata?.labels?.[k] === v));
  const name = target?.metadata?.annotations?.['crossplane.io/external-name'];
  if (!name) throw new Error(`${o.kind} ${label(o, 'kind')}/${label(o, 'name')}: bucket selector resolves to no Bucket with an external name`);
  const copy = asApplied(o) as KubeObject & { spec: Record<string, any> };
  copy.spec.forProvider = { ...copy.spec.forProvider, bucket: name, bucketRef: { name: `${label(o, 'name')}-bucket` } };
  return copy;
}


export type Fixture = () => KubeObject;
const c = (kind: string, where?: (o: KubeObject) => boolean): Fixture => () => asApplied(composed(kind, where));
export const w = (base: Fixture, path: string, value: unknown): Fixture => () => weakened(base(), path, value);
const mutate = (base: Fixture, change: (o: Record<string, any>) => void): Fixture => () => {
  const o = base();
  change(o as Record<string, any>);
  return o;
};
const withInit = (base: Fixture, initProvider: Record<string, unknown>): Fixture => () => {
  const o = base() as KubeObject & { spec: Record<string, any> };
  o.spec.initProvider = initProvider;
  return o;
};

export const KEY = c('kms.aws.m.upbound.io/Key');
const BUCKET = c('s3.aws.m.upbound.io/Bucket');
const PAB = c('s3.aws.m.upbound.io/BucketPublicAccessBlock');
const VERSIONING = c('s3.aws.m.upbound.io/BucketVersioning');
const OWNERSHIP = c('s3.aws.m.upbound.io/BucketOwnershipControls');
export const SSE = 's3.aws.m.upbound.io/BucketServerSideEncryptionConfiguration';
const DATA_SSE = c(SSE, (o) => label(o, 'component') === 'bucket-encryption');
const LOG_SSE = c(SSE, (o) => label(o, 'component') === 'log-bucket-encryption');
const FLOW_LOG_SSE = c(SSE, (o) => label(o, 'kind') === 'network');
const LOG_SSE_RESOLVED: Fixture = () => resolved(composed(SSE, (o) => label(o, 'component') === 'log-bucket-encryption'))!;
const DATA_KEY = 'spec.forProvider.rule[0].applyServerSideEncryptionByDefault';
const CLUSTER = c('rds.aws.m.upbound.io/Cluster');
const INSTANCE = c('rds.aws.m.upbound.io/ClusterInstance');
export const INGRESS = c('ec2.aws.m.upbound.io/SecurityGroupIngressRule');
const FUNCTION = c('lambda.aws.m.upbound.io/Function');
const GROUP = c('cloudwatchlogs.aws.m.upbound.io/Group');
const TABLE = c('dynamodb.aws.m.upbound.io/Table');
const TOPIC = c('sns.aws.m.upbound.io/Topic');
const AES256 = [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }];
/** The fixture naming no key at `path`: neither the ARN (what the platform composes), nor a selector or reference. */
const noKey = (base: Fixture, path: string): Fixture => w(w(w(base, path, undefined), `${path}Selector`, undefined), `${path}Ref`, undefined);

/** [policy, what, denied fixture, index of the validation whose message is expected]: every validation of every policy has one (a test checks). */
export const DENIED: ReadonlyArray<readonly [string, string, Fixture, number]> = [
  ['kms-key-rotation', 'rotation off', w(KEY, 'spec.forProvider.enableKeyRotation', false), 0],
  ['kms-key-rotation', 'rotation absent', w(KEY, 'spec.forProvider.enableKeyRotation', undefined), 0],
  ['kms-key-rotation', 'rotation off in initProvider', withInit(KEY, { enableKeyRotation: false }), 0],
  ['kms-key-deletion-window', 'window of 3 days', w(KEY, 'spec.forProvider.deletionWindowInDays', 3), 0],
  ['kms-key-deletion-window', 'window absent', w(KEY, 'spec.forProvider.deletionWindowInDays', undefined), 0],
  ['kms-key-lockout-check', 'lockout check bypassed', w(KEY, 'spec.forProvider.bypassPolicyLockoutSafetyCheck', true), 0],
  ['kms-key-lockout-check', 'lockout check bypassed in initProvider', withInit(KEY, { bypassPolicyLockoutSafetyCheck: true }), 0],
  ['s3-default-encryption-kms', 'data bucket with SSE-S3', w(DATA_SSE, 'spec.forProvider.rule', AES256), 0],
  ['s3-default-encryption-kms', 'data bucket with SSE-S3 in initProvider', withInit(DATA_SSE, { rule: AES256 }), 0],
  ['s3-default-encryption-kms', 'flow-log bucket (Network) with SSE-S3', w(FLOW_LOG_SSE, 'spec.forProvider.rule', AES256), 0],
  ['s3-default-encryption-kms', 'no rule', w(DATA_SSE, 'spec.forProvider.rule', []), 0],
  ['s3-default-encryption-kms', 'rule without sseAlgorithm', w(DATA_SSE, `${DATA_KEY}.sseAlgorithm`, undefined), 0],
  ['s3-default-encryption-kms', 'log bucket: no sseAlgorithm', w(LOG_SSE, `${DATA_KEY}.sseAlgorithm`, undefined), 0],
  ['s3-default-encryption-kms', 'log bucket: no controller reference (not composed by Crossplane)', () => composed(SSE, (o) => label(o, 'component') === 'log-bucket-encryption'), 0],
  ['s3-default-encryption-kms', 'log bucket: controlled by another kind', w(LOG_SSE, 'metadata.ownerReferences[0].kind', 'Network'), 0],
  ['s3-default-encryption-kms', 'log bucket: owner reference not the controller', w(LOG_SSE, 'metadata.ownerReferences[0].controller', false), 0],
  ['s3-default-encryption-kms', 'log bucket: labelled as the data bucket encryption', mutate(LOG_SSE, (o) => { o.metadata.labels[`${LABEL_PREFIX}/component`] = 'bucket-encryption'; }), 0],
  ['s3-default-encryption-kms', 'log bucket: selector picks the data bucket', mutate(LOG_SSE, (o) => { o.spec.forProvider.bucketSelector.matchLabels[`${LABEL_PREFIX}/component`] = 'bucket'; }), 0],
  ['s3-default-encryption-kms', 'log bucket: selector without matchControllerRef', w(LOG_SSE, 'spec.forProvider.bucketSelector.matchControllerRef', undefined), 0],
  ['s3-default-encryption-kms', 'log bucket: resolved (or set) to a bucket not named *-logs', w(LOG_SSE_RESOLVED, 'spec.forProvider.bucket', 'orders-data-111111111111-us-east-1'), 0],
  ['s3-default-encryption-kms', 'log bucket: initProvider names a bucket not *-logs', withInit(LOG_SSE, { bucket: 'orders-data' }), 0],
  ['s3-default-encryption-kms', 'SSE-KMS without a key (the AWS-managed aws/s3)', noKey(DATA_SSE, `${DATA_KEY}.kmsMasterKeyId`), 1],
  ['s3-default-encryption-kms', 'SSE-KMS with alias/aws/s3', w(noKey(DATA_SSE, `${DATA_KEY}.kmsMasterKeyId`), `${DATA_KEY}.kmsMasterKeyId`, 'alias/aws/s3'), 1],
  ['s3-default-encryption-kms', 'SSE-KMS with the alias ARN of aws/s3, next to a selector', w(DATA_SSE, `${DATA_KEY}.kmsMasterKeyId`, 'arn:aws:kms:us-east-1:111111111111:alias/aws/s3'), 1],
  ['s3-versioning', 'suspended', w(VERSIONING, 'spec.forProvider.versioningConfiguration.status', 'Suspended'), 0],
  ['s3-versioning', 'no versioningConfiguration', w(VERSIONING, 'spec.forProvider.versioningConfiguration', undefined), 0],
  ['s3-public-access-block', 'blockPublicAcls off', w(PAB, 'spec.forProvider.blockPublicAcls', false), 0],
  ['s3-public-access-block', 'blockPublicPolicy off', w(PAB, 'spec.forProvider.blockPublicPolicy', false), 1],
  ['s3-public-access-block', 'ignorePublicAcls absent', w(PAB, 'spec.forProvider.ignorePublicAcls', undefined), 2],
  ['s3-public-access-block', 'restrictPublicBuckets off', w(PAB, 'spec.forProvider.restrictPublicBuckets', false), 3],
  ['s3-public-access-block', 'restrictPublicBuckets off in initProvider', withInit(PAB, { restrictPublicBuckets: false }), 3],
  ['s3-acls-disabled', 'ACLs enabled (ObjectWriter)', w(OWNERSHIP, 'spec.forProvider.rule.objectOwnership', 'ObjectWriter'), 0],
  ['s3-acls-disabled', 'no rule', w(OWNERSHIP, 'spec.forProvider.rule', undefined), 0],
  ['s3-no-force-destroy', 'forceDestroy', w(BUCKET, 'spec.forProvider.forceDestroy', true), 0],
  ['s3-no-force-destroy', 'forceDestroy in initProvider', withInit(BUCKET, { forceDestroy: true }), 0],
  ['rds-cluster-storage-encrypted', 'storage unencrypted', w(CLUSTER, 'spec.forProvider.storageEncrypted', false), 0],
  ['rds-cluster-storage-encrypted', 'storageEncrypted absent', w(CLUSTER, 'spec.forProvider.storageEncrypted', undefined), 0],
  ['rds-cluster-storage-encrypted', 'no key (the AWS-managed aws/rds)', noKey(CLUSTER, 'spec.forProvider.kmsKeyId'), 1],
  ['rds-cluster-storage-encrypted', 'alias/aws/rds', w(noKey(CLUSTER, 'spec.forProvider.kmsKeyId'), 'spec.forProvider.kmsKeyId', 'alias/aws/rds'), 1],
  ['rds-instance-not-public', 'publicly accessible', w(INSTANCE, 'spec.forProvider.publiclyAccessible', true), 0],
  ['rds-instance-not-public', 'publiclyAccessible absent', w(INSTANCE, 'spec.forProvider.publiclyAccessible', undefined), 0],
  ['rds-instance-not-public', 'publicly accessible in initProvider', withInit(INSTANCE, { publiclyAccessible: true }), 0],
  ['ec2-ingress-not-open', 'IPv4 from 0.0.0.0/0', w(INGRESS, 'spec.forProvider.cidrIpv4', '0.0.0.0/0'), 0],
  ['ec2-ingress-not-open', 'IPv4 from another /0', w(INGRESS, 'spec.forProvider.cidrIpv4', '10.0.0.0/0'), 0],
  ['ec2-ingress-not-open', 'IPv4 from 0.0.0.0/0 in initProvider', withInit(w(INGRESS, 'spec.forProvider.cidrIpv4', undefined), { cidrIpv4: '0.0.0.0/0' }), 0],
  ['ec2-ingress-not-open', 'IPv6 from ::/0', w(INGRESS, 'spec.forProvider.cidrIpv6', '::/0'), 1],
  ['lambda-tracing-active', 'PassThrough', w(FUNCTION, 'spec.forProvider.tracingConfig.mode', 'PassThrough'), 0],
  ['lambda-tracing-active', 'no tracingConfig', w(FUNCTION, 'spec.forProvider.tracingConfig', undefined), 0],
  ['lambda-in-vpc', 'no vpcConfig', w(FUNCTION, 'spec.forProvider.vpcConfig', undefined), 0],
  ['lambda-in-vpc', 'vpcConfig without subnets', w(FUNCTION, 'spec.forProvider.vpcConfig.subnetIdSelector', undefined), 0],
  ['lambda-in-vpc', 'vpcConfig with empty security group ids', w(w(FUNCTION, 'spec.forProvider.vpcConfig.securityGroupIdSelector', undefined), 'spec.forProvider.vpcConfig.securityGroupIds', []), 0],
  ['logs-group-cmk', 'no key', noKey(GROUP, 'spec.forProvider.kmsKeyId'), 0],
  ['logs-group-cmk', 'empty key id', w(noKey(GROUP, 'spec.forProvider.kmsKeyId'), 'spec.forProvider.kmsKeyId', ''), 0],
  ['logs-group-cmk', 'AWS-managed alias ARN', w(GROUP, 'spec.forProvider.kmsKeyId', 'arn:aws:kms:us-east-1:111111111111:alias/aws/logs'), 0],
  ['logs-group-retention', 'never expires (0)', w(GROUP, 'spec.forProvider.retentionInDays', 0), 0],
  ['logs-group-retention', '30 days', w(GROUP, 'spec.forProvider.retentionInDays', 30), 0],
  ['logs-group-retention', 'retention absent', w(GROUP, 'spec.forProvider.retentionInDays', undefined), 0],
  ['logs-group-retention', 'forever in initProvider', withInit(GROUP, { retentionInDays: 0 }), 0],
  ['dynamodb-point-in-time-recovery', 'PITR off', w(TABLE, 'spec.forProvider.pointInTimeRecovery.enabled', false), 0],
  ['dynamodb-point-in-time-recovery', 'no pointInTimeRecovery', w(TABLE, 'spec.forProvider.pointInTimeRecovery', undefined), 0],
  ['dynamodb-cmk', 'encryption off', w(TABLE, 'spec.forProvider.serverSideEncryption.enabled', false), 0],
  ['dynamodb-cmk', 'no key (the AWS-owned key)', noKey(TABLE, 'spec.forProvider.serverSideEncryption.kmsKeyArn'), 0],
  ['dynamodb-cmk', 'alias/aws/dynamodb', w(noKey(TABLE, 'spec.forProvider.serverSideEncryption.kmsKeyArn'), 'spec.forProvider.serverSideEncryption.kmsKeyArn', 'alias/aws/dynamodb'), 0],
  ['sns-topic-cmk', 'no key', w(TOPIC, 'spec.forProvider.kmsMasterKeyId', undefined), 0],
  ['sns-topic-cmk', 'AWS-managed key', w(TOPIC, 'spec.forProvider.kmsMasterKeyId', 'alias/aws/sns'), 0],
];

