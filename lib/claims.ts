/** Claims (namespaced XRs) of an environment, as plain objects: written by synth and composed by the preview. */
import { TIER_DEFAULTS, type EnvironmentConfig } from '../config/environments';
import { KIND as ENCRYPTION_KEY } from '../compositions/encryption-key/composer';
import { KIND as SECURE_BUCKET } from '../compositions/secure-bucket/composer';
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
  const claim = (kind: string, name: string, spec: Record<string, unknown>): KubeObject => ({
    apiVersion: API_GROUP_VERSION,
    kind,
    metadata: { name, namespace: env.name, labels: { [`${LABEL_PREFIX}/environment`]: env.name } },
    spec,
  });
  return [
    ...Object.entries(env.encryptionKeys).map(([name, c]) => claim(ENCRYPTION_KEY, name, { ...common, ...c })),
    ...Object.entries(env.buckets).map(([name, c]) => claim(SECURE_BUCKET, name, {
      ...common,
      accessLogRetentionDays: tier.accessLogRetentionDays,
      noncurrentVersionExpirationDays: tier.noncurrentVersionExpirationDays,
      ...c,
    })),
  ];
}
