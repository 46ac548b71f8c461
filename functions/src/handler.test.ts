import { describe, expect, it } from '@jest/globals';
import { Ready, RunFunctionRequest, Severity, Status, type RunFunctionResponse } from '@crossplane-org/function-sdk-typescript';
import { DEV_COMMON, xrObject } from '../../test/support/xr';
import { readyManaged } from '../../synth/steady-state';
import { PLATFORM_APIS } from '../../compositions';
import { runFunction } from './handler';

const KEY = xrObject('EncryptionKey', 'orders-key', { ...DEV_COMMON, description: 'orders' });
const BUCKET = xrObject('SecureBucket', 'orders', { ...DEV_COMMON, encryptionKeyRef: { name: 'orders-key' } });

function request(xr: unknown, extra: Partial<RunFunctionRequest> = {}): RunFunctionRequest {
  return RunFunctionRequest.fromPartial({ meta: { tag: 't' }, observed: { composite: { resource: xr as Record<string, unknown> }, resources: {} }, ...extra });
}
const fatalOf = (rsp: RunFunctionResponse) => rsp.results.find((r) => r.severity === Severity.SEVERITY_FATAL)?.message;

describe('RunFunction: valid requests', () => {
  it('EncryptionKey: desired key and alias, not ready until observed, status with alias', () => {
    const rsp = runFunction(request(KEY));
    expect(fatalOf(rsp)).toBeUndefined();
    expect(Object.keys(rsp.desired!.resources).sort()).toEqual(['alias', 'key']);
    expect(rsp.desired!.resources.key.ready).toBe(Ready.READY_FALSE);
    expect(rsp.desired!.resources.key.resource).toMatchObject({ apiVersion: 'kms.aws.m.upbound.io/v1beta1', kind: 'Key' });
    expect(rsp.desired!.composite!.resource).toEqual({
      apiVersion: KEY.apiVersion, kind: 'EncryptionKey',
      status: {
        aliasName: 'alias/dev/orders-key', aliasArn: 'arn:aws:kms:us-east-1:111111111111:alias/dev/orders-key',
        // The compliance rules ran on the desired key and alias: nothing failed.
        compliance: expect.objectContaining({ failed: [], suppressed: [] }),
      },
    });
  });

  it('EncryptionKey: a resource the provider reports Ready is ready, and its ARN reaches the XR status', () => {
    const first = runFunction(request(KEY));
    const key = first.desired!.resources.key.resource as never;
    const rsp = runFunction(request(KEY, {
      observed: { composite: { resource: KEY } as never, resources: { key: { resource: readyManaged(key, { arn: 'arn:aws:kms:us-east-1:111111111111:key/abc' }) } as never } },
    }));
    expect(rsp.desired!.resources.key.ready).toBe(Ready.READY_TRUE);
    expect(rsp.desired!.resources.alias.ready).toBe(Ready.READY_FALSE);
    expect(rsp.desired!.composite!.resource!.status.keyArn).toBe('arn:aws:kms:us-east-1:111111111111:key/abc');
  });

  it('SecureBucket: asks Crossplane for its EncryptionKey and sets a condition while waiting', () => {
    const rsp = runFunction(request(BUCKET));
    expect(fatalOf(rsp)).toBeUndefined();
    expect(rsp.requirements?.resources).toEqual({
      'encryption-key': { apiVersion: 'platform.secure-baseline.io/v1alpha1', kind: 'EncryptionKey', matchName: 'orders-key', namespace: 'team-a' },
    });
    expect(rsp.conditions).toEqual([
      expect.objectContaining({ type: 'EncryptionKeyReady', status: Status.STATUS_CONDITION_FALSE, reason: 'WaitingForEncryptionKey' }),
      expect.objectContaining({ type: 'Compliant', status: Status.STATUS_CONDITION_TRUE }),
    ]);
  });

  it('SecureBucket: with the key supplied, the policy pins its ARN', () => {
    const arn = 'arn:aws:kms:us-east-1:111111111111:key/abc';
    const rsp = runFunction(request(BUCKET, { requiredResources: { 'encryption-key': { items: [{ resource: { ...KEY, status: { keyArn: arn } } } as never] } } }));
    expect(rsp.desired!.resources['bucket-policy'].resource!.spec.forProvider.policy).toContain(arn);
    expect(rsp.conditions[0]).toMatchObject({ type: 'EncryptionKeyReady', status: Status.STATUS_CONDITION_TRUE });
  });

  it('an XR as Crossplane v2 sends it, with spec.crossplane (its machinery), composes as without it', () => {
    // Found by the live control-plane test: every XR Crossplane v2 reconciles carries these fields.
    const machinery = {
      compositionRef: { name: 'encryptionkeys.platform.secure-baseline.io' },
      compositionRevisionRef: { name: 'encryptionkeys.platform.secure-baseline.io-0a1b2c3' },
      compositionUpdatePolicy: 'Automatic',
      resourceRefs: [{ apiVersion: 'kms.aws.m.upbound.io/v1beta1', kind: 'Key', name: 'orders-key-x1y2z' }],
    };
    const rsp = runFunction(request({ ...KEY, spec: { ...KEY.spec, crossplane: machinery } }));
    expect(fatalOf(rsp)).toBeUndefined();
    expect(rsp.desired).toEqual(runFunction(request(KEY)).desired);
  });

  it('keeps desired resources of earlier pipeline steps', () => {
    const rsp = runFunction(request(KEY, { desired: { composite: undefined, resources: { other: { resource: { apiVersion: 'v1', kind: 'ConfigMap' } } as never } } }));
    expect(Object.keys(rsp.desired!.resources).sort()).toEqual(['alias', 'key', 'other']);
  });
});

