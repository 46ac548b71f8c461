/**
 * `cdk8s synth` entry point. Writes, under the output directory (dist/):
 *   platform/      Crossplane packages, runtime configs, activation policy, provider config; XRDs and Compositions;
 *                  admission policies (compliance/admission)
 *   environments/  one file per environment: its namespace and claims          (what Argo CD syncs)
 *   scenarios/     the requirement scenarios of examples/, written like environments
 *   preview/<env>/ what each XR (the claim and the XRs it nests) composes, computed by the function's own
 *                  composers (for review, not applied)
 *   examples/<api>/ example claims of each API (namespace `examples`), to copy from
 *   packages/function/crossplane.yaml  the function's package metadata
 * Every run rewrites these folders entirely, so dist/ is a pure function of the code (a test checks it).
 */
import { App, YamlOutputType } from 'cdk8s';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AdmissionPoliciesChart } from './charts/admission';
import { EnvironmentChart } from './charts/environment';
import { CrossplanePackagesChart, PlatformApisChart } from './charts/platform';
import { ENVIRONMENTS, type EnvironmentConfig } from './config/environments';
import { platformConfig } from './config/platform';
import { environmentXrs, exampleClaims } from './lib/claims';
import { functionPackageMetadata } from './lib/package-metadata';
import { previewClaim } from './lib/preview';
import { toYaml } from './lib/yaml';
import { SCENARIOS } from './examples';


export function synth(outdir: string, environments: readonly EnvironmentConfig[] = ENVIRONMENTS): void {
  for (const sub of ['platform', 'environments', 'scenarios', 'preview', 'packages', 'examples']) rmSync(join(outdir, sub), { recursive: true, force: true });

  const platform = new App({ outdir: join(outdir, 'platform'), yamlOutputType: YamlOutputType.FILE_PER_CHART });
  new CrossplanePackagesChart(platform, 'crossplane-packages', platformConfig());
  new PlatformApisChart(platform, 'platform-apis');
  new AdmissionPoliciesChart(platform, 'admission-policies');
  platform.synth();

  const envs = new App({ outdir: join(outdir, 'environments'), yamlOutputType: YamlOutputType.FILE_PER_CHART });
  for (const env of environments) new EnvironmentChart(envs, env.name, env);
  envs.synth();

  const scenarios = new App({ outdir: join(outdir, 'scenarios'), yamlOutputType: YamlOutputType.FILE_PER_CHART });
  for (const s of SCENARIOS) new EnvironmentChart(scenarios, s.name, s.environment);
  scenarios.synth();

  for (const env of [...environments, ...SCENARIOS.map((s) => s.environment)]) {
    const dir = join(outdir, 'preview', env.name);
    mkdirSync(dir, { recursive: true });
    // The environment's claim and every XR it composes: a file per XR with what it composes.
    const xrs = environmentXrs(env);
    for (const claim of xrs) {
      const preview = previewClaim(claim, xrs);
      const docs = Object.keys(preview.resources).sort().map((k) => preview.resources[k]);
      writeFileSync(join(dir, `${claim.kind.toLowerCase()}-${claim.metadata!.name}.yaml`), toYaml(docs));
    }
  }

  for (const claim of exampleClaims()) {
    const dir = join(outdir, 'examples', claim.kind.toLowerCase());
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${claim.metadata!.name}.yaml`), toYaml([claim]));
  }

  mkdirSync(join(outdir, 'packages', 'function'), { recursive: true });
  writeFileSync(join(outdir, 'packages', 'function', 'crossplane.yaml'), toYaml([functionPackageMetadata()]));
}

synth(resolve(process.env.CDK8S_OUTDIR ?? 'dist'));
