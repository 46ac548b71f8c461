/**
 * Network rules (EC2/VPC): nothing admits traffic from the whole internet, the default security group is empty,
 * every VPC records ALL its traffic, database subnets have no way to the internet, no subnet hands out public
 * IPs, VPC DNS serves the private endpoints.
 */
import { SUBNET_TIER_LABEL } from '../../lib/platform';
import { get, verdict, type ComposedResource, type ResourceSet, type Rule, type RuleResult } from '../rule';
import { resolveReference } from './logs';

const VPC = 'ec2.aws.m.upbound.io/VPC';
const SUBNET = 'ec2.aws.m.upbound.io/Subnet';
const ROUTE_TABLE = 'ec2.aws.m.upbound.io/RouteTable';
const ROUTE_TABLE_ASSOCIATION = 'ec2.aws.m.upbound.io/RouteTableAssociation';
const ROUTE = 'ec2.aws.m.upbound.io/Route';
const INTERNET_GATEWAY = 'ec2.aws.m.upbound.io/InternetGateway';
const FLOW_LOG = 'ec2.aws.m.upbound.io/FlowLog';
const DEFAULT_SECURITY_GROUP = 'ec2.aws.m.upbound.io/DefaultSecurityGroup';
const INGRESS_RULE = 'ec2.aws.m.upbound.io/SecurityGroupIngressRule';
const EGRESS_RULE = 'ec2.aws.m.upbound.io/SecurityGroupEgressRule';
const SECURITY_GROUP_RULE = 'ec2.aws.m.upbound.io/SecurityGroupRule';

/** A CIDR that covers every address (`0.0.0.0/0`, `::/0`, any `/0`). */
const anywhere = (cidr: unknown) => typeof cidr === 'string' && /\/0$/.test(cidr.trim());

/** The first field of `paths` set on `r`, for the evidence of a passing verdict. */
function firstSet(r: ComposedResource, paths: readonly string[]): string {
  return paths.find((p) => get(r.object, p) !== undefined) ?? paths[0];
}

/** Verdicts on rules of one direction that may name the whole internet: one per rule (per CIDR for SecurityGroupRule). */
/** Why a rule open to every address fails (and, when not the CIDR, the field to change), or undefined when it may stay. */
type OpenVerdict = (r: ComposedResource) => { readonly message: string; readonly field?: string } | undefined;

function worldOpenResults(set: ResourceSet, direction: 'ingress' | 'egress', open: OpenVerdict): RuleResult[] {
  const kind = direction === 'ingress' ? INGRESS_RULE : EGRESS_RULE;
  const single = set.ofKind(kind).map((r): RuleResult => {
    for (const field of ['spec.forProvider.cidrIpv4', 'spec.forProvider.cidrIpv6']) {
      const why = anywhere(get(r.object, field)) ? open(r) : undefined;
      if (why) return { resource: r.ref, passed: false, field: why.field ?? field, value: get(r.object, why.field ?? field), message: why.message };
    }
    const field = firstSet(r, ['spec.forProvider.cidrIpv4', 'spec.forProvider.cidrIpv6', 'spec.forProvider.referencedSecurityGroupId',
      'spec.forProvider.referencedSecurityGroupIdSelector', 'spec.forProvider.referencedSecurityGroupIdRef', 'spec.forProvider.prefixListId']);
    return { resource: r.ref, passed: true, field, value: get(r.object, field) };
  });
  const legacy = set.ofKind(SECURITY_GROUP_RULE).filter((r) => get(r.object, 'spec.forProvider.type') === direction).flatMap((r): RuleResult[] => {
    const failures = ['cidrBlocks', 'ipv6CidrBlocks'].flatMap((list) => {
      const cidrs: unknown = get(r.object, `spec.forProvider.${list}`);
      return (Array.isArray(cidrs) ? cidrs : []).flatMap((c, i): RuleResult[] => {
        const field = `spec.forProvider.${list}[${i}]`;
        const why = anywhere(c) ? open(r) : undefined;
        return why ? [{ resource: r.ref, passed: false, field: why.field ?? field, value: get(r.object, why.field ?? field), message: why.message }] : [];
      });
    });
    return failures.length ? failures : [{ resource: r.ref, passed: true, field: 'spec.forProvider.type', value: direction }];
  });
  return [...single, ...legacy];
}

/** Whether a subnet is of the database tier (platform label, or the Tier tag). */
const isDatabaseSubnet = (s: ComposedResource) =>
  s.object.metadata?.labels?.[SUBNET_TIER_LABEL] === 'database' || get(s.object, 'spec.forProvider.tags.Tier') === 'database';

/** The route tables associated with a database subnet, each once. */
function databaseRouteTables(set: ResourceSet): ComposedResource[] {
  const tables = set.ofKind(ROUTE_TABLE_ASSOCIATION).flatMap((a) => {
    const subnets = resolveReference(set, a, SUBNET, 'spec.forProvider.subnetId')?.found ?? [];
    return subnets.some(isDatabaseSubnet) ? resolveReference(set, a, ROUTE_TABLE, 'spec.forProvider.routeTableId')?.found ?? [] : [];
  });
  return tables.filter((t, i) => tables.findIndex((o) => o.ref === t.ref) === i);
}

