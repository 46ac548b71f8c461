/** Network claims the API must refuse, each changing one of its examples in one way (see PlatformApi.badClaims). */
import { withoutField as without, type BadClaim } from '../../lib/composer';
import { NETWORK_EXAMPLES } from './examples';

const MINIMAL: Record<string, unknown> = { ...NETWORK_EXAMPLES[0].spec };
const PROD: Record<string, unknown> = { ...NETWORK_EXAMPLES.find((e) => e.name === 'prod-three-az')!.spec };

export const NETWORK_BAD_CLAIMS: readonly BadClaim[] = [
  { what: 'a public address range', spec: { ...MINIMAL, cidr: '8.8.0.0/16' }, field: 'spec.cidr', words: 'private range' },
  { what: 'a VPC block larger than /16', spec: { ...MINIMAL, cidr: '10.0.0.0/8' }, field: 'spec.cidr', words: 'block' },
  { what: 'a block with host bits set', spec: { ...MINIMAL, cidr: '10.20.1.0/16' }, field: 'spec.cidr', words: 'network address' },
  { what: 'zone names that do not match the zone count', spec: { ...PROD, availabilityZoneNames: ['us-east-1a', 'us-east-1b'] }, field: 'spec.availabilityZoneNames', words: 'exactly availabilityZones zones' },
  { what: 'a zone of another region', spec: { ...PROD, availabilityZoneNames: ['us-east-1a', 'us-east-1b', 'eu-west-1c'] }, field: 'spec.availabilityZoneNames', words: 'zones of region' },
  { what: 'prod public subnets behind a single NAT gateway', spec: { ...PROD, natGateways: 'Single' }, field: 'spec.natGateways', words: 'OnePerAz when tier is prod' },
  { what: 'flow logs kept 30 days', spec: { ...MINIMAL, flowLogRetentionDays: 30 }, field: 'spec.flowLogRetentionDays', words: '>= 90' },
  { what: 'prod flow logs kept 90 days', spec: { ...PROD, flowLogRetentionDays: 90 }, field: 'spec.flowLogRetentionDays', words: 'at least 365 when tier is prod' },
  { what: 'an attempt to switch flow logs off', spec: { ...MINIMAL, flowLogs: false }, field: 'spec.flowLogs', words: '' },
  { what: 'S3 as an interface endpoint (the Network gives it a gateway endpoint)', spec: { ...MINIMAL, interfaceEndpoints: ['s3'] }, field: 'spec.interfaceEndpoints[0]', words: 'must be one of' },
  { what: 'a flow-log bucket name with a reserved suffix', spec: { ...MINIMAL, flowLogBucketName: 'team-a-flow-logs-s3alias' }, field: 'spec.flowLogBucketName', words: 'reserves' },
  { what: 'a network without its encryption key', spec: without(MINIMAL, 'encryptionKeyRef'), field: 'spec.encryptionKeyRef', words: 'equired' },
];
