import { COMMON_PROPERTIES, COMMON_REQUIRED, COMMON_RULES, type CommonParameters } from '../../lib/common';
import { arr, bool, int, map, obj, str, type JsonSchema, type Schema } from '../../lib/schema';
import type { Member } from './members';

/** Common parameters a member takes from its environment (it may set its own dataClassification). */
export const INHERITED = Object.keys(COMMON_PROPERTIES).filter((k) => k !== 'dataClassification');

const NAME_PATTERN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';

/** One member of an environment: its name and the spec of its API without the inherited common parameters. */
export type MemberSpec = { readonly name: string } & Record<string, unknown>;

/**
 * A whole environment in one resource: encryption keys, network, compliance monitoring, IAM guardrails, and the
 * workloads' data stores, each composed as the platform API of its own (a nested XR named after the member, in
 * this namespace, so members reference each other by those names). Common parameters are set once, here.
 */
export interface SecureEnvironmentParameters extends CommonParameters {
  /** Customer-managed keys; at least one. */
  readonly encryptionKeys: readonly MemberSpec[];
  /** @default none (no VPC) */
  readonly network?: Partial<MemberSpec>;
  /** @default [] */
  readonly buckets?: readonly MemberSpec[];
  /** @default [] */
  readonly databases?: readonly MemberSpec[];
  /** @default [] */
  readonly tables?: readonly MemberSpec[];
  /** @default [] */
  readonly secrets?: readonly MemberSpec[];
  /** @default [] */
  readonly parameters?: readonly MemberSpec[];
  readonly [field: string]: unknown;
}

/**
 * The schema of a member: its API's spec schema without the inherited common parameters, defaults and CEL rules.
 * Defaults and rules stay with the nested XR's own API (they see the inherited tier, so prod rules still hold);
 * the function checks every member against its API when composing, naming the member's field on a violation.
 * Keeping them out also keeps this CRD's CEL cost bounded however many members there are.
 */
export function memberSchema(m: Member): JsonSchema {
  const source = m.api.specSchema;
  const properties: Record<string, Schema> = Object.fromEntries(Object.entries(source.properties ?? {}).filter(([k]) => !INHERITED.includes(k)).map(([k, v]) => [k, strip(v)]));
  const required = ((source.required as string[] | undefined) ?? []).filter((r) => !INHERITED.includes(r));
  const name = m.cardinality === 'list'
    ? str(`Name of the ${m.api.kind} (the nested resource's name in this namespace; other members reference it by this name).`, { pattern: NAME_PATTERN, maxLength: 63 })
    : str(`Name of the ${m.api.kind} (the nested resource's name in this namespace). Defaults to ${m.defaultName}.`, { pattern: NAME_PATTERN, maxLength: 63 });
  // Built from other APIs' schemas at run time: typed as the schema of any object (the members' types are theirs).
  const memberProperties: Record<string, Schema> = { name, ...properties };
  return obj(m.description, memberProperties, { required: m.cardinality === 'list' ? ['name', ...required] : required });
}

function strip(s: JsonSchema): JsonSchema {
  const out: JsonSchema = {};
  for (const [k, v] of Object.entries(s)) {
    if (k === 'default' || k === 'x-kubernetes-validations') continue;
    if (k === 'properties') out.properties = Object.fromEntries(Object.entries(v as Record<string, JsonSchema>).map(([pk, pv]) => [pk, strip(pv)]));
    else if ((k === 'items' || k === 'additionalProperties') && v && typeof v === 'object') out[k] = strip(v as JsonSchema);
    else out[k] = v;
  }
  return out;
}

/** The environment's spec: the common parameters once, and a field per member (one nested XR or a list). */
export function secureEnvironmentSpec(members: readonly Member[]): JsonSchema {
  const memberProperties: Record<string, Schema> = Object.fromEntries(members.map((m) => [m.field, m.cardinality === 'one'
    ? memberSchema(m)
    : arr(m.description, memberSchema(m), { maxItems: m.maxItems, minItems: m.required ? 1 : undefined, listType: 'map', listMapKeys: ['name'] })]));
  const environmentProperties: Record<string, Schema> = { ...COMMON_PROPERTIES, ...memberProperties };
  return obj('Desired state of the environment: its common parameters once, and every member.', environmentProperties, {
    required: [...COMMON_REQUIRED, ...members.filter((m) => m.cardinality === 'list' && m.required).map((m) => m.field)],
    rules: [...COMMON_RULES],
  });
}

export const SECURE_ENVIRONMENT_STATUS: JsonSchema = obj('The environment\'s compliance summary, from what its members report.', {
  encryptionKeyArns: map('ARN of each customer-managed key, by EncryptionKey name, once created.', str('A KMS key ARN.')),
  encryptedResources: int('Members that store data encrypted with one of the environment\'s customer-managed keys (buckets, databases, tables, secrets, parameter sets, functions, APIs\' logs, trails, flow logs).'),
  securityFeatures: arr('Security features this environment has on, by name (see the SecureEnvironment README for each).', str('A feature.')),
  configRuleNames: arr('AWS Config rules evaluating the account, once ComplianceMonitoring reports them.', str('A Config rule name.')),
  vpcId: str('Id of the environment\'s VPC, once created.'),
  subnetIds: obj('Subnet ids per tier, once created.', {
    public: arr('Public subnets.', str('A subnet id.')),
    private: arr('Private application subnets.', str('A subnet id.')),
    database: arr('Isolated database subnets.', str('A subnet id.')),
  }),
  databaseEndpointParameters: map('SSM parameter holding the writer endpoint, by AuroraDatabase name.', str('An SSM parameter name.')),
  alarmTopicArn: str('SNS topic receiving security alarms and findings, once ComplianceMonitoring reports it.'),
  members: int('Nested platform resources composed.'),
  readyMembers: int('Nested platform resources that report Ready.'),
  deletionProtection: bool('Whether every member keeps its AWS resources on deletion.'),
});
