/**
 * The platform on a live control plane, as Argo CD leaves it before any environment: the API server, Crossplane's
 * and the managed-resource CRDs, our function over mutual TLS, Crossplane core, the platform APIs (every XRD
 * Established) and the admission layer. Shared by the Kubernetes-level (test/e2e) and AWS-level (test/e2e-aws) tests.
 */
import { join } from 'node:path';
import type { KubeObject } from '../../lib/composer';
import { PROJECT_ROOT } from '../../lib/crds';
import type { Supervised } from '../../lib/process';
import { controlPlaneBinaries, startControlPlane, type ControlPlane } from './control-plane';
import { crossplaneInstall, installCrds, registerFunction, startCrossplane } from './crossplane';
import { startMutualTlsFunction, type MutualTlsFunction } from './function';
import { apply, condition, docs, eventually, kubectlItems } from './kube';

const ESTABLISHED_TIMEOUT_MS = 180_000;

export interface Platform {
  readonly cp: ControlPlane;
  readonly fn: MutualTlsFunction;
  readonly crossplane: Supervised;
  /** The last lines of Crossplane's and the function's output, for assertion messages. */
  diagnostics(): string;
  stop(): Promise<void>;
}

export interface PlatformOptions {
  /**
   * The managed-resource CRDs, as one YAML stream.
   * @default the pinned provider-upjet-aws CRDs of the CRD lock
   */
  readonly providerCrds?: string;
}

/** Starts everything in dir; timings (ms) get one entry per step. */
export async function startPlatform(dir: string, timings: Record<string, number>, opts: PlatformOptions = {}): Promise<Platform> {
  let t = Date.now();
  const bin = controlPlaneBinaries();
  const xp = crossplaneInstall();
  timings.installs = Date.now() - t;
  t = Date.now();
  const cp = await startControlPlane(dir, bin);
  timings.controlPlane = Date.now() - t;
  let fn: MutualTlsFunction | undefined;
  let crossplane: Supervised | undefined;
  const stop = async () => {
    await crossplane?.stop();
    await fn?.process.stop();
    await cp.stop();
  };
  try {
    t = Date.now();
    await installCrds(cp, xp.crdDir, opts.providerCrds);
    timings.crds = Date.now() - t;
    fn = await startMutualTlsFunction(cp.pki, dir);
    const functionPackage = docs('dist/platform/crossplane-packages.k8s.yaml').find((o) => o.kind === 'Function')!.spec.package as string;
    await registerFunction(cp, fn, functionPackage);
    t = Date.now();
    crossplane = await startCrossplane(cp, fn, xp.binary);
    const diagnostics = () => `--- crossplane\n${crossplane?.output().slice(-3000)}\n--- function\n${fn?.process.output().slice(-2000)}`;
    const platform = docs('dist/platform/platform-apis.k8s.yaml');
    await apply(cp, 'platform APIs', platform);
    await eventually('every XRD Established', ESTABLISHED_TIMEOUT_MS, async () => {
      const xrds = await kubectlItems(cp, ['get', 'compositeresourcedefinitions']);
      const waiting = xrds.filter((x: KubeObject) => condition(x, 'Established')?.status !== 'True');
      if (waiting.length) throw new Error(`not established: ${waiting.map((x) => `${x.metadata?.name}: ${JSON.stringify(x.status?.conditions ?? [])}`).join('\n')}`);
      return xrds.length === platform.filter((o) => o.kind === 'CompositeResourceDefinition').length ? true : undefined;
    }, diagnostics);
    timings.xrdsEstablished = Date.now() - t;
    // The admission layer before any environment, as Argo CD orders it: every managed resource Crossplane composes
    // from here on passes the ValidatingAdmissionPolicies of a real API server.
    await apply(cp, 'admission policies', join(PROJECT_ROOT, 'dist/platform/admission-policies.k8s.yaml'));
    return { cp, fn, crossplane, diagnostics, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
