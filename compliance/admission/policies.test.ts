import { describe, expect, it } from '@jest/globals';
import { PLATFORM_SYNC_WAVES, SYNC_WAVE } from '../../charts/argocd';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { PLATFORM_APIS } from '../../compositions';
import type { KubeObject } from '../../lib/composer';
import { PROJECT_ROOT } from '../../lib/crds';
import { API_GROUP_VERSION, LABEL_PREFIX } from '../../lib/platform';
import type { JsonSchema } from '../../lib/schema';
import { celProgram, KubeValidator } from '../../lib/validation';
import { RULES } from '../rules';
import { composed, platformResources, weakened } from '../testing';
import type { IValidatingAdmissionPolicy } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy';
import { admit, type AdmissionRequest } from './evaluate';
import { admissionObjects, MATCH_CONDITIONS, policyName, validatingAdmissionPolicy, validatingAdmissionPolicyBinding } from './objects';
import { ADMISSION_POLICIES, type AdmissionPolicy } from './policies';

const validator = KubeValidator.fromPinnedCrds();
const byName = new Map(ADMISSION_POLICIES.map((p) => [p.name, p]));
const policy = (name: string): AdmissionPolicy => {
  const p = byName.get(name);
  if (!p) throw new Error(`no policy ${name}`);
  return p;
};
const kindOf = (o: KubeObject) => `${o.apiVersion.split('/')[0]}/${o.kind}`;
const policyKind = (p: AdmissionPolicy) => `${p.group}/${p.kind}`;
const label = (o: KubeObject, key: string) => o.metadata?.labels?.[`${LABEL_PREFIX}/${key}`];

function schemaOf(p: AdmissionPolicy): JsonSchema {
  const crd = validator.crd(p.group, p.kind);
  const v = crd?.spec.versions.find((x) => x.name === p.version);
  if (!v?.schema) throw new Error(`no pinned CRD schema for ${policyKind(p)} ${p.version}`);
  return v.schema.openAPIV3Schema as JsonSchema;
}

/**
 * What Crossplane adds to a composed resource before it applies it (RenderComposedResourceMetadata): a
 * generated name, the crossplane.io/composite label and a controller reference to the XR that composed it.
 * The preview holds what the function returns, without these.
 */
