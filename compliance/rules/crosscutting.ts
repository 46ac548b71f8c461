/**
 * Rules spanning services: every customer-managed key a resource uses is a rotating key of its own environment, and
 * every taggable resource carries the platform's ownership tags. Also the relation helpers the IAM, audit and API
 * Gateway rules share (the engine's `sibling`/`selected` match by XR labels only; these also keep to the namespace,
 * so one environment's resources never answer for another's).
 */
import { KMS_KEY_KINDS, TAGGABLE_KINDS } from '../../imports/provider-kinds';
import type { KubeObject } from '../../lib/composer';
import { KMS_FIELD } from '../../lib/provider-kinds';
import { LABEL_PREFIX } from '../../lib/platform';
import { get, type ComposedResource, type ResourceSet, type Rule, type RuleResult } from '../rule';

// ---------------------------------------------------------------------------------------------------------------
// Relation helpers
// ---------------------------------------------------------------------------------------------------------------

/** `<group>/<Kind>` of a resource, as rules name kinds. */
export function kindOf(o: KubeObject): string {
  return `${o.apiVersion.split('/')[0]}/${o.kind}`;
}

const label = (r: ComposedResource, k: string) => r.object.metadata?.labels?.[`${LABEL_PREFIX}/${k}`];

/** The XR that composed `r`: namespace, XR kind and name (undefined when `r` carries no platform labels). */
function xrKey(r: ComposedResource): string | undefined {
  const kind = label(r, 'kind');
  return kind === undefined ? undefined : `${r.object.metadata?.namespace ?? ''}/${kind}/${label(r, 'name') ?? ''}`;
}

/** Whether `a` and `b` were composed by the same XR (same namespace, XR kind and name). */
export function sameXr(a: ComposedResource, b: ComposedResource): boolean {
  const k = xrKey(a);
  return k !== undefined && k === xrKey(b);
}

interface Index { readonly byKind: Map<string, ComposedResource[]>; readonly byXr: Map<string, ComposedResource[]> }
const indexes = new WeakMap<ResourceSet, Index>();

/** Resources of the set by kind and by XR, built once per set (rules relate resources many times over). */
function indexOf(set: ResourceSet): Index {
  let index = indexes.get(set);
  if (!index) {
    index = { byKind: new Map(), byXr: new Map() };
    for (const r of set.all) {
      const k = kindOf(r.object);
      if (!index.byKind.has(k)) index.byKind.set(k, []);
      index.byKind.get(k)!.push(r);
      const x = xrKey(r);
      if (x !== undefined) {
        if (!index.byXr.has(x)) index.byXr.set(x, []);
        index.byXr.get(x)!.push(r);
      }
    }
    indexes.set(set, index);
  }
  return index;
}

/** Resources of a kind (`<group>/<Kind>`), like `set.ofKind`, from the set's index. */
export function ofKind(set: ResourceSet, kind: string): ComposedResource[] {
  return indexOf(set).byKind.get(kind) ?? [];
}

/** Resources (of `kind`, when given) composed by the same XR as `r`. */
export function xrMembers(set: ResourceSet, r: ComposedResource, kind?: string): ComposedResource[] {
  const x = xrKey(r);
  const members = x === undefined ? [] : indexOf(set).byXr.get(x) ?? [];
  return kind ? members.filter((o) => kindOf(o.object) === kind) : members;
}

export interface Selector { readonly matchControllerRef?: boolean; readonly matchLabels?: Record<string, string> }

/** What a selector of `r` resolves to among resources of `kind`, in `r`'s namespace (as namespaced MRs resolve). */
export function resolved(set: ResourceSet, r: ComposedResource, selector: Selector | undefined, kind: string): ComposedResource[] {
  if (!selector) return [];
  return ofKind(set, kind).filter((o) => o.object.metadata?.namespace === r.object.metadata?.namespace
    && (!selector.matchControllerRef || sameXr(r, o))
    && Object.entries(selector.matchLabels ?? {}).every(([k, v]) => o.object.metadata?.labels?.[k] === v));
}

/** The AWS name Crossplane gives the resource (`crossplane.io/external-name`), when set. */
export function externalName(r: ComposedResource): string | undefined {
  return r.object.metadata?.annotations?.['crossplane.io/external-name'];
}

/** The ARN the provider reported for the resource (absent until it exists). */
export function reportedArn(r: ComposedResource): string | undefined {
  const arn = r.object.status?.atProvider?.arn;
  return typeof arn === 'string' ? arn : undefined;
}

