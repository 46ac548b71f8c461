/**
 * Network → a VPC (DNS support and hostnames on) with, per availability zone, a private application subnet, an
 * isolated database subnet (its route table has no route but the local one and the gateway endpoints': no
 * internet or NAT gateway, ever) and optionally a public subnet with NAT (one per zone or one shared); route
 * tables and associations; the VPC's default security group emptied of all rules; flow logs of ALL traffic to
 * an SSE-KMS, versioned, private, TLS-only, expiring S3 bucket (optionally also to a KMS-encrypted CloudWatch
 * log group); S3 and DynamoDB gateway endpoints on the private and database route tables and interface
 * endpoints (private DNS) behind a security group that admits HTTPS from the VPC only; and a Usage that keeps
 * the EncryptionKey alive while the Network exists.
 *
 * Every composed resource carries NETWORK_LABEL=<name>; subnets also SUBNET_TIER_LABEL=<tier>; the VPC has
 * component `vpc`. Other platform APIs select them by these labels (lib/platform.ts).
 */
import { LogsGroup } from '../../imports/aws-cloudwatchlogs-cloudwatchlogs.aws.m.upbound.io';
import * as ec2 from '../../imports/aws-ec2-ec2.aws.m.upbound.io';
import * as iam from '../../imports/aws-iam-iam.aws.m.upbound.io';
import * as s3 from '../../imports/aws-s3-s3.aws.m.upbound.io';
import { sameXrSelector } from '../../lib/common';
import { atProvider, defined, InputError, reported, type ComposeInput, type Composition, type KubeObject, type XrCondition } from '../../lib/composer';
import { ComposerKit, type PartOptions } from '../../lib/kit';
import { API_GROUP_VERSION, NETWORK_LABEL, SUBNET_TIER_LABEL } from '../../lib/platform';
import { KIND as ENCRYPTION_KEY_KIND } from '../encryption-key/composer';
import { composedKeyArn } from '../encryption-key/dependency';
import { flowLogBucketPolicy, flowLogRolePolicy, flowLogRoleTrustPolicy } from './flow-log-policy';
import { GATEWAY_ENDPOINT_SERVICES, type NetworkParameters, type NetworkStatus } from './parameters';
import { subnetCidrs, type SubnetTier } from './subnets';

export const KIND = 'Network';
const MAX_BUCKET_NAME = 63;
const HTTPS = 443;
/** Flow-log records are aggregated over at most this many seconds (60 or 600). */
export const FLOW_LOG_AGGREGATION_SECONDS = 60;
/** Retention values CloudWatch Logs accepts (besides 0, never expire). */
export const CLOUDWATCH_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/** The availability zones of a Network, in order: explicit, or the first N of the region. */
export function availabilityZonesOf(p: Pick<NetworkParameters, 'region' | 'availabilityZones' | 'availabilityZoneNames'>): string[] {
  return p.availabilityZoneNames ? [...p.availabilityZoneNames] : Array.from({ length: p.availabilityZones }, (_, i) => `${p.region}${'abcdefgh'[i]}`);
}

export function flowLogBucketNameOf(xrName: string, p: Pick<NetworkParameters, 'flowLogBucketName' | 'accountId' | 'region'>): string {
  const bucket = p.flowLogBucketName ?? `${xrName}-flow-logs-${p.accountId}-${p.region}`;
  if (bucket.length > MAX_BUCKET_NAME || !/^[a-z0-9][a-z0-9-]*[a-z0-9]$/.test(bucket)) {
    throw new InputError('spec.flowLogBucketName', `flow-log bucket name "${bucket}" must be at most ${MAX_BUCKET_NAME} lowercase letters, digits and hyphens: set a shorter spec.flowLogBucketName`);
  }
  return bucket;
}

/** The smallest CloudWatch retention that keeps logs at least `days`. */
export function cloudWatchRetention(days: number): number {
  return CLOUDWATCH_RETENTION_DAYS.find((d) => d >= days) ?? CLOUDWATCH_RETENTION_DAYS[CLOUDWATCH_RETENTION_DAYS.length - 1];
}

