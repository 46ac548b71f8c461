import { describe, expect, it } from '@jest/globals';
import { InputError, type KubeObject } from '../../lib/composer';
import { parseSpec } from '../../lib/parameters';
import { asXr, DEV_COMMON, PROD_COMMON, xrObject } from '../../test/support/xr';
import { readyManaged } from '../../synth/steady-state';
import { KubeValidator } from '../../lib/validation';
import { ENCRYPTION_KEY_EXAMPLES } from '../encryption-key/examples';
import { secureTableApi } from '.';
import { SECURE_TABLE_EXAMPLES } from './examples';
import type { SecureTableParameters } from './parameters';

const KEY_ARN = 'arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const base = { ...DEV_COMMON, encryptionKeyRef: { name: 'orders-key' }, partitionKey: { name: 'pk', type: 'S' } };
function key(status: Record<string, unknown>, spec: Record<string, unknown> = {}) {
  return { 'encryption-key': [{ ...xrObject('EncryptionKey', 'orders-key', spec), status }] };
}

/** Composes in a world where the EncryptionKey has reported its ARN, unless `required` says otherwise. */
function compose(spec: Record<string, unknown>, required: Record<string, KubeObject[]> = key({ keyArn: KEY_ARN }), observed: Record<string, KubeObject> = {}, name = 'orders') {
  const xr = xrObject('SecureTable', name, spec);
  return secureTableApi.compose({ xr: asXr(xr, parseSpec<SecureTableParameters>(secureTableApi, spec)), observed, required });
}
const table = (spec: Record<string, unknown>) => compose(spec).resources.table.spec.forProvider;

