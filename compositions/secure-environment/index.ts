import type { PlatformApi } from '../../lib/composer';
import { SECURE_ENVIRONMENT_BAD_CLAIMS } from './bad-claims';
import { composeSecureEnvironment, KIND } from './composer';
import { SECURE_ENVIRONMENT_EXAMPLES } from './examples';
import { membersAmong, type Member } from './members';
import { secureEnvironmentSpec, SECURE_ENVIRONMENT_STATUS, type SecureEnvironmentParameters } from './parameters';

export interface SecureEnvironmentApi extends PlatformApi<SecureEnvironmentParameters> {
  /** The APIs it holds, each in its spec field (those of the registry that declare `environmentMember`). */
  readonly members: readonly Member[];
}

/**
 * The SecureEnvironment API over the other platform APIs (compositions/index.ts passes the registry): its spec has
 * a field for each API that declares `environmentMember`, so it is built from them rather than importing them.
 */
export function secureEnvironmentApiOf(apis: readonly PlatformApi[]): SecureEnvironmentApi {
  const members = membersAmong(apis);
  return {
    kind: KIND,
    plural: 'secureenvironments',
    shortNames: ['senv'],
    description: 'A whole environment in one resource: customer-managed keys, the network, compliance monitoring, IAM guardrails and the data stores, functions and APIs of its workloads, each composed as its own platform resource with the environment\'s common parameters and its tier\'s defaults. Its status is the environment\'s compliance summary.',
    specSchema: secureEnvironmentSpec(members),
    statusSchema: SECURE_ENVIRONMENT_STATUS,
    printerColumns: [
      { name: 'TIER', type: 'string', jsonPath: '.spec.tier' },
      { name: 'MEMBERS', type: 'integer', jsonPath: '.status.members' },
      { name: 'READY-MEMBERS', type: 'integer', jsonPath: '.status.readyMembers' },
      { name: 'VPC', type: 'string', jsonPath: '.status.vpcId', priority: 1 },
    ],
    // Only nested XRs of the other platform APIs: they compose the managed resources.
    managedResources: [],
    examples: SECURE_ENVIRONMENT_EXAMPLES,
    badClaims: SECURE_ENVIRONMENT_BAD_CLAIMS,
    members,
    compose: (input) => composeSecureEnvironment(input, members),
  };
}