/** Component names, shared by the composer, its status and the tests. */
export const components = {
  subnet: (tier: SubnetTier, az: string) => `subnet-${tier}-${az}`,
  routeTable: (tier: 'public' | 'database' | `private-${string}`) => `route-table-${tier}`,
  natGateway: (az: string) => `nat-gateway-${az}`,
  endpoint: (service: string) => `vpc-endpoint-${service.replace(/\./g, '-')}`,
} as const;

/** The letter of a zone (us-east-1a → a): names its per-zone components. */
const zoneLetter = (zone: string) => zone.slice(-1);

/** The kit, with NETWORK_LABEL=<name> on every composed resource (other platform APIs select them by it). */
class NetworkKit extends ComposerKit<NetworkParameters> {
  override metadata(component: string, options: Pick<PartOptions, 'externalName' | 'labels'> = {}) {
    return super.metadata(component, { ...options, labels: { [NETWORK_LABEL]: this.name, ...options.labels } });
  }

  /** The AWS tags, with Name `<name>` or `<name>-<suffix>`. */
  nameTags(suffix?: string): Record<string, string> {
    return { ...this.tags, Name: suffix ? `${this.name}-${suffix}` : this.name };
  }
}

/** What every part of a Network's composition shares. */
interface NetworkParts {
  readonly kit: NetworkKit;
  readonly p: NetworkParameters;
  readonly region: string;
  /** The letters of the zones, in order: they name the per-zone components. */
  readonly letters: readonly string[];
  readonly vpcIdSelector: ReturnType<typeof sameXrSelector>;
}

/** Component of the interface endpoints' security group. */
const ENDPOINTS_SECURITY_GROUP = 'security-group-endpoints';

/** The VPC and its default security group, emptied. */
function composeVpc({ kit, p, region, vpcIdSelector }: NetworkParts): void {
  kit.add('vpc', ec2.Ec2Vpc, { region, cidrBlock: p.cidr, enableDnsSupport: true, enableDnsHostnames: true, instanceTenancy: 'default', tags: kit.nameTags() });
  // Adopting the default security group removes every rule it has; none is declared, so it admits nothing.
  kit.add('default-security-group', ec2.Ec2DefaultSecurityGroup, { region, vpcIdSelector, ingress: [], egress: [], tags: kit.nameTags('default-deny-all') });
}

/** Subnets: one per tier and zone. No subnet assigns public IPs to what is launched in it. */
function composeSubnets({ kit, region, letters, vpcIdSelector }: NetworkParts, tiers: readonly SubnetTier[], zones: readonly string[], cidrs: Record<SubnetTier, string[]>): void {
  for (const tier of tiers) {
    zones.forEach((zone, i) => {
      kit.add(components.subnet(tier, letters[i]), ec2.Ec2Subnet, {
        region, vpcIdSelector, availabilityZone: zone, cidrBlock: cidrs[tier][i], mapPublicIpOnLaunch: false,
        tags: { ...kit.nameTags(`${tier}-${letters[i]}`), Tier: tier },
      }, { labels: { [SUBNET_TIER_LABEL]: tier } });
    });
  }
}

/** A route table of the VPC, with no route but the VPC-local one until routes are added. */
function composeRouteTable({ kit, region, vpcIdSelector }: NetworkParts, component: string, tagSuffix: string): void {
  kit.add(component, ec2.Ec2RouteTable, { region, vpcIdSelector, tags: kit.nameTags(tagSuffix) });
}

/** The association of a subnet with its route table. */
function composeRouteTableAssociation({ kit, region }: NetworkParts, routeTableComponent: string, subnetComponent: string): void {
  kit.add(`route-table-association-${subnetComponent.replace(/^subnet-/, '')}`, ec2.Ec2RouteTableAssociation, {
    region, routeTableIdSelector: sameXrSelector(routeTableComponent), subnetIdSelector: sameXrSelector(subnetComponent),
  });
}

