/** Helpers shared by the composer and function tests: build XRs and observed resources tersely. */
import type { CompositeResource, KubeObject } from './composer';
import type { CommonParameters } from './common';
import { API_GROUP_VERSION } from './platform';

/** Common parameters of a dev XR; override per case. */
export const DEV_COMMON = {
  environment: 'dev',
  tier: 'dev',
  region: 'us-east-1',
  accountId: '111111111111',
  owner: 'team-a',
  costCenter: 'cc-1',
} as const satisfies Partial<CommonParameters>;

export const PROD_COMMON = { ...DEV_COMMON, environment: 'prod', tier: 'prod', deletionProtection: true } as const;

export function xrObject(kind: string, name: string, spec: Record<string, unknown>, namespace = 'team-a'): KubeObject {
  return { apiVersion: API_GROUP_VERSION, kind, metadata: { name, namespace }, spec };
}

export function asXr<P>(o: KubeObject, spec: P): CompositeResource<P> {
  return { apiVersion: o.apiVersion, kind: o.kind, metadata: { name: o.metadata!.name!, namespace: o.metadata!.namespace! }, spec };
}

/** An observed managed resource that its provider reports Ready, with atProvider fields. */
export function readyManaged(desired: KubeObject, atProvider: Record<string, unknown> = {}): KubeObject {
  return { ...desired, status: { atProvider, conditions: [{ type: 'Ready', status: 'True', reason: 'Available' }, { type: 'Synced', status: 'True', reason: 'ReconcileSuccess' }] } };
}
