/**
 * A team of an environment: its namespace `<env>-<team>`, the RoleBinding that lets its group manage the platform's
 * XRs there (and only there, and only XRs: no managed resources, no provider configs), a quota on how many XRs,
 * and a namespaced provider config that assumes the team's IAM role. The ClusterRoles it binds are cluster-wide,
 * emitted once for the platform (PlatformRbacChart, dist/platform/platform-rbac.k8s.yaml).
 */
import { ApiObject, Chart } from 'cdk8s';
import { ValidatingAdmissionPolicy } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy';
import { ValidatingAdmissionPolicyBinding } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding';
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
/** Label every team namespace carries (with the team's name); the team provider-config policy selects on it. */
export const TEAM_LABEL = `${LABEL_PREFIX}/team`;
/** The policy (and its binding) that keeps a team's XRs on the team's own provider config. */
export const TEAM_PROVIDER_CONFIG_POLICY = 'secure-baseline-team-provider-config';

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
    for (const obj of teamProviderConfigPolicy()) {
      new ApiObject(this, `${obj.kind.toLowerCase()}-${obj.metadata!.name}`, obj.toJSON() as never);
    }
  }
}

/**
 * RBAC lets a team create XRs in its namespace, but an XR names the credentials its managed resources are created
 * with (spec.providerConfigRef): without this policy a team could point its XRs at the platform's
 * ClusterProviderConfig (the platform's own IAM role) or at any other provider config, and act in AWS beyond its
 * team role. In team namespaces (labelled TEAM_LABEL) every platform XR must use the namespace's `team`
 * ProviderConfig, which assumes the team's role. Checked on CREATE, and on UPDATE when providerConfigRef changes
 * (an XR that predates the policy keeps being reconciled: Crossplane updates XRs too); objects being deleted are
 * left alone. failurePolicy Fail, binding Deny.
 */
export function teamProviderConfigPolicy(): [ValidatingAdmissionPolicy, ValidatingAdmissionPolicyBinding] {
  const policy = new ValidatingAdmissionPolicy({
    metadata: { name: TEAM_PROVIDER_CONFIG_POLICY },
    spec: {
      failurePolicy: 'Fail',
      matchConstraints: {
        resourceRules: [{ apiGroups: [API_GROUP], apiVersions: ['*'], resources: xrPlurals(), operations: ['CREATE', 'UPDATE'], scope: 'Namespaced' }],
        namespaceSelector: { matchExpressions: [{ key: TEAM_LABEL, operator: 'Exists' }] },
      },
      matchConditions: [
        {
          name: 'provider-config-set-or-changed',
          expression: "request.operation == 'CREATE' || !has(oldObject.spec.providerConfigRef) || !has(object.spec.providerConfigRef) || oldObject.spec.providerConfigRef != object.spec.providerConfigRef",
        },
        { name: 'not-being-deleted', expression: '!has(object.metadata.deletionTimestamp)' },
      ],
      validations: [{
        expression: `has(object.spec.providerConfigRef) && object.spec.providerConfigRef.kind == 'ProviderConfig' && object.spec.providerConfigRef.name == '${TEAM_PROVIDER_CONFIG}'`,
        message: `in a team namespace, platform resources use the team's own credentials: set spec.providerConfigRef to {kind: ProviderConfig, name: ${TEAM_PROVIDER_CONFIG}} (the ClusterProviderConfig is the platform's identity, not the team's)`,
        reason: 'Forbidden',
      }],
    },
  });
  const binding = new ValidatingAdmissionPolicyBinding({
    metadata: { name: TEAM_PROVIDER_CONFIG_POLICY },
    spec: { policyName: TEAM_PROVIDER_CONFIG_POLICY, validationActions: ['Deny'] },
  });
  return [policy, binding];
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
    super(scope, id, { labels: { [`${LABEL_PREFIX}/environment`]: env.name, [TEAM_LABEL]: team.name } });
    const namespace = teamNamespace(env.name, team.name);
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(namespace) || namespace.length > 63) {
      throw new Error(`team ${team.name} of ${env.name}: namespace ${namespace} is not a DNS label`);
    }
    new kplus.Namespace(this, 'namespace', {
      metadata: {
        name: namespace,
        labels: {
          // Selects the namespace for the team provider-config policy (also set by the chart's labels; stated here
          // because the policy depends on it).
          [TEAM_LABEL]: team.name,
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
