import { describe, expect, it } from '@jest/globals';
import { XpCompositeResourceDefinitionV2 } from '../../imports/crossplane-apiextensions-apiextensions.crossplane.io';
import { InputError, type KubeObject } from '../../lib/composer';
import { referencedKindOf } from '../../lib/common';
import type { JsonSchema } from '../../lib/schema';
import { xrdProps } from '../../synth/definitions';
import { PLATFORM_APIS, secureEnvironmentApi } from '..';
import { parseSpec } from '../../lib/parameters';
import { expandXrs, previewClaim } from '../../synth/preview';
import { asXr, DEV_COMMON, PROD_COMMON, xrObject } from '../../test/support/xr';
import { KubeValidator } from '../../lib/validation';
import { SECURE_ENVIRONMENT_EXAMPLES } from './examples';
import { checkMembers, membersOf } from './composer';
import type { SecureEnvironmentParameters } from './parameters';
import { tierDefaultsOf } from './tier-defaults';

const MEMBERS = secureEnvironmentApi.members;
const TIER_DEFAULTS = tierDefaultsOf(MEMBERS);

const key = { name: 'data', description: 'Data at rest', services: ['s3', 'log-delivery', 'logs', 'rds'] };
const base = {
  ...DEV_COMMON,
  encryptionKeys: [key],
  network: { cidr: '10.1.0.0/16', encryptionKeyRef: { name: 'data' } },
  buckets: [{ name: 'uploads', encryptionKeyRef: { name: 'data' } }],
};
const prodDb = {
  name: 'orders', networkRef: { name: 'main' }, encryptionKeyRef: { name: 'data' }, engine: 'postgresql', engineVersion: '16.9',
  instanceClass: 'db.r6g.large', databaseName: 'orders', masterUsername: 'orders_owner', availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
};

function compose(spec: Record<string, unknown>, observed: Record<string, KubeObject> = {}, name = 'dev') {
  const xr = xrObject('SecureEnvironment', name, spec);
  return secureEnvironmentApi.compose({ xr: asXr(xr, parseSpec<SecureEnvironmentParameters>(secureEnvironmentApi, spec)), observed, required: {} });
}
const ready = (o: KubeObject, status: Record<string, unknown>): KubeObject => ({ ...o, status: { ...status, conditions: [{ type: 'Ready', status: 'True', reason: 'Available' }] } });

