/**
 * Network exposure, across everything every environment and example composes (in both states: before and after
 * keys report their ARNs): database subnets have no way to the internet, and no security group admits the world.
 */
import { describe, expect, it } from '@jest/globals';
import { SYNTHESIZED_ENVIRONMENTS } from '../examples';
import { environmentXrs, exampleXrs } from '../synth/claims';
import type { KubeObject } from '../lib/composer';
import { SUBNET_TIER_LABEL } from '../lib/platform';
import { previewClaim } from '../synth/preview';

const COMPONENT = 'platform.secure-baseline.io/component';

function composedWorlds(claims: KubeObject[]): KubeObject[][] {
  const keysReady = claims.map((c) => (c.kind === 'EncryptionKey' ? { ...c, status: { keyArn: `arn:aws:kms:${c.spec.region}:${c.spec.accountId}:key/${c.metadata!.name}`, aliasName: `alias/${c.metadata!.name}` } } : c));
  return [claims, keysReady].map((world) => claims.flatMap((c) => Object.values(previewClaim(c, world).resources)));
}

const sets: Array<[string, KubeObject[]]> = [
  ...SYNTHESIZED_ENVIRONMENTS.map(({ env }): [string, KubeObject[]] => [env.name, environmentXrs(env)]),
  ['examples', exampleXrs()],
];

describe.each(sets)('%s', (_name, claims) => {
  const worlds = composedWorlds(claims);

  it('composes networks with database subnets, and none of their route tables routes to an internet or NAT gateway', () => {
    for (const resources of worlds) {
      const dbSubnets = resources.filter((r) => r.kind === 'Subnet' && r.metadata?.labels?.[SUBNET_TIER_LABEL] === 'database');
      expect(dbSubnets.length).toBeGreaterThan(0);
      // The route tables the database subnets are associated with, by component label.
      const dbSubnetComponents = new Set(dbSubnets.map((s) => s.metadata!.labels![COMPONENT]));
      const dbRouteTables = new Set(resources
        .filter((r) => r.kind === 'RouteTableAssociation' && dbSubnetComponents.has(r.spec.forProvider.subnetIdSelector?.matchLabels?.[COMPONENT]))
        .map((r) => r.spec.forProvider.routeTableIdSelector?.matchLabels?.[COMPONENT]));
      expect(dbRouteTables.size).toBeGreaterThan(0);
      const outbound = resources.filter((r) => r.kind === 'Route' && dbRouteTables.has(r.spec.forProvider.routeTableIdSelector?.matchLabels?.[COMPONENT]));
      expect(outbound).toEqual([]);
      // And no route anywhere names a database route table by another way (ids or refs).
      expect(resources.filter((r) => r.kind === 'Route' && (r.spec.forProvider.routeTableId || r.spec.forProvider.routeTableIdRef))).toEqual([]);
    }
  });

  it('no security group rule admits 0.0.0.0/0, and egress to it is HTTPS only', () => {
    for (const resources of worlds) {
      const world = (r: KubeObject) => r.spec.forProvider.cidrIpv4 === '0.0.0.0/0' || r.spec.forProvider.cidrIpv6 === '::/0';
      expect(resources.filter((r) => r.kind === 'SecurityGroupIngressRule' && world(r))).toEqual([]);
      expect(resources.filter((r) => r.kind === 'SecurityGroupEgressRule' && world(r) && !(r.spec.forProvider.ipProtocol === 'tcp' && r.spec.forProvider.fromPort === 443 && r.spec.forProvider.toPort === 443))).toEqual([]);
      // Inline rules would escape the checks above: none is used.
      expect(resources.filter((r) => r.kind === 'SecurityGroup' && (r.spec.forProvider.ingress?.length || r.spec.forProvider.egress?.length))).toEqual([]);
      expect(resources.filter((r) => r.kind === 'DefaultSecurityGroup' && (r.spec.forProvider.ingress?.length || r.spec.forProvider.egress?.length))).toEqual([]);
    }
  });
});