describe('SecureTable composer', () => {
  it('composes the table, its contributor insights and the key usage under stable names', () => {
    expect(Object.keys(compose(base).resources).sort()).toEqual(['encryption-key-usage', 'table', 'table-contributor-insights']);
    expect(Object.keys(compose({ ...base, contributorInsights: false }).resources).sort()).toEqual(['encryption-key-usage', 'table']);
  });

  it.each([
    ['dev defaults', base, { billingMode: 'PAY_PER_REQUEST', deletionProtectionEnabled: false, policies: ['*'] }],
    ['prod', { ...PROD_COMMON, encryptionKeyRef: { name: 'k' }, partitionKey: { name: 'pk', type: 'S' } }, { billingMode: 'PAY_PER_REQUEST', deletionProtectionEnabled: true, policies: ['Observe', 'Create', 'Update', 'LateInitialize'] }],
    ['dev with deletion protection', { ...base, deletionProtection: true }, { billingMode: 'PAY_PER_REQUEST', deletionProtectionEnabled: true, policies: ['Observe', 'Create', 'Update', 'LateInitialize'] }],
  ])('%s: billing, deletion protection and management policies', (_n, spec, want) => {
    const out = compose(spec);
    const fp = out.resources.table.spec.forProvider;
    expect(fp.billingMode).toBe(want.billingMode);
    expect(fp.readCapacity).toBeUndefined();
    expect(fp.deletionProtectionEnabled).toBe(want.deletionProtectionEnabled);
    for (const [n, r] of Object.entries(out.resources)) if (r.kind !== 'Usage') expect([n, r.spec.managementPolicies]).toEqual([n, want.policies]);
  });

  it('always encrypts with the referenced CMK (selector) and keeps point-in-time recovery on', () => {
    for (const [spec, days] of [[base, 35], [{ ...base, pointInTimeRecoveryDays: 7 }, 7]] as const) {
      const fp = table(spec);
      expect(fp.serverSideEncryption).toEqual({ enabled: true, kmsKeyArn: KEY_ARN });
      expect(fp.pointInTimeRecovery).toEqual({ enabled: true, recoveryPeriodInDays: days });
    }
    expect(() => compose({ ...base, pointInTimeRecovery: false })).toThrow('spec.pointInTimeRecovery');
  });

  it('tags the table and names it <environment>-<name> unless told', () => {
    const r = compose(base).resources.table;
    expect(r.metadata?.annotations?.['crossplane.io/external-name']).toBe('dev-orders');
    expect(r.spec.forProvider.tags).toMatchObject({ Environment: 'dev', ManagedBy: 'crossplane/secure-baseline' });
    expect(compose({ ...base, tableName: 'custom.table' }).status.tableName).toBe('custom.table');
  });

  it('derives deduplicated attribute definitions from the table and index keys', () => {
    const fp = table({
      ...base, sortKey: { name: 'sk', type: 'N' },
      globalSecondaryIndexes: [
        { name: 'gsi1', partitionKey: { name: 'sk', type: 'N' }, sortKey: { name: 'pk', type: 'S' } },
        { name: 'gsi2', partitionKey: { name: 'status', type: 'S' }, projectionType: 'INCLUDE', nonKeyAttributes: ['total'] },
      ],
    });
    expect(fp.hashKey).toBe('pk');
    expect(fp.rangeKey).toBe('sk');
    expect(fp.attribute).toEqual([{ name: 'pk', type: 'S' }, { name: 'sk', type: 'N' }, { name: 'status', type: 'S' }]);
    expect(fp.globalSecondaryIndex).toEqual([
      { name: 'gsi1', hashKey: 'sk', rangeKey: 'pk', projectionType: 'ALL' },
      { name: 'gsi2', hashKey: 'status', projectionType: 'INCLUDE', nonKeyAttributes: ['total'] },
    ]);
  });

  it('provisioned: table capacity, and index capacity defaulting to the table\'s', () => {
    const fp = table({ ...base, billingMode: 'PROVISIONED', readCapacity: 10, writeCapacity: 5, globalSecondaryIndexes: [
      { name: 'gsi1', partitionKey: { name: 'a', type: 'S' } }, { name: 'gsi2', partitionKey: { name: 'b', type: 'S' }, readCapacity: 2, writeCapacity: 1 },
    ] });
    expect([fp.readCapacity, fp.writeCapacity]).toEqual([10, 5]);
    expect(fp.globalSecondaryIndex.map((g: { readCapacity: number; writeCapacity: number }) => [g.readCapacity, g.writeCapacity])).toEqual([[10, 5], [2, 1]]);
  });

  it.each([
    ['no stream or TTL', {}, { streamEnabled: false }],
    ['a stream and TTL', { streamViewType: 'NEW_IMAGE', ttlAttribute: 'expiresAt' }, { streamEnabled: true, streamViewType: 'NEW_IMAGE', ttl: { enabled: true, attributeName: 'expiresAt' } }],
  ])('%s', (_n, extra, want) => {
    const fp = table({ ...base, ...extra });
    expect(fp).toMatchObject(want);
    if (!('ttlAttribute' in extra)) expect(fp.ttl).toBeUndefined();
  });

  it('contributor insights select the table composed by the same XR', () => {
    expect(compose(base).resources['table-contributor-insights'].spec.forProvider).toEqual({
      region: 'us-east-1', tableNameSelector: { matchControllerRef: true, matchLabels: { 'platform.secure-baseline.io/component': 'table' } },
    });
  });

  it('composes the table once the key reports its ARN, and keeps the ARN it was composed with', () => {
    expect(Object.keys(compose(base, key({})).resources)).toEqual(['encryption-key-usage']);
    const observed = { table: readyManaged(compose(base).resources.table) };
    expect(compose(base, key({}), observed).resources.table.spec.forProvider.serverSideEncryption).toEqual({ enabled: true, kmsKeyArn: KEY_ARN });
  });

  it('keeps the encryption key from being deleted while the table exists', () => {
    expect(compose(base).resources['encryption-key-usage'].spec).toMatchObject({
      of: { kind: 'EncryptionKey', resourceRef: { name: 'orders-key' } }, by: { kind: 'SecureTable', resourceRef: { name: 'orders' } }, replayDeletion: true,
    });
  });

  it('reports table name, ARN, stream ARN and key from what is observed', () => {
    const desired = compose({ ...base, streamViewType: 'KEYS_ONLY' });
    const waiting = compose({ ...base, streamViewType: 'KEYS_ONLY' }, key({}));
    const streamArn = 'arn:aws:dynamodb:us-east-1:111111111111:table/dev-orders/stream/2024-01-01T00:00:00.000';
    const out = compose({ ...base, streamViewType: 'KEYS_ONLY' }, key({ keyArn: KEY_ARN }),
      { table: readyManaged(desired.resources.table, { arn: 'arn:aws:dynamodb:us-east-1:111111111111:table/dev-orders', streamArn }) });
    expect(out.status).toEqual({ tableName: 'dev-orders', tableArn: 'arn:aws:dynamodb:us-east-1:111111111111:table/dev-orders', streamArn, encryptionKeyArn: KEY_ARN });
    expect(out.conditions).toEqual([expect.objectContaining({ type: 'EncryptionKeyReady', status: 'True' })]);
    expect(desired.status.streamArn).toBeUndefined();
    expect(waiting.conditions).toEqual([expect.objectContaining({ type: 'EncryptionKeyReady', status: 'False' })]);
  });

  it('warns when the key does not admit DynamoDB', () => {
    expect(compose(base, key({}, { services: ['s3'] })).warnings).toEqual([expect.stringContaining('does not list dynamodb')]);
    expect(compose(base, key({}, { services: ['dynamodb'] })).warnings).toBeUndefined();
  });

  it.each([
    ['PROVISIONED without capacity', { ...base, billingMode: 'PROVISIONED' }, 'spec.billingMode'],
    ['PROVISIONED with only read capacity', { ...base, billingMode: 'PROVISIONED', readCapacity: 5 }, 'spec.billingMode'],
    ['capacity with on-demand billing', { ...base, readCapacity: 5, writeCapacity: 5 }, 'spec.billingMode'],
    ['prod without deletion protection', { ...PROD_COMMON, deletionProtection: false, encryptionKeyRef: { name: 'k' }, partitionKey: { name: 'pk', type: 'S' } }, 'spec.deletionProtection'],
    ['nonKeyAttributes without INCLUDE', { ...base, globalSecondaryIndexes: [{ name: 'gsi', partitionKey: { name: 'a', type: 'S' }, projectionType: 'KEYS_ONLY', nonKeyAttributes: ['x'] }] }, 'spec.globalSecondaryIndexes[0].nonKeyAttributes'],
    ['INCLUDE without nonKeyAttributes', { ...base, globalSecondaryIndexes: [{ name: 'gsi', partitionKey: { name: 'a', type: 'S' }, projectionType: 'INCLUDE' }] }, 'spec.globalSecondaryIndexes[0].nonKeyAttributes'],
    ['an attribute used with two types', { ...base, globalSecondaryIndexes: [{ name: 'gsi', partitionKey: { name: 'pk', type: 'N' } }] }, 'spec.globalSecondaryIndexes[0].partitionKey.type'],
    ['an attribute typed differently in two indexes', { ...base, globalSecondaryIndexes: [{ name: 'gsi1', partitionKey: { name: 'a', type: 'S' } }, { name: 'gsi2', partitionKey: { name: 'b', type: 'S' }, sortKey: { name: 'a', type: 'B' } }] }, 'spec.globalSecondaryIndexes[1].sortKey.type'],
    ['a sort key equal to the partition key', { ...base, sortKey: { name: 'pk', type: 'S' } }, 'spec.sortKey.name'],
    ['duplicate index names', { ...base, globalSecondaryIndexes: [{ name: 'gsi', partitionKey: { name: 'a', type: 'S' } }, { name: 'gsi', partitionKey: { name: 'b', type: 'S' } }] }, 'spec.globalSecondaryIndexes'],
    ['more than 20 indexes', { ...base, globalSecondaryIndexes: Array.from({ length: 21 }, (_, i) => ({ name: `gsi${i}`, partitionKey: { name: 'a', type: 'S' } })) }, 'spec.globalSecondaryIndexes'],
    ['an unknown key type', { ...base, partitionKey: { name: 'pk', type: 'BOOL' } }, 'spec.partitionKey.type'],
    ['an unknown stream view type', { ...base, streamViewType: 'ALL' }, 'spec.streamViewType'],
    ['index capacity with on-demand billing', { ...base, globalSecondaryIndexes: [{ name: 'gsi', partitionKey: { name: 'a', type: 'S' }, readCapacity: 1 }] }, 'spec.globalSecondaryIndexes'],
    ['PITR retention over 35 days', { ...base, pointInTimeRecoveryDays: 36 }, 'spec.pointInTimeRecoveryDays'],
    ['no partition key', { ...DEV_COMMON, encryptionKeyRef: { name: 'k' } }, 'spec.partitionKey'],
  ])('rejects %s', (_n, spec, field) => {
    expect(() => compose(spec)).toThrow(InputError);
    expect(() => compose(spec)).toThrow(field);
  });
});

