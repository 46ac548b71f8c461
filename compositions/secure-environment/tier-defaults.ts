/**
 * Defaults that depend on the environment's tier, per nested API kind; prod's are the strict ones. A member's own
 * values win (they may tighten these; each API's validation keeps prod from being loosened), and the API's own
 * schema defaults apply to everything not set here.
 */
import type { Tier } from '../../lib/common';

export interface TierDefaults {
  readonly perKind: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

export const TIER_DEFAULTS: Readonly<Record<Tier, TierDefaults>> = {
  dev: {
    perKind: {
      SecureBucket: { accessLogRetentionDays: 90, noncurrentVersionExpirationDays: 30 },
      Network: { flowLogRetentionDays: 90 },
    },
  },
  staging: {
    perKind: {
      SecureBucket: { accessLogRetentionDays: 365, noncurrentVersionExpirationDays: 90 },
      Network: { flowLogRetentionDays: 365 },
    },
  },
  prod: {
    perKind: {
      SecureBucket: { accessLogRetentionDays: 730, noncurrentVersionExpirationDays: 365 },
      Network: { flowLogRetentionDays: 730, publicSubnets: true, natGateways: 'OnePerAz', flowLogsToCloudWatch: true },
      AuroraDatabase: { backupRetentionDays: 35, instances: 2 },
    },
  },
};
