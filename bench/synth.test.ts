/**
 * The environments bench/synth.ts generates are ones synth could be given for real: distinct where the cluster or
 * AWS needs them distinct, and accepted by the same schema checks as the default environments
 * (test/validation/output.test.ts).
 */
import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { parseCidr } from '../compositions/network/subnets';
import { ENVIRONMENTS, type EnvironmentConfig } from '../config/environments';
import { teamNamespace } from '../config/teams';
import { SCENARIOS } from '../examples';
import { environmentClaims, environmentXrs } from '../synth/claims';
import type { KubeObject } from '../lib/composer';
import { previewClaim } from '../synth/preview';
import { KubeValidator } from '../lib/validation';
import { PROJECT_ROOT, readYamlDocs } from '../test/helpers';
import { generateEnvironments } from './synth';

const validator = KubeValidator.fromPinnedCrds();
for (const xrd of readYamlDocs(join(PROJECT_ROOT, 'dist/platform/platform-apis.k8s.yaml')).filter((o) => o.kind === 'CompositeResourceDefinition')) {
  validator.addXrd(xrd);
}
const problems = (objects: KubeObject[]) => objects.flatMap((o) => validator.validate(o)).map((i) => `${i.object}: ${i.path}: ${i.message}`);
/** A composed resource as Crossplane creates it (generated name), as output.test.ts validates it. */
const asCreated = (xr: KubeObject, r: KubeObject): KubeObject => ({ ...r, metadata: { ...r.metadata, generateName: `${xr.metadata!.name}-` } });

const generated = generateEnvironments(25);
const namespacesOf = (env: EnvironmentConfig) => [env.name, ...(env.teams ?? []).map((t) => teamNamespace(env.name, t.name))];
const vpcOf = (env: EnvironmentConfig) => {
  const { base, prefix } = parseCidr(env.network!.cidr!);
  return { cidr: env.network!.cidr!, first: base, last: base + 2 ** (32 - prefix) - 1 };
};

describe('generateEnvironments', () => {
  it('gives n environments with unique names, namespaces, accounts and VPCs', () => {
    expect(generated).toHaveLength(25);
    const unique = (values: string[]) => expect(new Set(values).size).toBe(values.length);
    unique(generated.map((e) => e.name));
    unique(generated.map((e) => e.accountId));
    const others = [...ENVIRONMENTS, ...SCENARIOS.map((s) => s.environment)];
    // Namespaces must not collide with each other nor with those synth always writes (defaults and scenarios).
    unique([...generated, ...others].flatMap(namespacesOf));
    for (const e of generated) expect(others.map((o) => o.accountId)).not.toContain(e.accountId);
    expect(generated.every((e) => /^[0-9]{12}$/.test(e.accountId))).toBe(true);
  });

  it('gives VPCs that overlap neither each other nor those of the default environments and scenarios', () => {
    const vpcs = generated.map(vpcOf);
    const others = [...ENVIRONMENTS, ...SCENARIOS.map((s) => s.environment)].filter((e) => e.network?.cidr).map(vpcOf);
    const overlapping = vpcs.flatMap((a, i) => [...vpcs.slice(i + 1), ...others].filter((b) => a.first <= b.last && b.first <= a.last).map((b) => `${a.cidr} ${b.cidr}`));
    expect(overlapping).toEqual([]);
  });

  it('cycles through the default environments, so every tier and team is represented', () => {
    expect(generated.slice(0, 6).map((e) => e.tier)).toEqual([...ENVIRONMENTS, ...ENVIRONMENTS].map((e) => e.tier));
    expect(generated[0].teams?.map((t) => t.name)).toEqual(ENVIRONMENTS[0].teams?.map((t) => t.name));
  });

  it('moves what the template derived from its account and name along (no reference to the template remains)', () => {
    const prodLike = generated[2];
    const text = JSON.stringify(prodLike);
    expect(text).not.toContain(ENVIRONMENTS[2].accountId);
    expect(text).not.toMatch(/[/:"]prod[-/]/);
    expect(prodLike.secrets?.[0].allowedRoleArns).toEqual([`arn:aws:iam::${prodLike.accountId}:role/${prodLike.name}-orders-api`]);
    expect(prodLike.tier).toBe('prod');
  });

  it('rejects what it cannot generate', () => {
    expect(() => generateEnvironments(-1)).toThrow(/non-negative integer/);
    expect(() => generateEnvironments(5000)).toThrow(/at most 4096/);
  });

  it('gives environments whose claims and nested XRs pass the schema validation of the default environments', () => {
    // The environment's SecureEnvironment claim first, then every XR it nests.
    const xrs = generated.flatMap((env) => environmentXrs(env));
    expect(xrs.filter((x) => x.kind === 'SecureEnvironment')).toEqual(generated.flatMap((env) => environmentClaims(env)));
    expect(xrs.length).toBeGreaterThan(generated.length * 5);
    expect(problems(xrs)).toEqual([]);
  });

  it('gives environments whose composed resources are valid as created (one of each template)', () => {
    for (const env of generated.slice(0, ENVIRONMENTS.length)) {
      const xrs = environmentXrs(env);
      const composed = xrs.flatMap((xr) => Object.values(previewClaim(xr, xrs).resources).map((r) => asCreated(xr, r)));
      expect(composed.length).toBeGreaterThan(xrs.length);
      expect(problems(composed)).toEqual([]);
    }
  });
});
