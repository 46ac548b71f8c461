/**
 * SecureEnvironment → one nested XR per member (EncryptionKeys, Network, data stores, …), each an instance of its
 * own platform API, named after the member in this namespace, with the environment's common parameters and its
 * tier's defaults. The nested XRs compose the AWS resources (and the Usages between them) themselves; this
 * composer checks that the members fit together (every reference names a member of the environment) and reports
 * the environment's compliance summary from what the members report.
 */
import { componentLabels, referencedKindOf } from '../../lib/common';
import { InputError, type ComposeInput, type Composition, type KubeObject } from '../../lib/composer';
import { parseSpec } from '../../lib/parameters';
import { API_GROUP_VERSION, LABEL_PREFIX } from '../../lib/platform';
import type { JsonSchema } from '../../lib/schema';
import type { AuroraDatabaseStatus } from '../aurora-database/parameters';
import type { ComplianceMonitoringStatus } from '../compliance-monitoring/parameters';
import type { EncryptionKeyStatus } from '../encryption-key/parameters';
import type { NetworkStatus } from '../network/parameters';
import type { Member } from './members';
import { INHERITED, type MemberSpec, type SecureEnvironmentParameters } from './parameters';
import { tierDefaultsOf } from './tier-defaults';

export const KIND = 'SecureEnvironment';
/** Label on every nested XR: the environment it belongs to. */
const ENVIRONMENT_LABEL = `${LABEL_PREFIX}/environment`;

export interface MemberInstance {
  readonly member: Member;
  /** Path of the member in the SecureEnvironment spec, e.g. `spec.buckets[1]`. */
  readonly path: string;
  readonly name: string;
  /** The nested XR's spec as written (its API defaults it). */
  readonly spec: Record<string, unknown>;
}

/** Every member of the environment with the spec its nested XR gets. */
export function membersOf(p: SecureEnvironmentParameters, members: readonly Member[]): MemberInstance[] {
  const inherited = Object.fromEntries(INHERITED.map((k) => [k, (p as unknown as Record<string, unknown>)[k]]).filter(([, v]) => v !== undefined));
  const tier = tierDefaultsOf(members)[p.tier];
  const out: MemberInstance[] = [];
  for (const member of members) {
    const value = p[member.field];
    if (value === undefined) continue;
    const items = member.cardinality === 'list' ? (value as MemberSpec[]).map((v, i) => [v, `spec.${member.field}[${i}]`] as const) : [[value as MemberSpec, `spec.${member.field}`] as const];
    for (const [item, path] of items) {
      const { name = member.cardinality === 'one' ? member.defaultName : '', ...own } = item;
      out.push({
        member, path, name,
        spec: { dataClassification: p.dataClassification, ...tier.perKind[member.api.kind], ...own, ...inherited },
      });
    }
  }
  return out;
}

/** Throws InputError naming the member's field when a member is invalid for its API or does not fit the rest. */
export function checkMembers(instances: readonly MemberInstance[], members: readonly Member[]): void {
  const seen = new Map<string, string>();
  // Nested XRs that members compose themselves take names in the namespace too.
  for (const i of instances) {
    for (const x of i.member.nestedXrsOf?.(i.name) ?? []) seen.set(`${x.kind}/${x.name}`, `${i.path} (its ${x.kind} ${x.name})`);
  }
  for (const i of instances) {
    const id = `${i.member.api.kind}/${i.name}`;
    if (seen.has(id)) throw new InputError(`${i.path}.name`, `${i.member.api.kind} ${i.name} is already defined at ${seen.get(id)}`);
    seen.set(id, i.path);
  }
  for (const i of instances) {
    try {
      parseSpec(i.member.api, i.spec);
    } catch (e) {
      if (e instanceof InputError) throw new InputError(e.field.replace(/^spec/, i.path), e.message.slice(e.field.length + 2));
      throw e;
    }
    for (const [path, ref, kind] of referencesIn(i.spec, i.member.api.specSchema, i.path)) {
      const names = instances.filter((x) => x.member.api.kind === kind).map((x) => x.name);
      const field = members.find((m) => m.api.kind === kind)?.field;
      if (!field) throw new InputError(`${path}.name`, `names the ${kind} ${ref}, and a ${kind} cannot be a member of an environment`);
      if (!names.includes(ref)) throw new InputError(`${path}.name`, `names ${ref}, which is not in spec.${field} of this environment (${names.join(', ') || 'none'})`);
    }
  }
}

