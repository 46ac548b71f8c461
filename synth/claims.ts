/** Claims (namespaced XRs) of an environment, as plain objects: written by synth and composed by the preview. */
import { PLATFORM_APIS } from '../compositions';
import { KIND as SECURE_ENVIRONMENT_KIND } from '../compositions/secure-environment/composer';
import type { EnvironmentConfig } from '../config/environments';
import type { KubeObject } from '../lib/composer';
import { API_GROUP_VERSION, LABEL_PREFIX } from '../lib/platform';
import { expandXrs, type PreviewCache } from './preview';

/**
 * Name of an environment's ClusterProviderConfig (charts/environment.ts): the provider's identity in the
 * environment's own account. Each environment is an account of its own, so each needs its own provider config;
 * with one shared config every environment's resources would land in the platform's account.
 */
export const environmentProviderConfigName = (environment: string) => `${environment}-account`;

/** The one claim of an environment: a SecureEnvironment in the environment's namespace. */
export function environmentClaims(env: EnvironmentConfig): KubeObject[] {
  // Teams are onboarded by their own chart (charts/team.ts), not members of the SecureEnvironment.
  const { name, tier, accountId, region, owner, costCenter, tags, compliance, teams: _teams, ...members } = env;
  return [{
    apiVersion: API_GROUP_VERSION,
    kind: SECURE_ENVIRONMENT_KIND,
    metadata: { name, namespace: name, labels: { [`${LABEL_PREFIX}/environment`]: name } },
    spec: {
      environment: name, tier, region, accountId, owner, costCenter,
      ...(tags ? { tags: { ...tags } } : {}),
      providerConfigRef: { kind: 'ClusterProviderConfig', name: environmentProviderConfigName(name) },
      deletionProtection: tier === 'prod',
      // prod stops composing anything a compliance rule fails on; elsewhere failures are warnings.
      compliance: { enforce: tier === 'prod', suppressions: [], ...compliance },
      ...structuredClone(members),
    },
  }];
}

/**
 * The environment's claim and every XR it composes (what the cluster will hold, as the function composes it).
 * `cache`: keeps what expanding composed, for previewing the same XRs again (synth).
 */
export function environmentXrs(env: EnvironmentConfig, cache?: PreviewCache): KubeObject[] {
  return expandXrs(environmentClaims(env), cache);
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

/** The examples and every XR they compose. */
export function exampleXrs(): KubeObject[] {
  return expandXrs(exampleClaims());
}
