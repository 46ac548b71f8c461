import { describe, expect, it } from '@jest/globals';
import { InputError, type KubeObject } from '../../lib/composer';
import { parseSpec } from '../../lib/parameters';
import { asXr, DEV_COMMON, PROD_COMMON, xrObject } from '../../test/support/xr';
import { readyManaged } from '../../synth/steady-state';
import { KubeValidator } from '../../lib/validation';
import { ENCRYPTION_KEY_EXAMPLES } from '../encryption-key/examples';
import { configParameterApi } from '.';
import { CONFIG_PARAMETER_EXAMPLES } from './examples';
import type { ConfigParameterParameters } from './parameters';

const KEY_ARN = 'arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const base = {
  ...DEV_COMMON, encryptionKeyRef: { name: 'app-key' }, application: 'checkout',
  parameters: [{ name: 'log-level', value: 'info' }, { name: 'db-password', valueFrom: { secretName: 'checkout-db', key: 'password' }, description: 'DB password' }],
};

function compose(spec: Record<string, unknown>, required: Record<string, KubeObject[]> = {}, observed: Record<string, KubeObject> = {}, name = 'checkout-config') {
  const xr = xrObject('ConfigParameter', name, spec);
  return configParameterApi.compose({ xr: asXr(xr, parseSpec<ConfigParameterParameters>(configParameterApi, spec)), observed, required });
}
const key = (status: Record<string, unknown>, spec: Record<string, unknown> = {}) => ({ 'encryption-key': [{ ...xrObject('EncryptionKey', 'app-key', spec), status }] });
const ready = key({ keyArn: KEY_ARN });

describe('ConfigParameter composer', () => {
  it('composes one parameter per entry, the inline values secret and the key usage under stable names', () => {
    expect(Object.keys(compose(base, ready).resources).sort()).toEqual(['encryption-key-usage', 'parameter-db-password', 'parameter-log-level', 'values']);
    // Only secret references: no values secret.
    expect(Object.keys(compose({ ...base, parameters: [base.parameters[1]] }, ready).resources).sort()).toEqual(['encryption-key-usage', 'parameter-db-password']);
  });

  it('every parameter is a SecureString under /<environment>/<application>/ encrypted with the CMK ARN', () => {
    const r = compose(base, ready).resources;
    for (const [n, full] of [['log-level', '/dev/checkout/log-level'], ['db-password', '/dev/checkout/db-password']]) {
      const mr = r[`parameter-${n}`];
      expect(mr.metadata?.annotations?.['crossplane.io/external-name']).toBe(full);
      expect(mr.spec.forProvider).toMatchObject({ type: 'SecureString', keyId: KEY_ARN, tier: 'Standard', region: 'us-east-1' });
      expect(mr.spec.forProvider.insecureValue).toBeUndefined();
      expect(mr.spec.forProvider.tags).toMatchObject({ Environment: 'dev', ManagedBy: 'crossplane/secure-baseline' });
    }
  });

  it('takes secret values only from the referenced Kubernetes Secret, and inline values from the composed one', () => {
    const out = compose(base, ready);
    expect(out.resources['parameter-db-password'].spec.forProvider.valueSecretRef).toEqual({ name: 'checkout-db', key: 'password' });
    expect(out.resources['parameter-db-password'].spec.forProvider.description).toBe('DB password');
    expect(out.resources['parameter-log-level'].spec.forProvider.valueSecretRef).toEqual({ name: 'checkout-config-config-values', key: 'log-level' });
    expect(out.resources.values).toMatchObject({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'checkout-config-config-values' }, data: { 'log-level': Buffer.from('info').toString('base64') } });
    // Only inline (non-secret) values are copied; a referenced secret stays where it is.
    expect(Object.keys(out.resources.values.data as object)).toEqual(['log-level']);
  });

  it('waits for the key ARN before creating parameters, and keeps existing ones when the key is momentarily unknown', () => {
    const before = compose(base);
    expect(Object.keys(before.resources).sort()).toEqual(['encryption-key-usage', 'values']);
    expect(before.conditions).toEqual([expect.objectContaining({ type: 'EncryptionKeyReady', status: 'False', message: expect.stringContaining('log-level, db-password') })]);
    const created = compose(base, ready);
    const observed = { 'parameter-log-level': readyManaged(created.resources['parameter-log-level'], { keyId: KEY_ARN, arn: 'arn:aws:ssm:us-east-1:111111111111:parameter/dev/checkout/log-level' }) };
    const again = compose(base, {}, observed);
    expect(again.resources['parameter-log-level']).toEqual(created.resources['parameter-log-level']);
    expect(again.resources['parameter-db-password']).toBeUndefined();
  });

  it.each([
    ['dev', base, ['*']],
    ['prod', { ...base, ...PROD_COMMON, parameterTier: 'Advanced' }, ['Observe', 'Create', 'Update', 'LateInitialize']],
  ])('%s: management policies %j on every parameter', (_n, spec, want) => {
    for (const [n, r] of Object.entries(compose(spec, ready).resources)) if (r.kind === 'Parameter') expect([n, r.spec.managementPolicies]).toEqual([n, want]);
  });

  it('sets the SSM tier from parameterTier', () => {
    expect(compose({ ...base, parameterTier: 'Advanced' }, ready).resources['parameter-log-level'].spec.forProvider.tier).toBe('Advanced');
  });

  it('keeps the encryption key from being deleted while the parameters exist', () => {
    expect(compose(base).resources['encryption-key-usage'].spec).toMatchObject({
      of: { kind: 'EncryptionKey', resourceRef: { name: 'app-key' } }, by: { kind: 'ConfigParameter', resourceRef: { name: 'checkout-config' } }, replayDeletion: true,
    });
  });

  it('reports the path, every parameter name and ARN (observed when known) and the key', () => {
    const observed = { 'parameter-log-level': readyManaged(compose(base, ready).resources['parameter-log-level'], { keyId: KEY_ARN, arn: 'arn:aws:ssm:us-east-1:111111111111:parameter/dev/checkout/log-level' }) };
    expect(compose(base, ready, observed).status).toEqual({
      path: '/dev/checkout/',
      parameters: [
        { name: '/dev/checkout/log-level', arn: 'arn:aws:ssm:us-east-1:111111111111:parameter/dev/checkout/log-level' },
        { name: '/dev/checkout/db-password', arn: 'arn:aws:ssm:us-east-1:111111111111:parameter/dev/checkout/db-password' },
      ],
      encryptionKeyArn: KEY_ARN,
    });
  });

  it('warns when the key does not admit SSM', () => {
    expect(compose(base, key({ keyArn: KEY_ARN }, { services: ['s3'] })).warnings).toEqual([expect.stringContaining('does not list ssm')]);
    expect(compose(base, key({ keyArn: KEY_ARN }, { services: ['ssm'] })).warnings).toBeUndefined();
  });

  const one = (q: Record<string, unknown>) => ({ ...base, parameters: [q] });
  it.each([
    ['a name with spaces', one({ name: 'log level', value: 'info' }), 'spec.parameters[0].name'],
    ['a name with a slash', one({ name: 'a/b', value: 'info' }), 'spec.parameters[0].name'],
    ['duplicate names', { ...base, parameters: [{ name: 'a', value: '1' }, { name: 'a', value: '2' }] }, 'spec.parameters'],
    ['both value and valueFrom', one({ name: 'a', value: '1', valueFrom: { secretName: 's', key: 'k' } }), 'spec.parameters[0]'],
    ['neither value nor valueFrom', one({ name: 'a' }), 'spec.parameters[0]'],
    ['an unknown field', one({ name: 'a', value: '1', type: 'String' }), 'spec.parameters[0].type'],
    ['an insecure type switch', { ...base, type: 'String' }, 'spec.type'],
    ['more than 20 parameters', { ...base, parameters: Array.from({ length: 21 }, (_, i) => ({ name: `p${i}`, value: 'x' })) }, 'spec.parameters'],
    ['no parameters', { ...base, parameters: [] }, 'spec.parameters'],
    ['an unknown parameter tier', { ...base, parameterTier: 'Intelligent-Tiering' }, 'spec.parameterTier'],
    ['a malformed secret reference', one({ name: 'a', valueFrom: { secretName: 'Not_A_Name', key: 'k' } }), 'spec.parameters[0].valueFrom.secretName'],
    ['an application that is not a DNS label', { ...base, application: 'Check Out' }, 'spec.application'],
    ['prod without deletion protection', { ...base, ...PROD_COMMON, deletionProtection: false }, 'spec.deletionProtection'],
  ])('rejects %s', (_n, spec, field) => {
    expect(() => compose(spec)).toThrow(InputError);
    expect(() => compose(spec)).toThrow(field);
  });
});

