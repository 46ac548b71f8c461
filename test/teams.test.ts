/**
 * Team onboarding (config/teams.ts, charts/team.ts): what a team's group may do, evaluated the way the API server's
 * RBAC authorizer does over the objects synth writes; its quota; its provider config against the pinned CRD; and
 * that a team is added by one entry in config/environments.ts.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { App, YamlOutputType } from 'cdk8s';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EnvironmentChart } from '../charts/environment';
import { PLATFORM_EDIT_ROLE, PlatformRbacChart, TEAM_LABEL, TEAM_PROVIDER_CONFIG, TEAM_PROVIDER_CONFIG_POLICY, teamProviderConfigPolicy } from '../charts/team';
import { admit } from '../compliance/admission/evaluate';
import type { IValidatingAdmissionPolicy } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy';
import { DEV_COMMON, xrObject } from './support/xr';
import { PLATFORM_APIS } from '../compositions';
import { ENVIRONMENTS, type EnvironmentConfig } from '../config/environments';
import { teamGroup, teamNamespace, type TeamConfig } from '../config/teams';
import type { KubeObject } from '../lib/composer';
import { API_GROUP } from '../lib/platform';
import { KubeValidator } from '../lib/validation';
import { filesBelow, readYamlDocs } from './helpers';

const temp: string[] = [];
afterAll(() => temp.forEach((d) => rmSync(d, { recursive: true, force: true })));

/**
 * Synthesizes, in-process, what main.ts writes to platform/platform-rbac and environments/ for the given
 * environments (main.ts runs its synth on import, and synthInto runs it on the committed ENVIRONMENTS only).
 */
function synthEnvironments(environments: readonly EnvironmentConfig[]): { dir: string; files: string[]; objects: KubeObject[] } {
  const dir = mkdtempSync(join(tmpdir(), 'sb-teams-'));
  temp.push(dir);
  const platform = new App({ outdir: join(dir, 'platform'), yamlOutputType: YamlOutputType.FILE_PER_CHART });
  new PlatformRbacChart(platform, 'platform-rbac');
  platform.synth();
  const envs = new App({ outdir: join(dir, 'environments'), yamlOutputType: YamlOutputType.FILE_PER_CHART });
  for (const env of environments) new EnvironmentChart(envs, env.name, env);
  envs.synth();
  const files = filesBelow(dir);
  return { dir, files, objects: files.flatMap((f) => readYamlDocs(join(dir, f))) };
}

// --- a small RBAC evaluator: RoleBindings / ClusterRoleBindings → Roles / ClusterRoles → rules ---
interface Rule { apiGroups?: string[]; resources?: string[]; verbs: string[]; resourceNames?: string[] }
const matches = (list: string[] | undefined, value: string) => (list ?? []).some((x) => x === '*' || x === value);

/** Does a member of group G get verb V on resource R (`<plural>.<group>`, core: `<plural>`) in namespace N? */
function allowed(objects: KubeObject[], group: string, verb: string, resource: string, namespace: string): boolean {
  const dot = resource.indexOf('.');
  const [plural, apiGroup] = dot < 0 ? [resource, ''] : [resource.slice(0, dot), resource.slice(dot + 1)];
  const role = (kind: string, name: string, ns?: string) => objects.find((o) => o.apiVersion === 'rbac.authorization.k8s.io/v1'
    && o.kind === kind && o.metadata?.name === name && (kind === 'ClusterRole' || o.metadata?.namespace === ns));
  const rulesOf = (r: KubeObject | undefined): Rule[] => {
    if (!r) return [];
    const own = ((r as unknown as { rules?: Rule[] }).rules ?? []);
    // Aggregated ClusterRoles: the rules of every ClusterRole whose labels match a selector.
    const selectors = ((r as unknown as { aggregationRule?: { clusterRoleSelectors?: Array<{ matchLabels?: Record<string, string> }> } }).aggregationRule?.clusterRoleSelectors ?? []);
    const aggregated = objects.filter((o) => o.kind === 'ClusterRole' && o !== r && selectors.some((s) => Object.entries(s.matchLabels ?? {}).every(([k, v]) => o.metadata?.labels?.[k] === v)));
    return [...own, ...aggregated.flatMap((o) => ((o as unknown as { rules?: Rule[] }).rules ?? []))];
  };
  const bindings = objects.filter((o) => (o.kind === 'RoleBinding' && o.metadata?.namespace === namespace) || o.kind === 'ClusterRoleBinding');
  return bindings.some((b) => {
    const subjects = (b as unknown as { subjects?: Array<{ kind: string; name: string }> }).subjects ?? [];
    if (!subjects.some((s) => s.kind === 'Group' && s.name === group)) return false;
    const ref = (b as unknown as { roleRef: { kind: string; name: string } }).roleRef;
    return rulesOf(role(ref.kind, ref.name, b.metadata?.namespace)).some((rule) => !rule.resourceNames?.length
      && matches(rule.apiGroups, apiGroup) && matches(rule.resources, plural) && matches(rule.verbs, verb));
  });
}

