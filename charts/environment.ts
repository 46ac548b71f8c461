/** One environment: its namespace and its claims (namespaced XRs of the platform APIs). */
import { ApiObject, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/environments';
import { AwsClusterProviderConfig, ClusterProviderConfigSpecCredentialsSource } from '../imports/aws-aws.m.upbound.io';
import { providerRoleOf } from '../config/environments';
import { platformConfig } from '../config/platform';
import { environmentClaims, environmentProviderConfigName } from '../synth/claims';
import { LABEL_PREFIX } from '../lib/platform';
import { TeamChart } from './team';

export class EnvironmentChart extends Chart {
  constructor(scope: Construct, id: string, env: EnvironmentConfig) {
    super(scope, id, { labels: { [`${LABEL_PREFIX}/environment`]: env.name } });
    new kplus.Namespace(this, 'namespace', {
      metadata: {
        name: env.name,
        labels: {
          [`${LABEL_PREFIX}/tier`]: env.tier,
          // Nothing but XRs and what Crossplane composes should run here; pods that do must be restricted.
          'pod-security.kubernetes.io/enforce': 'restricted',
        },
      },
    });
    // The provider's identity in this environment's account: its own credentials (IRSA or Pod Identity, never
    // static keys, as the platform's default config) then the environment account's provider role. The role's
    // trust policy must admit the provider's role (even where that is the same role: AWS requires role
    // self-assumption to be trusted explicitly).
    const config = platformConfig();
    new AwsClusterProviderConfig(this, 'provider-config', {
      metadata: { name: environmentProviderConfigName(env.name) },
      spec: {
        credentials: {
          source: config.credentialsSource === 'IRSA' ? ClusterProviderConfigSpecCredentialsSource.IRSA : ClusterProviderConfigSpecCredentialsSource.POD_IDENTITY,
        },
        assumeRoleChain: [{ roleArn: providerRoleOf(env.accountId) }],
      },
    });
    for (const claim of environmentClaims(env)) {
      new ApiObject(this, `${claim.kind}-${claim.metadata!.name}`, claim as never);
    }
    // Each team is a chart (a file) of its own next to the environment's: `<env>-<team>.k8s.yaml`.
    for (const team of env.teams ?? []) new TeamChart(scope, `${id}-${team.name}`, env, team);
  }
}