/** Route tables of the database and private tiers, and their subnets' associations. */
function composeRouteTables(parts: NetworkParts): void {
  // --- Database tier: one route table with no routes but the VPC-local one. ---
  composeRouteTable(parts, components.routeTable('database'), 'database');
  parts.letters.forEach((l) => composeRouteTableAssociation(parts, components.routeTable('database'), components.subnet('database', l)));

  // --- Private tier: a route table per zone (each zone's egress follows its own NAT gateway when OnePerAz). ---
  parts.letters.forEach((l) => {
    composeRouteTable(parts, components.routeTable(`private-${l}`), `private-${l}`);
    composeRouteTableAssociation(parts, components.routeTable(`private-${l}`), components.subnet('private', l));
  });
}

/** Public tier, internet gateway and NAT: the only way out of the VPC, for the public and private subnets. */
function composeInternetAccess(parts: NetworkParts, natLetters: readonly string[]): void {
  const { kit, region, letters, vpcIdSelector } = parts;
  kit.add('internet-gateway', ec2.Ec2InternetGateway, { region, vpcIdSelector, tags: kit.nameTags() });
  composeRouteTable(parts, components.routeTable('public'), 'public');
  kit.add('route-public-internet', ec2.Ec2Route, {
    region, routeTableIdSelector: sameXrSelector(components.routeTable('public')), destinationCidrBlock: '0.0.0.0/0', gatewayIdSelector: sameXrSelector('internet-gateway'),
  });
  letters.forEach((l) => composeRouteTableAssociation(parts, components.routeTable('public'), components.subnet('public', l)));
  for (const l of natLetters) {
    kit.add(`eip-nat-${l}`, ec2.Ec2Eip, { region, domain: 'vpc', tags: kit.nameTags(`nat-${l}`) });
    kit.add(components.natGateway(l), ec2.Ec2NatGateway, {
      region, connectivityType: 'public', allocationIdSelector: sameXrSelector(`eip-nat-${l}`),
      subnetIdSelector: sameXrSelector(components.subnet('public', l)), tags: kit.nameTags(`nat-${l}`),
    });
  }
  letters.forEach((l) => {
    const nat = natLetters.includes(l) ? l : natLetters[0];
    kit.add(`route-private-${l}-nat`, ec2.Ec2Route, {
      region, routeTableIdSelector: sameXrSelector(components.routeTable(`private-${l}`)), destinationCidrBlock: '0.0.0.0/0', natGatewayIdSelector: sameXrSelector(components.natGateway(nat)),
    });
  });
}

/** Security group of the interface endpoints: HTTPS in from the VPC, HTTPS out to the VPC only. */
function composeEndpointSecurityGroup({ kit, p, region, vpcIdSelector }: NetworkParts): void {
  const sg = ENDPOINTS_SECURITY_GROUP;
  kit.add(sg, ec2.Ec2SecurityGroup, {
    region, vpcIdSelector, name: `${kit.name}-vpc-endpoints`, description: `Interface VPC endpoints of Network ${kit.name}: HTTPS from the VPC only`, revokeRulesOnDelete: true, tags: kit.nameTags('vpc-endpoints'),
  });
  const rule = { region, securityGroupIdSelector: sameXrSelector(sg), cidrIpv4: p.cidr, ipProtocol: 'tcp', fromPort: HTTPS, toPort: HTTPS };
  kit.add(`${sg}-ingress-https`, ec2.Ec2SecurityGroupIngressRule, { ...rule, description: 'HTTPS from the VPC', tags: kit.nameTags('vpc-endpoints-ingress-https') });
  kit.add(`${sg}-egress-https`, ec2.Ec2SecurityGroupEgressRule, {
    ...rule, description: 'HTTPS within the VPC only (endpoints answer; they do not initiate)', tags: kit.nameTags('vpc-endpoints-egress-https'),
  });
}

/**
 * S3 and DynamoDB gateway endpoints on the private and database route tables. A gateway endpoint adds a route to
 * the service's prefix list, never to the internet.
 */
function composeGatewayEndpoints({ kit, region, letters, vpcIdSelector }: NetworkParts): void {
  for (const service of GATEWAY_ENDPOINT_SERVICES) {
    const endpoint = components.endpoint(service);
    kit.add(endpoint, ec2.Ec2VpcEndpoint, { region, vpcIdSelector, serviceName: `com.amazonaws.${region}.${service}`, vpcEndpointType: 'Gateway', tags: kit.nameTags(service) });
    for (const rt of [...letters.map((l) => components.routeTable(`private-${l}`)), components.routeTable('database')]) {
      kit.add(`${endpoint}-${rt}`, ec2.Ec2VpcEndpointRouteTableAssociation, { region, vpcEndpointIdSelector: sameXrSelector(endpoint), routeTableIdSelector: sameXrSelector(rt) });
    }
  }
}

