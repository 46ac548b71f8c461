/**
 * Parameters every platform API takes (region, account, ownership tags, provider config, deletion safety), their
 * schema, and how composers apply them to managed resources. One definition, so every API behaves the same.
 */
import { LABEL_PREFIX, MANAGED_BY } from './platform';
import { arr, bool, map, obj, str, type CelRule, type JsonSchema, type ObjectOf } from './schema';

export const TIERS = ['dev', 'staging', 'prod'] as const;
export type Tier = (typeof TIERS)[number];

export const DATA_CLASSIFICATIONS = ['public', 'internal', 'confidential', 'restricted'] as const;

/** Tag keys the platform sets itself on every AWS resource; claims cannot override them. */
export const RESERVED_TAG_KEYS = ['Environment', 'Owner', 'CostCenter', 'DataClassification', 'ManagedBy'] as const;

/**
 * Parameters shared by every platform API (the `spec` of every XR starts with these), derived from their schema
 * below: the schema's descriptions are their documentation (`kubectl explain`), its defaults the defaults.
 */
export type CommonParameters = ObjectOf<typeof COMMON_PROPERTIES, (typeof COMMON_REQUIRED)[number]>;
/** How the compliance rules evaluated on every reconcile act, and accepted exceptions. */
export type ComplianceSettings = CommonParameters['compliance'];

const DNS_LABEL = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';
const REGION = '^(us|eu|ap|sa|ca|me|af|il|mx)(-gov)?-(north|south|east|west|central|northeast|southeast|northwest|southwest)-[1-9]$';

/**
 * A reference to another platform resource of `kind` in the same namespace, by its name (`{ name }`); the other
 * resource's status gives what the reference needs (an ARN, subnet ids). The kind is kept beside the schema, not
 * in it (a CRD schema admits no extension keys): a SecureEnvironment finds every reference its members hold by
 * walking their APIs' schemas (referencedKindOf), so a new reference field needs no table.
 */
export function localRef(kind: string, description: string) {
  const schema = obj(description, { name: str(`Name of the ${kind}.`, { pattern: DNS_LABEL, maxLength: 63 }) }, { required: ['name'] });
  REFERENCED_KINDS.set(schema, kind);
  return schema;
}

const REFERENCED_KINDS = new WeakMap<JsonSchema, string>();

/** The kind a schema made by localRef refers to; undefined for any other schema. */
export function referencedKindOf(schema: JsonSchema): string | undefined {
  return REFERENCED_KINDS.get(schema);
}