/**
 * The references a member holds (`[path, name, kind]`): wherever its API's schema has a localRef, read from the
 * schema rather than guessed from field names. A reference to something outside the environment is an error here
 * rather than a nested XR waiting forever.
 */
function referencesIn(value: unknown, schema: JsonSchema | undefined, path: string): Array<[string, string, string]> {
  if (!schema || value === null || typeof value !== 'object') return [];
  const kind = referencedKindOf(schema);
  const name = (value as { name?: unknown }).name;
  if (kind) return typeof name === 'string' ? [[path, name, kind]] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => referencesIn(v, schema.items as JsonSchema | undefined, `${path}[${i}]`));
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  return Object.entries(value).flatMap(([k, v]) => referencesIn(v, properties[k], `${path}.${k}`));
}

export function resourceNameOf(i: Pick<MemberInstance, 'member' | 'name'>): string {
  return `${i.member.prefix}-${i.name}`;
}

const isReady = (o: KubeObject | undefined) => (o?.status?.conditions ?? []).some((c: { type?: string; status?: string }) => c.type === 'Ready' && c.status === 'True');

export function composeSecureEnvironment({ xr, observed }: ComposeInput<SecureEnvironmentParameters>, members: readonly Member[]): Composition {
  const p = xr.spec;
  const instances = membersOf(p, members);
  checkMembers(instances, members);

  const resources: Record<string, KubeObject> = {};
  for (const i of instances) {
    const key = resourceNameOf(i);
    resources[key] = {
      apiVersion: API_GROUP_VERSION,
      kind: i.member.api.kind,
      metadata: { name: i.name, labels: { ...componentLabels(KIND, xr.metadata.name, key), [ENVIRONMENT_LABEL]: p.environment } },
      spec: i.spec,
    };
  }

  // What the members of these kinds report, typed by their APIs' status schemas.
  const reported = <S>(kind: string) => instances.filter((i) => i.member.api.kind === kind).map((i) => [i.name, (observed[resourceNameOf(i)]?.status ?? {}) as Partial<S>] as const);
  const [network] = reported<NetworkStatus>('Network');
  const [compliance] = reported<ComplianceMonitoringStatus>('ComplianceMonitoring');
  const keyArns = Object.fromEntries(reported<EncryptionKeyStatus>('EncryptionKey').map(([n, s]) => [n, s.keyArn]).filter(([, v]) => typeof v === 'string'));
  const endpointParameters = Object.fromEntries(reported<AuroraDatabaseStatus>('AuroraDatabase').map(([n, s]) => [n, s.endpointParameterName]).filter(([, v]) => typeof v === 'string'));

  const status: Record<string, unknown> = {
    encryptionKeyArns: keyArns,
    encryptedResources: instances.filter((i) => i.member.encryptsData).length,
    securityFeatures: securityFeaturesOf(p, instances),
    members: instances.length,
    readyMembers: instances.filter((i) => isReady(observed[resourceNameOf(i)])).length,
    deletionProtection: p.deletionProtection,
    databaseEndpointParameters: endpointParameters,
  };
  if (network) {
    const [, s] = network;
    if (s.vpcId) status.vpcId = s.vpcId;
    if (s.subnetIds) status.subnetIds = s.subnetIds;
  }
  if (compliance) {
    const [, s] = compliance;
    if (Array.isArray(s.configRuleNames)) status.configRuleNames = s.configRuleNames;
    if (s.alarmTopicArn) status.alarmTopicArn = s.alarmTopicArn;
  }
  return { resources, status };
}

/**
 * Names of the security features the environment's members turn on. Most are not switches at all (every key
 * rotates, every bucket is TLS-only): they are listed because they hold, so an auditor reads them in one place.
 */
export function securityFeaturesOf(p: SecureEnvironmentParameters, instances: readonly MemberInstance[]): string[] {
  const features = new Set<string>(['kms-customer-managed-keys', 'kms-key-rotation', 'tls-only-resource-policies', 'mandatory-tags']);
  if (p.deletionProtection) features.add('deletion-protection');
  // Each member's API says what its resources have on (PlatformApi.securityFeatures).
  for (const i of instances) for (const f of i.member.api.securityFeatures?.(i.spec) ?? []) features.add(f);
  return [...features].sort();
}