describe('ConfigParameter examples', () => {
  const validator = KubeValidator.fromPinnedCrds();
  const keyOf = (name: string, isReady: boolean) => {
    const k = ENCRYPTION_KEY_EXAMPLES.find((e) => e.name === name)!;
    return { ...xrObject('EncryptionKey', k.name, { ...k.spec }, 'examples'), ...(isReady ? { status: { keyArn: `arn:aws:kms:${k.spec.region}:${k.spec.accountId}:key/${k.name}` } } : {}) };
  };

  it.each(CONFIG_PARAMETER_EXAMPLES.flatMap((e) => [[e.name, false], [e.name, true]] as const))('%s (key ready: %s): every composed resource is valid as Crossplane creates it', (name, isReady) => {
    const example = CONFIG_PARAMETER_EXAMPLES.find((e) => e.name === name)!;
    const spec = parseSpec<ConfigParameterParameters>(configParameterApi, example.spec);
    const xr = asXr(xrObject('ConfigParameter', name, { ...example.spec }, 'examples'), spec);
    const out = configParameterApi.compose({ xr, observed: {}, required: { 'encryption-key': [keyOf(example.spec.encryptionKeyRef.name, isReady)] } });
    const created = Object.values(out.resources).map((r) => ({ ...r, metadata: { ...r.metadata, namespace: 'examples', generateName: `${name}-` } }));
    expect(created.filter((r) => r.kind === 'Parameter')).toHaveLength(isReady ? example.spec.parameters.length : 0);
    expect(created.flatMap((r) => validator.validate(r)).map((i) => `${i.object}: ${i.path}: ${i.message}`)).toEqual([]);
    expect(out.warnings ?? []).toHaveLength(example.spec.encryptionKeyRef.name === 'minimal' ? 1 : 0);
  });
});
