/**
 * Crossplane core (the version of scripts/tool-versions.sh, CROSSPLANE_CORE_VERSION) out of cluster against the
 * local control plane, calling our function over mutual TLS.
 *
 * - CRDs are applied directly: Crossplane's own from the module it was built from (scripts/install-crossplane.sh
 *   copies them beside the binary: it must run against its own CRDs), and the managed-resource CRDs from the pinned
 *   set (sha256-checked) or the provider's module; no package manager (nothing can be pulled here).
 * - The function is registered the way the package manager would leave it, without it: a Function and an active
 *   FunctionRevision, both paused (crossplane.io/paused) so the package controllers never try to pull the image,
 *   with the revision's status.endpoint pointing at the function on loopback and its composition capability.
 *   Crossplane's function runner dials the active revision's status.endpoint (internal/xfn/function_runner.go).
 * - Crossplane runs with the External package runtime (it deploys nothing) and its function client certificate in
 *   TLS_CLIENT_CERTS_DIR (tls.crt, tls.key, ca.crt: cmd/crossplane/core/core.go LoadMTLSConfig).
 * - Its webhook server runs too: it serves only the Usage webhook, and without webhooks Crossplane does not even
 *   start the Usage controllers (core.go: `EnableWebhooks && EnableBetaUsages`, still so in v2.4), so Usages would
 *   protect nothing. The serving certificate is per run (TLS_SERVER_CERTS_DIR), and the
 *   ValidatingWebhookConfiguration is upstream's `crossplane-no-usages` (cluster/webhookconfigurations/usage.yaml)
 *   with a URL instead of a Service, as `crossplane core init` would otherwise fill in.
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crdLock, readPinnedCrdFile } from '../../lib/crds';
import { freePort, startSupervised, type Supervised } from '../../lib/process';
import { installed, type ControlPlane } from './control-plane';
import type { MutualTlsFunction } from './function';

export const FUNCTION_NAME = 'secure-baseline';
export const CROSSPLANE_NAMESPACE = 'crossplane-system';

/** Pinned CRD files under a folder of the CRD directory (crossplane/, provider-upjet-aws/), as one YAML stream. */
export function pinnedCrdYaml(folder: string): string {
  return Object.keys(crdLock().files).filter((f) => f.startsWith(`${folder}/`)).sort().map(readPinnedCrdFile).join('\n---\n');
}

async function must(cp: ControlPlane, what: string, args: readonly string[], input?: string, timeoutMs?: number): Promise<string> {
  const r = await cp.kubectl(args, { input, timeoutMs });
  if (r.code !== 0) throw new Error(`${what}: kubectl ${args.join(' ')} exited ${r.code}\n${r.stderr}`);
  return r.stdout;
}

/** Every YAML file of a directory, in name order, as one YAML stream. */
function yamlDirStream(dir: string): string {
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
  if (files.length === 0) throw new Error(`no YAML files in ${dir}`);
  return files.map((f) => readFileSync(join(dir, f), 'utf8')).join('\n---\n');
}

/**
 * Crossplane's CRDs (from the directory of its install: its own version's) and the managed-resource CRDs (by default
 * the pinned provider-upjet-aws files).
 */
export async function installCrds(cp: ControlPlane, crossplaneCrdDir: string, providerCrds: string = pinnedCrdYaml('provider-upjet-aws')): Promise<void> {
  await must(cp, 'apply Crossplane CRDs', ['apply', '--server-side', '-f', '-'], yamlDirStream(crossplaneCrdDir), 180_000);
  await must(cp, 'apply managed-resource CRDs', ['apply', '--server-side', '-f', '-'], providerCrds, 180_000);
  await must(cp, 'CRDs established', ['wait', '--for', 'condition=Established', 'crd', '--all', '--timeout', '180s'], undefined, 200_000);
}

