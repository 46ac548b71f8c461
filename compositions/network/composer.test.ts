import { describe, expect, it } from '@jest/globals';
import { XpCompositeResourceDefinitionV2 } from '../../imports/crossplane-apiextensions-apiextensions.crossplane.io';
import { InputError, type KubeObject } from '../../lib/composer';
import { xrdProps } from '../../synth/definitions';
import { parseSpec } from '../../lib/parameters';
import { crdLock } from '../../lib/crds';
import { NETWORK_LABEL, SUBNET_TIER_LABEL } from '../../lib/platform';
import { asXr, DEV_COMMON, PROD_COMMON, xrObject } from '../../test/support/xr';
import { readyManaged } from '../../synth/steady-state';
import { KubeValidator } from '../../lib/validation';
import type { PolicyStatement } from '../encryption-key/key-policy';
import { ENCRYPTION_KEY_EXAMPLES } from '../encryption-key/examples';
import { networkApi } from '.';
import { cloudWatchRetention } from './composer';
import { NETWORK_EXAMPLES } from './examples';
import type { NetworkParameters } from './parameters';
import { parseCidr, subnetCidrs } from './subnets';

const COMPONENT = 'platform.secure-baseline.io/component';
const KEY_ARN = 'arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const base = { ...DEV_COMMON, cidr: '10.0.0.0/16', encryptionKeyRef: { name: 'net-key' } };
const prodPublic = { ...PROD_COMMON, cidr: '10.1.0.0/16', encryptionKeyRef: { name: 'net-key' }, publicSubnets: true, natGateways: 'OnePerAz', flowLogsToCloudWatch: true };
const keyXr = (services: string[], keyArn?: string): KubeObject => ({ ...xrObject('EncryptionKey', 'net-key', { services }), ...(keyArn ? { status: { keyArn } } : {}) });

interface Opts { observed?: Record<string, KubeObject>; required?: Record<string, KubeObject[]>; name?: string; namespace?: string }
/** Composes in a world where the EncryptionKey (admitting flow logs) has reported its ARN, unless `required` says otherwise. */
function compose(spec: Record<string, unknown>, o: Opts = {}) {
  const xr = xrObject('Network', o.name ?? 'core', spec, o.namespace);
  return networkApi.compose({ xr: asXr(xr, parseSpec<NetworkParameters>(networkApi, spec)), observed: o.observed ?? {}, required: o.required ?? { 'encryption-key': [keyXr(['log-delivery', 'logs'], KEY_ARN)] } });
}
const ofKind = (rs: Record<string, KubeObject>, kind: string) => Object.entries(rs).filter(([, r]) => r.kind === kind);
const countKinds = (rs: Record<string, KubeObject>) => Object.values(rs).reduce<Record<string, number>>((a, r) => ({ ...a, [r.kind]: (a[r.kind] ?? 0) + 1 }), {});
const fp = (r: KubeObject) => r.spec.forProvider;
const statements = (r: KubeObject) => (JSON.parse(fp(r).policy) as { Statement: PolicyStatement[] }).Statement;

describe('subnet CIDR layout', () => {
  const toRange = (c: string) => { const { base: b, prefix } = parseCidr(c); return [b, b + 2 ** (32 - prefix)] as const; };
  it.each([
    ['10.0.0.0/16', 3, { private: ['10.0.0.0/19', '10.0.32.0/19', '10.0.64.0/19'], public: ['10.0.128.0/20', '10.0.144.0/20', '10.0.160.0/20'], database: ['10.0.192.0/20', '10.0.208.0/20', '10.0.224.0/20'] }],
    ['192.168.4.0/24', 2, { private: ['192.168.4.0/27', '192.168.4.32/27'], public: ['192.168.4.128/28', '192.168.4.144/28'], database: ['192.168.4.192/28', '192.168.4.208/28'] }],
    ['172.31.0.0/20', 6, { private: ['172.31.0.0/24', '172.31.1.0/24', '172.31.2.0/24', '172.31.3.0/24', '172.31.4.0/24', '172.31.5.0/24'], public: ['172.31.8.0/25', '172.31.8.128/25', '172.31.9.0/25', '172.31.9.128/25', '172.31.10.0/25', '172.31.10.128/25'], database: ['172.31.12.0/25', '172.31.12.128/25', '172.31.13.0/25', '172.31.13.128/25', '172.31.14.0/25', '172.31.14.128/25'] }],
  ])('%s across %i zones', (cidr, n, want) => {
    expect(subnetCidrs(cidr, n)).toEqual(want);
  });

  it.each([
    ['10.0.0.0/16', 2], ['10.0.0.0/16', 6], ['10.128.0.0/18', 4], ['172.16.0.0/23', 5], ['192.168.0.0/24', 4],
  ])('%s across %i zones: overlap-free, inside the VPC, deterministic', (cidr, n) => {
    const all = Object.values(subnetCidrs(cidr, n)).flat();
    expect(all).toHaveLength(3 * n);
    const [lo, hi] = toRange(cidr);
    const ranges = all.map(toRange).sort((a, b) => a[0] - b[0]);
    for (const [s, e] of ranges) expect(s >= lo && e <= hi).toBe(true);
    for (let i = 1; i < ranges.length; i++) expect(ranges[i][0]).toBeGreaterThanOrEqual(ranges[i - 1][1]);
    expect(subnetCidrs(cidr, n)).toEqual(subnetCidrs(cidr, n));
  });

  it('adding zones (up to 4, or from 5 to 6) keeps every existing subnet where it is', () => {
    const two = subnetCidrs('10.0.0.0/16', 2);
    const four = subnetCidrs('10.0.0.0/16', 4);
    for (const t of ['private', 'public', 'database'] as const) expect(four[t].slice(0, 2)).toEqual(two[t]);
    const five = subnetCidrs('10.0.0.0/16', 5);
    expect(subnetCidrs('10.0.0.0/16', 6).private.slice(0, 5)).toEqual(five.private);
  });

  it.each([
    ['192.168.0.0/24', 5, /too small for 5 availability zones.*\/29/],
    ['10.0.0.1/16', 3, /host bits set: use the network address 10\.0\.0\.0\/16/],
    ['10.0.0/16', 3, /not an IPv4 CIDR/],
  ])('%s across %i zones is rejected on spec.cidr', (cidr, n, msg) => {
    expect(() => subnetCidrs(cidr, n)).toThrow(InputError);
    expect(() => subnetCidrs(cidr, n)).toThrow(/^spec\.cidr: /);
    expect(() => subnetCidrs(cidr, n)).toThrow(msg);
  });
});