describe('SecureEnvironment composer', () => {
  it('composes one nested XR per member, named after it, under a stable resource name', () => {
    const out = compose(base);
    expect(Object.keys(out.resources).sort()).toEqual(['bucket-uploads', 'encryption-key-data', 'network-main']);
    expect(Object.values(out.resources).map((r) => `${r.apiVersion}/${r.kind}/${r.metadata!.name}`).sort()).toEqual([
      'platform.secure-baseline.io/v1alpha1/EncryptionKey/data', 'platform.secure-baseline.io/v1alpha1/Network/main', 'platform.secure-baseline.io/v1alpha1/SecureBucket/uploads',
    ]);
  });

  it('gives every member the environment\'s common parameters and its tier\'s defaults; the member\'s own values win', () => {
    const out = compose({ ...base, tags: { Team: 'a' }, buckets: [{ name: 'uploads', encryptionKeyRef: { name: 'data' }, accessLogRetentionDays: 400, dataClassification: 'restricted' }] });
    expect(out.resources['bucket-uploads'].spec).toEqual({
      ...DEV_COMMON, tags: { Team: 'a' }, providerConfigRef: { kind: 'ClusterProviderConfig', name: 'default' }, deletionProtection: false,
      compliance: { enforce: false, suppressions: [] },
      dataClassification: 'restricted', encryptionKeyRef: { name: 'data' }, accessLogRetentionDays: 400, noncurrentVersionExpirationDays: TIER_DEFAULTS.dev.perKind.SecureBucket.noncurrentVersionExpirationDays,
    });
    expect(out.resources['network-main'].spec).toMatchObject({ flowLogRetentionDays: 90, dataClassification: 'confidential' });
  });

  it('prod members get deletion protection and the prod defaults', () => {
    const out = compose({ ...base, ...PROD_COMMON, databases: [prodDb] }, {}, 'prod');
    for (const r of Object.values(out.resources)) expect([r.metadata!.name, r.spec.deletionProtection, r.spec.tier]).toEqual([r.metadata!.name, true, 'prod']);
    expect(out.resources['network-main'].spec).toMatchObject(TIER_DEFAULTS.prod.perKind.Network);
    expect(out.resources['database-orders'].spec).toMatchObject({ backupRetentionDays: 35, instances: 2 });
  });

  it('reports the compliance summary from what the members report', () => {
    const first = compose({ ...base, databases: [{ ...prodDb, availabilityZones: undefined, instanceClass: 'db.t4g.medium' }] });
    expect(first.status).toEqual({
      encryptionKeyArns: {}, databaseEndpointParameters: {}, encryptedResources: 3, members: 4, readyMembers: 0, deletionProtection: false,
      securityFeatures: expect.arrayContaining(['kms-key-rotation', 'vpc-flow-logs', 's3-public-access-block', 'aurora-tls-enforced']),
    });
    const keyArn = 'arn:aws:kms:us-east-1:111111111111:key/abc';
    const subnetIds = { public: [], private: ['subnet-1'], database: ['subnet-2'] };
    const observed = {
      'encryption-key-data': ready(first.resources['encryption-key-data'], { keyArn }),
      'network-main': ready(first.resources['network-main'], { vpcId: 'vpc-1', subnetIds }),
      'database-orders': ready(first.resources['database-orders'], { endpointParameterName: '/dev/orders/endpoint' }),
    };
    expect(compose({ ...base, databases: [{ ...prodDb, availabilityZones: undefined, instanceClass: 'db.t4g.medium' }] }, observed).status).toMatchObject({
      encryptionKeyArns: { data: keyArn }, vpcId: 'vpc-1', subnetIds, databaseEndpointParameters: { orders: '/dev/orders/endpoint' }, readyMembers: 3,
    });
  });

  it('lists only the features its members turn on', () => {
    const features = compose({ ...DEV_COMMON, encryptionKeys: [key] }).status.securityFeatures as string[];
    expect(features).not.toContain('vpc-flow-logs');
    expect(features).not.toContain('deletion-protection');
    expect(compose({ ...base, ...PROD_COMMON }).status.securityFeatures).toContain('deletion-protection');
  });

  it.each([
    ['no encryption key', { ...base, encryptionKeys: [] }, 'spec.encryptionKeys'],
    ['a bucket using a key not in the environment', { ...base, buckets: [{ name: 'x', encryptionKeyRef: { name: 'other' } }] }, 'spec.buckets[0].encryptionKeyRef.name'],
    ['a database on a network not in the environment', { ...base, databases: [{ ...prodDb, networkRef: { name: 'other' } }] }, 'spec.databases[0].networkRef.name'],
    ['a database without a network', { ...DEV_COMMON, encryptionKeys: [key], databases: [prodDb] }, 'spec.databases[0].networkRef.name'],
    ['two buckets of one name', { ...base, buckets: [{ name: 'x', encryptionKeyRef: { name: 'data' } }, { name: 'x', encryptionKeyRef: { name: 'data' } }] }, 'spec.buckets[1].name'],
    ['a member invalid for its API (pattern)', { ...base, buckets: [{ name: 'x', encryptionKeyRef: { name: 'data' }, bucketName: 'Not_A_Bucket' }] }, 'spec.buckets[0].bucketName'],
    ['a member breaking its API\'s prod rule', { ...base, ...PROD_COMMON, encryptionKeys: [{ ...key, deletionWindowInDays: 7 }] }, 'spec.encryptionKeys[0].deletionWindowInDays'],
    ['a member with a field of no API', { ...base, buckets: [{ name: 'x', encryptionKeyRef: { name: 'data' }, publicRead: true }] }, 'spec.buckets[0].publicRead'],
    ['a member setting an inherited field', { ...base, buckets: [{ name: 'x', encryptionKeyRef: { name: 'data' }, tier: 'prod' }] }, 'spec.buckets[0].tier'],
    ['a member without a name', { ...base, buckets: [{ encryptionKeyRef: { name: 'data' } }] }, 'spec.buckets[0].name'],
    ['a bucket taking the name of the compliance monitoring\'s audit-log bucket', { ...base, complianceMonitoring: { encryptionKeyRef: { name: 'data' } }, buckets: [{ name: 'compliance-audit-logs', encryptionKeyRef: { name: 'data' } }] }, 'spec.buckets[0].name'],
    ['prod without deletion protection', { ...base, tier: 'prod' }, 'spec.deletionProtection'],
    ['too many buckets', { ...base, buckets: Array.from({ length: 21 }, (_, i) => ({ name: `b${i}`, encryptionKeyRef: { name: 'data' } })) }, 'spec.buckets'],
  ])('rejects %s', (_n, spec, field) => {
    expect(() => compose(spec)).toThrow(InputError);
    expect(() => compose(spec)).toThrow(field);
  });

  it('every member\'s schema is its API\'s, less the inherited common parameters, defaults and CEL (the nested API applies those)', () => {
    const spec = secureEnvironmentApi.specSchema.properties!;
    for (const m of MEMBERS) {
      const member = (m.cardinality === 'list' ? spec[m.field].items : spec[m.field]) as { properties: Record<string, unknown> };
      expect(Object.keys(member.properties).sort()).toEqual(['name', ...Object.keys(m.api.specSchema.properties!).filter((k) => !['environment', 'tier', 'region', 'accountId', 'owner', 'costCenter', 'tags', 'providerConfigRef', 'deletionProtection', 'compliance'].includes(k))].sort());
      expect(JSON.stringify(member)).not.toContain('x-kubernetes-validations');
      expect(JSON.stringify(member)).not.toContain('"default"');
    }
  });
});

