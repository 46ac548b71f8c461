/**
 * SecureEnvironment → one nested XR per member (EncryptionKeys, Network, data stores, …), each an instance of its
 * own platform API, named after the member in this namespace, with the environment's common parameters and its
 * tier's defaults. The nested XRs compose the AWS resources (and the Usages between them) themselves; this
 * composer checks that the members fit together (every reference names a member of the environment) and reports
 * the environment's compliance summary from what the members report.
 */
import { componentLabels } from '../../lib/common';
import { InputError, type ComposeInput, type Composition, type KubeObject } from '../../lib/composer';
import { parseSpec } from '../../lib/parameters';
import { API_GROUP_VERSION, LABEL_PREFIX } from '../../lib/platform';
import { auditBucketXrNameOf } from '../compliance-monitoring/composer';
import { MEMBERS, type Member } from './members';
import { INHERITED, type MemberSpec, type SecureEnvironmentParameters } from './parameters';
import { TIER_DEFAULTS } from './tier-defaults';

export const KIND = 'SecureEnvironment';
/** Label on every nested XR: the environment it belongs to. */
const ENVIRONMENT_LABEL = `${LABEL_PREFIX}/environment`;

/**
 * Reference fields a member may hold (anywhere in its spec, as `{ name }`), and the member list they must name.
 * A reference to something outside the environment is an error here rather than a nested XR waiting forever.
 */
export const REFERENCES: Readonly<Record<string, string>> = {
  encryptionKeyRef: 'encryptionKeys',
  networkRef: 'network',
  bucketRef: 'buckets',
  functionRef: 'functions',
  // A SecureFunction's permissions: lists of references.
  readBuckets: 'buckets',
  writeBuckets: 'buckets',
  readTables: 'tables',
  writeTables: 'tables',
  readSecrets: 'secrets',
  decryptWith: 'encryptionKeys',
  invokeFunctions: 'functions',
  rotateSecrets: 'secrets',
  connectDatabases: 'databases',
};

export interface MemberInstance {
  readonly member: Member;
  /** Path of the member in the SecureEnvironment spec, e.g. `spec.buckets[1]`. */
  readonly path: string;
  readonly name: string;
  /** The nested XR's spec as written (its API defaults it). */
  readonly spec: Record<string, unknown>;
}

/** Every member of the environment with the spec its nested XR gets. */
export function membersOf(p: SecureEnvironmentParameters): MemberInstance[] {
  const inherited = Object.fromEntries(INHERITED.map((k) => [k, (p as unknown as Record<string, unknown>)[k]]).filter(([, v]) => v !== undefined));
  const tier = TIER_DEFAULTS[p.tier];
  const out: MemberInstance[] = [];
  for (const member of MEMBERS) {
    const value = p[member.field];
    if (value === undefined) continue;
    const items = member.cardinality === 'list' ? (value as MemberSpec[]).map((v, i) => [v, `spec.${member.field}[${i}]`] as const) : [[value as MemberSpec, `spec.${member.field}`] as const];
    for (const [item, path] of items) {
      const { name = member.defaultName!, ...own } = item;
      out.push({
        member, path, name,
        spec: { dataClassification: p.dataClassification, ...tier.perKind[member.api.kind], ...own, ...inherited },
      });
    }
  }
  return out;
}

/** Throws InputError naming the member's field when a member is invalid for its API or does not fit the rest. */
export function checkMembers(instances: readonly MemberInstance[]): void {
  const seen = new Map<string, string>();
  // Nested XRs that members compose themselves take names in the namespace too.
  for (const i of instances.filter((x) => x.member.api.kind === 'ComplianceMonitoring')) {
    seen.set(`SecureBucket/${auditBucketXrNameOf(i.name)}`, `${i.path} (its audit-log SecureBucket)`);
  }
  for (const i of instances) {
    const id = `${i.member.api.kind}/${i.name}`;
    if (seen.has(id)) throw new InputError(`${i.path}.name`, `${i.member.api.kind} ${i.name} is already defined at ${seen.get(id)}`);
    seen.set(id, i.path);
  }
  const names = (field: string) => instances.filter((i) => i.member.field === field).map((i) => i.name);
  for (const i of instances) {
    try {
      parseSpec(i.member.api, i.spec);
    } catch (e) {
      if (e instanceof InputError) throw new InputError(e.field.replace(/^spec/, i.path), e.message.slice(e.field.length + 2));
      throw e;
    }
    for (const [path, ref, target] of referencesIn(i.spec, i.path)) {
      if (!names(target).includes(ref)) throw new InputError(`${path}.name`, `names ${ref}, which is not in spec.${target} of this environment (${names(target).join(', ') || 'none'})`);
    }
  }
}

function referencesIn(value: unknown, path: string): Array<[string, string, string]> {
  if (Array.isArray(value)) return value.flatMap((v, i) => referencesIn(v, `${path}[${i}]`));
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => {
    const target = REFERENCES[k];
    const isRef = (x: unknown): x is { name: string } => !!x && typeof x === 'object' && typeof (x as { name?: unknown }).name === 'string';
    if (target && isRef(v)) return [[`${path}.${k}`, v.name, target] as [string, string, string]];
    if (target && Array.isArray(v) && v.every(isRef)) return v.map((r, i) => [`${path}.${k}[${i}]`, r.name, target] as [string, string, string]);
    return referencesIn(v, `${path}.${k}`);
  });
}

export function resourceNameOf(i: Pick<MemberInstance, 'member' | 'name'>): string {
  return `${i.member.prefix}-${i.name}`;
}

const isReady = (o: KubeObject | undefined) => (o?.status?.conditions ?? []).some((c: { type?: string; status?: string }) => c.type === 'Ready' && c.status === 'True');

export function composeSecureEnvironment({ xr, observed }: ComposeInput<SecureEnvironmentParameters>): Composition {
  const p = xr.spec;
  const instances = membersOf(p);
  checkMembers(instances);

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

  const statusOf = (i: MemberInstance): Record<string, any> => observed[resourceNameOf(i)]?.status ?? {};
  const of = (field: string) => instances.filter((i) => i.member.field === field);
  const network = of('network')[0];
  const keyArns = Object.fromEntries(of('encryptionKeys').map((i) => [i.name, statusOf(i).keyArn]).filter(([, v]) => typeof v === 'string'));
  const endpointParameters = Object.fromEntries(of('databases').map((i) => [i.name, statusOf(i).endpointParameterName]).filter(([, v]) => typeof v === 'string'));
  const compliance = of('complianceMonitoring')[0];

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
    const s = statusOf(network);
    if (s.vpcId) status.vpcId = s.vpcId;
    if (s.subnetIds) status.subnetIds = s.subnetIds;
  }
  if (compliance) {
    const s = statusOf(compliance);
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