/** The parts of an ARN, or undefined when `s` is not one. */
export function parseArn(s: unknown): { partition: string; service: string; region: string; account: string; resource: string } | undefined {
  if (typeof s !== 'string') return undefined;
  const m = /^arn:([a-z-]+):([a-z0-9-]+):([a-z0-9-]*):([a-z0-9-]*):(.*)$/.exec(s);
  return m ? { partition: m[1], service: m[2], region: m[3], account: m[4], resource: m[5] } : undefined;
}

/** Passing result (helper for rules that build results by hand). */
export function pass(r: ComposedResource, field: string): RuleResult {
  return { resource: r.ref, passed: true, field, value: get(r.object, field) };
}

/** Failing result with what to change. */
export function fail(r: ComposedResource, field: string, message: string): RuleResult {
  return { resource: r.ref, passed: false, field, value: get(r.object, field), message };
}

// ---------------------------------------------------------------------------------------------------------------
// Customer-managed keys
// ---------------------------------------------------------------------------------------------------------------

const KEY = 'kms.aws.m.upbound.io/Key';

// The kinds with a field naming a KMS key (KMS_FIELD) and the taggable kinds are generated from the pinned CRDs
// (imports/provider-kinds.ts, by `npm run import`).
const KMS_KEY_KIND_SET = new Set(KMS_KEY_KINDS);

/**
 * Key selectors that provider-aws (v2.5.0, the resolvers in apis/namespaced/<group>/v1beta1/zz_generated.resolvers.go)
 * resolves to the key's *id* (the kms Key's external name, or its key_id), on fields AWS reports back as the key ARN:
 * the provider then sees a difference on every poll and updates forever (the AWS-level run showed it on a trail).
 * A resource must name the key ARN itself in these fields, as every platform API does (composedKeyArn).
 */
export const ID_RESOLVED_KEY_SELECTORS: Readonly<Record<string, readonly string[]>> = {
  'cloudtrail.aws.m.upbound.io/EventDataStore': ['kmsKeyIdSelector'],
  'cloudtrail.aws.m.upbound.io/Trail': ['kmsKeyIdSelector'],
  'lambda.aws.m.upbound.io/EventSourceMapping': ['kmsKeyArnSelector'],
  'lambda.aws.m.upbound.io/Function': ['kmsKeyArnSelector'],
  'rds.aws.m.upbound.io/Cluster': ['masterUserSecretKmsKeyIdSelector'],
  'rds.aws.m.upbound.io/ClusterInstance': ['performanceInsightsKmsKeyIdSelector'],
  'rds.aws.m.upbound.io/Instance': ['masterUserSecretKmsKeyIdSelector'],
  'secretsmanager.aws.m.upbound.io/Secret': ['kmsKeyIdSelector'],
};

interface KeyReference { readonly field: string; readonly value: unknown; readonly selector: boolean }

/** Every KMS key reference in a resource's forProvider, with its dotted path. */
export function keyReferences(o: KubeObject): KeyReference[] {
  const out: KeyReference[] = [];
  const walk = (v: unknown, path: string) => {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        const m = KMS_FIELD.exec(k) ?? (o.kind === 'Parameter' && o.apiVersion.startsWith('ssm.') && k === 'keyId' ? [k, undefined] : null);
        if (m && x !== undefined && x !== null && x !== '') out.push({ field: `${path}.${k}`, value: x, selector: m[1] === 'Selector' });
        else walk(x, `${path}.${k}`);
      }
    }
  };
  if (KMS_KEY_KIND_SET.has(kindOf(o))) walk(o.spec?.forProvider, 'spec.forProvider');
  return out;
}

/** `alias/aws/<service>` or its ARN: a key AWS manages, which the customer neither controls nor rotates on their terms. */
const AWS_MANAGED_KEY = /^(?:arn:[a-z-]+:kms:[a-z0-9-]+:\d{12}:)?alias\/aws\//;

