/**
 * Argo CD delivery (charts/argocd.ts): the objects validate against the pinned Argo CD CRDs, the project admits
 * exactly what synth emits, and the XR health check (lib/argocd-health) behaves in gopher-lua, the Lua VM Argo CD
 * runs it in (built by scripts/install-lua.sh at the pinned version).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { App, Testing } from 'cdk8s';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdmissionPoliciesChart } from '../charts/admission';
import {
  annotateSyncWaves, appProject, argocdCmPatch, argoCdProps, argocdObjects, ArgoCdApplicationsChart, ArgoCdConfigChart,
  environmentsApplicationSet, PLATFORM_SYNC_WAVES, platformApplication, SYNC_WAVE, type ArgoCdProps,
} from '../charts/argocd';
import { EnvironmentChart } from '../charts/environment';
import { CrossplanePackagesChart, PlatformApisChart } from '../charts/platform';
import { PlatformRbacChart } from '../charts/team';
import { PLATFORM_APIS } from '../compositions';
import { gitOpsConfig } from '../config/gitops';
import { platformConfig } from '../config/platform';
import { SCENARIOS, SYNTHESIZED_ENVIRONMENTS } from '../examples';
import { XR_HEALTH_LUA } from '../lib/argocd-health';
import { API_GROUP } from '../lib/platform';
import { KubeValidator } from '../lib/validation';
import { parse } from 'yaml';
import { PROJECT_ROOT } from './helpers';

type Obj = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; annotations?: Record<string, string> }; [k: string]: any };

/** What main.ts builds: the platform's charts (sync waves annotated) and every environment's and scenario's. */
function build(): { props: ArgoCdProps; platform: Obj[]; environments: Obj[] } {
  const platformApp = Testing.app();
  new CrossplanePackagesChart(platformApp, 'crossplane-packages', platformConfig());
  new PlatformApisChart(platformApp, 'platform-apis');
  new AdmissionPoliciesChart(platformApp, 'admission-policies');
  new PlatformRbacChart(platformApp, 'platform-rbac');
  annotateSyncWaves(platformApp);
  const envApp = new App();
  for (const { env } of SYNTHESIZED_ENVIRONMENTS) new EnvironmentChart(envApp, env.name, env);
  const platform = platformApp.charts.flatMap((c) => c.toJson()) as Obj[];
  const environments = envApp.charts.flatMap((c) => c.toJson()) as Obj[];
  const props = argoCdProps({
    gitops: gitOpsConfig(),
    environments: SYNTHESIZED_ENVIRONMENTS,
    platformKinds: PLATFORM_APIS.map((a) => a.kind),
    platformObjects: platform,
    environmentObjects: environments,
  });
  return { props, platform, environments };
}

const { props, platform, environments } = build();
const groupOf = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.split('/')[0] : '');