const dev = ENVIRONMENTS.find((e) => e.name === 'dev')!;
const payments = dev.teams!.find((t) => t.name === 'payments')!;
const extra: TeamConfig = { name: 'checkout', providerRoleArn: 'arn:aws:iam::111111111111:role/team-checkout-crossplane', quota: { perKind: 3 } };
// A copy of ENVIRONMENTS with one more team in dev: the only change a new team needs.
const withExtra = ENVIRONMENTS.map((e) => (e.name === 'dev' ? { ...e, teams: [...(e.teams ?? []), extra] } : e));
const { files, objects } = synthEnvironments(withExtra);

const paymentsGroup = teamGroup('dev', 'payments');
const paymentsNs = teamNamespace('dev', 'payments');
const ALL_VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];

describe('a team', () => {
  it('can create, read, update and delete a SecureBucket (and every other XR) in its namespace', () => {
    for (const verb of ALL_VERBS) expect([verb, allowed(objects, paymentsGroup, verb, `securebuckets.${API_GROUP}`, paymentsNs)]).toEqual([verb, true]);
    for (const api of PLATFORM_APIS) expect([api.plural, allowed(objects, paymentsGroup, 'create', `${api.plural}.${API_GROUP}`, paymentsNs)]).toEqual([api.plural, true]);
  });

  it('cannot create managed resources, provider configs or anything else, anywhere', () => {
    const namespaces = [paymentsNs, 'dev', 'staging', 'prod', teamNamespace('dev', 'checkout'), 'crossplane-system', 'default'];
    const forbidden = ['buckets.s3.aws.m.upbound.io', 'keys.kms.aws.m.upbound.io', 'roles.iam.aws.m.upbound.io', 'providerconfigs.aws.m.upbound.io',
      'clusterproviderconfigs.aws.m.upbound.io', 'usages.protection.crossplane.io', 'secrets', 'pods', 'rolebindings.rbac.authorization.k8s.io',
      'resourcequotas', 'compositions.apiextensions.crossplane.io'];
    for (const ns of namespaces) for (const r of forbidden) for (const verb of ALL_VERBS) {
      expect([ns, r, verb, allowed(objects, paymentsGroup, verb, r, ns)]).toEqual([ns, r, verb, false]);
    }
  });

  it("cannot read or list in another team's or an environment's namespace", () => {
    for (const ns of [teamNamespace('dev', 'checkout'), 'dev', 'staging', 'prod', 'examples']) for (const verb of ['get', 'list', 'watch', 'create']) {
      expect([ns, verb, allowed(objects, paymentsGroup, verb, `securebuckets.${API_GROUP}`, ns)]).toEqual([ns, verb, false]);
    }
    // And the other team cannot reach into payments'.
    expect(allowed(objects, teamGroup('dev', 'checkout'), 'get', `securebuckets.${API_GROUP}`, paymentsNs)).toBe(false);
    expect(allowed(objects, teamGroup('dev', 'checkout'), 'create', `securebuckets.${API_GROUP}`, teamNamespace('dev', 'checkout'))).toBe(true);
  });

  it('the evaluator can say yes to other things: a group bound to a wider role gets it', () => {
    const wide: KubeObject[] = [...objects,
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'all' }, rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }] } as KubeObject,
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'x', namespace: paymentsNs }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'all' }, subjects: [{ kind: 'Group', name: paymentsGroup }] } as KubeObject];
    expect(allowed(wide, paymentsGroup, 'create', 'buckets.s3.aws.m.upbound.io', paymentsNs)).toBe(true);
    expect(allowed(wide, paymentsGroup, 'create', 'buckets.s3.aws.m.upbound.io', 'dev')).toBe(false);
  });

  it('binds exactly the edit ClusterRole, which lists only XRs of the platform group', () => {
    const bindings = objects.filter((o) => o.kind === 'RoleBinding' && o.metadata?.namespace === paymentsNs);
    expect(bindings.map((b) => (b as unknown as { roleRef: { name: string } }).roleRef.name)).toEqual([PLATFORM_EDIT_ROLE]);
    const roles = objects.filter((o) => o.kind === 'ClusterRole');
    expect(roles.map((r) => r.metadata!.name).sort()).toEqual(['secure-baseline-platform-edit', 'secure-baseline-platform-view']);
    for (const r of roles) {
      for (const rule of (r as unknown as { rules: Rule[] }).rules) {
        expect(rule.apiGroups).toEqual([API_GROUP]);
        expect([...rule.resources!].sort()).toEqual(PLATFORM_APIS.map((a) => a.plural).sort());
      }
    }
    expect(roles.find((r) => r.metadata!.name === 'secure-baseline-platform-view')!.metadata!.labels).toMatchObject({ 'rbac.authorization.k8s.io/aggregate-to-view': 'true' });
    expect(roles.find((r) => r.metadata!.name === 'secure-baseline-platform-edit')!.metadata!.labels).toMatchObject({ 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' });
  });

  it('has a restricted namespace', () => {
    const ns = objects.find((o) => o.kind === 'Namespace' && o.metadata?.name === paymentsNs)!;
    expect(ns.metadata!.labels).toMatchObject({ 'pod-security.kubernetes.io/enforce': 'restricted' });
  });

  it('has a quota on every XR plural of the platform', () => {
    const quota = objects.find((o) => o.kind === 'ResourceQuota' && o.metadata?.namespace === paymentsNs)!;
    const hard = quota.spec.hard as Record<string, number>;
    expect(Object.keys(hard).sort()).toEqual(PLATFORM_APIS.map((a) => `count/${a.plural}.${API_GROUP}`).sort());
    expect(hard[`count/auroradatabases.${API_GROUP}`]).toBe(payments.quota.kinds!.AuroraDatabase);
    expect(hard[`count/securebuckets.${API_GROUP}`]).toBe(payments.quota.perKind);
  });

  it('has a provider config assuming its role, valid against the pinned CRD', () => {
    const pcs = objects.filter((o) => o.apiVersion === 'aws.m.upbound.io/v1beta1' && o.kind === 'ProviderConfig');
    const pc = pcs.find((o) => o.metadata?.namespace === paymentsNs)!;
    expect(pc.metadata!.name).toBe(TEAM_PROVIDER_CONFIG);
    expect(pc.spec).toEqual({ credentials: { source: 'IRSA' }, assumeRoleChain: [{ roleARN: payments.providerRoleArn }] });
    const validator = KubeValidator.fromPinnedCrds();
    expect(validator.hasSchema('aws.m.upbound.io/v1beta1', 'ProviderConfig')).toBe(true);
    const teamObjects = objects.filter((o) => o.metadata?.namespace?.startsWith('dev-') || o.metadata?.name?.startsWith('dev-') || o.kind === 'ClusterRole');
    expect(teamObjects.length).toBeGreaterThanOrEqual(2 * 4 + 2);
    expect(validator.validateAll(teamObjects).map((i) => `${i.object}: ${i.path}: ${i.message}`)).toEqual([]);
    // The check can fail: a wrong credentials source is rejected.
    expect(validator.validate({ ...pc, spec: { ...pc.spec, credentials: { source: 'StaticKeys' } } }).length).toBeGreaterThan(0);
  });
});