describe('Network composer', () => {
  it.each([
    ['dev, no public subnets', base, {
      VPC: 1, DefaultSecurityGroup: 1, Subnet: 6, RouteTable: 4, RouteTableAssociation: 6, SecurityGroup: 1, SecurityGroupIngressRule: 1, SecurityGroupEgressRule: 1,
      VPCEndpoint: 6, VPCEndpointRouteTableAssociation: 8, VPCEndpointSubnetAssociation: 12, VPCEndpointSecurityGroupAssociation: 4, FlowLog: 1,
      Bucket: 1, BucketServerSideEncryptionConfiguration: 1, BucketVersioning: 1, BucketPublicAccessBlock: 1, BucketOwnershipControls: 1, BucketPolicy: 1, BucketLifecycleConfiguration: 1, Usage: 1,
    }],
    ['prod, public subnets, NAT per zone, CloudWatch', prodPublic, {
      VPC: 1, DefaultSecurityGroup: 1, Subnet: 9, RouteTable: 5, RouteTableAssociation: 9, Route: 4, InternetGateway: 1, EIP: 3, NATGateway: 3,
      SecurityGroup: 1, SecurityGroupIngressRule: 1, SecurityGroupEgressRule: 1,
      VPCEndpoint: 6, VPCEndpointRouteTableAssociation: 8, VPCEndpointSubnetAssociation: 12, VPCEndpointSecurityGroupAssociation: 4, FlowLog: 2, Group: 1, Role: 1, RolePolicy: 1,
      Bucket: 1, BucketServerSideEncryptionConfiguration: 1, BucketVersioning: 1, BucketPublicAccessBlock: 1, BucketOwnershipControls: 1, BucketPolicy: 1, BucketLifecycleConfiguration: 1, Usage: 1,
    }],
    ['staging, public subnets, one shared NAT, two zones, one endpoint', { ...base, tier: 'staging', publicSubnets: true, availabilityZones: 2, interfaceEndpoints: ['sts'] }, {
      VPC: 1, DefaultSecurityGroup: 1, Subnet: 6, RouteTable: 4, RouteTableAssociation: 6, Route: 3, InternetGateway: 1, EIP: 1, NATGateway: 1,
      SecurityGroup: 1, SecurityGroupIngressRule: 1, SecurityGroupEgressRule: 1,
      VPCEndpoint: 3, VPCEndpointRouteTableAssociation: 6, VPCEndpointSubnetAssociation: 2, VPCEndpointSecurityGroupAssociation: 1, FlowLog: 1,
      Bucket: 1, BucketServerSideEncryptionConfiguration: 1, BucketVersioning: 1, BucketPublicAccessBlock: 1, BucketOwnershipControls: 1, BucketPolicy: 1, BucketLifecycleConfiguration: 1, Usage: 1,
    }],
  ])('%s: composes exactly these kinds', (_n, spec, want) => {
    expect(countKinds(compose(spec).resources)).toEqual(want);
  });

  it('without public subnets there is no internet gateway, NAT, EIP or route at all', () => {
    const r = compose(base).resources;
    expect(Object.values(r).filter((x) => ['InternetGateway', 'NATGateway', 'EIP', 'Route'].includes(x.kind))).toEqual([]);
    expect(Object.values(r).filter((x) => x.kind === 'Subnet').map((x) => x.metadata?.labels?.[SUBNET_TIER_LABEL])).not.toContain('public');
  });

  it('NAT: one per zone routes each private table to its own zone; Single routes all to the first', () => {
    const per = compose(prodPublic).resources;
    for (const l of ['a', 'b', 'c']) {
      expect(fp(per[`route-private-${l}-nat`]).natGatewayIdSelector).toEqual({ matchControllerRef: true, matchLabels: { [COMPONENT]: `nat-gateway-${l}` } });
      expect(fp(per[`nat-gateway-${l}`])).toMatchObject({ connectivityType: 'public', subnetIdSelector: { matchLabels: { [COMPONENT]: `subnet-public-${l}` } }, allocationIdSelector: { matchLabels: { [COMPONENT]: `eip-nat-${l}` } } });
    }
    const single = compose({ ...base, publicSubnets: true }).resources;
    expect(Object.keys(single).filter((k) => k.startsWith('nat-gateway-'))).toEqual(['nat-gateway-a']);
    for (const l of ['a', 'b', 'c']) expect(fp(single[`route-private-${l}-nat`]).natGatewayIdSelector.matchLabels[COMPONENT]).toBe('nat-gateway-a');
    expect(fp(single['route-public-internet'])).toMatchObject({ destinationCidrBlock: '0.0.0.0/0', gatewayIdSelector: { matchLabels: { [COMPONENT]: 'internet-gateway' } }, routeTableIdSelector: { matchLabels: { [COMPONENT]: 'route-table-public' } } });
  });

  it.each([
    ['dev', base], ['prod with public subnets', prodPublic], ['staging, single NAT, six zones', { ...base, tier: 'staging', publicSubnets: true, availabilityZones: 6 }],
  ])('%s: database subnets have no route to an internet or NAT gateway', (_n, spec: Record<string, unknown>) => {
    const r = compose(spec).resources;
    const dbSubnets = Object.entries(r).filter(([, x]) => x.kind === 'Subnet' && x.metadata?.labels?.[SUBNET_TIER_LABEL] === 'database').map(([k]) => k);
    expect(dbSubnets).toHaveLength((spec.availabilityZones as number | undefined) ?? 3);
    // Every database subnet is associated with the database route table, and nothing else is.
    const dbTables = new Set(ofKind(r, 'RouteTableAssociation')
      .filter(([, a]) => dbSubnets.includes(fp(a).subnetIdSelector.matchLabels[COMPONENT]))
      .map(([, a]) => fp(a).routeTableIdSelector.matchLabels[COMPONENT]));
    expect([...dbTables]).toEqual(['route-table-database']);
    const othersOnDbTable = ofKind(r, 'RouteTableAssociation').filter(([, a]) => dbTables.has(fp(a).routeTableIdSelector.matchLabels[COMPONENT]) && !dbSubnets.includes(fp(a).subnetIdSelector.matchLabels[COMPONENT]));
    expect(othersOnDbTable).toEqual([]);
    // No route at all on a database route table (only the implicit local route); gateway endpoints are not routes to the internet.
    const routesOnDb = ofKind(r, 'Route').filter(([, x]) => dbTables.has(fp(x).routeTableIdSelector?.matchLabels?.[COMPONENT]) || fp(x).routeTableId || fp(x).routeTableIdRef);
    expect(routesOnDb).toEqual([]);
    // Nothing database-related names a gateway or NAT gateway.
    for (const [k, x] of Object.entries(r).filter(([k]) => k.includes('database'))) {
      const s = JSON.stringify(x.spec);
      expect([k, /gatewayId|natGatewayId|internet-gateway|nat-gateway/.test(s)]).toEqual([k, false]);
    }
    // Every route that does exist targets a public or private table.
    for (const [, x] of ofKind(r, 'Route')) expect(fp(x).routeTableIdSelector.matchLabels[COMPONENT]).toMatch(/^route-table-(public|private-[a-f])$/);
  });

  it.each([['dev', base], ['prod', prodPublic]])('%s: no security group rule admits 0.0.0.0/0; every group has explicit egress', (_n, spec) => {
    const r = compose(spec).resources;
    const rules = [...ofKind(r, 'SecurityGroupIngressRule'), ...ofKind(r, 'SecurityGroupEgressRule')];
    for (const [k, x] of rules) {
      const f = fp(x);
      expect([k, f.cidrIpv6]).toEqual([k, undefined]);
      if (x.kind === 'SecurityGroupIngressRule') expect([k, f.cidrIpv4]).not.toEqual([k, '0.0.0.0/0']);
      if (f.cidrIpv4 === '0.0.0.0/0') expect([k, f.ipProtocol, f.fromPort, f.toPort]).toEqual([k, 'tcp', 443, 443]);
      expect([k, f.ipProtocol]).not.toEqual([k, '-1']);
    }
    expect(rules.map(([, x]) => fp(x).cidrIpv4)).toEqual([spec.cidr, spec.cidr]);
    for (const [sg] of ofKind(r, 'SecurityGroup')) {
      expect(ofKind(r, 'SecurityGroupEgressRule').filter(([, e]) => fp(e).securityGroupIdSelector.matchLabels[COMPONENT] === sg)).toHaveLength(1);
    }
    expect(fp(r['default-security-group'])).toMatchObject({ ingress: [], egress: [], vpcIdSelector: { matchControllerRef: true, matchLabels: { [COMPONENT]: 'vpc' } } });
  });

  it('VPC: the CIDR, DNS support and hostnames on; no subnet maps public IPs', () => {
    const r = compose(prodPublic).resources;
    expect(fp(r.vpc)).toMatchObject({ cidrBlock: '10.1.0.0/16', enableDnsSupport: true, enableDnsHostnames: true });
    for (const [, s] of ofKind(r, 'Subnet')) expect(fp(s).mapPublicIpOnLaunch).toBe(false);
    expect(fp(r['subnet-database-b'])).toMatchObject({ availabilityZone: 'us-east-1b', cidrBlock: '10.1.208.0/20' });
  });

  it('explicit zone names name the per-zone components', () => {
    const r = compose({ ...base, availabilityZones: 2, availabilityZoneNames: ['us-east-1c', 'us-east-1f'] }).resources;
    expect(fp(r['subnet-private-c']).availabilityZone).toBe('us-east-1c');
    expect(fp(r['subnet-private-f']).availabilityZone).toBe('us-east-1f');
    expect(Object.keys(r).filter((k) => k.startsWith('subnet-')).sort()).toEqual(['subnet-database-c', 'subnet-database-f', 'subnet-private-c', 'subnet-private-f']);
  });

  it('labels: every resource names the network; subnets their tier; the VPC is component vpc', () => {
    const r = compose(prodPublic).resources;
    for (const [k, x] of Object.entries(r)) {
      expect([k, x.metadata?.labels?.[NETWORK_LABEL], x.metadata?.labels?.[COMPONENT]]).toEqual([k, 'core', k]);
      if (x.kind === 'Subnet') expect(x.metadata?.labels?.[SUBNET_TIER_LABEL]).toBe(k.split('-')[1]);
    }
    expect(r.vpc.metadata?.labels).toMatchObject({ [COMPONENT]: 'vpc', [NETWORK_LABEL]: 'core' });
  });

  it('tags every taggable resource with the platform tags', () => {
    const r = compose({ ...base, tags: { Project: 'atlas' } }).resources;
    const untagged = ['RouteTableAssociation', 'VPCEndpointRouteTableAssociation', 'VPCEndpointSubnetAssociation', 'VPCEndpointSecurityGroupAssociation', 'BucketServerSideEncryptionConfiguration', 'BucketVersioning', 'BucketPublicAccessBlock', 'BucketOwnershipControls', 'BucketPolicy', 'BucketLifecycleConfiguration', 'Usage', 'RolePolicy', 'Route'];
    for (const [k, x] of Object.entries(r).filter(([, x]) => !untagged.includes(x.kind))) {
      expect([k, fp(x).tags]).toEqual([k, expect.objectContaining({ Project: 'atlas', Environment: 'dev', ManagedBy: 'crossplane/secure-baseline' })]);
    }
  });

  it.each([
    ['dev', base, ['*']],
    ['prod', prodPublic, ['Observe', 'Create', 'Update', 'LateInitialize']],
  ])('%s: every managed resource gets management policies %j', (_n, spec, want) => {
    for (const [k, x] of Object.entries(compose(spec).resources)) if (x.kind !== 'Usage') expect([k, x.spec.managementPolicies]).toEqual([k, want]);
  });

  it('flow logs: ALL traffic of the VPC to the encrypted bucket, one-minute aggregation', () => {
    const r = compose(base).resources;
    expect(fp(r['flow-log-s3'])).toMatchObject({
      trafficType: 'ALL', logDestinationType: 's3', logDestination: 'arn:aws:s3:::core-flow-logs-111111111111-us-east-1', maxAggregationInterval: 60,
      vpcIdSelector: { matchControllerRef: true, matchLabels: { [COMPONENT]: 'vpc' } },
    });
    expect(r['flow-log-bucket'].metadata?.annotations?.['crossplane.io/external-name']).toBe('core-flow-logs-111111111111-us-east-1');
    expect(fp(r['flow-log-bucket-encryption']).rule).toEqual([{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: KEY_ARN }, bucketKeyEnabled: true }]);
    expect(fp(r['flow-log-bucket-public-access-block'])).toMatchObject({ blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
    expect(fp(r['flow-log-bucket-ownership-controls']).rule).toEqual({ objectOwnership: 'BucketOwnerEnforced' });
    expect(fp(r['flow-log-bucket-versioning']).versioningConfiguration).toEqual({ status: 'Enabled' });
    expect(fp(r['flow-log-bucket-lifecycle']).rule[0]).toMatchObject({ id: 'expire-flow-logs', expiration: [{ days: 365 }] });
    expect(fp(compose({ ...base, flowLogRetentionDays: 120 }).resources['flow-log-bucket-lifecycle']).rule[0].expiration).toEqual([{ days: 120 }]);
    expect(r['flow-log-cloudwatch']).toBeUndefined();
  });

  it('flow-log bucket policy: TLS only, SSE-KMS only, log delivery of this account only', () => {
    const s = statements(compose(base).resources['flow-log-bucket-policy']);
    expect(s.find((x) => x.Sid === 'DenyInsecureTransport')?.Condition).toEqual({ Bool: { 'aws:SecureTransport': 'false' } });
    expect(s.map((x) => x.Sid)).toContain('DenyEncryptionOtherThanSseKms');
    const cond = { StringEquals: { 'aws:SourceAccount': '111111111111' }, ArnLike: { 'aws:SourceArn': 'arn:aws:logs:us-east-1:111111111111:*' } };
    expect(s.find((x) => x.Sid === 'AWSLogDeliveryWrite')).toEqual({
      Sid: 'AWSLogDeliveryWrite', Effect: 'Allow', Principal: { Service: 'delivery.logs.amazonaws.com' }, Action: 's3:PutObject',
      Resource: 'arn:aws:s3:::core-flow-logs-111111111111-us-east-1/AWSLogs/111111111111/*',
      Condition: { ...cond, StringEquals: { ...cond.StringEquals, 's3:x-amz-acl': 'bucket-owner-full-control' } },
    });
    expect(s.find((x) => x.Sid === 'AWSLogDeliveryAclCheck')).toMatchObject({ Action: 's3:GetBucketAcl', Resource: 'arn:aws:s3:::core-flow-logs-111111111111-us-east-1', Condition: cond });
    for (const x of s.filter((y) => y.Effect === 'Allow')) expect(x.Principal).toEqual({ Service: 'delivery.logs.amazonaws.com' });
    // Once the key is known, uploads are pinned to it.
    const pinned = statements(compose(base, { required: { 'encryption-key': [keyXr(['log-delivery'], KEY_ARN)] } }).resources['flow-log-bucket-policy']);
    expect(pinned.find((x) => x.Sid === 'DenyKmsKeysOtherThanTheBucketKey')?.Condition).toEqual({ StringNotEqualsIfExists: { 's3:x-amz-server-side-encryption-aws-kms-key-id': KEY_ARN } });
  });

  it('CloudWatch flow logs: CMK-encrypted group with a supported retention, a role only VPC Flow Logs of this account can assume', () => {
    const r = compose({ ...base, flowLogsToCloudWatch: true, flowLogRetentionDays: 100 }).resources;
    expect(fp(r['flow-log-group'])).toMatchObject({ kmsKeyId: KEY_ARN, retentionInDays: 120 });
    expect(fp(r['flow-log-cloudwatch'])).toMatchObject({
      trafficType: 'ALL', logDestinationType: 'cloud-watch-logs', logDestination: 'arn:aws:logs:us-east-1:111111111111:log-group:/secure-baseline/dev/core/vpc-flow-logs',
      iamRoleArnSelector: { matchControllerRef: true, matchLabels: { [COMPONENT]: 'flow-log-role' } },
    });
    const trust = JSON.parse(fp(r['flow-log-role']).assumeRolePolicy).Statement;
    expect(trust).toEqual([expect.objectContaining({ Principal: { Service: 'vpc-flow-logs.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' }, ArnLike: { 'aws:SourceArn': 'arn:aws:ec2:us-east-1:111111111111:vpc-flow-log/*' } } })]);
    const perms = statements(r['flow-log-role-policy']);
    expect(JSON.stringify(perms.map((x) => x.Resource))).not.toContain('"*"');
    expect(perms.flatMap((x) => x.Action)).not.toContain('logs:*');
    expect([90, 100, 365, 366, 3653].map(cloudWatchRetention)).toEqual([90, 120, 365, 400, 3653]);
  });

  it.each([
    ['dev, no public subnets, three zones', base, ['a', 'b', 'c']],
    ['prod, public subnets, NAT per zone', prodPublic, ['a', 'b', 'c']],
    ['two zones', { ...base, availabilityZones: 2, interfaceEndpoints: [] }, ['a', 'b']],
  ])('%s: S3 and DynamoDB gateway endpoints, free, always, on every private and the database route table (never the public one)', (_n, spec: Record<string, unknown>, zones) => {
    const r = compose(spec).resources;
    const tables = [...zones.map((l) => `route-table-private-${l}`), 'route-table-database'];
    for (const service of ['s3', 'dynamodb']) {
      const endpoint = `vpc-endpoint-${service}`;
      expect(fp(r[endpoint])).toEqual({
        region: 'us-east-1', vpcIdSelector: { matchControllerRef: true, matchLabels: { [COMPONENT]: 'vpc' } },
        serviceName: `com.amazonaws.us-east-1.${service}`, vpcEndpointType: 'Gateway', tags: expect.objectContaining({ Name: `core-${service}` }),
      });
      const associations = ofKind(r, 'VPCEndpointRouteTableAssociation').filter(([, x]) => fp(x).vpcEndpointIdSelector.matchLabels[COMPONENT] === endpoint);
      expect(associations.map(([k]) => k).sort()).toEqual(tables.map((t) => `${endpoint}-${t}`).sort());
      for (const [k, x] of associations) expect([k, fp(x)]).toEqual([k, { region: 'us-east-1', vpcEndpointIdSelector: { matchControllerRef: true, matchLabels: { [COMPONENT]: endpoint } }, routeTableIdSelector: { matchControllerRef: true, matchLabels: { [COMPONENT]: k.slice(endpoint.length + 1) } } }]);
    }
    // Only these two are gateways, and no gateway endpoint is associated with anything but those tables.
    expect(ofKind(r, 'VPCEndpoint').filter(([, x]) => fp(x).vpcEndpointType === 'Gateway').map(([k]) => k).sort()).toEqual(['vpc-endpoint-dynamodb', 'vpc-endpoint-s3']);
    expect(ofKind(r, 'VPCEndpointRouteTableAssociation')).toHaveLength(2 * tables.length);
  });

  it('endpoints: interface endpoints with private DNS in the private subnets behind the endpoint group', () => {
    const r = compose(base).resources;
    for (const svc of ['secretsmanager', 'kms', 'logs', 'sts']) {
      expect(fp(r[`vpc-endpoint-${svc}`])).toMatchObject({ serviceName: `com.amazonaws.us-east-1.${svc}`, vpcEndpointType: 'Interface', privateDnsEnabled: true });
      expect(fp(r[`vpc-endpoint-${svc}-security-group`])).toMatchObject({ replaceDefaultAssociation: true, securityGroupIdSelector: { matchLabels: { [COMPONENT]: 'security-group-endpoints' } } });
      for (const l of ['a', 'b', 'c']) expect(fp(r[`vpc-endpoint-${svc}-subnet-${l}`]).subnetIdSelector.matchLabels[COMPONENT]).toBe(`subnet-private-${l}`);
    }
    for (const [, x] of ofKind(r, 'VPCEndpoint').filter(([, x]) => fp(x).vpcEndpointType === 'Interface')) {
      expect(fp(x)).toMatchObject({ privateDnsEnabled: true, ipAddressType: 'ipv4' });
      // Declaring dnsOptions makes provider-aws refuse every update as a replacement (found against the provider).
      expect(fp(x).dnsOptions).toBeUndefined();
    }
    expect(fp(compose({ ...base, interfaceEndpoints: ['ecr.dkr'] }).resources['vpc-endpoint-ecr-dkr']).serviceName).toBe('com.amazonaws.us-east-1.ecr.dkr');
    expect(fp(r['security-group-endpoints-ingress-https'])).toMatchObject({ cidrIpv4: '10.0.0.0/16', ipProtocol: 'tcp', fromPort: 443, toPort: 443 });
  });

  it('status: VPC, subnets per tier, security group and NAT ids from the observed resources', () => {
    const first = compose(prodPublic);
    expect(first.status).toEqual({
      vpcCidr: '10.1.0.0/16', availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
      subnetCidrs: subnetCidrs('10.1.0.0/16', 3),
      flowLogBucketName: 'core-flow-logs-111111111111-us-east-1', flowLogBucketArn: 'arn:aws:s3:::core-flow-logs-111111111111-us-east-1',
      flowLogGroupName: '/secure-baseline/prod/core/vpc-flow-logs',
    });
    const observed: Record<string, KubeObject> = {};
    for (const [k, x] of Object.entries(first.resources)) observed[k] = readyManaged(x, { id: `id-${k}` });
    const later = compose(prodPublic, { observed });
    expect(later.status).toMatchObject({
      vpcId: 'id-vpc',
      subnetIds: {
        public: ['id-subnet-public-a', 'id-subnet-public-b', 'id-subnet-public-c'],
        private: ['id-subnet-private-a', 'id-subnet-private-b', 'id-subnet-private-c'],
        database: ['id-subnet-database-a', 'id-subnet-database-b', 'id-subnet-database-c'],
      },
      securityGroupIds: { endpoints: 'id-security-group-endpoints' },
      natGatewayIds: ['id-nat-gateway-a', 'id-nat-gateway-b', 'id-nat-gateway-c'],
    });
    // A tier is reported once all its subnets are.
    const { 'subnet-private-b': _b, ...partial } = observed;
    expect((compose(prodPublic, { observed: partial }).status.subnetIds as Record<string, unknown>).private).toBeUndefined();
  });

  it.each([
    ['no EncryptionKey yet', {}, 'False', 'WaitingForEncryptionKey'],
    ['a key without log-delivery', { 'encryption-key': [keyXr(['s3'], KEY_ARN)] }, 'False', 'KeyDoesNotAdmitFlowLogs'],
    ['a key admitting log delivery, ARN not yet known', { 'encryption-key': [keyXr(['log-delivery'])] }, 'False', 'WaitingForEncryptionKey'],
    ['a key admitting log delivery', { 'encryption-key': [keyXr(['log-delivery'], KEY_ARN)] }, 'True', 'Available'],
  ])('key condition with %s', (_n, required, status, reason) => {
    const out = compose(base, { required });
    expect(out.requirements).toEqual({ 'encryption-key': { apiVersion: 'platform.secure-baseline.io/v1alpha1', kind: 'EncryptionKey', matchName: 'net-key', namespace: 'team-a' } });
    expect(out.conditions).toEqual([expect.objectContaining({ type: 'EncryptionKeyReady', status, reason })]);
    expect(out.warnings?.length ?? 0).toBe(reason === 'KeyDoesNotAdmitFlowLogs' ? 1 : 0);
  });

  it('CloudWatch flow logs also need the logs service on the key', () => {
    const out = compose({ ...base, flowLogsToCloudWatch: true }, { required: { 'encryption-key': [keyXr(['log-delivery'], KEY_ARN)] } });
    expect(out.conditions?.[0]).toMatchObject({ reason: 'KeyDoesNotAdmitFlowLogs', message: expect.stringContaining('services logs') });
  });

  it('keeps the encryption key from being deleted while the network exists', () => {
    expect(compose(base).resources['encryption-key-usage'].spec).toMatchObject({
      of: { kind: 'EncryptionKey', resourceRef: { name: 'net-key' } }, by: { kind: 'Network', resourceRef: { name: 'core' } }, replayDeletion: true,
    });
  });

  it.each([
    ['a CIDR that does not parse', { ...base, cidr: '10.0.0/16' }, 'spec.cidr'],
    ['a CIDR with an octet above 255', { ...base, cidr: '10.300.0.0/16' }, 'spec.cidr'],
    ['a public CIDR', { ...base, cidr: '8.8.0.0/16' }, 'spec.cidr'],
    ['172.32.0.0/16 (just outside 172.16.0.0/12)', { ...base, cidr: '172.32.0.0/16' }, 'spec.cidr'],
    ['a /8, too big', { ...base, cidr: '10.0.0.0/8' }, 'spec.cidr'],
    ['a /28, too small', { ...base, cidr: '10.0.0.0/28' }, 'spec.cidr'],
    ['host bits set', { ...base, cidr: '10.0.1.0/16' }, 'spec.cidr'],
    ['a /24 for five zones (subnets would be /29)', { ...base, cidr: '10.0.0.0/24', availabilityZones: 5 }, 'spec.cidr'],
    ['one availability zone', { ...base, availabilityZones: 1 }, 'spec.availabilityZones'],
    ['seven availability zones', { ...base, availabilityZones: 7 }, 'spec.availabilityZones'],
    ['zone names not matching the zone count', { ...base, availabilityZoneNames: ['us-east-1a', 'us-east-1b'] }, 'spec.availabilityZoneNames'],
    ['zone names of another region', { ...base, availabilityZones: 2, availabilityZoneNames: ['eu-west-1a', 'eu-west-1b'] }, 'spec.availabilityZoneNames'],
    ['prod with public subnets and a single NAT', { ...prodPublic, natGateways: 'Single' }, 'spec.natGateways'],
    ['prod with public subnets and the default (single) NAT', { ...PROD_COMMON, cidr: '10.1.0.0/16', encryptionKeyRef: { name: 'k' }, publicSubnets: true }, 'spec.natGateways'],
    ['flow-log retention of 30 days', { ...base, flowLogRetentionDays: 30 }, 'spec.flowLogRetentionDays'],
    ['prod flow-log retention of 100 days', { ...prodPublic, flowLogRetentionDays: 100 }, 'spec.flowLogRetentionDays'],
    ['an unknown interface endpoint', { ...base, interfaceEndpoints: ['sts', 'ec3'] }, 'spec.interfaceEndpoints[1]'],
    ['an unknown NAT mode', { ...base, natGateways: 'None' }, 'spec.natGateways'],
    ['no key reference', { ...DEV_COMMON, cidr: '10.0.0.0/16' }, 'spec.encryptionKeyRef'],
    ['no CIDR', { ...DEV_COMMON, encryptionKeyRef: { name: 'k' } }, 'spec.cidr'],
    ['a field the API does not have', { ...base, enableDnsSupport: false }, 'spec.enableDnsSupport'],
    ['a default bucket name over 63 characters', { ...base, region: 'ap-southeast-1', encryptionKeyRef: { name: 'k' } }, 'spec.flowLogBucketName', 'a-very-long-network-name-x'],
  ])('rejects %s', (_n, spec, field, name = 'core') => {
    expect(() => compose(spec, { name })).toThrow(InputError);
    expect(() => compose(spec, { name })).toThrow(new RegExp(`^${field.replace(/[.[\]]/g, '\\$&')}: `));
  });

  it('accepts the edges: /24 over four zones, /16, 172.31/16, 192.168/16, prod at 365 days', () => {
    expect(() => compose({ ...base, cidr: '10.0.0.0/24', availabilityZones: 4 })).not.toThrow();
    expect(() => compose({ ...base, cidr: '172.31.0.0/16' })).not.toThrow();
    expect(() => compose({ ...base, cidr: '192.168.0.0/16' })).not.toThrow();
    expect(() => compose({ ...prodPublic, flowLogRetentionDays: 365 })).not.toThrow();
    expect(compose({ ...base, flowLogBucketName: 'my-flow-logs' }).status.flowLogBucketName).toBe('my-flow-logs');
  });
});