describe('Argo CD objects', () => {
  const app = Testing.app();
  const charts = [new ArgoCdApplicationsChart(app, 'applications', props), new ArgoCdConfigChart(app, 'argocd-cm', props)];
  const emitted = charts.flatMap((c) => c.toJson()) as Obj[];

  it('are an AppProject, the platform Application, the environments ApplicationSet and the argocd-cm patch', () => {
    expect(emitted.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'AppProject/secure-baseline', 'Application/secure-baseline-platform', 'ApplicationSet/secure-baseline-environments', 'ConfigMap/argocd-cm',
    ]);
  });

  it('validate against the pinned Argo CD CRDs (v3.5.1)', () => {
    const v = KubeValidator.fromPinnedCrds();
    for (const kind of ['Application', 'ApplicationSet', 'AppProject']) expect([kind, v.hasSchema('argoproj.io/v1alpha1', kind)]).toEqual([kind, true]);
    expect(emitted.flatMap((o) => v.validate(o))).toEqual([]);
  });

  it('the ApplicationSet generates one Application per synthesized environment and scenario, with its teams', () => {
    const set = environmentsApplicationSet(props);
    const elements = set.spec.generators[0].list.elements;
    expect(elements.map((e) => `${e.dir}/${e.name}`)).toEqual(SYNTHESIZED_ENVIRONMENTS.map((e) => `${e.dir}/${e.env.name}`));
    expect(elements.length).toBe(SYNTHESIZED_ENVIRONMENTS.length);
    for (const e of elements) {
      const env = SYNTHESIZED_ENVIRONMENTS.find((x) => x.env.name === e.name)!.env;
      expect(e.include).toBe(`{${[env.name, ...(env.teams ?? []).map((t) => `${env.name}-${t.name}`)].map((f) => `${f}.k8s.yaml`).join(',')}}`);
    }
    expect(set.spec.template.spec.source.path).toBe('dist/{{.dir}}');
    expect(set.spec.template.spec.syncPolicy?.syncOptions).toEqual(expect.arrayContaining(['ServerSideApply=true', 'SkipDryRunOnMissingResource=true', 'CreateNamespace=true']));
    expect(set.spec.template.spec.ignoreDifferences?.map((d) => d.kind).sort()).toEqual(PLATFORM_APIS.map((a) => a.kind).sort());
    expect(Number(set.metadata.annotations![SYNC_WAVE])).toBeGreaterThan(Number(platformApplication(props).metadata.annotations![SYNC_WAVE]));
  });

  it('the project admits exactly the repository, the namespaces and the kinds synth emits', () => {
    const p = appProject(props);
    expect(p.spec.sourceRepos).toEqual([gitOpsConfig().repoUrl]);
    const nsNames = [...new Set(environments.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name))].sort();
    expect(p.spec.destinations.map((d) => d.namespace)).toEqual(['crossplane-system', ...nsNames]);
    expect(p.spec.destinations.every((d) => d.server === 'https://kubernetes.default.svc')).toBe(true);
    for (const o of environments.filter((x) => x.metadata.namespace)) expect(nsNames).toContain(o.metadata.namespace);
    const cluster = new Set(p.spec.clusterResourceWhitelist.map((g) => `${g.group}/${g.kind}`));
    const namespaced = new Set(p.spec.namespaceResourceWhitelist.map((g) => `${g.group}/${g.kind}`));
    for (const o of [...platform, ...environments]) {
      expect([o.kind, (o.metadata.namespace ? namespaced : cluster).has(`${groupOf(o.apiVersion)}/${o.kind}`)]).toEqual([o.kind, true]);
    }
    for (const k of ['pkg.crossplane.io/Provider', 'pkg.crossplane.io/Function', 'apiextensions.crossplane.io/CompositeResourceDefinition', 'apiextensions.crossplane.io/Composition', '/Namespace']) expect(cluster.has(k)).toBe(true);
    for (const a of PLATFORM_APIS) expect(namespaced.has(`${API_GROUP}/${a.kind}`)).toBe(true);
    expect([...cluster].some((k) => k.includes('*'))).toBe(false);
  });

  it('the platform objects carry sync waves in dependency order', () => {
    for (const o of platform) expect([o.kind, PLATFORM_SYNC_WAVES[`${groupOf(o.apiVersion)}/${o.kind}`] !== undefined]).toEqual([o.kind, true]);
    const wave = (kind: string) => Number(platform.find((o) => o.kind === kind)!.metadata.annotations![SYNC_WAVE]);
    expect(wave('DeploymentRuntimeConfig')).toBeLessThan(wave('Provider'));
    expect(wave('Provider')).toBe(wave('Function'));
    expect(wave('Provider')).toBeLessThan(wave('ManagedResourceActivationPolicy'));
    expect(wave('ManagedResourceActivationPolicy')).toBe(wave('ClusterProviderConfig'));
    expect(wave('ClusterProviderConfig')).toBeLessThan(wave('CompositeResourceDefinition'));
    expect(wave('CompositeResourceDefinition')).toBeLessThan(wave('Composition'));
    expect(wave('Composition')).toBeLessThanOrEqual(wave('ValidatingAdmissionPolicy'));
    expect(platformApplication(props).spec.syncPolicy?.syncOptions).toEqual(expect.arrayContaining(['ServerSideApply=true', 'SkipDryRunOnMissingResource=true']));
  });

  it('argocd-cm: annotation tracking and the XR health check for the whole platform group', () => {
    const cm = argocdCmPatch(props);
    expect(cm.metadata.name).toBe('argocd-cm');
    expect(cm.data['application.resourceTrackingMethod']).toBe('annotation');
    expect(parse(cm.data['resource.customizations'])).toEqual({ [`${API_GROUP}/*`]: { 'health.lua': XR_HEALTH_LUA } });
    expect(argocdObjects(props).every((o) => o.metadata.namespace === gitOpsConfig().argocdNamespace)).toBe(true);
  });

  it('SB_GIT_REPO overrides the repository', () => {
    const before = process.env.SB_GIT_REPO;
    process.env.SB_GIT_REPO = 'https://git.example.org/platform/secure-baseline.git';
    try {
      expect(gitOpsConfig().repoUrl).toBe('https://git.example.org/platform/secure-baseline.git');
    } finally {
      if (before === undefined) delete process.env.SB_GIT_REPO;
      else process.env.SB_GIT_REPO = before;
    }
  });

  it('scenarios are delivered from dist/scenarios', () => {
    expect(props.environments.filter((e) => e.dir === 'scenarios').map((e) => e.name)).toEqual(SCENARIOS.map((s) => s.environment.name));
  });
});

