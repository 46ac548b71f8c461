/** Claims (namespaced XRs) of an environment, as plain objects: written by synth and composed by the preview. */
import { PLATFORM_APIS } from '../compositions';
import { CLAIM_FIELDS, TIER_DEFAULTS, type EnvironmentConfig } from '../config/environments';
import type { KubeObject } from './composer';
import { API_GROUP_VERSION, LABEL_PREFIX } from './platform';

export function environmentClaims(env: EnvironmentConfig): KubeObject[] {
  const tier = TIER_DEFAULTS[env.tier];
  const common = {
    environment: env.name,
    tier: env.tier,
    region: env.region,
    accountId: env.accountId,
    owner: env.owner,
    costCenter: env.costCenter,
    ...(env.tags ? { tags: { ...env.tags } } : {}),
    deletionProtection: tier.deletionProtection,
  };
  return CLAIM_FIELDS.flatMap(([field, kind]) => Object.entries(env[field] ?? {}).map(([name, claim]): KubeObject => ({
    apiVersion: API_GROUP_VERSION,
    kind,
    metadata: { name, namespace: env.name, labels: { [`${LABEL_PREFIX}/environment`]: env.name } },
    spec: { ...common, ...tier.perKind[kind], ...(claim as object) },
  })));
}

/** Namespace the API examples are written for (dist/examples/). */
export const EXAMPLES_NAMESPACE = 'examples';

/** Every API's examples as claims, in one namespace (example key and bucket names match, so references resolve). */
export function exampleClaims(): KubeObject[] {
  return PLATFORM_APIS.flatMap((api) => api.examples.map((e) => ({
    apiVersion: API_GROUP_VERSION,
    kind: api.kind,
    metadata: { name: e.name, namespace: EXAMPLES_NAMESPACE },
    spec: { ...e.spec },
  })));
}