/** The field of a route that sends traffic to the internet (internet, egress-only, carrier or NAT gateway), if any. */
function internetTarget(set: ResourceSet, route: ComposedResource): string | undefined {
  const gateway = get(route.object, 'spec.forProvider.gatewayId');
  if (typeof gateway === 'string' && gateway.startsWith('igw-')) return 'spec.forProvider.gatewayId';
  const toGateway = resolveReference(set, route, INTERNET_GATEWAY, 'spec.forProvider.gatewayId');
  if (toGateway?.found.length) return toGateway.field;
  for (const path of ['spec.forProvider.natGatewayId', 'spec.forProvider.egressOnlyGatewayId', 'spec.forProvider.carrierGatewayId']) {
    for (const field of [path, `${path}Ref`, `${path}Selector`]) {
      const v = get(route.object, field);
      if (v !== undefined && v !== '') return field;
    }
  }
  return undefined;
}

export const NETWORK_RULES: readonly Rule[] = [
  {
    id: 'SB-EC2-1',
    title: 'No security group admits traffic from 0.0.0.0/0 or ::/0',
    severity: 'critical',
    rationale: 'Nothing the platform runs is reached directly from the internet: APIs come in through API Gateway, functions through the Lambda service, databases from named security groups only. An ingress rule open to every address exposes the port to scanning and attack, whatever the port.',
    reads: [INGRESS_RULE, SECURITY_GROUP_RULE],
    mappings: { cis: ['5.2', '5.3'], nist80053: ['AC-4', 'SC-7'], pciDss: ['1.3.1'], soc2: ['CC6.6'], cdkNag: ['AwsSolutions-EC23'], checkov: ['CKV_AWS_24', 'CKV_AWS_25', 'CKV_AWS_260', 'CKV_AWS_277'], awsConfig: 'VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS' },
    check: (set) => worldOpenResults(set, 'ingress', () => ({ message: 'admit only the sources that need the port: another security group (referencedSecurityGroupId), a prefix list or the VPC CIDR; public traffic belongs behind API Gateway or a load balancer' })),
  },
  {
    id: 'SB-EC2-2',
    title: "Every VPC's default security group has no rules",
    severity: 'high',
    rationale: 'Anything launched without a security group lands in the default one; AWS creates it allowing all traffic among its members and all egress. Emptied, it admits and lets out nothing, so forgetting a security group fails closed.',
    reads: [DEFAULT_SECURITY_GROUP],
    mappings: { cis: ['5.4'], nist80053: ['AC-4', 'SC-7'], pciDss: ['1.3.1', '1.3.2'], soc2: ['CC6.6'], checkov: ['CKV2_AWS_12'], awsConfig: 'VPC_DEFAULT_SECURITY_GROUP_CLOSED' },
    check: (set) => set.ofKind(DEFAULT_SECURITY_GROUP).flatMap((g) => ['ingress', 'egress'].map((d) => verdict(g, `spec.forProvider.${d}`, (v) => Array.isArray(v) && v.length === 0,
      `set ${d}: [] (explicitly empty: when the field is left out the provider keeps, and late-initializes, the rules AWS created)`))),
  },
  {
    id: 'SB-EC2-3',
    title: 'Every VPC has a flow log capturing ALL traffic',
    severity: 'high',
    rationale: 'Flow logs are the record of who talked to what in the network: needed to investigate an intrusion or exfiltration, and to show that segmentation works. Accepted traffic matters as much as rejected traffic, so the flow log must capture ALL.',
    reads: [VPC, FLOW_LOG],
    mappings: { cis: ['3.7'], nist80053: ['AU-12', 'SI-4'], pciDss: ['10.2.1'], soc2: ['CC7.2'], cdkNag: ['AwsSolutions-VPC7'], checkov: ['CKV2_AWS_11'], awsConfig: 'VPC_FLOW_LOGS_ENABLED' },
    // Judged on the VPC; the field names the related FlowLog field (`FlowLog.<path>`), the value the traffic types found.
    check: (set) => {
      const flowLogs = set.ofKind(FLOW_LOG).map((f) => ({ f, vpcs: resolveReference(set, f, VPC, 'spec.forProvider.vpcId')?.found ?? [] }));
      return set.ofKind(VPC).map((vpc): RuleResult => {
        const types = flowLogs.filter(({ vpcs }) => vpcs.some((v) => v.ref === vpc.ref)).map(({ f }) => get(f.object, 'spec.forProvider.trafficType'));
        const field = 'FlowLog.spec.forProvider.trafficType';
        return types.includes('ALL')
          ? { resource: vpc.ref, passed: true, field, value: types }
          : { resource: vpc.ref, passed: false, field, value: types, message: `add a FlowLog for this VPC (vpcIdSelector) with trafficType: ALL${types.length ? ` (its flow logs capture only ${types.join(', ')})` : ''}, delivered to an encrypted bucket or log group` };
      });
    },
  },
  {
    id: 'SB-EC2-4',
    title: 'Database subnets have no route to an internet or NAT gateway',
    severity: 'critical',
    rationale: 'Database subnets are isolated: a route to an internet gateway makes them public subnets, and one to a NAT gateway lets a compromised database send data out. They reach AWS services through gateway endpoints only.',
    reads: [SUBNET, ROUTE_TABLE_ASSOCIATION, ROUTE_TABLE, ROUTE, INTERNET_GATEWAY],
    mappings: { nist80053: ['AC-4', 'SC-7', 'SC-7(5)'], pciDss: ['1.3.2', '1.4.4'], soc2: ['CC6.6'] },
    check: (set) => {
      const routes = set.ofKind(ROUTE).map((r) => ({ r, tables: resolveReference(set, r, ROUTE_TABLE, 'spec.forProvider.routeTableId')?.found ?? [] }));
      return databaseRouteTables(set).flatMap((table): RuleResult[] => {
        const own = routes.filter(({ tables }) => tables.some((t) => t.ref === table.ref)).map(({ r }) => r);
        const failures = own.flatMap((r): RuleResult[] => {
          const field = internetTarget(set, r);
          return field ? [{ resource: r.ref, passed: false, field, value: get(r.object, field),
            message: `remove this route from ${table.ref}, associated with a database subnet: database subnets reach AWS services through gateway endpoints only` }] : [];
        });
        return failures.length ? failures : [{ resource: table.ref, passed: true, field: 'Route.spec.forProvider', value: own.map((r) => r.ref) }];
      });
    },
  },
  {
    id: 'SB-EC2-5',
    title: 'Subnets do not assign public IP addresses on launch',
    severity: 'high',
    rationale: 'A subnet that maps public IPs gives every ENI launched in it an internet-routable address, silently, whatever the workload asked for. The platform puts nothing in a subnet with a public address (NAT gateways use Elastic IPs).',
    reads: [SUBNET],
    mappings: { nist80053: ['AC-4', 'SC-7'], pciDss: ['1.4.4'], soc2: ['CC6.6'], checkov: ['CKV_AWS_130'], awsConfig: 'SUBNET_AUTO_ASSIGN_PUBLIC_IP_DISABLED' },
    check: (set) => set.ofKind(SUBNET).map((s) => verdict(s, 'spec.forProvider.mapPublicIpOnLaunch', (v) => v !== true, 'set mapPublicIpOnLaunch: false')),
  },
  {
    id: 'SB-EC2-6',
    title: 'VPCs resolve DNS, with hostnames, for private endpoints',
    severity: 'medium',
    rationale: 'Interface endpoints answer under the AWS service names only when the VPC has DNS support and DNS hostnames; without them calls to AWS APIs resolve to public endpoints and leave through NAT gateways instead of staying in the VPC.',
    reads: [VPC],
    mappings: { nist80053: ['SC-7'], soc2: ['CC6.6'] },
    check: (set) => set.ofKind(VPC).flatMap((v) => [
      verdict(v, 'spec.forProvider.enableDnsSupport', (x) => x !== false, 'set enableDnsSupport: true'),
      verdict(v, 'spec.forProvider.enableDnsHostnames', (x) => x === true, 'set enableDnsHostnames: true'),
    ]),
  },
  {
    id: 'SB-EC2-7',
    title: 'Egress to 0.0.0.0/0 or ::/0 is limited to a protocol and port',
    severity: 'medium',
    rationale: 'Egress to any address on any port lets a compromised workload reach any command-and-control server or exfiltrate over any protocol. Platform workloads go out on HTTPS only.',
    reads: [EGRESS_RULE, SECURITY_GROUP_RULE],
    mappings: { nist80053: ['AC-4', 'SC-7', 'SC-7(5)'], pciDss: ['1.3.2'], soc2: ['CC6.6'], checkov: ['CKV_AWS_382'] },
    check: (set) => worldOpenResults(set, 'egress', (r) => {
      const protocolField = r.object.kind === 'SecurityGroupRule' ? 'spec.forProvider.protocol' : 'spec.forProvider.ipProtocol';
      const protocol = String(get(r.object, protocolField) ?? '');
      const from = get(r.object, 'spec.forProvider.fromPort');
      const to = get(r.object, 'spec.forProvider.toPort');
      const message = 'limit egress to anywhere to one protocol and port range (e.g. tcp 443); traffic that needs more goes to a security group, prefix list or CIDR';
      if (protocol === '-1' || protocol === 'all' || protocol === '') return { field: protocolField, message: `${message} (it allows every protocol)` };
      if (from === undefined || to === undefined || (typeof from === 'number' && typeof to === 'number' && from <= 0 && to >= 65535)) return { field: 'spec.forProvider.toPort', message: `${message} (it allows every port)` };
      return undefined;
    }),
  },
];