describe('XR health check in gopher-lua', () => {
  let lua = '';
  const dir = mkdtempSync(join(tmpdir(), 'sb-argocd-lua-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  beforeAll(() => {
    lua = execFileSync('bash', [join(PROJECT_ROOT, 'scripts/install-lua.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
    writeFileSync(join(dir, 'health.lua'), XR_HEALTH_LUA);
  }, 300_000);

  let n = 0;
  function health(obj: object): { status: string; message: string } {
    const file = join(dir, `obj-${n++}.json`);
    writeFileSync(file, JSON.stringify(obj));
    return JSON.parse(execFileSync(lua, [join(dir, 'health.lua'), file], { encoding: 'utf8' }));
  }
  const xr = (conditions?: object[], annotations?: Record<string, string>) => ({
    apiVersion: `${API_GROUP}/v1alpha1`, kind: 'SecureEnvironment', metadata: { name: 'dev', namespace: 'dev', ...(annotations ? { annotations } : {}) },
    spec: {}, ...(conditions ? { status: { conditions } } : {}),
  });
  const synced = (status: string, reason: string, message?: string) => ({ type: 'Synced', status, reason, ...(message ? { message } : {}), lastTransitionTime: '2026-11-23T00:00:00Z' });
  const ready = (status: string, reason: string, message?: string) => ({ type: 'Ready', status, reason, ...(message ? { message } : {}), lastTransitionTime: '2026-11-23T00:00:00Z' });

  it('healthy: Synced=True, Ready=True', () => {
    expect(health(xr([synced('True', 'ReconcileSuccess'), ready('True', 'Available')]))).toEqual({ status: 'Healthy', message: 'Ready: Available' });
  });

  it('progressing: no status yet', () => {
    expect(health(xr()).status).toBe('Progressing');
  });

  it('progressing while Ready is not True, with its reason and message', () => {
    expect(health(xr([synced('True', 'ReconcileSuccess'), ready('False', 'Creating', 'Unready resources: network, encryption-key')]))).toEqual({
      status: 'Progressing', message: 'Ready=False: Creating: Unready resources: network, encryption-key',
    });
  });

  it('degraded when Synced=False, with the failing condition\'s message, even if Ready=True', () => {
    const msg = 'cannot compose resources: pipeline step "compose" returned a fatal result: spec.network.cidr: must be RFC 1918';
    const expected = { status: 'Degraded', message: `Synced=False: ReconcileError: ${msg}` };
    expect(health(xr([synced('False', 'ReconcileError', msg), ready('False', 'Creating')]))).toEqual(expected);
    expect(health(xr([ready('True', 'Available'), synced('False', 'ReconcileError', msg)]))).toEqual(expected);
  });

  it('suspended when Crossplane is paused', () => {
    expect(health(xr([synced('True', 'ReconcileSuccess'), ready('True', 'Available')], { 'crossplane.io/paused': 'true' })).status).toBe('Suspended');
  });
});
