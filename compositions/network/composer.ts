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
import * as ec2 from '../../imports/aws-ec2-ec2.aws.m.upbound.io';
import * as iam from '../../imports/aws-iam-iam.aws.m.upbound.io';
import { LogsGroup } from '../../imports/aws-cloudwatchlogs-cloudwatchlogs.aws.m.upbound.io';
import * as s3 from '../../imports/aws-s3-s3.aws.m.upbound.io';
import { awsTags, componentLabels, managementPolicies, sameXrSelector } from '../../lib/common';
import { atProvider, defined, InputError, type ComposeInput, type Composition, type KubeObject, type XrCondition } from '../../lib/composer';
import { API_GROUP_VERSION, NETWORK_LABEL, SUBNET_TIER_LABEL } from '../../lib/platform';
import { KIND as ENCRYPTION_KEY_KIND } from '../encryption-key/composer';
import { composedKeyArn, platformUsage } from '../encryption-key/dependency';
import { Ec2VpcEndpointSecurityGroupAssociation as VpcEndpointSecurityGroupAssociation, Ec2VpcEndpointSubnetAssociation as VpcEndpointSubnetAssociation } from '../../imports/aws-ec2-ec2.aws.m.upbound.io';
import { flowLogBucketPolicy, flowLogRolePolicy, flowLogRoleTrustPolicy } from './flow-log-policy';
import { GATEWAY_ENDPOINT_SERVICES, type NetworkParameters } from './parameters';
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

