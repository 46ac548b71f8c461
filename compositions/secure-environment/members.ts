/**
 * The members of a SecureEnvironment: the platform APIs whose registration declares `environmentMember` (which spec
 * field holds them, one or a list, the nested XRs' name prefix, what counts toward the summary), in the order of
 * the registry, which is the order of the environment's spec fields. Nothing here names an API: a new API becomes
 * a member by declaring it on its own registration.
 */
import type { EnvironmentMember, PlatformApi } from '../../lib/composer';

export type Member = EnvironmentMember & { readonly api: PlatformApi };

export function membersAmong(apis: readonly PlatformApi[]): Member[] {
  return apis.flatMap((api): Member[] => (api.environmentMember ? [{ ...api.environmentMember, api }] : []));
}
