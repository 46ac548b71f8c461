/** Helpers shared by the composer and function tests: build XRs tersely. */
import type { CommonParameters } from '../../lib/common';
import type { CompositeResource, KubeObject } from '../../lib/composer';
import { API_GROUP_VERSION } from '../../lib/platform';

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