describe('RunFunction: invalid input is a fatal result naming the field, never a crash', () => {
  const spec = KEY.spec as Record<string, unknown>;
  it.each<[string, unknown, RegExp]>([
    ['no observed XR', undefined, /observed\.composite/],
    ['an XR of another API group', { ...KEY, apiVersion: 'example.org/v1' }, /apiVersion: "example.org\/v1" is not served/],
    ['an XR kind this function does not serve', { ...KEY, kind: 'Database' }, new RegExp(`kind: "Database" is not a platform API \\(known: ${PLATFORM_APIS.map((a) => a.kind).join(', ')}\\)`)],
    ['an XR without a namespace', { ...KEY, metadata: { name: 'x' } }, /metadata\.namespace: is required/],
    ['an XR without a name', { ...KEY, metadata: { namespace: 'x' } }, /metadata\.name: is required/],
    ['an XR without spec', { ...KEY, spec: undefined }, /^spec: is required/],
    ['a spec that is not an object', { ...KEY, spec: 'rotate please' }, /^spec: is required/],
    ['a missing required field', { ...KEY, spec: { ...spec, description: undefined } }, /^spec\.description: is required/],
    ['a wrong type', { ...KEY, spec: { ...spec, deletionWindowInDays: 'thirty' } }, /^spec\.deletionWindowInDays: must be integer/],
    ['a value out of range', { ...KEY, spec: { ...spec, deletionWindowInDays: 3 } }, /^spec\.deletionWindowInDays: must be >= 7/],
    ['a value outside the enum', { ...KEY, spec: { ...spec, tier: 'qa' } }, /^spec\.tier: must be one of dev, staging, prod/],
    ['an unknown field', { ...KEY, spec: { ...spec, enableKeyRotation: false } }, /^spec\.enableKeyRotation: is not a field of this API/],
    ['a malformed nested field', { ...BUCKET, spec: { ...(BUCKET.spec as object), encryptionKeyRef: { name: 'Not_A_Name' } } }, /^spec\.encryptionKeyRef\.name: must match pattern/],
    ['a bucket name that cannot be built', { ...BUCKET, metadata: { name: 'x'.repeat(50), namespace: 'n' } }, /^spec\.bucketName: .*at most 63/],
  ])('%s', (_name, xr, message) => {
    const rsp = runFunction(request(xr));
    expect(fatalOf(rsp)).toMatch(message);
  });

  it('a request with no observed state at all', () => {
    expect(fatalOf(runFunction(RunFunctionRequest.fromPartial({})))).toMatch(/observed\.composite/);
  });
});