function asApplied(o: KubeObject): KubeObject {
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
function resolved(o: KubeObject): KubeObject | undefined {
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

function requestFor(p: AdmissionPolicy, object: KubeObject, operation: AdmissionRequest['operation'] = 'CREATE', typed = false): AdmissionRequest {
  return { operation, resource: p.resource, object: object as Record<string, any>, ...(typed ? { schema: schemaOf(p) } : {}) };
}

// Evaluated as emitted: the JSON of each policy object, as synth writes it.
const VAPS = new Map(ADMISSION_POLICIES.map((p) => [p.name, validatingAdmissionPolicy(p).toJSON() as IValidatingAdmissionPolicy]));
const evaluate = (p: AdmissionPolicy, object: KubeObject, operation: AdmissionRequest['operation'] = 'CREATE', typed = false) => admit(VAPS.get(p.name)!, requestFor(p, object, operation, typed));

describe('the policy table', () => {
  it('has unique names and one policy per rule id', () => {
    expect(new Set(ADMISSION_POLICIES.map((p) => p.name)).size).toBe(ADMISSION_POLICIES.length);
    expect(new Set(ADMISSION_POLICIES.map((p) => p.ruleId)).size).toBe(ADMISSION_POLICIES.length);
  });

  it.each(ADMISSION_POLICIES.map((p) => [p.name, p] as const))('%s names a pinned, served, namespaced CRD by its plural', (_n, p) => {
    const crd = validator.crd(p.group, p.kind);
    expect(crd?.spec.names.plural).toBe(p.resource);
    expect(crd?.spec.scope).toBe('Namespaced');
    expect(crd?.spec.versions.find((v) => v.name === p.version)?.served).toBe(true);
  });

  it('each rule id not marked proposed names an existing rule that reads the policy\'s kind', () => {
    for (const p of ADMISSION_POLICIES.filter((x) => !x.proposed)) {
      const rule = RULES.find((r) => r.id === p.ruleId);
      expect([p.name, rule?.id]).toEqual([p.name, p.ruleId]);
      expect([p.name, rule?.reads.includes(policyKind(p))]).toEqual([p.name, true]);
    }
  });

  it('every expression parses and every message is one line', () => {
    for (const p of ADMISSION_POLICIES) {
      for (const e of [...MATCH_CONDITIONS.map((c) => c.expression), ...(p.variables ?? []).map((v) => v.expression), ...p.validations.map((v) => v.expression)]) {
        expect(() => celProgram(e)).not.toThrow();
      }
      for (const v of p.validations) expect(v.message).not.toMatch(/[\r\n]/);
    }
  });
});

describe('the emitted objects', () => {
  const objects = admissionObjects();

  it('are a policy and a Deny binding per table entry, failing closed, on CREATE and UPDATE only', () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata?.name}`)).toEqual(ADMISSION_POLICIES.flatMap((p) => [`ValidatingAdmissionPolicy/${policyName(p)}`, `ValidatingAdmissionPolicyBinding/${policyName(p)}`]));
    for (const p of ADMISSION_POLICIES) {
      const vap = validatingAdmissionPolicy(p);
      const binding = validatingAdmissionPolicyBinding(p);
      expect(vap.spec?.failurePolicy).toBe('Fail');
      expect(vap.spec?.matchConstraints?.resourceRules).toEqual([{ apiGroups: [p.group], apiVersions: [p.version], resources: [p.resource], operations: ['CREATE', 'UPDATE'], scope: 'Namespaced' }]);
      expect(binding.spec).toEqual({ policyName: vap.metadata?.name, validationActions: ['Deny'] });
    }
  });

  it('validate with kubernetes-models', () => {
    for (const o of objects) expect(() => o.validate()).not.toThrow();
  });

  it('validate with the project validator (schema, unknown fields, names)', () => {
    expect(validator.validateAll(objects.map((o) => o.toJSON() as object))).toEqual([]);
  });
});

describe('every policy admits everything the platform composes', () => {
  const all = platformResources();

  it.each(ADMISSION_POLICIES.map((p) => [p.name, p] as const))('%s', (_n, p) => {
    const targets = all.filter((o) => kindOf(o) === policyKind(p));
    expect(targets.length).toBeGreaterThan(0);
    const refused: unknown[] = [];
    for (const o of targets) {
      const applied = asApplied(o);
      const variants: Array<[string, KubeObject, AdmissionRequest['operation'], boolean]> = [
        ['create', applied, 'CREATE', false],
        ['update', applied, 'UPDATE', false],
        ['create, typed by the CRD schema', applied, 'CREATE', true],
      ];
      const after = resolved(o);
      if (after) variants.push(['update after reference resolution', after, 'UPDATE', false], ['update after reference resolution, typed', after, 'UPDATE', true]);
      for (const [what, obj, op, typed] of variants) {
        const v = evaluate(p, obj, op, typed);
        if (!v.matched || !v.allowed) refused.push({ what, component: `${label(o, 'kind')}/${label(o, 'name')}/${label(o, 'component')}`, ...v });
      }
    }
    expect(refused).toEqual([]);
  });
});

type Fixture = () => KubeObject;
const c = (kind: string, where?: (o: KubeObject) => boolean): Fixture => () => asApplied(composed(kind, where));
const w = (base: Fixture, path: string, value: unknown): Fixture => () => weakened(base(), path, value);
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

const KEY = c('kms.aws.m.upbound.io/Key');
const BUCKET = c('s3.aws.m.upbound.io/Bucket');
const PAB = c('s3.aws.m.upbound.io/BucketPublicAccessBlock');
const VERSIONING = c('s3.aws.m.upbound.io/BucketVersioning');
const OWNERSHIP = c('s3.aws.m.upbound.io/BucketOwnershipControls');
const SSE = 's3.aws.m.upbound.io/BucketServerSideEncryptionConfiguration';
const DATA_SSE = c(SSE, (o) => label(o, 'component') === 'bucket-encryption');
const LOG_SSE = c(SSE, (o) => label(o, 'component') === 'log-bucket-encryption');
const FLOW_LOG_SSE = c(SSE, (o) => label(o, 'kind') === 'network');
const LOG_SSE_RESOLVED: Fixture = () => resolved(composed(SSE, (o) => label(o, 'component') === 'log-bucket-encryption'))!;
const DATA_KEY = 'spec.forProvider.rule[0].applyServerSideEncryptionByDefault';
const CLUSTER = c('rds.aws.m.upbound.io/Cluster');
const INSTANCE = c('rds.aws.m.upbound.io/ClusterInstance');
const INGRESS = c('ec2.aws.m.upbound.io/SecurityGroupIngressRule');
const FUNCTION = c('lambda.aws.m.upbound.io/Function');
const GROUP = c('cloudwatchlogs.aws.m.upbound.io/Group');
const TABLE = c('dynamodb.aws.m.upbound.io/Table');
const TOPIC = c('sns.aws.m.upbound.io/Topic');
const AES256 = [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }];
const noKey = (base: Fixture, path: string): Fixture => w(w(base, `${path}Selector`, undefined), `${path}Ref`, undefined);

/** [policy, what, denied fixture, index of the validation whose message is expected] */
const DENIED: ReadonlyArray<readonly [string, string, Fixture, number]> = [
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

describe('every policy refuses its denied fixtures with its message', () => {
  it.each(DENIED.map(([p, what, f, i]) => [`${p}: ${what}`, p, f, i] as const))('%s', (_t, name, fixture, index) => {
    const p = policy(name);
    const expected = { matched: true, allowed: false, messages: [p.validations[index].message], errors: [] };
    for (const op of ['CREATE', 'UPDATE'] as const) {
      for (const typed of [false, true]) expect([op, typed, evaluate(p, fixture(), op, typed)]).toEqual([op, typed, expected]);
    }
  });

  it('every policy and every validation has a denied fixture', () => {
    const covered = new Set(DENIED.map(([p, , , i]) => `${p}#${i}`));
    expect(ADMISSION_POLICIES.flatMap((p) => p.validations.map((_, i) => `${p.name}#${i}`)).filter((k) => !covered.has(k))).toEqual([]);
  });

  // Policies that only forbid values (none required) admit an object that sets none.
  const FORBID_ONLY = new Set(['ec2-ingress-not-open', 'kms-key-lockout-check', 's3-no-force-destroy']);
  it.each(ADMISSION_POLICIES.map((p) => [p.name, p] as const))('%s judges an object without spec.forProvider without an evaluation error', (_n, p) => {
    const bare = { apiVersion: `${p.group}/${p.version}`, kind: p.kind, metadata: { name: 'bare', namespace: 'team-a' }, spec: {} };
    for (const typed of [false, true]) {
      const v = evaluate(p, bare, 'CREATE', typed);
      expect([v.matched, v.allowed, v.errors]).toEqual([true, FORBID_ONLY.has(p.name), []]);
      expect(v.messages.length > 0).toBe(!FORBID_ONLY.has(p.name));
      for (const m of v.messages) expect(p.validations.map((x) => x.message)).toContain(m);
    }
  });
});

