import { describe, expect, it } from '@jest/globals';
import { InputError, type KubeObject } from '../../lib/composer';
import { parseSpec } from '../../lib/parameters';
import { asXr, DEV_COMMON, PROD_COMMON, xrObject } from '../../test/support/xr';
import { readyManaged } from '../../synth/steady-state';
import { KubeValidator } from '../../lib/validation';
import { ENCRYPTION_KEY_EXAMPLES } from '../encryption-key/examples';
import { functionArnOf, roleArnOf } from '../secure-function/composer';
import { SECURE_FUNCTION_EXAMPLES } from '../secure-function/examples';
import type { SecureFunctionParameters } from '../secure-function/parameters';
import type { PolicyStatement } from '../encryption-key/key-policy';
import { managedSecretApi } from '.';
import { MANAGED_SECRET_EXAMPLES } from './examples';
import type { ManagedSecretParameters } from './parameters';
import { rotationRoleArnOf } from './secret-policy';

const KEY_ARN = 'arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
function key(status: Record<string, unknown>, spec: Record<string, unknown> = {}) {
  return { 'encryption-key': [{ ...xrObject('EncryptionKey', 'app-key', spec), status }] };
}
const LAMBDA = 'arn:aws:lambda:us-east-1:111111111111:function:rotate';
/** The rotation function's execution role by the SecureFunction convention: the function's name, path `/`. */
const ROTATION_ROLE = 'arn:aws:iam::111111111111:role/rotate';
const READER = 'arn:aws:iam::111111111111:role/checkout';
const PROVIDER = 'arn:aws:iam::111111111111:role/crossplane-provider-aws';
const base = { ...DEV_COMMON, encryptionKeyRef: { name: 'app-key' }, rotationLambdaArn: LAMBDA, allowedRoleArns: [READER] };
const fromK8s = {
  ...DEV_COMMON, encryptionKeyRef: { name: 'app-key' }, allowedRoleArns: [READER], source: 'KubernetesSecret',
  valueFrom: { secretName: 'checkout-db', key: 'password' }, providerRoleArn: PROVIDER,
};

/** Composes in a world where the EncryptionKey has reported its ARN, unless `required` says otherwise. */
function compose(spec: Record<string, unknown>, required: Record<string, KubeObject[]> = key({ keyArn: KEY_ARN }), observed: Record<string, KubeObject> = {}, name = 'api-key') {
  const xr = xrObject('ManagedSecret', name, spec);
  return managedSecretApi.compose({ xr: asXr(xr, parseSpec<ManagedSecretParameters>(managedSecretApi, spec)), observed, required });
}
const statements = (out: ReturnType<typeof compose>) => (JSON.parse(out.resources['secret-policy'].spec.forProvider.policy) as { Statement: PolicyStatement[] }).Statement;
const sid = (out: ReturnType<typeof compose>, s: string) => statements(out).find((x) => x.Sid === s);