export async function registerFunction(cp: ControlPlane, fn: MutualTlsFunction, image: string): Promise<void> {
  const paused = { 'crossplane.io/paused': 'true' };
  const objects = [
    { apiVersion: 'pkg.crossplane.io/v1', kind: 'Function', metadata: { name: FUNCTION_NAME, annotations: paused }, spec: { package: image } },
    {
      apiVersion: 'pkg.crossplane.io/v1', kind: 'FunctionRevision',
      metadata: { name: `${FUNCTION_NAME}-local`, annotations: paused, labels: { 'pkg.crossplane.io/package': FUNCTION_NAME } },
      spec: { image, desiredState: 'Active', revision: 1, skipDependencyResolution: true, ignoreCrossplaneConstraints: true },
    },
  ];
  await must(cp, 'register the function', ['apply', '--server-side', '-f', '-'], objects.map((o) => JSON.stringify(o)).join('\n---\n'));
  await must(cp, 'set the function endpoint', [
    'patch', 'functionrevision', `${FUNCTION_NAME}-local`, '--subresource', 'status', '--type', 'merge',
    '-p', JSON.stringify({ status: { endpoint: `dns:///${fn.endpoint}`, capabilities: ['composition'] } }),
  ]);
}

export interface CrossplaneInstall {
  readonly binary: string;
  /** Crossplane's CRDs of the same version. */
  readonly crdDir: string;
}

export function crossplaneInstall(): CrossplaneInstall {
  const [binary, crdDir] = installed('install-crossplane.sh');
  if (!binary || !crdDir) throw new Error('scripts/install-crossplane.sh printed no binary and CRD directory');
  return { binary, crdDir };
}

/** Upstream's webhook configuration for Usages, pointing at Crossplane's webhook server on loopback. */
function usageWebhookConfiguration(port: number, caBundle: Buffer): object {
  return {
    apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration',
    metadata: { name: 'crossplane-no-usages' },
    webhooks: [{
      name: 'nousages.protection.crossplane.io', admissionReviewVersions: ['v1'], sideEffects: 'None', failurePolicy: 'Fail',
      clientConfig: { url: `https://127.0.0.1:${port}/validate-no-usages`, caBundle: caBundle.toString('base64') },
      // Crossplane labels whatever a Usage protects; only deletions of those reach the webhook.
      objectSelector: { matchLabels: { 'crossplane.io/in-use': 'true' } },
      rules: [{ apiGroups: ['*'], apiVersions: ['*'], operations: ['DELETE'], resources: ['*'] }],
    }],
  };
}

export async function startCrossplane(cp: ControlPlane, fn: MutualTlsFunction, binary: string): Promise<Supervised> {
  await must(cp, 'namespace', ['create', 'namespace', CROSSPLANE_NAMESPACE]);
  const cache = join(cp.dir, 'xpkg-cache');
  mkdirSync(cache, { recursive: true });
  // controller-runtime's webhook server reads tls.crt and tls.key from its certificate directory.
  const serving = cp.pki.leaf('crossplane-webhook', 'ca', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  const certsDir = cp.pki.tlsSecretDir(join(cp.dir, 'crossplane-webhook-tls'), serving);
  const webhookPort = await freePort();
  const p = startSupervised('env', [
    `KUBECONFIG=${cp.kubeconfig('crossplane')}`, `POD_NAMESPACE=${CROSSPLANE_NAMESPACE}`, `TLS_CLIENT_CERTS_DIR=${fn.crossplaneClientCertsDir}`,
    `TLS_SERVER_CERTS_DIR=${certsDir}`, `WEBHOOK_PORT=${webhookPort}`,
    binary, 'core', 'start', '--enable-webhooks=true', '--package-runtime=External', '--xpkg-cache-dir', cache,
    '--metrics-port', '0', '--health-probe-port', '0', '--debug',
  ], cp.dir);
  await must(cp, 'register the Usage webhook', ['apply', '--server-side', '-f', '-'], JSON.stringify(usageWebhookConfiguration(webhookPort, cp.pki.read('ca.crt'))));
  return p;
}