describe("a team's XRs use the team's own provider config (admission)", () => {
  const [policy, binding] = teamProviderConfigPolicy();
  const vap = policy.toJSON() as IValidatingAdmissionPolicy;
  const teamRef = { kind: 'ProviderConfig', name: TEAM_PROVIDER_CONFIG };
  const platformRef = { kind: 'ClusterProviderConfig', name: 'default' };
  const bucket = (providerConfigRef: Record<string, string>) =>
    xrObject('SecureBucket', 'orders', { ...DEV_COMMON, encryptionKeyRef: { name: 'app-data' }, providerConfigRef }, paymentsNs) as Record<string, any>;
  const req = (object: Record<string, any>, operation: 'CREATE' | 'UPDATE' = 'CREATE', oldObject?: Record<string, any>) =>
    admit(vap, { operation, resource: 'securebuckets', object, oldObject });

  it('is emitted once for the platform with a Deny binding, selecting team namespaces by their label', () => {
    expect(objects.filter((o) => o.metadata?.name === TEAM_PROVIDER_CONFIG_POLICY).map((o) => o.kind).sort()).toEqual(['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding']);
    expect(binding.spec).toEqual({ policyName: TEAM_PROVIDER_CONFIG_POLICY, validationActions: ['Deny'] });
    expect(vap.spec?.failurePolicy).toBe('Fail');
    expect(vap.spec?.matchConstraints?.namespaceSelector).toEqual({ matchExpressions: [{ key: TEAM_LABEL, operator: 'Exists' }] });
    expect(vap.spec?.matchConstraints?.resourceRules).toEqual([{ apiGroups: [API_GROUP], apiVersions: ['*'], resources: PLATFORM_APIS.map((a) => a.plural).sort(), operations: ['CREATE', 'UPDATE'], scope: 'Namespaced' }]);
    // Every team namespace carries the label; environment namespaces do not (the platform team works there).
    const namespaces = objects.filter((o) => o.kind === 'Namespace');
    expect(namespaces.filter((n) => n.metadata?.labels?.[TEAM_LABEL]).map((n) => n.metadata!.name).sort()).toEqual([teamNamespace('dev', 'checkout'), paymentsNs].sort());
    expect(namespaces.find((n) => n.metadata?.name === 'dev')?.metadata?.labels?.[TEAM_LABEL]).toBeUndefined();
  });

  it("admits an XR on the team's ProviderConfig", () => {
    expect(req(bucket(teamRef))).toEqual({ matched: true, allowed: true, messages: [], errors: [] });
  });

  it.each([
    ["the platform's ClusterProviderConfig (the default)", platformRef],
    ['another ProviderConfig in the namespace', { kind: 'ProviderConfig', name: 'other' }],
    ['a ClusterProviderConfig named team', { kind: 'ClusterProviderConfig', name: TEAM_PROVIDER_CONFIG }],
  ])('refuses an XR on %s, saying what to set', (_what, ref) => {
    const v = req(bucket(ref));
    expect([v.matched, v.allowed, v.errors]).toEqual([true, false, []]);
    expect(v.messages).toEqual([vap.spec!.validations![0].message]);
    expect(v.messages[0]).toContain(`{kind: ProviderConfig, name: ${TEAM_PROVIDER_CONFIG}}`);
  });

  it('refuses an update that moves an XR to other credentials, and leaves alone updates that keep them', () => {
    expect(req(bucket(platformRef), 'UPDATE', bucket(teamRef)).allowed).toBe(false);
    expect(req(bucket(teamRef), 'UPDATE', bucket(teamRef)).allowed).toBe(true);
    // An XR that predates the policy keeps being reconciled (Crossplane updates XRs too) until someone changes it.
    expect(req(bucket(platformRef), 'UPDATE', bucket(platformRef))).toEqual({ matched: false, allowed: true, messages: [], errors: [] });
    // Deletion goes through (finalizers come off).
    const deleting = bucket(platformRef);
    deleting.metadata.deletionTimestamp = '2026-01-01T00:00:00Z';
    expect(req(deleting, 'UPDATE', bucket(teamRef)).matched).toBe(false);
  });
});

