/**
 * The environments synth writes, in one typed place. Adding an environment is one entry in ENVIRONMENTS; its
 * tier decides the stricter defaults (TIER_DEFAULTS), which a claim may tighten but the APIs' validation keeps
 * from loosening in prod.
 */
import type { CommonParameters, Tier } from '../lib/common';
import type { EncryptionKeyParameters } from '../compositions/encryption-key/parameters';
import type { SecureBucketParameters } from '../compositions/secure-bucket/parameters';

/**
 * What a claim of API P states itself: its own parameters (defaults may be left out) and, if it differs from
 * the API's default, its data classification; the environment gives the other common parameters.
 */
type ClaimOf<P, Needed extends keyof P> = Pick<P, Needed> & Partial<Omit<P, keyof CommonParameters | Needed>>
  & Partial<Pick<CommonParameters, 'dataClassification'>>;

export type EncryptionKeyClaim = ClaimOf<EncryptionKeyParameters, 'description'>;
export type SecureBucketClaim = ClaimOf<SecureBucketParameters, 'encryptionKeyRef'>;

export interface EnvironmentConfig {
  /** Environment name; also the namespace its claims live in. */
  readonly name: string;
  readonly tier: Tier;
  readonly accountId: string;
  readonly region: string;
  readonly owner: string;
  readonly costCenter: string;
  /** Extra tags on every resource of the environment. */
  readonly tags?: Readonly<Record<string, string>>;
  /** EncryptionKey claims by name. */
  readonly encryptionKeys: Readonly<Record<string, EncryptionKeyClaim>>;
  /** SecureBucket claims by name. */
  readonly buckets: Readonly<Record<string, SecureBucketClaim>>;
}

/** Defaults that depend on the tier; prod's are the strict ones. */
export interface TierDefaults {
  readonly deletionProtection: boolean;
  readonly accessLogRetentionDays: number;
  readonly noncurrentVersionExpirationDays: number;
}

export const TIER_DEFAULTS: Readonly<Record<Tier, TierDefaults>> = {
  dev: { deletionProtection: false, accessLogRetentionDays: 90, noncurrentVersionExpirationDays: 30 },
  staging: { deletionProtection: false, accessLogRetentionDays: 365, noncurrentVersionExpirationDays: 90 },
  prod: { deletionProtection: true, accessLogRetentionDays: 730, noncurrentVersionExpirationDays: 365 },
};

const appData = {
  encryptionKeys: {
    'app-data': { description: 'Application data at rest', services: ['s3'] },
  },
  buckets: {
    'app-data': { encryptionKeyRef: { name: 'app-data' }, dataClassification: 'confidential' },
  },
} satisfies Pick<EnvironmentConfig, 'encryptionKeys' | 'buckets'>;

// Account ids are placeholders: replace them with your accounts.
export const ENVIRONMENTS: readonly EnvironmentConfig[] = [
  { name: 'dev', tier: 'dev', accountId: '111111111111', region: 'us-east-1', owner: 'platform-team', costCenter: 'cc-1001', ...appData },
  { name: 'staging', tier: 'staging', accountId: '222222222222', region: 'us-east-1', owner: 'platform-team', costCenter: 'cc-1001', ...appData },
  {
    name: 'prod', tier: 'prod', accountId: '333333333333', region: 'us-east-1', owner: 'platform-team', costCenter: 'cc-1001',
    tags: { Compliance: 'soc2' },
    encryptionKeys: {
      ...appData.encryptionKeys,
      'audit-evidence': { description: 'Audit evidence at rest', services: ['s3'] },
    },
    buckets: {
      'app-data': {
        ...appData.buckets['app-data'],
        transitions: [{ days: 90, storageClass: 'STANDARD_IA' }, { days: 365, storageClass: 'GLACIER_IR' }],
      },
      'audit-evidence': {
        encryptionKeyRef: { name: 'audit-evidence' },
        dataClassification: 'restricted',
        objectLock: { mode: 'COMPLIANCE', days: 365 },
      },
    },
  },
];
