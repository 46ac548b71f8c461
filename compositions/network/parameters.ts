import { COMMON_PROPERTIES, COMMON_REQUIRED, COMMON_RULES, localRef } from '../../lib/common';
import { arr, bool, int, obj, str, type Infer } from '../../lib/schema';

/**
 * AWS services that get an interface VPC endpoint (private DNS on, reachable on 443 from the VPC only), named by
 * the last part of their endpoint service name `com.amazonaws.<region>.<service>`.
 */
export const INTERFACE_ENDPOINT_SERVICES = [
  'secretsmanager', 'kms', 'logs', 'sts', 'ssm', 'ssmmessages', 'ec2messages', 'ec2', 'ecr.api', 'ecr.dkr',
  'monitoring', 'events', 'sns', 'sqs', 'lambda', 'rds', 'elasticloadbalancing', 'execute-api',
] as const;
export type InterfaceEndpointService = (typeof INTERFACE_ENDPOINT_SERVICES)[number];

/**
 * AWS services that always get a gateway VPC endpoint on the private and database route tables: free (no hourly
 * or data charge), they keep S3 and DynamoDB traffic inside AWS's network without NAT or an internet gateway,
 * for subnets with no internet path at all too.
 */
export const GATEWAY_ENDPOINT_SERVICES = ['s3', 'dynamodb'] as const;

export const NAT_GATEWAY_MODES = ['OnePerAz', 'Single'] as const;
export type NatGatewayMode = (typeof NAT_GATEWAY_MODES)[number];

/** Smallest and largest VPC the API creates (subnet layouts need /16../24). */
export const MIN_VPC_PREFIX = 16;
export const MAX_VPC_PREFIX = 24;
export const MIN_AVAILABILITY_ZONES = 2;
export const MAX_AVAILABILITY_ZONES = 6;
/** Minimum flow-log retention in any tier, and in prod. */
export const MIN_FLOW_LOG_RETENTION_DAYS = 90;
export const MIN_PROD_FLOW_LOG_RETENTION_DAYS = 365;

export const NETWORK_DEFAULTS = {
  availabilityZones: 3,
  publicSubnets: false,
  natGateways: 'Single' as NatGatewayMode,
  flowLogRetentionDays: 365,
  flowLogsToCloudWatch: false,
  interfaceEndpoints: ['secretsmanager', 'kms', 'logs', 'sts'] as InterfaceEndpointService[],
} as const;

const OCTET = '(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])';
/** The longest IPv4 CIDR, `255.255.255.255/32`: bounding strings keeps the API server's CEL cost estimate in budget. */
export const IPV4_CIDR_MAX_LENGTH = 18;
export const IPV4_CIDR_PATTERN = `^(${OCTET}[.]){3}${OCTET}/([0-9]|[12][0-9]|3[0-2])$`;
/** Rules run on strings that may not match the pattern (the API server evaluates both): guard them. */
const ifCidr = (rule: string) => `!self.matches('${IPV4_CIDR_PATTERN}') || (${rule})`;
const PREFIX = "int(self.split('/')[1])";
const BLOCK_SIZES = Array.from({ length: MAX_VPC_PREFIX - MIN_VPC_PREFIX + 1 }, (_, i) => 2 ** (32 - MIN_VPC_PREFIX - i));
const LOW_OCTETS = "(int(self.split('/')[0].split('.')[2]) * 256 + int(self.split('/')[0].split('.')[3]))";

const AZ_PATTERN = '^[a-z]{2}(-gov)?-[a-z]+-[1-9][a-z]$';