/** Interface endpoints (private DNS) in the private subnets, behind the endpoints' security group. */
function composeInterfaceEndpoints({ kit, p, region, letters, vpcIdSelector }: NetworkParts): void {
  for (const service of p.interfaceEndpoints) {
    const endpoint = components.endpoint(service);
    kit.add(endpoint, ec2.Ec2VpcEndpoint, {
      region, vpcIdSelector, serviceName: `com.amazonaws.${region}.${service}`, vpcEndpointType: 'Interface',
      // No dnsOptions: an IPv4 endpoint's DNS records are IPv4 anyway, and with the block declared provider-aws
      // refuses every later update as a replacement (dns_options.0.private_dns_specified_domains), found by the
      // AWS-level tests.
      privateDnsEnabled: true, ipAddressType: 'ipv4', tags: kit.nameTags(service),
    });
    kit.add(`${endpoint}-security-group`, ec2.Ec2VpcEndpointSecurityGroupAssociation, {
      region, vpcEndpointIdSelector: sameXrSelector(endpoint), securityGroupIdSelector: sameXrSelector(ENDPOINTS_SECURITY_GROUP), replaceDefaultAssociation: true,
    });
    for (const l of letters) {
      kit.add(`${endpoint}-subnet-${l}`, ec2.Ec2VpcEndpointSubnetAssociation, {
        region, vpcEndpointIdSelector: sameXrSelector(endpoint), subnetIdSelector: sameXrSelector(components.subnet('private', l)),
      });
    }
  }
}

/**
 * Flow-log bucket: SSE-KMS with the key and a bucket key (once its ARN is known), versioned, private, TLS only,
 * expiring.
 */
