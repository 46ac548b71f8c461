/** One environment: its namespace and its claims (namespaced XRs of the platform APIs). */
import { ApiObject, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/environments';
import { environmentClaims } from '../lib/claims';
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
    for (const claim of environmentClaims(env)) {
      new ApiObject(this, `${claim.kind}-${claim.metadata!.name}`, claim as never);
    }
    // Each team is a chart (a file) of its own next to the environment's: `<env>-<team>.k8s.yaml`.
    for (const team of env.teams ?? []) new TeamChart(scope, `${id}-${team.name}`, env, team);
  }
}