function keyVerdicts(set: ResourceSet, r: ComposedResource): RuleResult[] {
  const ns = r.object.metadata?.namespace;
  const rotates = (k: ComposedResource) => k.object.spec?.forProvider?.enableKeyRotation === true;
  return keyReferences(r.object).flatMap((ref): RuleResult[] => {
    if (ref.selector) {
      const name = ref.field.slice(ref.field.lastIndexOf('.') + 1);
      if (ID_RESOLVED_KEY_SELECTORS[kindOf(r.object)]?.includes(name)) {
        return [fail(r, ref.field, `${ref.field}: provider-aws resolves this selector to the key id while AWS reports the key ARN, a difference the provider tries to correct on every poll: set ${name.replace(/Selector$/, '')} to the EncryptionKey's key ARN (status.keyArn), as the platform APIs do`)];
      }
      const keys = resolved(set, r, ref.value as Selector, KEY);
      if (keys.length === 0) return []; // the key is composed elsewhere (another XR): not judged here
      const still = keys.filter((k) => !rotates(k));
      return [still.length
        ? fail(r, ref.field, `${ref.field} selects ${still.map((k) => k.ref).join(', ')}, which does not rotate: select an EncryptionKey's key (rotation is always on) or set enableKeyRotation: true on it`)
        : pass(r, ref.field)];
    }
    if (typeof ref.value !== 'string') return [];
    if (AWS_MANAGED_KEY.test(ref.value)) {
      return [fail(r, ref.field, `${ref.field} names an AWS-managed key (${ref.value}): use the environment's EncryptionKey (a customer-managed key that rotates)`)];
    }
    if (!parseArn(ref.value)) return []; // a key id or a custom alias: cannot be resolved from the set
    const keys = ofKind(set, KEY).filter((k) => reportedArn(k) === ref.value);
    if (keys.length === 0) return []; // the key is not in the set (not yet reported, or another XR's): not judged
    const own = keys.filter((k) => k.object.metadata?.namespace === ns);
    if (own.length === 0) {
      return [fail(r, ref.field, `${ref.field} names ${keys[0].ref}, a key of another environment (namespace ${keys[0].object.metadata?.namespace}): use an EncryptionKey of ${ns}`)];
    }
    return [own.every(rotates) ? pass(r, ref.field) : fail(r, ref.field, `${ref.field} names ${own[0].ref}, which does not rotate: set enableKeyRotation: true (EncryptionKey always does)`)];
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Tags
// ---------------------------------------------------------------------------------------------------------------

/** The tags every taggable resource carries (`lib/common.ts` merges them in; a claim cannot override them). */
export const REQUIRED_TAGS = ['Environment', 'Owner', 'CostCenter', 'DataClassification', 'ManagedBy'] as const;

function tagVerdicts(r: ComposedResource): RuleResult[] {
  const tags = (r.object.spec?.forProvider?.tags ?? {}) as Record<string, unknown>;
  const missing = REQUIRED_TAGS.filter((t) => typeof tags[t] !== 'string' || (tags[t] as string).trim() === '');
  if (missing.length === 0) return [pass(r, 'spec.forProvider.tags')];
  return missing.map((t) => fail(r, `spec.forProvider.tags.${t}`, `add the ${t} tag (the platform sets ${REQUIRED_TAGS.join(', ')} on every taggable resource from the common parameters; do not remove them)`));
}

export const CROSSCUTTING_RULES: readonly Rule[] = [
  {
    id: 'SB-CROSS-1',
    title: "Every customer-managed key a resource uses is a rotating key of the resource's own environment",
    severity: 'high',
    rationale: 'A resource encrypted with an AWS-managed key, with a key that does not rotate, or with another environment\'s key escapes the key policy, rotation and deletion safeguards the environment\'s EncryptionKey gives; another environment\'s key also couples their lifecycles and access.',
    reads: [KEY, ...KMS_KEY_KINDS],
    mappings: { cis: ['3.6'], nist80053: ['SC-12', 'SC-28'], pciDss: ['3.6.1', '3.7.4'], soc2: ['CC6.1'] },
    check: (set) => KMS_KEY_KINDS.flatMap((k) => ofKind(set, k)).flatMap((r) => keyVerdicts(set, r)),
  },
  {
    id: 'SB-CROSS-2',
    title: 'Every taggable resource carries the Environment, Owner, CostCenter, DataClassification and ManagedBy tags',
    severity: 'low',
    rationale: 'The tags are the asset inventory: who owns a resource, who pays for it, how sensitive its data is and that the platform manages it (so nobody edits it by hand). Incident response and data-handling decisions start from them.',
    reads: TAGGABLE_KINDS,
    mappings: { nist80053: ['CM-8'], pciDss: ['12.5.1'], soc2: ['CC6.1'], awsConfig: 'REQUIRED_TAGS' },
    check: (set) => TAGGABLE_KINDS.flatMap((k) => ofKind(set, k)).flatMap(tagVerdicts),
  },
];