function composeFlowLogBucket({ kit, p, region }: NetworkParts, bucket: string, bucketKeyArn: string | undefined, keyArn: string | undefined): void {
  const fb = 'flow-log-bucket';
  const account = p.accountId;
  const bucketSelector = sameXrSelector(fb);
  kit.add(fb, s3.S3Bucket, { region, forceDestroy: false, tags: { ...kit.nameTags('flow-logs'), Name: bucket } }, { externalName: bucket });
  if (bucketKeyArn) {
    kit.add(`${fb}-encryption`, s3.S3BucketServerSideEncryptionConfiguration, {
      region, bucketSelector, expectedBucketOwner: account, rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: bucketKeyArn }, bucketKeyEnabled: true }],
    });
  }
  kit.add(`${fb}-versioning`, s3.S3BucketVersioning, { region, bucketSelector, expectedBucketOwner: account, versioningConfiguration: { status: 'Enabled' } });
  kit.add(`${fb}-public-access-block`, s3.S3BucketPublicAccessBlock, { region, bucketSelector, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
  kit.add(`${fb}-ownership-controls`, s3.S3BucketOwnershipControls, { region, bucketSelector, rule: { objectOwnership: 'BucketOwnerEnforced' } });
  kit.add(`${fb}-policy`, s3.S3BucketPolicy, { region, bucketSelector, policy: JSON.stringify(flowLogBucketPolicy(bucket, account, region, keyArn)) });
  const everything = [{ prefix: '' }];
  kit.add(`${fb}-lifecycle`, s3.S3BucketLifecycleConfiguration, {
    region, bucketSelector, expectedBucketOwner: account,
    rule: [
      { id: 'expire-flow-logs', status: 'Enabled', filter: everything, expiration: [{ days: p.flowLogRetentionDays }], noncurrentVersionExpiration: [{ noncurrentDays: 1 }] },
      { id: 'abort-incomplete-multipart-uploads', status: 'Enabled', filter: everything, abortIncompleteMultipartUpload: [{ daysAfterInitiation: 1 }] },
    ],
  });
}

/**
 * Flow logs: ALL traffic of the VPC, one-minute aggregation, to the bucket; and, when asked, to a KMS-encrypted
 * CloudWatch log group through a role that may write to that group only.
 */
function composeFlowLogs({ kit, p, region, vpcIdSelector }: NetworkParts, bucketArn: string, logGroupName: string, logGroupKeyArn: string | undefined): void {
  const account = p.accountId;
  kit.add('flow-log-s3', ec2.Ec2FlowLog, {
    region, vpcIdSelector, trafficType: 'ALL', logDestinationType: 's3', logDestination: bucketArn,
    maxAggregationInterval: FLOW_LOG_AGGREGATION_SECONDS, tags: kit.nameTags('flow-logs-s3'),
  });
  // The CloudWatch flow log waits with its group for the key (flow logs would create the group unencrypted).
  if (!p.flowLogsToCloudWatch || !logGroupKeyArn) return;
  const logGroupArn = `arn:aws:logs:${region}:${account}:log-group:${logGroupName}`;
  kit.add('flow-log-group', LogsGroup, { region, kmsKeyId: logGroupKeyArn, retentionInDays: cloudWatchRetention(p.flowLogRetentionDays), tags: kit.nameTags('flow-logs') }, { externalName: logGroupName });
  kit.add('flow-log-role', iam.IamRole, {
    description: `VPC Flow Logs of Network ${kit.name} write to ${logGroupName}`,
    assumeRolePolicy: JSON.stringify(flowLogRoleTrustPolicy(account, region)),
    forceDetachPolicies: true, maxSessionDuration: 3600, tags: kit.nameTags('flow-logs'),
  });
  kit.add('flow-log-role-policy', iam.IamRolePolicy, { roleSelector: sameXrSelector('flow-log-role'), policy: JSON.stringify(flowLogRolePolicy(logGroupArn, account, region)) });
  kit.add('flow-log-cloudwatch', ec2.Ec2FlowLog, {
    region, vpcIdSelector, trafficType: 'ALL', logDestinationType: 'cloud-watch-logs', logDestination: logGroupArn,
    iamRoleArnSelector: sameXrSelector('flow-log-role'), maxAggregationInterval: FLOW_LOG_AGGREGATION_SECONDS, tags: kit.nameTags('flow-logs-cloudwatch'),
  });
}

/**
 * EncryptionKeyReady: the key must admit log delivery (and CloudWatch Logs) or flow logs are silently lost; a key
 * that does not is also a warning.
 */
function encryptionKeyCondition(p: NetworkParameters, keyObject: KubeObject | undefined, keyArn: string | undefined, warnings: string[]): XrCondition {
  const keyServices: readonly string[] | undefined = keyObject?.spec?.services;
  const neededServices = ['log-delivery', ...(p.flowLogsToCloudWatch ? ['logs'] : [])];
  const missing = keyServices ? neededServices.filter((s) => !keyServices.includes(s)) : [];
  if (!keyObject) {
    return { type: 'EncryptionKeyReady', status: 'False', reason: 'WaitingForEncryptionKey', message: `EncryptionKey ${p.encryptionKeyRef.name} was not found in this namespace yet` };
  }
  if (missing.length) {
    const message = `EncryptionKey ${p.encryptionKeyRef.name} must list services ${missing.join(', ')}: without them its key policy does not let flow logs be encrypted and they are not delivered`;
    warnings.push(message);
    return { type: 'EncryptionKeyReady', status: 'False', reason: 'KeyDoesNotAdmitFlowLogs', message };
  }
  if (!keyArn) {
    return { type: 'EncryptionKeyReady', status: 'False', reason: 'WaitingForEncryptionKey', message: `EncryptionKey ${p.encryptionKeyRef.name} has not reported its key ARN yet; the bucket policy will pin flow logs to it once it does` };
  }
  return { type: 'EncryptionKeyReady', status: 'True', reason: 'Available', message: `Flow logs are encrypted with ${keyArn}` };
}

/** The observed ids of these components, once every one has reported its id. */
function idsOf(observed: ComposeInput<NetworkParameters>['observed'], names: string[]): string[] | undefined {
  const ids = names.map((c) => atProvider(observed[c], 'id'));
  return ids.every((id) => id !== undefined) ? (ids as string[]) : undefined;
}

export function composeNetwork({ xr, observed, required }: ComposeInput<NetworkParameters>): Composition<NetworkStatus> {
  const p = xr.spec;
  const name = xr.metadata.name;
  const zones = availabilityZonesOf(p);
  const letters = zones.map(zoneLetter);
  if (new Set(letters).size !== letters.length) throw new InputError('spec.availabilityZoneNames', 'availability zones must be distinct');
  const cidrs = subnetCidrs(p.cidr, zones.length);
  const bucket = flowLogBucketNameOf(name, p);
  const bucketArn = `arn:aws:s3:::${bucket}`;
  const tiers: SubnetTier[] = p.publicSubnets ? ['public', 'private', 'database'] : ['private', 'database'];
  const natLetters = !p.publicSubnets ? [] : p.natGateways === 'OnePerAz' ? letters : [letters[0]];
  const logGroupName = `/secure-baseline/${p.environment}/${name}/vpc-flow-logs`;

  const keyObject = required['encryption-key']?.[0];
  const keyArn: string | undefined = keyObject?.status?.keyArn || undefined;
  // Every KMS key field gets the key's ARN itself, not a key selector (see composedKeyArn): each resource that has
  // one is composed once the ARN is known, and keeps the ARN it was composed with.
  const bucketKeyArn = composedKeyArn(keyArn, observed['flow-log-bucket-encryption'], 'rule.0.applyServerSideEncryptionByDefault.kmsMasterKeyId');
  const logGroupKeyArn = composedKeyArn(keyArn, observed['flow-log-group'], 'kmsKeyId');

  const kit = new NetworkKit(KIND, xr);
  const parts: NetworkParts = { kit, p, region: p.region, letters, vpcIdSelector: sameXrSelector('vpc') };
  composeVpc(parts);
  composeSubnets(parts, tiers, zones, cidrs);
  composeRouteTables(parts);
  if (p.publicSubnets) composeInternetAccess(parts, natLetters);
  composeEndpointSecurityGroup(parts);
  composeGatewayEndpoints(parts);
  composeInterfaceEndpoints(parts);
  composeFlowLogBucket(parts, bucket, bucketKeyArn, keyArn);
  composeFlowLogs(parts, bucketArn, logGroupName, logGroupKeyArn);
  // The key must outlive the flow logs it encrypts.
  kit.usage('encryption-key-usage', { kind: ENCRYPTION_KEY_KIND, name: p.encryptionKeyRef.name },
    `Network ${name} encrypts its flow logs with this key`);

  const warnings: string[] = [];
  const condition = encryptionKeyCondition(p, keyObject, keyArn, warnings);

  // --- Status, from the observed resources. ---
  const subnetIds = defined(Object.fromEntries(tiers.map((t) => [t, idsOf(observed, letters.map((l) => components.subnet(t, l)))])));
  const natGatewayIds = natLetters.length ? idsOf(observed, natLetters.map(components.natGateway)) : undefined;
  const endpointsSg = atProvider(observed[ENDPOINTS_SECURITY_GROUP], 'id');

  return {
    resources: kit.resources,
    requirements: {
      'encryption-key': { apiVersion: API_GROUP_VERSION, kind: ENCRYPTION_KEY_KIND, matchName: p.encryptionKeyRef.name, namespace: xr.metadata.namespace },
    },
    conditions: [condition],
    ...(warnings.length ? { warnings } : {}),
    status: reported<NetworkStatus>({
      vpcId: atProvider(observed.vpc, 'id'),
      vpcCidr: p.cidr,
      availabilityZones: zones,
      subnetIds: Object.keys(subnetIds).length ? subnetIds : undefined,
      subnetCidrs: Object.fromEntries(tiers.map((t) => [t, cidrs[t]])),
      securityGroupIds: endpointsSg ? { endpoints: endpointsSg } : undefined,
      natGatewayIds,
      flowLogBucketName: bucket,
      flowLogBucketArn: bucketArn,
      flowLogGroupName: p.flowLogsToCloudWatch ? logGroupName : undefined,
    }),
  };
}