export function composeNetwork({ xr, observed, required }: ComposeInput<NetworkParameters>): Composition {
  const p = xr.spec;
  const name = xr.metadata.name;
  const region = p.region;
  const account = p.accountId;
  const providerConfigRef = p.providerConfigRef;
  const zones = availabilityZonesOf(p);
  const letters = zones.map(zoneLetter);
  if (new Set(letters).size !== letters.length) throw new InputError('spec.availabilityZoneNames', 'availability zones must be distinct');
  const cidrs = subnetCidrs(p.cidr, zones.length);
  const bucket = flowLogBucketNameOf(name, p);
  const bucketArn = `arn:aws:s3:::${bucket}`;
  const tiers: SubnetTier[] = p.publicSubnets ? ['public', 'private', 'database'] : ['private', 'database'];

  const mr = <F>(forProvider: F) => ({ managementPolicies: managementPolicies<any>(p), providerConfigRef, forProvider });
  const labels = (component: string, extra: Record<string, string> = {}) => ({ ...componentLabels(KIND, name, component), [NETWORK_LABEL]: name, ...extra });
  const meta = (component: string, extra: Record<string, string> = {}) => ({ labels: labels(component, extra) });
  const tags = (suffix?: string) => ({ ...awsTags(p), Name: suffix ? `${name}-${suffix}` : name });
  const vpcIdSelector = sameXrSelector('vpc');

  const keyObject = required['encryption-key']?.[0];
  const keyArn: string | undefined = keyObject?.status?.keyArn || undefined;
  // Every KMS key field gets the key's ARN itself, not a key selector (see composedKeyArn): each resource that has
  // one is composed once the ARN is known, and keeps the ARN it was composed with.
  const bucketKeyArn = composedKeyArn(keyArn, observed['flow-log-bucket-encryption'], 'rule.0.applyServerSideEncryptionByDefault.kmsMasterKeyId');
  const logGroupKeyArn = composedKeyArn(keyArn, observed['flow-log-group'], 'kmsKeyId');
  const keyServices: readonly string[] | undefined = keyObject?.spec?.services;

  const resources: Record<string, KubeObject> = {};

  // --- VPC and its default security group, emptied. ---
  resources.vpc = ec2.Ec2Vpc.manifest({
    metadata: meta('vpc'),
    spec: mr({ region, cidrBlock: p.cidr, enableDnsSupport: true, enableDnsHostnames: true, instanceTenancy: 'default', tags: tags() }),
  });
  // Adopting the default security group removes every rule it has; none is declared, so it admits nothing.
  resources['default-security-group'] = ec2.Ec2DefaultSecurityGroup.manifest({
    metadata: meta('default-security-group'),
    spec: mr({ region, vpcIdSelector, ingress: [], egress: [], tags: tags('default-deny-all') }),
  });

  // --- Subnets: one per tier and zone. No subnet assigns public IPs to what is launched in it. ---
  for (const tier of tiers) {
    zones.forEach((zone, i) => {
      const component = components.subnet(tier, letters[i]);
      resources[component] = ec2.Ec2Subnet.manifest({
        metadata: meta(component, { [SUBNET_TIER_LABEL]: tier }),
        spec: mr({
          region, vpcIdSelector, availabilityZone: zone, cidrBlock: cidrs[tier][i], mapPublicIpOnLaunch: false,
          tags: { ...tags(`${tier}-${letters[i]}`), Tier: tier },
        }),
      });
    });
  }

  const routeTable = (component: string, tagSuffix: string) => {
    resources[component] = ec2.Ec2RouteTable.manifest({ metadata: meta(component), spec: mr({ region, vpcIdSelector, tags: tags(tagSuffix) }) });
  };
  const associate = (routeTableComponent: string, subnetComponent: string) => {
    const component = `route-table-association-${subnetComponent.replace(/^subnet-/, '')}`;
    resources[component] = ec2.Ec2RouteTableAssociation.manifest({
      metadata: meta(component),
      spec: mr({ region, routeTableIdSelector: sameXrSelector(routeTableComponent), subnetIdSelector: sameXrSelector(subnetComponent) }),
    });
  };

  // --- Database tier: one route table with no routes but the VPC-local one. ---
  routeTable(components.routeTable('database'), 'database');
  letters.forEach((l) => associate(components.routeTable('database'), components.subnet('database', l)));

  // --- Private tier: a route table per zone (each zone's egress follows its own NAT gateway when OnePerAz). ---
  letters.forEach((l) => {
    routeTable(components.routeTable(`private-${l}`), `private-${l}`);
    associate(components.routeTable(`private-${l}`), components.subnet('private', l));
  });

  // --- Public tier, internet gateway and NAT. ---
  const natLetters = !p.publicSubnets ? [] : p.natGateways === 'OnePerAz' ? letters : [letters[0]];
  if (p.publicSubnets) {
    resources['internet-gateway'] = ec2.Ec2InternetGateway.manifest({ metadata: meta('internet-gateway'), spec: mr({ region, vpcIdSelector, tags: tags() }) });
    routeTable(components.routeTable('public'), 'public');
    resources['route-public-internet'] = ec2.Ec2Route.manifest({
      metadata: meta('route-public-internet'),
      spec: mr({ region, routeTableIdSelector: sameXrSelector(components.routeTable('public')), destinationCidrBlock: '0.0.0.0/0', gatewayIdSelector: sameXrSelector('internet-gateway') }),
    });
    letters.forEach((l) => associate(components.routeTable('public'), components.subnet('public', l)));
    for (const l of natLetters) {
      resources[`eip-nat-${l}`] = ec2.Ec2Eip.manifest({ metadata: meta(`eip-nat-${l}`), spec: mr({ region, domain: 'vpc', tags: tags(`nat-${l}`) }) });
      resources[components.natGateway(l)] = ec2.Ec2NatGateway.manifest({
        metadata: meta(components.natGateway(l)),
        spec: mr({
          region, connectivityType: 'public', allocationIdSelector: sameXrSelector(`eip-nat-${l}`),
          subnetIdSelector: sameXrSelector(components.subnet('public', l)), tags: tags(`nat-${l}`),
        }),
      });
    }
    letters.forEach((l) => {
      const nat = natLetters.includes(l) ? l : natLetters[0];
      resources[`route-private-${l}-nat`] = ec2.Ec2Route.manifest({
        metadata: meta(`route-private-${l}-nat`),
        spec: mr({ region, routeTableIdSelector: sameXrSelector(components.routeTable(`private-${l}`)), destinationCidrBlock: '0.0.0.0/0', natGatewayIdSelector: sameXrSelector(components.natGateway(nat)) }),
      });
    });
  }

  // --- Security group of the interface endpoints: HTTPS in from the VPC, HTTPS out to the VPC only. ---
  const sg = 'security-group-endpoints';
  resources[sg] = ec2.Ec2SecurityGroup.manifest({
    metadata: meta(sg),
    spec: mr({ region, vpcIdSelector, name: `${name}-vpc-endpoints`, description: `Interface VPC endpoints of Network ${name}: HTTPS from the VPC only`, revokeRulesOnDelete: true, tags: tags('vpc-endpoints') }),
  });
  const rule = { region, securityGroupIdSelector: sameXrSelector(sg), cidrIpv4: p.cidr, ipProtocol: 'tcp', fromPort: HTTPS, toPort: HTTPS };
  resources[`${sg}-ingress-https`] = ec2.Ec2SecurityGroupIngressRule.manifest({
    metadata: meta(`${sg}-ingress-https`),
    spec: mr({ ...rule, description: 'HTTPS from the VPC', tags: tags('vpc-endpoints-ingress-https') }),
  });
  resources[`${sg}-egress-https`] = ec2.Ec2SecurityGroupEgressRule.manifest({
    metadata: meta(`${sg}-egress-https`),
    spec: mr({ ...rule, description: 'HTTPS within the VPC only (endpoints answer; they do not initiate)', tags: tags('vpc-endpoints-egress-https') }),
  });

  // --- VPC endpoints: S3 and DynamoDB gateways on the private and database route tables; interface endpoints in
  // the private subnets. A gateway endpoint adds a route to the service's prefix list, never to the internet. ---
  for (const service of GATEWAY_ENDPOINT_SERVICES) {
    const endpoint = components.endpoint(service);
    resources[endpoint] = ec2.Ec2VpcEndpoint.manifest({
      metadata: meta(endpoint),
      spec: mr({ region, vpcIdSelector, serviceName: `com.amazonaws.${region}.${service}`, vpcEndpointType: 'Gateway', tags: tags(service) }),
    });
    for (const rt of [...letters.map((l) => components.routeTable(`private-${l}`)), components.routeTable('database')]) {
      const component = `${endpoint}-${rt}`;
      resources[component] = ec2.Ec2VpcEndpointRouteTableAssociation.manifest({
        metadata: meta(component),
        spec: mr({ region, vpcEndpointIdSelector: sameXrSelector(endpoint), routeTableIdSelector: sameXrSelector(rt) }),
      });
    }
  }
  for (const service of p.interfaceEndpoints) {
    const endpoint = components.endpoint(service);
    resources[endpoint] = ec2.Ec2VpcEndpoint.manifest({
      metadata: meta(endpoint),
      spec: mr({
        region, vpcIdSelector, serviceName: `com.amazonaws.${region}.${service}`, vpcEndpointType: 'Interface',
        // No dnsOptions: an IPv4 endpoint's DNS records are IPv4 anyway, and with the block declared provider-aws
        // refuses every later update as a replacement (dns_options.0.private_dns_specified_domains), found by the
        // AWS-level tests.
        privateDnsEnabled: true, ipAddressType: 'ipv4', tags: tags(service),
      }),
    });
    resources[`${endpoint}-security-group`] = VpcEndpointSecurityGroupAssociation.manifest({
      metadata: meta(`${endpoint}-security-group`),
      spec: mr({ region, vpcEndpointIdSelector: sameXrSelector(endpoint), securityGroupIdSelector: sameXrSelector(sg), replaceDefaultAssociation: true }),
    });
    for (const l of letters) {
      resources[`${endpoint}-subnet-${l}`] = VpcEndpointSubnetAssociation.manifest({
        metadata: meta(`${endpoint}-subnet-${l}`),
        spec: mr({ region, vpcEndpointIdSelector: sameXrSelector(endpoint), subnetIdSelector: sameXrSelector(components.subnet('private', l)) }),
      });
    }
  }

  // --- Flow-log bucket: SSE-KMS with the key and a bucket key, versioned, private, TLS only, expiring. ---
  const fb = 'flow-log-bucket';
  const bucketSelector = sameXrSelector(fb);
  resources[fb] = s3.S3Bucket.manifest({
    metadata: { ...meta(fb), annotations: { 'crossplane.io/external-name': bucket } },
    spec: mr({ region, forceDestroy: false, tags: { ...tags('flow-logs'), Name: bucket } }),
  });
  if (bucketKeyArn) {
    resources[`${fb}-encryption`] = s3.S3BucketServerSideEncryptionConfiguration.manifest({
      metadata: meta(`${fb}-encryption`),
      spec: mr({ region, bucketSelector, expectedBucketOwner: account, rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: bucketKeyArn }, bucketKeyEnabled: true }] }),
    });
  }
  resources[`${fb}-versioning`] = s3.S3BucketVersioning.manifest({
    metadata: meta(`${fb}-versioning`),
    spec: mr({ region, bucketSelector, expectedBucketOwner: account, versioningConfiguration: { status: 'Enabled' } }),
  });
  resources[`${fb}-public-access-block`] = s3.S3BucketPublicAccessBlock.manifest({
    metadata: meta(`${fb}-public-access-block`),
    spec: mr({ region, bucketSelector, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }),
  });
  resources[`${fb}-ownership-controls`] = s3.S3BucketOwnershipControls.manifest({
    metadata: meta(`${fb}-ownership-controls`),
    spec: mr({ region, bucketSelector, rule: { objectOwnership: 'BucketOwnerEnforced' } }),
  });
  resources[`${fb}-policy`] = s3.S3BucketPolicy.manifest({
    metadata: meta(`${fb}-policy`),
    spec: mr({ region, bucketSelector, policy: JSON.stringify(flowLogBucketPolicy(bucket, account, region, keyArn)) }),
  });
  const everything = [{ prefix: '' }];
  resources[`${fb}-lifecycle`] = s3.S3BucketLifecycleConfiguration.manifest({
    metadata: meta(`${fb}-lifecycle`),
    spec: mr({
      region, bucketSelector, expectedBucketOwner: account,
      rule: [
        { id: 'expire-flow-logs', status: 'Enabled', filter: everything, expiration: [{ days: p.flowLogRetentionDays }], noncurrentVersionExpiration: [{ noncurrentDays: 1 }] },
        { id: 'abort-incomplete-multipart-uploads', status: 'Enabled', filter: everything, abortIncompleteMultipartUpload: [{ daysAfterInitiation: 1 }] },
      ],
    }),
  });

  // --- Flow logs: ALL traffic of the VPC, one-minute aggregation. ---
  resources['flow-log-s3'] = ec2.Ec2FlowLog.manifest({
    metadata: meta('flow-log-s3'),
    spec: mr({
      region, vpcIdSelector, trafficType: 'ALL', logDestinationType: 's3', logDestination: bucketArn,
      maxAggregationInterval: FLOW_LOG_AGGREGATION_SECONDS, tags: tags('flow-logs-s3'),
    }),
  });
  const logGroupName = `/secure-baseline/${p.environment}/${name}/vpc-flow-logs`;
  // The CloudWatch flow log waits with its group for the key (flow logs would create the group unencrypted).
  if (p.flowLogsToCloudWatch && logGroupKeyArn) {
    const logGroupArn = `arn:aws:logs:${region}:${account}:log-group:${logGroupName}`;
    resources['flow-log-group'] = LogsGroup.manifest({
      metadata: { ...meta('flow-log-group'), annotations: { 'crossplane.io/external-name': logGroupName } },
      spec: mr({ region, kmsKeyId: logGroupKeyArn, retentionInDays: cloudWatchRetention(p.flowLogRetentionDays), tags: tags('flow-logs') }),
    });
    resources['flow-log-role'] = iam.IamRole.manifest({
      metadata: meta('flow-log-role'),
      spec: mr({
        description: `VPC Flow Logs of Network ${name} write to ${logGroupName}`,
        assumeRolePolicy: JSON.stringify(flowLogRoleTrustPolicy(account, region)),
        forceDetachPolicies: true, maxSessionDuration: 3600, tags: tags('flow-logs'),
      }),
    });
    resources['flow-log-role-policy'] = iam.IamRolePolicy.manifest({
      metadata: meta('flow-log-role-policy'),
      spec: mr({ roleSelector: sameXrSelector('flow-log-role'), policy: JSON.stringify(flowLogRolePolicy(logGroupArn, account, region)) }),
    });
    resources['flow-log-cloudwatch'] = ec2.Ec2FlowLog.manifest({
      metadata: meta('flow-log-cloudwatch'),
      spec: mr({
        region, vpcIdSelector, trafficType: 'ALL', logDestinationType: 'cloud-watch-logs', logDestination: logGroupArn,
        iamRoleArnSelector: sameXrSelector('flow-log-role'), maxAggregationInterval: FLOW_LOG_AGGREGATION_SECONDS, tags: tags('flow-logs-cloudwatch'),
      }),
    });
  }

  // The key must outlive the flow logs it encrypts.
  resources['encryption-key-usage'] = platformUsage({ kind: ENCRYPTION_KEY_KIND, name: p.encryptionKeyRef.name }, { kind: KIND, name },
    `Network ${name} encrypts its flow logs with this key`, meta('encryption-key-usage'));

  // --- Conditions: the key must admit log delivery (and CloudWatch Logs) or flow logs are silently lost. ---
  const neededServices = ['log-delivery', ...(p.flowLogsToCloudWatch ? ['logs'] : [])];
  const missing = keyServices ? neededServices.filter((s) => !keyServices.includes(s)) : [];
  const warnings: string[] = [];
  let condition: XrCondition;
  if (!keyObject) {
    condition = { type: 'EncryptionKeyReady', status: 'False', reason: 'WaitingForEncryptionKey', message: `EncryptionKey ${p.encryptionKeyRef.name} was not found in this namespace yet` };
  } else if (missing.length) {
    const message = `EncryptionKey ${p.encryptionKeyRef.name} must list services ${missing.join(', ')}: without them its key policy does not let flow logs be encrypted and they are not delivered`;
    condition = { type: 'EncryptionKeyReady', status: 'False', reason: 'KeyDoesNotAdmitFlowLogs', message };
    warnings.push(message);
  } else if (!keyArn) {
    condition = { type: 'EncryptionKeyReady', status: 'False', reason: 'WaitingForEncryptionKey', message: `EncryptionKey ${p.encryptionKeyRef.name} has not reported its key ARN yet; the bucket policy will pin flow logs to it once it does` };
  } else {
    condition = { type: 'EncryptionKeyReady', status: 'True', reason: 'Available', message: `Flow logs are encrypted with ${keyArn}` };
  }

  // --- Status, from the observed resources. ---
  const idsOf = (names: string[]) => {
    const ids = names.map((c) => atProvider(observed[c], 'id'));
    return ids.every((id) => id !== undefined) ? (ids as string[]) : undefined;
  };
  const subnetIds = defined(Object.fromEntries(tiers.map((t) => [t, idsOf(letters.map((l) => components.subnet(t, l)))])));
  const natGatewayIds = natLetters.length ? idsOf(natLetters.map(components.natGateway)) : undefined;
  const endpointsSg = atProvider(observed[sg], 'id');

  return {
    resources,
    requirements: {
      'encryption-key': { apiVersion: API_GROUP_VERSION, kind: ENCRYPTION_KEY_KIND, matchName: p.encryptionKeyRef.name, namespace: xr.metadata.namespace },
    },
    conditions: [condition],
    ...(warnings.length ? { warnings } : {}),
    status: defined({
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
