/**
 * `cdk8s synth` entry point. Writes, under the output directory (dist/):
 *   platform/      Crossplane packages, runtime configs, activation policy, provider config; XRDs and Compositions;
 *                  admission policies (compliance/admission); view/edit ClusterRoles over the XRs (platform-rbac)
 *   environments/  one file per environment: its namespace and claims          (what Argo CD syncs)
 *                  and one per team of an environment (`<env>-<team>`: namespace, RoleBinding, quota, provider config)
 *   scenarios/     the requirement scenarios of examples/, written like environments
 *   preview/<env>/ what each XR (the claim and the XRs it nests) composes, computed by the function's own
 *                  composers (for review, not applied)
 *   examples/<api>/ example claims of each API (namespace `examples`), to copy from
 *   packages/function/crossplane.yaml  the function's package metadata
 *   argocd/        Argo CD delivery: AppProject, the platform's Application, the environments' ApplicationSet;
 *                  argocd-cm.k8s.yaml, data keys to MERGE into Argo CD's argocd-cm (charts/argocd.ts)
 *   packages/configuration/  the Configuration package's root: crossplane.yaml (depends on every provider family
 *                  and the function) and apis/<plural>/{definition,composition}.yaml
 * Every run rewrites these folders entirely, so dist/ is a pure function of the code (a test checks it).
 */
import { App, type Chart, YamlOutputType } from 'cdk8s';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AdmissionPoliciesChart } from './charts/admission';
import { annotateSyncWaves, argoCdProps, ArgoCdApplicationsChart, ArgoCdConfigChart } from './charts/argocd';
import { EnvironmentChart } from './charts/environment';
import { CrossplanePackagesChart, PlatformApisChart } from './charts/platform';
import { PlatformRbacChart } from './charts/team';
import { ENVIRONMENTS, type EnvironmentConfig } from './config/environments';
import { gitOpsConfig } from './config/gitops';
import { platformConfig } from './config/platform';
import { environmentXrs, exampleClaims } from './synth/claims';
import type { KubeObject } from './lib/composer';
import { environmentDiagram } from './lib/diagram';
import { configurationPackageFiles, functionPackageMetadata } from './synth/package-metadata';
import { PreviewCache, previewClaim } from './synth/preview';
import { toYaml } from './lib/yaml';
import { PLATFORM_APIS } from './compositions';
import { SCENARIOS } from './examples';


export function synth(outdir: string, environments: readonly EnvironmentConfig[] = ENVIRONMENTS): void {
  for (const sub of ['platform', 'environments', 'scenarios', 'preview', 'packages', 'examples', 'argocd']) rmSync(join(outdir, sub), { recursive: true, force: true });

  const platform = new App({ outdir: join(outdir, 'platform'), yamlOutputType: YamlOutputType.FILE_PER_CHART });
  new CrossplanePackagesChart(platform, 'crossplane-packages', platformConfig());
  new PlatformApisChart(platform, 'platform-apis');
  new AdmissionPoliciesChart(platform, 'admission-policies');
  new PlatformRbacChart(platform, 'platform-rbac');
  annotateSyncWaves(platform);
  platform.synth();

  const environmentCharts = synthEnvironmentCharts(join(outdir, 'environments'), environments);
  const scenarioCharts = synthEnvironmentCharts(join(outdir, 'scenarios'), SCENARIOS.map((s) => s.environment));

  for (const env of [...environments, ...SCENARIOS.map((s) => s.environment)]) {
    const dir = join(outdir, 'preview', env.name);
    mkdirSync(dir, { recursive: true });
    // The environment's claim and every XR it composes: a file per XR with what it composes. Expanding has
    // composed each XR once already; the cache spares composing it again where its requirements resolve alike.
    const cache = new PreviewCache();
    const xrs = environmentXrs(env, cache);
    const composed: KubeObject[] = [];
    for (const claim of xrs) {
      const preview = previewClaim(claim, xrs, {}, cache);
      const docs = Object.keys(preview.resources).sort().map((k) => preview.resources[k]);
      composed.push(...docs);
      writeFileSync(join(dir, `${claim.kind.toLowerCase()}-${claim.metadata!.name}.yaml`), toYaml(docs));
    }
    writeFileSync(join(dir, 'README.md'), environmentDiagram(composed, xrs));
  }

  for (const claim of exampleClaims()) {
    const dir = join(outdir, 'examples', claim.kind.toLowerCase());
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${claim.metadata!.name}.yaml`), toYaml([claim]));
  }

  const argocd = new App({ outdir: join(outdir, 'argocd'), yamlOutputType: YamlOutputType.FILE_PER_CHART });
  const argoProps = argoCdProps({
    gitops: gitOpsConfig(),
    environments: [...environments.map((env) => ({ dir: 'environments' as const, env })), ...SCENARIOS.map((s) => ({ dir: 'scenarios' as const, env: s.environment }))],
    platformKinds: PLATFORM_APIS.map((api) => api.kind),
    platformObjects: platform.charts.flatMap((c) => c.toJson()),
    environmentObjects: [...environmentCharts, ...scenarioCharts].flatMap((c) => c.toJson()),
  });
  new ArgoCdApplicationsChart(argocd, 'applications', argoProps);
  new ArgoCdConfigChart(argocd, 'argocd-cm', argoProps);
  argocd.synth();

  mkdirSync(join(outdir, 'packages', 'function'), { recursive: true });
  writeFileSync(join(outdir, 'packages', 'function', 'crossplane.yaml'), toYaml([functionPackageMetadata()]));

  // The Configuration package's root: `crossplane xpkg build --package-root dist/packages/configuration
  // --examples-root dist/examples --package-file secure-baseline.xpkg` (test/package.test.ts builds it offline).
  for (const [rel, text] of Object.entries(configurationPackageFiles(platformConfig()))) {
    const file = join(outdir, 'packages', 'configuration', rel);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
}

/**
 * Writes the environments' charts (each environment's and its teams') into dir, one App per environment, and
 * returns them. cdk8s renders every chart by resolving and validating its whole App again (App._synthChart, on
 * synth and on toJson), so one App of n environments costs O(n²); an App each costs O(n) and writes the same
 * files, as FILE_PER_CHART names a file after its chart alone (while no chart depends on another). One App would refuse two charts of the same id;
 * across Apps that check is made here, or one file would silently replace another.
 */
function synthEnvironmentCharts(dir: string, environments: readonly EnvironmentConfig[]): Chart[] {
  const written = new Set<string>();
  const charts: Chart[] = [];
  for (const env of environments) {
    const app = new App({ outdir: dir, yamlOutputType: YamlOutputType.FILE_PER_CHART });
    new EnvironmentChart(app, env.name, env);
    for (const chart of app.charts) {
      if (written.has(chart.node.id)) throw new Error(`${dir}: two environments' charts are named ${chart.node.id}`);
      written.add(chart.node.id);
      charts.push(chart);
    }
    app.synth();
  }
  return charts;
}

// `cdk8s synth` runs this file; tests import `synth` and write elsewhere.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) synth(resolve(process.env.CDK8S_OUTDIR ?? 'dist'));