describe('ManagedSecret composer', () => {
  it.each([
    ['Generated', base, ['encryption-key-usage', 'secret', 'secret-policy', 'secret-rotation']],
    ['KubernetesSecret', fromK8s, ['encryption-key-usage', 'secret', 'secret-policy', 'secret-version']],
  ])('source %s: composes %j', (_n, spec, want) => {
    expect(Object.keys(compose(spec).resources).sort()).toEqual(want);
  });

  it('encrypts with the referenced CMK (its ARN), defaults the recovery window to 30 days and names the secret', () => {
    const fp = compose(base).resources.secret.spec.forProvider;
    expect(fp).toMatchObject({ name: 'dev/api-key', recoveryWindowInDays: 30, kmsKeyId: KEY_ARN });
    expect(fp.kmsKeyIdSelector).toBeUndefined();
    expect(fp.tags).toMatchObject({ Environment: 'dev', ManagedBy: 'crossplane/secure-baseline' });
    expect(compose({ ...base, secretName: 'team-a/x', recoveryWindowInDays: 7 }).resources.secret.spec.forProvider).toMatchObject({ name: 'team-a/x', recoveryWindowInDays: 7 });
  });

  it.each([
    ['default', base, 30],
    ['every 7 days', { ...base, rotationDays: 7 }, 7],
    ['prod at 90 days', { ...base, ...PROD_COMMON, rotationDays: 90 }, 90],
  ])('generated secrets rotate (%s) through the function, at once on creation', (_n, spec, days) => {
    expect(compose(spec).resources['secret-rotation'].spec.forProvider).toEqual({
      region: 'us-east-1', rotationLambdaArn: LAMBDA, rotationRules: { automaticallyAfterDays: days }, rotateImmediately: true,
      secretIdSelector: { matchControllerRef: true, matchLabels: { 'platform.secure-baseline.io/component': 'secret' } },
    });
  });

  it('a value from a Kubernetes Secret is written by reference, never copied', () => {
    const out = compose(fromK8s);
    expect(out.resources['secret-version'].spec.forProvider.secretStringSecretRef).toEqual({ name: 'checkout-db', key: 'password' });
    expect(out.resources['secret-version'].spec.forProvider.secretIdSelector).toEqual({ matchControllerRef: true, matchLabels: { 'platform.secure-baseline.io/component': 'secret' } });
  });

  it('the resource policy lets only the named roles read, denies everyone else, and requires TLS', () => {
    const out = compose({ ...base, allowedRoleArns: [READER, 'arn:aws:iam::111111111111:role/other'] });
    expect(out.resources['secret-policy'].spec.forProvider.blockPublicPolicy).toBe(true);
    expect(sid(out, 'AllowNamedRolesToReadTheSecret')).toEqual({
      Sid: 'AllowNamedRolesToReadTheSecret', Effect: 'Allow', Principal: { AWS: [READER, 'arn:aws:iam::111111111111:role/other'] },
      Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Resource: '*',
    });
    // The rotation function's role is exempt from both denies by aws:PrincipalArn (lambda:SourceFunctionArn is not
    // evaluated in resource-based policies); it need not be a reader: its own IAM policy grants it the secret.
    expect(sid(out, 'DenyReadingTheValueToEveryoneElse')).toEqual({
      Sid: 'DenyReadingTheValueToEveryoneElse', Effect: 'Deny', Principal: '*', Action: ['secretsmanager:GetSecretValue'], Resource: '*',
      Condition: { StringNotEquals: { 'aws:PrincipalArn': [READER, 'arn:aws:iam::111111111111:role/other', 'arn:aws:iam::111111111111:root', ROTATION_ROLE] } },
    });
    expect(sid(out, 'DenyWritingTheValueToEveryoneElse')).toEqual({
      Sid: 'DenyWritingTheValueToEveryoneElse', Effect: 'Deny', Principal: '*', Action: ['secretsmanager:PutSecretValue', 'secretsmanager:UpdateSecretVersionStage'], Resource: '*',
      Condition: { StringNotEquals: { 'aws:PrincipalArn': ['arn:aws:iam::111111111111:root', ROTATION_ROLE] } },
    });
    expect(out.resources['secret-policy'].spec.forProvider.policy).not.toContain('lambda:SourceFunctionArn');
    expect(sid(out, 'DenyInsecureTransport')).toEqual({ Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 'secretsmanager:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
    // Nothing but the named roles is ever allowed.
    expect(statements(out).filter((s) => s.Effect === 'Allow')).toHaveLength(1);
  });

  it('exempts the provider role (not a rotation function) when the value comes from a Kubernetes Secret', () => {
    const out = compose(fromK8s);
    expect(sid(out, 'DenyReadingTheValueToEveryoneElse')?.Condition).toEqual({ StringNotEquals: { 'aws:PrincipalArn': [READER, 'arn:aws:iam::111111111111:root', PROVIDER] } });
    expect(sid(out, 'DenyWritingTheValueToEveryoneElse')?.Condition).toEqual({ StringNotEquals: { 'aws:PrincipalArn': ['arn:aws:iam::111111111111:root', PROVIDER] } });
  });

  it.each([
    ['defaults to the SecureFunction convention (the function\'s name, path /)', base, ROTATION_ROLE],
    ['ignores a version or alias of the function', { ...base, rotationLambdaArn: `${LAMBDA}:live` }, ROTATION_ROLE],
    ['takes the function\'s account and partition', { ...base, region: 'us-gov-west-1', rotationLambdaArn: 'arn:aws-us-gov:lambda:us-gov-west-1:222222222222:function:rotate-db' }, 'arn:aws-us-gov:iam::222222222222:role/rotate-db'],
    ['is the role given, path included', { ...base, rotationRoleArn: 'arn:aws:iam::111111111111:role/service/secret-rotator' }, 'arn:aws:iam::111111111111:role/service/secret-rotator'],
  ])('the rotation role exempt from the denies %s', (_n, spec, role) => {
    const out = compose(spec);
    const root = 'arn:aws:iam::111111111111:root';
    expect(sid(out, 'DenyReadingTheValueToEveryoneElse')?.Condition).toEqual({ StringNotEquals: { 'aws:PrincipalArn': [READER, root, role] } });
    expect(sid(out, 'DenyWritingTheValueToEveryoneElse')?.Condition).toEqual({ StringNotEquals: { 'aws:PrincipalArn': [root, role] } });
    expect(out.resources['secret-rotation'].spec.forProvider.rotationLambdaArn).toBe(spec.rotationLambdaArn);
  });

  it('the default rotation role is the execution role of the SecureFunction whose ARN rotationLambdaArn is', () => {
    const rotated = MANAGED_SECRET_EXAMPLES.find((e) => e.spec.rotationLambdaArn)!;
    const rotator = SECURE_FUNCTION_EXAMPLES.find((e) => e.spec.permissions?.rotateSecrets?.some((r) => r.name === rotated.name))!;
    const fn = rotator.spec as SecureFunctionParameters;
    expect(rotated.spec.rotationLambdaArn).toBe(functionArnOf(rotator.name, fn));
    expect(rotationRoleArnOf(rotated.spec)).toBe(roleArnOf(rotator.name, fn));
    // Also when the function is named after its XR (no functionName).
    const unnamed = { ...fn, functionName: undefined };
    expect(rotationRoleArnOf({ rotationLambdaArn: functionArnOf('rotator', unnamed) })).toBe(roleArnOf('rotator', unnamed));
  });

  it.each([
    ['dev', base, ['*']],
    ['prod', { ...base, ...PROD_COMMON }, ['Observe', 'Create', 'Update', 'LateInitialize']],
  ])('%s: every managed resource gets management policies %j', (_n, spec, want) => {
    for (const [n, r] of Object.entries(compose(spec).resources)) if (r.kind !== 'Usage') expect([n, r.spec.managementPolicies]).toEqual([n, want]);
  });

  it('composes the secret once the key reports its ARN, and keeps the ARN it was composed with', () => {
    expect(Object.keys(compose(base, key({})).resources)).toEqual(['encryption-key-usage']);
    expect(compose(base, {}).conditions).toEqual([expect.objectContaining({ type: 'EncryptionKeyReady', status: 'False', reason: 'WaitingForEncryptionKey' })]);
    const observed = { secret: readyManaged(compose(base).resources.secret) };
    expect(compose(base, key({}), observed).resources.secret.spec.forProvider.kmsKeyId).toBe(KEY_ARN);
  });

  it('keeps the encryption key from being deleted while the secret exists', () => {
    expect(compose(base).resources['encryption-key-usage'].spec).toMatchObject({
      of: { kind: 'EncryptionKey', resourceRef: { name: 'app-key' } }, by: { kind: 'ManagedSecret', resourceRef: { name: 'api-key' } }, replayDeletion: true,
    });
  });

  it('reports the secret name, its ARN once observed, and the key', () => {
    const arn = 'arn:aws:secretsmanager:us-east-1:111111111111:secret:dev/api-key-AbCdEf';
    expect(compose(base, key({})).status).toEqual({ secretName: 'dev/api-key' });
    const out = compose(base, key({ keyArn: KEY_ARN }), { secret: readyManaged(compose(base).resources.secret, { arn }) });
    expect(out.status).toEqual({ secretName: 'dev/api-key', secretArn: arn, encryptionKeyArn: KEY_ARN });
    expect(out.conditions).toEqual([expect.objectContaining({ type: 'EncryptionKeyReady', status: 'True' })]);
  });

  it('warns when the key does not admit Secrets Manager', () => {
    expect(compose(base, key({}, { services: ['s3'] })).warnings).toEqual([expect.stringContaining('does not list secretsmanager')]);
    expect(compose(base, key({}, { services: ['secretsmanager'] })).warnings).toBeUndefined();
  });

  it.each([
    ['a recovery window of 3 days', { ...base, recoveryWindowInDays: 3 }, 'spec.recoveryWindowInDays'],
    ['rotation every 400 days', { ...base, rotationDays: 400 }, 'spec.rotationDays'],
    ['rotation every 120 days in prod', { ...base, ...PROD_COMMON, rotationDays: 120 }, 'spec.rotationDays'],
    ['a malformed role ARN', { ...base, allowedRoleArns: ['arn:aws:iam::111111111111:user/alice'] }, 'spec.allowedRoleArns[0]'],
    ['a role ARN of a short account id', { ...base, allowedRoleArns: ['arn:aws:iam::1111:role/x'] }, 'spec.allowedRoleArns[0]'],
    ['no allowed role', { ...base, allowedRoleArns: [] }, 'spec.allowedRoleArns'],
    ['more than 10 allowed roles', { ...base, allowedRoleArns: Array.from({ length: 11 }, (_, i) => `arn:aws:iam::111111111111:role/r${i}`) }, 'spec.allowedRoleArns'],
    ['a generated secret without rotation function', { ...base, rotationLambdaArn: undefined }, 'spec.rotationLambdaArn'],
    ['a rotation function that is not a Lambda ARN', { ...base, rotationLambdaArn: 'arn:aws:iam::111111111111:role/rotate' }, 'spec.rotationLambdaArn'],
    ['a rotation function with a Kubernetes Secret value', { ...fromK8s, rotationLambdaArn: LAMBDA }, 'spec.rotationLambdaArn'],
    ['a rotation role with a Kubernetes Secret value', { ...fromK8s, rotationRoleArn: ROTATION_ROLE }, 'spec.rotationRoleArn'],
    ['a rotation role that is a user', { ...base, rotationRoleArn: 'arn:aws:iam::111111111111:user/rotate' }, 'spec.rotationRoleArn'],
    ['a rotation role that is a function ARN', { ...base, rotationRoleArn: LAMBDA }, 'spec.rotationRoleArn'],
    ['a Kubernetes Secret source without valueFrom', { ...fromK8s, valueFrom: undefined }, 'spec.valueFrom'],
    ['valueFrom with a generated secret', { ...base, valueFrom: { secretName: 's', key: 'k' } }, 'spec.valueFrom'],
    ['a Kubernetes Secret source without the provider role', { ...fromK8s, providerRoleArn: undefined }, 'spec.providerRoleArn'],
    ['a value in the claim', { ...base, value: 'hunter2' }, 'spec.value'],
    ['an unknown source', { ...base, source: 'Inline' }, 'spec.source'],
  ])('rejects %s', (_n, spec, field) => {
    expect(() => compose(spec)).toThrow(InputError);
    expect(() => compose(spec)).toThrow(field);
  });
});

describe('ManagedSecret examples', () => {
  const validator = KubeValidator.fromPinnedCrds();
  const keyOf = (name: string, isReady: boolean) => {
    const k = ENCRYPTION_KEY_EXAMPLES.find((e) => e.name === name)!;
    return { ...xrObject('EncryptionKey', k.name, { ...k.spec }, 'examples'), ...(isReady ? { status: { keyArn: `arn:aws:kms:${k.spec.region}:${k.spec.accountId}:key/${k.name}` } } : {}) };
  };

  it.each(MANAGED_SECRET_EXAMPLES.flatMap((e) => [[e.name, false], [e.name, true]] as const))('%s (key ready: %s): every composed resource is valid as Crossplane creates it', (name, isReady) => {
    const example = MANAGED_SECRET_EXAMPLES.find((e) => e.name === name)!;
    const spec = parseSpec<ManagedSecretParameters>(managedSecretApi, example.spec);
    const xr = asXr(xrObject('ManagedSecret', name, { ...example.spec }, 'examples'), spec);
    const out = managedSecretApi.compose({ xr, observed: {}, required: { 'encryption-key': [keyOf(example.spec.encryptionKeyRef.name, isReady)] } });
    const created = Object.values(out.resources).map((r) => ({ ...r, metadata: { ...r.metadata, namespace: 'examples', generateName: `${name}-` } }));
    // Until the key reports its ARN only the Usage is composed: the secret is never created without its key.
    if (isReady) expect(created.length).toBeGreaterThanOrEqual(4);
    else expect(Object.keys(out.resources)).toEqual(['encryption-key-usage']);
    expect(out.warnings ?? []).toHaveLength(example.spec.encryptionKeyRef.name === 'minimal' ? 1 : 0);
    expect(created.flatMap((r) => validator.validate(r)).map((i) => `${i.object}: ${i.path}: ${i.message}`)).toEqual([]);
  });
});