describe('what the policies leave alone', () => {
  const openIngress = w(INGRESS, 'spec.forProvider.cidrIpv4', '0.0.0.0/0');
  const p = policy('ec2-ingress-not-open');

  it.each([
    ['Observe only (imports an existing resource, never writes it)', ['Observe']],
    ['Observe and LateInitialize', ['Observe', 'LateInitialize']],
    ['Observe and Delete', ['Observe', 'Delete']],
  ])('admits a managed resource with management policies %s', (_t, policies) => {
    const o = weakened(openIngress(), 'spec.managementPolicies', policies);
    expect(evaluate(p, o)).toEqual({ matched: false, allowed: true, messages: [], errors: [] });
  });

  it.each([
    ['*', ['*']],
    ['Create', ['Observe', 'Create']],
    ['Update', ['Observe', 'Update', 'LateInitialize']],
    ['absent (the CRD default is *)', undefined],
  ])('checks a managed resource whose management policies write to AWS: %s', (_t, policies) => {
    const o = weakened(openIngress(), 'spec.managementPolicies', policies);
    expect(evaluate(p, o).allowed).toBe(false);
  });

  it('checks the UPDATE that turns an Observe-only resource into a managed one', () => {
    const observed = weakened(openIngress(), 'spec.managementPolicies', ['Observe']);
    const v = admit(VAPS.get(p.name)!, { operation: 'UPDATE', resource: p.resource, object: openIngress() as Record<string, any>, oldObject: observed as Record<string, any> });
    expect(v.allowed).toBe(false);
  });

  it('admits an object being deleted (its finalizer must come off)', () => {
    expect(evaluate(p, weakened(openIngress(), 'metadata.deletionTimestamp', '2026-01-01T00:00:00Z'), 'UPDATE').matched).toBe(false);
  });

  it('is not consulted for other kinds or operations', () => {
    const key = KEY();
    expect(evaluate(p, key).matched).toBe(false);
    expect(admit(VAPS.get(p.name)!, { operation: 'DELETE' as never, resource: p.resource, object: openIngress() as Record<string, any> }).matched).toBe(false);
  });
});