/** Every localRef in a schema, as `<path> -> <kind>`. */
function referencesOf(schema: JsonSchema | undefined, path: string): string[] {
  if (!schema) return [];
  const kind = referencedKindOf(schema);
  if (kind) return [`${path} -> ${kind}`];
  return [
    ...referencesOf(schema.items as JsonSchema | undefined, `${path}[]`),
    ...Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>).flatMap(([k, v]) => referencesOf(v, `${path}.${k}`)),
  ];
}

describe('SecureEnvironment members and references, from the registrations', () => {
  it('holds, in registry order, every API that declares environmentMember, and nothing else', () => {
    expect(MEMBERS.map((m) => `${m.field}: ${m.api.kind}`)).toEqual(PLATFORM_APIS.filter((a) => a.environmentMember).map((a) => `${a.environmentMember!.field}: ${a.kind}`));
    expect(Object.keys(secureEnvironmentApi.specSchema.properties!).filter((k) => MEMBERS.some((m) => m.field === k))).toEqual(MEMBERS.map((m) => m.field));
    expect(secureEnvironmentApi.specSchema.required).toContain('encryptionKeys');
  });

  // The references a member may hold are read from its API's schema (localRef): this is the list they give.
  it('finds every reference of every member API in its schema, each to a member kind', () => {
    const found = MEMBERS.flatMap((m) => referencesOf(m.api.specSchema, m.api.kind));
    expect(found.sort()).toEqual([
      'AuroraDatabase.encryptionKeyRef -> EncryptionKey', 'AuroraDatabase.networkRef -> Network',
      'ComplianceMonitoring.encryptionKeyRef -> EncryptionKey', 'ConfigParameter.encryptionKeyRef -> EncryptionKey',
      'ManagedSecret.encryptionKeyRef -> EncryptionKey', 'Network.encryptionKeyRef -> EncryptionKey',
      'SecureApi.encryptionKeyRef -> EncryptionKey', 'SecureApi.routes[].functionRef -> SecureFunction',
      'SecureBucket.encryptionKeyRef -> EncryptionKey', 'SecureFunction.encryptionKeyRef -> EncryptionKey',
      'SecureFunction.networkRef -> Network',
      'SecureFunction.permissions.connectDatabases[] -> AuroraDatabase', 'SecureFunction.permissions.decryptWith[] -> EncryptionKey',
      'SecureFunction.permissions.invokeFunctions[] -> SecureFunction', 'SecureFunction.permissions.readBuckets[] -> SecureBucket',
      'SecureFunction.permissions.readSecrets[] -> ManagedSecret', 'SecureFunction.permissions.readTables[] -> SecureTable',
      'SecureFunction.permissions.rotateSecrets[] -> ManagedSecret', 'SecureFunction.permissions.writeBuckets[] -> SecureBucket',
      'SecureFunction.permissions.writeTables[] -> SecureTable', 'SecureFunction.triggers.s3[].bucketRef -> SecureBucket',
      'SecureTable.encryptionKeyRef -> EncryptionKey',
    ].sort());
    const memberKinds = MEMBERS.map((m) => m.api.kind);
    for (const f of found) expect(memberKinds).toContain(f.split(' -> ')[1]);
  });

  it('refuses a reference to a kind that environments do not hold', () => {
    const withoutFunctions = MEMBERS.filter((m) => m.api.kind !== 'SecureFunction');
    const spec = parseSpec<SecureEnvironmentParameters>(secureEnvironmentApi, {
      ...base, apis: [{ name: 'orders', encryptionKeyRef: { name: 'data' }, routes: [{ path: '/orders', method: 'GET', functionRef: { name: 'handler' } }] }],
    });
    expect(() => checkMembers(membersOf(spec, withoutFunctions), withoutFunctions)).toThrow('spec.apis[0].routes[0].functionRef.name: names the SecureFunction handler, and a SecureFunction cannot be a member of an environment');
  });
});