describe('SecureTable examples', () => {
  const validator = KubeValidator.fromPinnedCrds();
  const keys = (ready: boolean) => Object.fromEntries(ENCRYPTION_KEY_EXAMPLES.map((k) => [k.name, { ...xrObject('EncryptionKey', k.name, { ...k.spec }, 'examples'), ...(ready ? { status: { keyArn: `arn:aws:kms:${k.spec.region}:${k.spec.accountId}:key/${k.name}` } } : {}) }]));

  it.each(SECURE_TABLE_EXAMPLES.flatMap((e) => [[e.name, false], [e.name, true]] as const))('%s (key ready: %s): every composed resource is valid as Crossplane creates it', (name, ready) => {
    const example = SECURE_TABLE_EXAMPLES.find((e) => e.name === name)!;
    const spec = parseSpec<SecureTableParameters>(secureTableApi, example.spec);
    const xr = asXr(xrObject('SecureTable', name, { ...example.spec }, 'examples'), spec);
    const out = secureTableApi.compose({ xr, observed: {}, required: { 'encryption-key': [keys(ready)[example.spec.encryptionKeyRef.name]] } });
    const created = Object.values(out.resources).map((r) => ({ ...r, metadata: { ...r.metadata, namespace: 'examples', generateName: `${name}-` } }));
    // Until the key reports its ARN only the Usage is composed: the table is never created without its key.
    expect(Object.keys(out.resources).includes('table')).toBe(ready);
    expect(created.length).toBeGreaterThanOrEqual(ready ? 2 : 1);
    expect(created.flatMap((r) => validator.validate(r)).map((i) => `${i.object}: ${i.path}: ${i.message}`)).toEqual([]);
    // The minimal EncryptionKey admits no service: the API says so instead of failing later in AWS.
    expect(out.warnings ?? []).toHaveLength(example.spec.encryptionKeyRef.name === 'minimal' ? 1 : 0);
  });
});