export const NETWORK_SPEC = obj('Desired state of the network.', {
  ...COMMON_PROPERTIES,
  cidr: str('IPv4 CIDR block of the VPC, e.g. 10.20.0.0/16: a private (RFC 1918) range from /16 to /24, host bits zero. Subnet CIDRs are derived from it (half for private subnets, a quarter each for public and database subnets). Cannot change.', {
    pattern: IPV4_CIDR_PATTERN, maxLength: IPV4_CIDR_MAX_LENGTH,
    rules: [
      { rule: ifCidr(`${PREFIX} >= ${MIN_VPC_PREFIX} && ${PREFIX} <= ${MAX_VPC_PREFIX}`), message: `cidr must be a /${MIN_VPC_PREFIX} to /${MAX_VPC_PREFIX} block` },
      { rule: ifCidr("self.startsWith('10.') || self.matches('^172[.](1[6-9]|2[0-9]|3[01])[.]') || self.startsWith('192.168.')"), message: 'cidr must be in a private range (RFC 1918): 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16' },
      { rule: ifCidr(`${PREFIX} < ${MIN_VPC_PREFIX} || ${PREFIX} > ${MAX_VPC_PREFIX} || ${LOW_OCTETS} % ${JSON.stringify(BLOCK_SIZES)}[${PREFIX} - ${MIN_VPC_PREFIX}] == 0`), message: 'cidr must be a network address: its host bits must be zero (e.g. 10.20.0.0/16, not 10.20.1.0/16)' },
    ],
  }),
  availabilityZones: int('Number of availability zones the subnets span: each tier gets one subnet per zone.', {
    minimum: MIN_AVAILABILITY_ZONES, maximum: MAX_AVAILABILITY_ZONES, default: NETWORK_DEFAULTS.availabilityZones,
  }),
  availabilityZoneNames: arr('Availability zones to use, in order, e.g. [us-east-1a, us-east-1b, us-east-1c]; as many as availabilityZones, all in region. Defaults to the first availabilityZones zones of the region (<region>a, <region>b, ...).',
    str('An availability zone of the region, e.g. us-east-1a.', { pattern: AZ_PATTERN, maxLength: 32 }), {
      minItems: MIN_AVAILABILITY_ZONES, maxItems: MAX_AVAILABILITY_ZONES, listType: 'set',
    }),
  publicSubnets: bool('Create public subnets with an internet gateway, and NAT gateways that give the private subnets outbound internet access. Without them the VPC has no internet or NAT gateway at all. Database subnets never get a route to either.', {
    default: NETWORK_DEFAULTS.publicSubnets,
  }),
  natGateways: str('NAT gateways when publicSubnets is true: OnePerAz (each zone keeps outbound access when another fails; required when tier is prod) or Single (one shared gateway, cheaper).', {
    enum: NAT_GATEWAY_MODES, default: NETWORK_DEFAULTS.natGateways,
  }),
  encryptionKeyRef: localRef('EncryptionKey', 'The EncryptionKey, in this namespace, whose KMS key encrypts the flow-log bucket (and the CloudWatch log group). Its services must include log-delivery (and logs when flowLogsToCloudWatch).'),
  flowLogBucketName: str('Globally unique name of the S3 bucket that receives the VPC flow logs. Defaults to <name>-flow-logs-<accountId>-<region>. Cannot change.', {
    pattern: '^[a-z0-9][a-z0-9-]*[a-z0-9]$', minLength: 3, maxLength: 63,
    rules: [
      { rule: "!self.startsWith('xn--') && !self.startsWith('sthree-') && !self.endsWith('-s3alias') && !self.endsWith('--ol-s3')", message: 'flowLogBucketName uses a prefix or suffix S3 reserves' },
    ],
  }),
  flowLogRetentionDays: int('Days VPC flow logs are kept before they expire (at least 365 when tier is prod). The CloudWatch log group, if any, keeps them for the nearest retention CloudWatch supports at or above this.', {
    minimum: MIN_FLOW_LOG_RETENTION_DAYS, maximum: 3653, default: NETWORK_DEFAULTS.flowLogRetentionDays,
  }),
  flowLogsToCloudWatch: bool('Also send the flow logs to a CloudWatch Logs group encrypted with the key, for queries and metric filters.', {
    default: NETWORK_DEFAULTS.flowLogsToCloudWatch,
  }),
  interfaceEndpoints: arr('AWS services reached privately through interface endpoints in the private subnets (private DNS on, HTTPS from the VPC only). S3 and DynamoDB gateway endpoints (free) are always created on the private and database route tables.',
    str('An AWS service, as in its endpoint service name com.amazonaws.<region>.<service>.', { enum: INTERFACE_ENDPOINT_SERVICES }), {
      default: [...NETWORK_DEFAULTS.interfaceEndpoints], maxItems: INTERFACE_ENDPOINT_SERVICES.length, listType: 'set',
    }),
}, {
  required: [...COMMON_REQUIRED, 'cidr', 'encryptionKeyRef'],
  rules: [
    ...COMMON_RULES,
    { rule: '!has(self.availabilityZoneNames) || size(self.availabilityZoneNames) == self.availabilityZones', message: 'availabilityZoneNames must list exactly availabilityZones zones', fieldPath: '.availabilityZoneNames' },
    { rule: '!has(self.availabilityZoneNames) || self.availabilityZoneNames.all(z, z.startsWith(self.region) && size(z) == size(self.region) + 1)', message: 'availabilityZoneNames must be zones of region (region followed by one letter)', fieldPath: '.availabilityZoneNames' },
    { rule: "self.tier != 'prod' || !self.publicSubnets || self.natGateways == 'OnePerAz'", message: 'natGateways must be OnePerAz when tier is prod and publicSubnets is true', fieldPath: '.natGateways' },
    { rule: `self.tier != 'prod' || self.flowLogRetentionDays >= ${MIN_PROD_FLOW_LOG_RETENTION_DAYS}`, message: `flowLogRetentionDays must be at least ${MIN_PROD_FLOW_LOG_RETENTION_DAYS} when tier is prod`, fieldPath: '.flowLogRetentionDays' },
    { rule: 'self.cidr == oldSelf.cidr', message: 'cidr cannot change: the VPC and its subnets would have to be replaced', fieldPath: '.cidr' },
    { rule: '(self.availabilityZones <= 4) == (oldSelf.availabilityZones <= 4)', message: 'availabilityZones cannot cross from 4 or fewer to more (or back): the subnet layout, and every subnet, would change', fieldPath: '.availabilityZones' },
    { rule: '!has(oldSelf.flowLogBucketName) || (has(self.flowLogBucketName) && self.flowLogBucketName == oldSelf.flowLogBucketName)', message: 'flowLogBucketName cannot change: S3 buckets cannot be renamed', fieldPath: '.flowLogBucketName' },
  ],
});