describe('Network API definition', () => {
  // Documentation and bounds of every field: test/xrd.test.ts, for every API.
  it('lists every kind it composes, with the plural of its pinned CRD', () => {
    const listed = new Set(networkApi.managedResources.map((m) => `${m.apiVersion}/${m.kind}`));
    const composed = [...new Set([base, prodPublic].flatMap((s) => Object.values(compose(s).resources)).filter((r) => r.kind !== 'Usage').map((r) => `${r.apiVersion}/${r.kind}`))];
    expect(composed.filter((k) => !listed.has(k))).toEqual([]);
    expect(composed.length).toBe(listed.size);
    const files = Object.keys(crdLock().files);
    for (const m of networkApi.managedResources) expect(files).toContain(`provider-upjet-aws/${m.apiVersion.split('/')[0]}_${m.plural}.yaml`);
  });
});

describe('Network examples and composed resources are accepted by the pinned CRDs', () => {
  const validator = KubeValidator.fromPinnedCrds();
  validator.addXrd(XpCompositeResourceDefinitionV2.manifest(xrdProps(networkApi)));
  const problems = (objects: KubeObject[]) => objects.flatMap((o) => validator.validate(o)).map((i) => `${i.object}: ${i.path}: ${i.message}`);
  const asCreated = (xrName: string, namespace: string, r: KubeObject): KubeObject => ({ ...r, metadata: { ...r.metadata, namespace, generateName: `${xrName}-` } });
  const keyExamples = Object.fromEntries(ENCRYPTION_KEY_EXAMPLES.map((e) => [e.name, e]));

  it.each(NETWORK_EXAMPLES.map((e) => [e.name, e] as const))('example %s: the claim and every composed resource, before and after the key reports its ARN', (name, example) => {
    const claim: KubeObject = { apiVersion: 'platform.secure-baseline.io/v1alpha1', kind: 'Network', metadata: { name, namespace: 'examples' }, spec: { ...example.spec } };
    expect(problems([claim])).toEqual([]);
    const key = keyExamples[example.spec.encryptionKeyRef.name];
    expect(key).toBeDefined();
    const keyObject = (arn?: string): KubeObject => ({ ...xrObject('EncryptionKey', key.name, { ...key.spec }, 'examples'), ...(arn ? { status: { keyArn: arn } } : {}) });
    const worlds: Record<string, KubeObject[]>[] = [{}, { 'encryption-key': [keyObject(KEY_ARN)] }];
    for (const required of worlds) {
      const out = compose(example.spec as Record<string, unknown>, { name, namespace: 'examples', required });
      const composed = Object.values(out.resources).map((r) => asCreated(name, 'examples', r));
      expect(composed.length).toBeGreaterThan(30);
      expect(problems(composed)).toEqual([]);
    }
  });

  it.each([['dev', base], ['prod', prodPublic], ['six zones, all endpoints', { ...base, availabilityZones: 6, publicSubnets: true, flowLogsToCloudWatch: true, interfaceEndpoints: ['secretsmanager', 'kms', 'logs', 'sts', 'ecr.api', 'ecr.dkr', 'execute-api'] }]])('%s: composed resources are valid as created', (_n, spec) => {
    expect(problems(Object.values(compose(spec).resources).map((r) => asCreated('core', 'team-a', r)))).toEqual([]);
  });

  it('the check can fail: an endpoint association without region, a rule with an unknown field', () => {
    const r = compose(base).resources;
    const assoc = asCreated('core', 'team-a', r['vpc-endpoint-sts-subnet-a']);
    const { region: _r, ...noRegion } = assoc.spec.forProvider;
    expect(problems([{ ...assoc, spec: { ...assoc.spec, forProvider: noRegion } }])).toEqual(expect.arrayContaining([expect.stringContaining('spec.forProvider.region: Required value')]));
    const rule = asCreated('core', 'team-a', r['security-group-endpoints-ingress-https']);
    expect(problems([{ ...rule, spec: { ...rule.spec, forProvider: { ...rule.spec.forProvider, cidrBlocks: ['0.0.0.0/0'] } } }])).toEqual([expect.stringContaining('spec.forProvider.cidrBlocks: unknown field')]);
  });

  it.each([
    ['a public CIDR', { cidr: '8.8.0.0/16' }, 'private range'],
    ['a /8', { cidr: '10.0.0.0/8' }, '/16 to /24'],
    ['host bits', { cidr: '10.0.1.0/16' }, 'host bits'],
    ['prod with a single NAT', { tier: 'prod', deletionProtection: true, flowLogRetentionDays: 365, publicSubnets: true, natGateways: 'Single' }, 'OnePerAz'],
  ])('the API server rejects a claim with %s (XRD CEL rules)', (_n, over, message) => {
    const spec = { ...NETWORK_EXAMPLES[0].spec, ...over };
    const claim: KubeObject = { apiVersion: 'platform.secure-baseline.io/v1alpha1', kind: 'Network', metadata: { name: 'bad', namespace: 'examples' }, spec };
    expect(problems([claim])).toEqual([expect.stringContaining(message)]);
  });
});