describe('the access-log bucket exception', () => {
  const p = policy('s3-default-encryption-kms');
  const logSse = platformResources().filter((o) => kindOf(o) === SSE && label(o, 'component') === 'log-bucket-encryption');

  it('exists only for SecureBucket log buckets: every other bucket encryption the platform composes is SSE-KMS', () => {
    const sseS3 = platformResources().filter((o) => kindOf(o) === SSE && (o.spec?.forProvider?.rule ?? []).some((r: any) => r.applyServerSideEncryptionByDefault?.sseAlgorithm !== 'aws:kms'));
    expect(sseS3.length).toBeGreaterThan(0);
    expect([...new Set(sseS3.map((o) => `${label(o, 'kind')}/${label(o, 'component')}`))]).toEqual(['securebucket/log-bucket-encryption']);
  });

  it('admits each composed log bucket encryption as Crossplane applies it and after the provider resolves the bucket', () => {
    expect(logSse.length).toBeGreaterThan(0);
    for (const o of logSse) {
      expect(evaluate(p, asApplied(o)).allowed).toBe(true);
      expect(evaluate(p, resolved(o)!, 'UPDATE').allowed).toBe(true);
      expect(resolved(o)!.spec!.forProvider.bucket).toMatch(/-logs$/);
    }
  });
});

describe('dist/platform/admission-policies.k8s.yaml', () => {
  const file = join(PROJECT_ROOT, 'dist/platform/admission-policies.k8s.yaml');

  it('holds exactly the emitted policies and bindings, labelled as the admission layer', () => {
    expect(existsSync(file)).toBe(true);
    const docs = parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS() as KubeObject).filter(Boolean);
    const expected = admissionObjects().map((o) => {
      const j = o.toJSON() as KubeObject;
      // Argo CD applies the admission layer last of the platform (after the XRDs whose kinds it matches).
      const wave = String(PLATFORM_SYNC_WAVES[`admissionregistration.k8s.io/${j.kind}`]);
      return { ...j, metadata: { ...j.metadata, annotations: { ...j.metadata?.annotations, [SYNC_WAVE]: wave }, labels: { [`${LABEL_PREFIX}/layer`]: 'admission' } } };
    });
    expect(docs).toEqual(expected);
  });
});