const ids = (what: string) => arr(`Ids of the ${what} subnets, in availability-zone order, as the provider reports them.`, str('A subnet id.'));

export const NETWORK_STATUS = obj('Observed outputs of the network, for other platform APIs and users to reference.', {
  vpcId: str('Id of the VPC.'),
  vpcCidr: str('IPv4 CIDR block of the VPC.'),
  availabilityZones: arr('Availability zones the subnets span, in order.', str('An availability zone.')),
  subnetIds: obj('Subnet ids per tier.', {
    public: ids('public'),
    private: ids('private application'),
    database: ids('isolated database'),
  }),
  subnetCidrs: obj('Subnet CIDR blocks per tier, in availability-zone order.', {
    public: arr('CIDR blocks of the public subnets.', str('A CIDR block.')),
    private: arr('CIDR blocks of the private application subnets.', str('A CIDR block.')),
    database: arr('CIDR blocks of the isolated database subnets.', str('A CIDR block.')),
  }),
  securityGroupIds: obj('Security group ids.', {
    endpoints: str('Security group of the interface VPC endpoints (admits HTTPS from the VPC).'),
  }),
  natGatewayIds: arr('Ids of the NAT gateways.', str('A NAT gateway id.')),
  flowLogBucketName: str('Name of the bucket receiving the VPC flow logs.'),
  flowLogBucketArn: str('ARN of the bucket receiving the VPC flow logs.'),
  flowLogGroupName: str('Name of the CloudWatch log group receiving the VPC flow logs, when enabled.'),
});

/**
 * A VPC with private application subnets, isolated database subnets (no route to any internet or NAT gateway)
 * and optional public subnets with NAT, across availability zones; the default security group emptied; flow
 * logs of all traffic to an encrypted bucket; and private endpoints for S3, DynamoDB and the AWS services named.
 * Derived from the schema above (its descriptions document each field, its defaults fill them): the one
 * statement of the API's parameters.
 */
export type NetworkParameters = Infer<typeof NETWORK_SPEC>;
/** What a Network reports, derived from its status schema. */
export type NetworkStatus = Infer<typeof NETWORK_STATUS>;
