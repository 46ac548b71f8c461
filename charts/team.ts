/**
 * A team of an environment: its namespace `<env>-<team>`, the RoleBinding that lets its group manage the platform's
 * XRs there (and only there, and only XRs: no managed resources, no provider configs), a quota on how many XRs,
 * and a namespaced provider config that assumes the team's IAM role. The ClusterRoles it binds are cluster-wide,
 * emitted once for the platform (PlatformRbacChart, dist/platform/platform-rbac.k8s.yaml).
 */
import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { k8s } from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/environments';
import { platformConfig } from '../config/platform';
import { teamGroup, teamNamespace, type TeamConfig } from '../config/teams';
import { PLATFORM_APIS } from '../compositions';
import { AwsProviderConfig, ProviderConfigSpecCredentialsSource } from '../imports/aws-aws.m.upbound.io';
import { API_GROUP, LABEL_PREFIX } from '../lib/platform';

/** ClusterRole a team's group is bound to in its namespace: full control of the platform's XRs, nothing else. */
export const PLATFORM_EDIT_ROLE = 'secure-baseline-platform-edit';
/** Read-only access to the platform's XRs (aggregated into the built-in `view`). */
export const PLATFORM_VIEW_ROLE = 'secure-baseline-platform-view';
/** Name of the provider config in every team namespace (`providerConfigRef: { kind: ProviderConfig, name: team }`). */
export const TEAM_PROVIDER_CONFIG = 'team';

const RBAC_GROUP = 'rbac.authorization.k8s.io';
const READ_VERBS = ['get', 'list', 'watch'];
const WRITE_VERBS = ['create', 'update', 'patch', 'delete', 'deletecollection'];

/** The XR plurals of the platform (from PLATFORM_APIS), sorted. */
export const xrPlurals = (): string[] => PLATFORM_APIS.map((a) => a.plural).sort();

/**
 * Who may use the platform APIs: view and edit ClusterRoles over the XRs (aggregated into the built-in `view` and
 * `edit`), cluster-wide once (dist/platform/platform-rbac.k8s.yaml); each team is bound to edit in its namespace.
 */
export class PlatformRbacChart extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id, { labels: { [`${LABEL_PREFIX}/layer`]: 'rbac' } });
    platformRbacClusterRoles(this);
  }
}

/** The view and edit ClusterRoles over the platform's XRs. */
export function platformRbacClusterRoles(scope: Construct): void {
  const resources = xrPlurals();
  new k8s.KubeClusterRole(scope, 'platform-view-role', {
    metadata: { name: PLATFORM_VIEW_ROLE, labels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' } },
    rules: [{ apiGroups: [API_GROUP], resources, verbs: READ_VERBS }],
  });
  new k8s.KubeClusterRole(scope, 'platform-edit-role', {
    metadata: { name: PLATFORM_EDIT_ROLE, labels: { 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' } },
    rules: [{ apiGroups: [API_GROUP], resources, verbs: [...READ_VERBS, ...WRITE_VERBS] }],
  });
}

/** Hard limits of a team's ResourceQuota: one `count/<plural>.<group>` per platform API. */
export function teamQuotaHard(team: TeamConfig): Record<string, number> {
  const known = new Set(PLATFORM_APIS.map((a) => a.kind));
  const unknown = Object.keys(team.quota.kinds ?? {}).filter((k) => !known.has(k));
  if (unknown.length) throw new Error(`team ${team.name}: quota names unknown kinds ${unknown.join(', ')}`);
  const hard: Record<string, number> = {};
  for (const api of [...PLATFORM_APIS].sort((a, b) => a.plural.localeCompare(b.plural))) {
    hard[`count/${api.plural}.${API_GROUP}`] = team.quota.kinds?.[api.kind] ?? team.quota.perKind;
  }
  return hard;
}

export class TeamChart extends Chart {
  constructor(scope: Construct, id: string, env: EnvironmentConfig, team: TeamConfig) {
    super(scope, id, { labels: { [`${LABEL_PREFIX}/environment`]: env.name, [`${LABEL_PREFIX}/team`]: team.name } });
    const namespace = teamNamespace(env.name, team.name);
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(namespace) || namespace.length > 63) {
      throw new Error(`team ${team.name} of ${env.name}: namespace ${namespace} is not a DNS label`);
    }
    new kplus.Namespace(this, 'namespace', {
      metadata: {
        name: namespace,
        labels: {
          [`${LABEL_PREFIX}/tier`]: env.tier,
          // As in the environment's namespace: only XRs and what Crossplane composes; pods that run must be restricted.
          'pod-security.kubernetes.io/enforce': 'restricted',
        },
      },
    });

    const groups = [teamGroup(env.name, team.name), ...(team.members ?? [])];
    new k8s.KubeRoleBinding(this, 'platform-edit', {
      metadata: { name: `${PLATFORM_EDIT_ROLE}`, namespace },
      roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: PLATFORM_EDIT_ROLE },
      subjects: groups.map((name) => ({ apiGroup: RBAC_GROUP, kind: 'Group', name })),
    });

    new k8s.KubeResourceQuota(this, 'xr-quota', {
      metadata: { name: 'platform-xrs', namespace },
      spec: { hard: Object.fromEntries(Object.entries(teamQuotaHard(team)).map(([k, v]) => [k, k8s.Quantity.fromNumber(v)])) },
    });

    // Mirrors the platform's ClusterProviderConfig (charts/platform.ts): the provider's own identity (IRSA or Pod
    // Identity, never static keys), which then assumes the team's role.
    const config = platformConfig();
    new AwsProviderConfig(this, 'provider-config', {
      metadata: { name: TEAM_PROVIDER_CONFIG, namespace },
      spec: {
        credentials: {
          source: config.credentialsSource === 'IRSA' ? ProviderConfigSpecCredentialsSource.IRSA : ProviderConfigSpecCredentialsSource.POD_IDENTITY,
        },
        assumeRoleChain: [{ roleArn: team.providerRoleArn }],
      },
    });
  }
}