describe('a new team', () => {
  it('is added by one entry and appears in the synthesized output', () => {
    expect(files).toContain('environments/dev-checkout.k8s.yaml');
    expect(files).toContain('environments/dev-payments.k8s.yaml');
    const ns = teamNamespace('dev', 'checkout');
    const teamFile = objects.filter((o) => o.metadata?.namespace === ns || (o.kind === 'Namespace' && o.metadata?.name === ns));
    expect(teamFile.map((o) => o.kind).sort()).toEqual(['Namespace', 'ProviderConfig', 'ResourceQuota', 'RoleBinding']);
    const binding = teamFile.find((o) => o.kind === 'RoleBinding') as unknown as { subjects: Array<{ name: string }> };
    expect(binding.subjects.map((s) => s.name)).toEqual([teamGroup('dev', 'checkout')]);
    // Without the entry, no such file.
    const without = synthEnvironments(ENVIRONMENTS);
    expect(without.files).not.toContain('environments/dev-checkout.k8s.yaml');
    expect(without.files.filter((f) => f.startsWith('environments/'))).toEqual(['environments/dev-payments.k8s.yaml', 'environments/dev.k8s.yaml', 'environments/prod.k8s.yaml', 'environments/staging.k8s.yaml']);
    expect(existsSync(join(without.dir, 'platform', 'platform-rbac.k8s.yaml'))).toBe(true);
  });
});
