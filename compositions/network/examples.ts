/** Example Network claims: documentation that is tested (composed, validated, rendered). */
import type { NetworkParameters } from './parameters';

type Example = { readonly name: string; readonly spec: Partial<NetworkParameters> & Pick<NetworkParameters, 'cidr' | 'encryptionKeyRef'> };

export const NETWORK_EXAMPLES: readonly Example[] = [
  {
    // Private and database subnets in three zones, no internet or NAT gateway: AWS services through endpoints.
    name: 'minimal',
    spec: {
      environment: 'dev', tier: 'dev', region: 'eu-west-1', accountId: '123456789012', owner: 'team-a', costCenter: 'cc-42',
      cidr: '10.10.0.0/16', encryptionKeyRef: { name: 'minimal' },
    },
  },
  {
    name: 'prod-three-az',
    spec: {
      environment: 'prod', tier: 'prod', region: 'us-east-1', accountId: '123456789012', owner: 'team-a', costCenter: 'cc-42',
      deletionProtection: true, dataClassification: 'restricted', tags: { Project: 'atlas' },
      cidr: '10.20.0.0/16', availabilityZones: 3, availabilityZoneNames: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
      publicSubnets: true, natGateways: 'OnePerAz',
      encryptionKeyRef: { name: 'prod-all-services' }, flowLogRetentionDays: 731, flowLogsToCloudWatch: true,
      interfaceEndpoints: ['secretsmanager', 'kms', 'logs', 'sts', 'ssm', 'ecr.api', 'ecr.dkr'],
    },
  },
];