describe('SecureEnvironment examples', () => {
  const validator = KubeValidator.fromPinnedCrds();
  // The nested XRs are validated against the XRDs synth writes, built here from the same definitions.
  for (const api of PLATFORM_APIS) validator.addXrd(XpCompositeResourceDefinitionV2.manifest(xrdProps(api)) as never);
  it.each(SECURE_ENVIRONMENT_EXAMPLES.map((e) => e.name))('%s: the nested XRs and everything they compose are valid as Crossplane creates them', (name) => {
    const example = SECURE_ENVIRONMENT_EXAMPLES.find((e) => e.name === name)!;
    const claim = xrObject('SecureEnvironment', name, { ...example.spec }, 'examples');
    const xrs = expandXrs([claim]);
    expect(xrs.length).toBeGreaterThan(2);
    // As Crossplane creates them: managed resources get a generated name; nested XRs keep theirs.
    const created = xrs.flatMap((x) => Object.values(previewClaim(x, xrs).resources).map((r) => (r.metadata?.name ? r : { ...r, metadata: { ...r.metadata, generateName: `${x.metadata!.name}-` } })));
    expect([...xrs, ...created].flatMap((r) => validator.validate(r)).map((i) => `${i.object}: ${i.path}: ${i.message}`)).toEqual([]);
  });
});

describe('tier defaults (PlatformApi.tierDefaults)', () => {
  const tiers = ['dev', 'staging', 'prod'] as const;
  const cases = PLATFORM_APIS.flatMap((api) => tiers.filter((t) => api.tierDefaults?.[t]).map((t) => [api.kind, t] as const));
  it('come from the APIs that state them, and reach the environment table', () => {
    expect(cases.length).toBeGreaterThan(0);
    for (const [kind, tier] of cases) expect(TIER_DEFAULTS[tier].perKind[kind]).toEqual(PLATFORM_APIS.find((a) => a.kind === kind)!.tierDefaults![tier]);
  });

  // Each API's tier defaults, on an example of that API in that tier, pass its own schema and rules (prod's rules
  // included): an environment cannot receive a default its members would refuse.
  it.each(cases)('%s %s defaults are valid parameters of the API in that tier', (kind, tier) => {
    const api = PLATFORM_APIS.find((a) => a.kind === kind)!;
    const example = api.examples.find((e) => (e.spec as { tier?: string }).tier === tier) ?? api.examples[0];
    const spec = { ...example.spec, tier, ...(tier === 'prod' ? { deletionProtection: true } : {}), ...api.tierDefaults![tier] };
    expect(() => parseSpec(api, spec)).not.toThrow();
  });
});
