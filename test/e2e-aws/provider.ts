/**
 * Upbound's AWS provider (the monolith command of provider-aws, scripts/install-provider-aws.sh) out of cluster
 * against the local control plane, and the provider configs that point it at the emulated AWS.
 *
 * - Its own CRDs (the module's package/crds of the same version) are applied for every provider-aws kind the
 *   project pins (crds.lock.json): the provider must run against the CRDs it was built with. The provider gates
 *   each controller on its CRD (SafeStart), so only those kinds' controllers start.
 * - Credentials: the synthesized ClusterProviderConfigs (dist/platform) name IRSA, which needs a pod's projected
 *   token. Out of cluster the harness keeps each one's assume-role chain and replaces only the source with a
 *   Secret of fake keys, and adds the emulator endpoint: so the provider still assumes the platform's role in each
 *   environment's account (moto hands out credentials of the role's account), as it would in AWS.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { KubeObject } from '../../lib/composer';
import { crdLock } from '../../lib/crds';
import { freePort, startSupervised, type Supervised } from '../../lib/process';
import { installed, type ControlPlane } from '../e2e/control-plane';
import { CROSSPLANE_NAMESPACE } from '../e2e/crossplane';
import type { AccountHostProxy } from './account-host-proxy';
import type { Moto } from './moto';

export interface ProviderInstall {
  readonly binary: string;
  readonly crdDir: string;
}

export function providerAws(): ProviderInstall {
  const [binary, crdDir] = installed('install-provider-aws.sh');
  return { binary, crdDir };
}

/**
 * The provider's own CRD files for every provider-aws file of the lock (same file names), as one YAML stream, and
 * the pinned files the provider's version does not have (kinds newer than it; the project composes none of them).
 */
export function providerCrdYaml(crdDir: string): { yaml: string; missing: string[] } {
  const files = Object.keys(crdLock().files).filter((f) => f.startsWith('provider-upjet-aws/')).map((f) => basename(f)).sort();
  const missing = files.filter((f) => !existsSync(join(crdDir, f)));
  const yaml = files.filter((f) => !missing.includes(f)).map((f) => readFileSync(join(crdDir, f), 'utf8')).join('\n---\n');
  return { yaml, missing };
}

/**
 * Endpoint keys of the Terraform AWS provider (its `endpoints` block) for every service the platform composes,
 * and STS (assume role, caller identity). Aliases are listed too: the provider passes them through as given.
 */
export const EMULATED_SERVICES = [
  'apigateway', 'cloudtrail', 'cloudwatch', 'cloudwatchevents', 'events', 'cloudwatchlogs', 'logs', 'configservice',
  'dynamodb', 'ec2', 'iam', 'kms', 'lambda', 'rds', 's3', 's3control', 'secretsmanager', 'sns', 'ssm', 'sts',
] as const;

export const EMULATOR_CREDENTIALS_SECRET = 'emulated-aws-credentials';

/** The synthesized ClusterProviderConfig, its identity swapped for fake keys and its endpoint for the emulator. */
export function emulatedProviderConfig(synthesized: KubeObject, moto: Moto): KubeObject {
  return {
    ...synthesized,
    metadata: { name: synthesized.metadata!.name },
    spec: {
      ...synthesized.spec,
      credentials: { source: 'Secret', secretRef: { namespace: CROSSPLANE_NAMESPACE, name: EMULATOR_CREDENTIALS_SECRET, key: 'credentials' } },
      endpoint: { url: { type: 'Static', static: moto.endpoint }, hostnameImmutable: true, services: [...EMULATED_SERVICES] },
      s3_use_path_style: true,
      skip_metadata_api_check: true,
    },
  };
}

export function emulatorCredentialsSecret(): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Secret', metadata: { name: EMULATOR_CREDENTIALS_SECRET, namespace: CROSSPLANE_NAMESPACE },
    stringData: { credentials: '[default]\naws_access_key_id = e2e\naws_secret_access_key = e2e\n' },
  } as KubeObject;
}

export interface ProviderOptions {
  /** How often the provider re-reads every resource from AWS (its --poll flag): the bound on drift correction. */
  readonly pollInterval: string;
}

export async function startProvider(cp: ControlPlane, install: ProviderInstall, moto: Moto, proxy: AccountHostProxy, opts: ProviderOptions): Promise<Supervised> {
  // Its webhook server (conversion webhooks) needs a serving certificate even when no CRD converts.
  const serving = cp.pki.leaf('provider-aws-webhook', 'ca', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  const certsDir = cp.pki.tlsSecretDir(join(cp.dir, 'provider-aws-tls'), serving);
  const [webhookPort] = [await freePort()];
  return startSupervised('env', [
    `KUBECONFIG=${cp.kubeconfig('provider')}`,
    // The provider builds the STS client of a config's assumeRoleChain before it applies spec.endpoint
    // (internal/clients/provider_config.go: GetRoleChainConfig, then SetResolver), so role chaining would call the
    // real STS. The AWS SDK's own setting sends that client to the emulator too; everything else follows spec.endpoint.
    `AWS_ENDPOINT_URL_STS=${moto.endpoint}`,
    // S3 Control's account-prefixed host (account-host-proxy.ts); Go sends nothing on loopback through a proxy.
    `HTTP_PROXY=${proxy.url}`,
    install.binary, '--enable-management-policies', `--poll=${opts.pollInterval}`, '--sync=10m',
    `--certs-dir=${certsDir}`, `--webhook-port=${webhookPort}`,
    '--metrics-bind-address=0', '--health-probe-bind-addr=0',
  ], cp.dir);
}