/** Schema properties of the common parameters; merged into each API's spec schema. */
export const COMMON_PROPERTIES = {
  environment: str('Name of the environment the resource belongs to (e.g. dev, prod-eu); tagged as Environment.', {
    pattern: DNS_LABEL, minLength: 1, maxLength: 32,
  }),
  tier: str('Strictness tier of the environment. prod requires deletionProtection.', { enum: TIERS }),
  region: str('AWS region of every resource composed, e.g. us-east-1.', { pattern: REGION }),
  accountId: str('12-digit AWS account id the resources live in; used in the ARNs of key and bucket policies.', {
    pattern: '^[0-9]{12}$', maxLength: 12,
  }),
  owner: str('Team or person accountable for the resource; tagged as Owner.', { minLength: 1, maxLength: 128 }),
  costCenter: str('Cost center the resource is billed to; tagged as CostCenter.', { minLength: 1, maxLength: 128 }),
  dataClassification: str('Sensitivity of the data; tagged as DataClassification.', {
    enum: DATA_CLASSIFICATIONS, default: 'confidential',
  }),
  tags: map('Extra AWS tags merged into every composed resource that supports tags. The platform sets Environment, Owner, CostCenter, DataClassification and ManagedBy itself; they cannot be overridden here.',
    str('Tag value.', { maxLength: 256 }), {
      default: {},
      maxProperties: 40,
      rules: [
        { rule: `self.all(k, !(k in ${JSON.stringify(RESERVED_TAG_KEYS)}))`, message: `tags must not set the platform's own keys ${RESERVED_TAG_KEYS.join(', ')}` },
        { rule: "self.all(k, size(k) <= 128 && !k.startsWith('aws:'))", message: 'tag keys are at most 128 characters and must not start with aws:' },
      ],
    }),
  providerConfigRef: obj('Crossplane provider config the composed managed resources use (credentials come from IRSA or Pod Identity, never static keys).', {
    kind: str('ClusterProviderConfig (platform-wide) or ProviderConfig (in this namespace).', {
      enum: ['ClusterProviderConfig', 'ProviderConfig'], default: 'ClusterProviderConfig',
    }),
    name: str('Name of the provider config.', { pattern: DNS_LABEL, maxLength: 63, default: 'default' }),
  }, { default: { kind: 'ClusterProviderConfig', name: 'default' } }),
  compliance: obj('How the compliance rules (evaluated on what this resource composes, on every reconcile) act, and the failures accepted for a while. Status shows the result.', {
    enforce: bool('A failing rule stops composition (fatal) instead of warning. Environments of tier prod set it.', { default: false }),
    suppressions: arr('Failing rules accepted for a while, each with a reason and an expiry date; shown in every report. An expired suppression no longer applies.', obj('One accepted failure.', {
      ruleId: str('The rule id, e.g. SB-S3-3.', { pattern: '^SB-[A-Z0-9]+-[0-9]+$' }),
      resource: str('Only results whose resource reference contains this text (e.g. a component name). Every result of the rule when absent.', { minLength: 1, maxLength: 253 }),
      reason: str('Why the failure is accepted, for the auditor.', { minLength: 10, maxLength: 1024 }),
      expires: str('Date (YYYY-MM-DD, UTC) from which the suppression no longer applies. At most a year ahead is good practice.', { pattern: '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$' }),
    }, { required: ['ruleId', 'reason', 'expires'] }), { default: [], maxItems: 50 }),
  }, { default: { enforce: false, suppressions: [] } }),
  deletionProtection: bool('Keep the AWS resources when this resource is deleted (its managed resources get no Delete management policy) and block deleting what it depends on while it exists (Crossplane Usages). Required when tier is prod.', { default: false }),
};

export const COMMON_REQUIRED = ['environment', 'tier', 'region', 'accountId', 'owner', 'costCenter'] as const;

/** Cross-field rules every API's spec carries. */
export const COMMON_RULES: readonly CelRule[] = [
  { rule: "self.tier != 'prod' || self.deletionProtection == true", message: 'deletionProtection must be true when tier is prod', fieldPath: '.deletionProtection' },
];

/** The AWS tags of every taggable composed resource. */
export function awsTags(p: CommonParameters): Record<string, string> {
  return {
    ...p.tags,
    Environment: p.environment,
    Owner: p.owner,
    CostCenter: p.costCenter,
    DataClassification: p.dataClassification,
    ManagedBy: MANAGED_BY,
  };
}

/**
 * Management policies of composed managed resources. With deletion protection the provider may create, update
 * and observe but never delete: deleting the XR orphans the AWS resource instead of destroying data.
 */
export function managementPolicies<T extends string>(p: CommonParameters): T[] {
  // The generated import types declare one string enum per kind with the same values; T is that enum.
  return (p.deletionProtection ? ['Observe', 'Create', 'Update', 'LateInitialize'] : ['*']) as T[];
}

/** Labels of every composed resource: which platform resource and component it is (used by selectors). */
export function componentLabels(kind: string, xrName: string, component: string): Record<string, string> {
  return {
    [`${LABEL_PREFIX}/kind`]: kind.toLowerCase(),
    [`${LABEL_PREFIX}/name`]: xrName,
    [`${LABEL_PREFIX}/component`]: component,
  };
}

/** A selector for a managed resource composed by the same XR, identified by its component label. */
export function sameXrSelector(component: string) {
  return { matchControllerRef: true, matchLabels: { [`${LABEL_PREFIX}/component`]: component } };
}
