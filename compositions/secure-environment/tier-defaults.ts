/**
 * Defaults that depend on the environment's tier, per nested API kind; prod's are the strict ones. Each API states
 * its own on its registration (`PlatformApi.tierDefaults`, typed by its parameters); this table gathers them for
 * the environment's members. A member's own values win (they may tighten these; each API's validation keeps prod
 * from being loosened), and the API's own schema defaults apply to everything not set here.
 */
import { TIERS, type Tier } from '../../lib/common';
import type { Member } from './members';

export interface TierDefaults {
  readonly perKind: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

export function tierDefaultsOf(members: readonly Member[]): Readonly<Record<Tier, TierDefaults>> {
  return Object.fromEntries(TIERS.map((tier) => [tier, {
    perKind: Object.fromEntries(members.flatMap((m) => {
      const defaults = m.api.tierDefaults?.[tier];
      return defaults ? [[m.api.kind, defaults]] : [];
    })),
  }])) as Record<Tier, TierDefaults>;
}
