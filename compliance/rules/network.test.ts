import { describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../lib/composer';
import { LABEL_PREFIX } from '../../lib/platform';
import { evaluate } from '../engine';
import { composed, platformResources, weakened } from '../../test/support/platform-resources';
import { NETWORK_RULES } from './network';

const EC2 = 'ec2.aws.m.upbound.io';
const VPC = `${EC2}/VPC`;
const SUBNET = `${EC2}/Subnet`;
const ROUTE_TABLE = `${EC2}/RouteTable`;
const ROUTE_TABLE_ASSOCIATION = `${EC2}/RouteTableAssociation`;
const ROUTE = `${EC2}/Route`;
const INTERNET_GATEWAY = `${EC2}/InternetGateway`;
const FLOW_LOG = `${EC2}/FlowLog`;
const DEFAULT_SECURITY_GROUP = `${EC2}/DefaultSecurityGroup`;
const INGRESS_RULE = `${EC2}/SecurityGroupIngressRule`;
const EGRESS_RULE = `${EC2}/SecurityGroupEgressRule`;

const label = (o: KubeObject, key: string) => o.metadata?.labels?.[`${LABEL_PREFIX}/${key}`];
/** The resource of component `c` composed by the same XR as `x`. */
const sameXr = (x: KubeObject, c: string) => (o: KubeObject) => o.metadata?.namespace === x.metadata?.namespace
  && label(o, 'kind') === label(x, 'kind') && label(o, 'name') === label(x, 'name') && label(o, 'component') === c;

/** A VPC and its S3 flow log. */
const vpcWithFlowLog = (weaken?: (f: KubeObject) => KubeObject) => {
  const vpc = composed(VPC);
  const flowLog = composed(FLOW_LOG, sameXr(vpc, 'flow-log-s3'));
  return [vpc, weaken ? weaken(flowLog) : flowLog];
};

/**
 * A Network's database subnet, its association and route table, the internet gateway and the public route to it;
 * `toDatabase` points that route at the database route table instead.
 */
const databaseRouting = (toDatabase = false) => {
  const gateway = composed(INTERNET_GATEWAY);
  const subnet = composed(SUBNET, sameXr(gateway, 'subnet-database-a'));
  const route = composed(ROUTE, sameXr(gateway, 'route-public-internet'));
  return [
    subnet,
    composed(ROUTE_TABLE_ASSOCIATION, sameXr(gateway, 'route-table-association-database-a')),
    composed(ROUTE_TABLE, sameXr(gateway, 'route-table-database')),
    gateway,
    toDatabase ? weakened(route, 'spec.forProvider.routeTableIdSelector.matchLabels', { [`${LABEL_PREFIX}/component`]: 'route-table-database' }) : route,
  ];
};

const worldEgress = (o: KubeObject) => o.spec?.forProvider?.cidrIpv4 === '0.0.0.0/0';

/** [rule id, passing fixture, failing fixture, field the failure names] */
const CASES = [
  ['SB-EC2-1', () => composed(INGRESS_RULE), () => weakened(composed(INGRESS_RULE), 'spec.forProvider.cidrIpv4', '0.0.0.0/0'), 'spec.forProvider.cidrIpv4'],
  ['SB-EC2-2', () => composed(DEFAULT_SECURITY_GROUP), () => weakened(composed(DEFAULT_SECURITY_GROUP), 'spec.forProvider.ingress', [{ protocol: '-1', fromPort: 0, toPort: 0, self: true }]), 'spec.forProvider.ingress'],
  ['SB-EC2-3', () => vpcWithFlowLog(), () => vpcWithFlowLog((f) => weakened(f, 'spec.forProvider.trafficType', 'REJECT')), 'FlowLog.spec.forProvider.trafficType'],
  ['SB-EC2-4', () => databaseRouting(), () => databaseRouting(true), 'spec.forProvider.gatewayIdSelector'],
  ['SB-EC2-5', () => composed(SUBNET), () => weakened(composed(SUBNET), 'spec.forProvider.mapPublicIpOnLaunch', true), 'spec.forProvider.mapPublicIpOnLaunch'],
  ['SB-EC2-6', () => composed(VPC), () => weakened(composed(VPC), 'spec.forProvider.enableDnsHostnames', false), 'spec.forProvider.enableDnsHostnames'],
  ['SB-EC2-7', () => composed(EGRESS_RULE, worldEgress), () => weakened(composed(EGRESS_RULE, worldEgress), 'spec.forProvider.ipProtocol', '-1'), 'spec.forProvider.ipProtocol'],
] as const;

const list = (x: KubeObject | readonly KubeObject[]) => (Array.isArray(x) ? [...x] : [x as KubeObject]);
const rule = (id: string) => NETWORK_RULES.filter((r) => r.id === id);
const failedFields = (objects: KubeObject[], id: string) => evaluate(objects, rule(id)).outcomes[0].results.filter((r) => !r.passed).map((r) => r.field);

describe('Network rules', () => {
  it.each(CASES)('%s passes on what the platform composes and fails on the weakened fixture, naming the field', (id, pass, fail, field) => {
    expect(evaluate(list(pass()), rule(id)).outcomes[0].status).toBe('pass');
    const failed = evaluate(list(fail()), rule(id)).outcomes[0];
    expect(failed.status).toBe('fail');
    expect(failed.results.filter((r) => !r.passed).map((r) => r.field)).toEqual([field]);
  });
  it('every network rule has a case', () => expect(CASES.map((c) => c[0])).toEqual(NETWORK_RULES.map((r) => r.id)));

  it('passes on everything the platform composes', () => {
    const e = evaluate(platformResources(), NETWORK_RULES);
    expect(e.failedRuleIds).toEqual([]);
    expect(e.outcomes.map((o) => [o.rule.id, o.status])).toEqual(NETWORK_RULES.map((r) => [r.id, 'pass']));
  });

  it('SB-EC2-1 refuses ::/0 and world-open legacy SecurityGroupRules too', () => {
    expect(failedFields([weakened(composed(INGRESS_RULE), 'spec.forProvider.cidrIpv6', '::/0')], 'SB-EC2-1')).toEqual(['spec.forProvider.cidrIpv6']);
    const legacy: KubeObject = {
      apiVersion: `${EC2}/v1beta1`, kind: 'SecurityGroupRule', metadata: { name: 'ssh', namespace: 'dev' },
      spec: { forProvider: { type: 'ingress', protocol: 'tcp', fromPort: 22, toPort: 22, cidrBlocks: ['10.0.0.0/8', '0.0.0.0/0'], securityGroupId: 'sg-1' } },
    };
    expect(failedFields([legacy], 'SB-EC2-1')).toEqual(['spec.forProvider.cidrBlocks[1]']);
  });

  it('SB-EC2-3 fails a VPC without any flow log', () => {
    expect(failedFields([composed(VPC)], 'SB-EC2-3')).toEqual(['FlowLog.spec.forProvider.trafficType']);
  });

  it('SB-EC2-4 refuses a NAT route on a database route table, and judges nothing without the route table', () => {
    const [subnet, association, table] = databaseRouting();
    const nat = weakened(weakened(composed(ROUTE, sameXr(subnet, 'route-public-internet')), 'spec.forProvider.gatewayIdSelector', undefined),
      'spec.forProvider.natGatewayId', 'nat-0123456789abcdef0');
    const toDatabase = weakened(nat, 'spec.forProvider.routeTableIdSelector.matchLabels', { [`${LABEL_PREFIX}/component`]: 'route-table-database' });
    expect(failedFields([subnet, association, table, toDatabase], 'SB-EC2-4')).toEqual(['spec.forProvider.natGatewayId']);
    expect(evaluate([subnet, association], rule('SB-EC2-4')).outcomes[0].status).toBe('not-applicable');
  });

  it('SB-EC2-6 accepts DNS support left to its default but not turned off', () => {
    expect(failedFields([weakened(composed(VPC), 'spec.forProvider.enableDnsSupport', undefined)], 'SB-EC2-6')).toEqual([]);
    expect(failedFields([weakened(composed(VPC), 'spec.forProvider.enableDnsSupport', false)], 'SB-EC2-6')).toEqual(['spec.forProvider.enableDnsSupport']);
  });

  it('SB-EC2-7 refuses egress to anywhere on every port', () => {
    const allPorts = weakened(weakened(composed(EGRESS_RULE, worldEgress), 'spec.forProvider.fromPort', 0), 'spec.forProvider.toPort', 65535);
    expect(failedFields([allPorts], 'SB-EC2-7')).toEqual(['spec.forProvider.toPort']);
    expect(failedFields([weakened(composed(EGRESS_RULE, (o) => !worldEgress(o)), 'spec.forProvider.ipProtocol', '-1')], 'SB-EC2-7')).toEqual([]);
  });
});
