/**
 * Teams of an environment: each gets its own namespace `<env>-<team>` in which its group may manage the platform's
 * XRs (and nothing else), a quota on how many, and a namespaced provider config that assumes the team's IAM role.
 * Adding a team is one entry in `teams` of its environment (config/environments.ts).
 */

/** How many XRs the team may have in its namespace (Kubernetes object-count quota, `count/<plural>.<group>`). */
export interface TeamQuota {
  /** Limit for every platform kind not listed in `kinds`. */
  readonly perKind: number;
  /**
   * Limits of single kinds, by kind (e.g. `{ SecureBucket: 10, AuroraDatabase: 1 }`). XRs a SecureEnvironment
   * nests are created in the same namespace and count too. A total across kinds is not expressible as a
   * ResourceQuota (it counts per resource).
   */
  readonly kinds?: Readonly<Record<string, number>>;
}

export interface TeamConfig {
  /** DNS label; the namespace is `<env>-<team>` (at most 63 characters). */
  readonly name: string;
  /**
   * IAM role the provider assumes (from its own IRSA / Pod Identity role) for the team's resources; its trust
   * policy must admit the provider's role.
   */
  readonly providerRoleArn: string;
  readonly quota: TeamQuota;
  /** Further groups of the team's members (the group `<env>:<team>` is always bound). */
  readonly members?: readonly string[];
}

/** The namespace of a team of an environment. */
export const teamNamespace = (env: string, team: string) => `${env}-${team}`;
/** The group (as the cluster's authenticator names it) of a team of an environment. */
export const teamGroup = (env: string, team: string) => `${env}:${team}`;
