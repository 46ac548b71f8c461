/**
 * Crossplane package metadata (crossplane.yaml) for `crossplane xpkg build`: the composition function's, and the
 * Configuration package's that ships the platform APIs (XRDs + Compositions) and depends on every provider family
 * and on the function, so installing the Configuration installs everything the APIs need.
 */
import { XpCompositeResourceDefinitionV2, XpComposition } from '../imports/crossplane-apiextensions-apiextensions.crossplane.io';
import { providerServices } from '../charts/platform';
import { PLATFORM_APIS } from '../compositions';
import { platformConfig, type PlatformConfig } from '../config/platform';
import { compositionProps, xrdProps } from './definitions';
import { API_GROUP, FUNCTION_NAME } from '../lib/platform';
import { toYaml } from '../lib/yaml';

/** Crossplane versions the packages run on (`-0` so that v2.2+ pre-releases match too). */
export const CROSSPLANE_VERSION_CONSTRAINT = '>=v2.2.0-0';
export const CONFIGURATION_NAME = 'secure-baseline';
const MAINTAINER = 'secure-baseline platform team';

export function functionPackageMetadata() {
  return {
    apiVersion: 'meta.pkg.crossplane.io/v1beta1',
    kind: 'Function',
    metadata: {
      name: `function-${FUNCTION_NAME}`,
      annotations: {
        'meta.crossplane.io/maintainer': MAINTAINER,
        'meta.crossplane.io/source': 'secure-baseline/functions',
        'meta.crossplane.io/description': 'Composes the secure-baseline platform APIs into AWS managed resources (provider-aws v2, namespaced)',
      },
    },
    spec: { crossplane: { version: CROSSPLANE_VERSION_CONSTRAINT } },
  };
}

export interface PackageDependency {
  readonly apiVersion: 'pkg.crossplane.io/v1';
  readonly kind: 'Provider' | 'Function';
  /** OCI repository without tag or digest; the version is pinned separately. */
  readonly package: string;
  /** Exact version (`=v2.6.0`) or a digest (`sha256:…`): the Configuration never floats. */
  readonly version: string;
}

/**
 * Splits an OCI reference into repository and pinned version: `repo:tag` → `=tag`, `repo@sha256:…` → `sha256:…`
 * (Crossplane accepts a digest as a dependency's version). Refuses references without a tag or digest.
 */
export function pinnedDependency(kind: PackageDependency['kind'], ref: string): PackageDependency {
  const at = ref.indexOf('@');
  if (at >= 0) return { apiVersion: 'pkg.crossplane.io/v1', kind, package: ref.slice(0, at), version: ref.slice(at + 1) };
  const colon = ref.lastIndexOf(':');
  if (colon < 0 || colon < ref.lastIndexOf('/')) throw new Error(`package ${ref} has no tag or digest to pin the dependency to`);
  return { apiVersion: 'pkg.crossplane.io/v1', kind, package: ref.slice(0, colon), version: `=${ref.slice(colon + 1)}` };
}

/** What the Configuration depends on: every provider family the platform installs, and the function. */
export function configurationDependencies(config: PlatformConfig = platformConfig()): PackageDependency[] {
  return [
    ...providerServices().map((s) => pinnedDependency('Provider', `${config.providerRegistry}/provider-aws-${s}:${config.providerVersion}`)),
    pinnedDependency('Function', config.functionPackage),
  ];
}

export function configurationPackageMetadata(config: PlatformConfig = platformConfig()) {
  return {
    apiVersion: 'meta.pkg.crossplane.io/v1',
    kind: 'Configuration',
    metadata: {
      name: CONFIGURATION_NAME,
      annotations: {
        'meta.crossplane.io/maintainer': MAINTAINER,
        'meta.crossplane.io/source': 'secure-baseline',
        'meta.crossplane.io/license': 'Apache-2.0',
        'meta.crossplane.io/description': 'Secure, compliant AWS infrastructure as namespaced Crossplane v2 platform APIs',
        'meta.crossplane.io/readme': `Platform APIs (${PLATFORM_APIS.map((a) => a.kind).join(', ')}) of the ${API_GROUP} group, composed by function-${FUNCTION_NAME} into provider-aws v2 namespaced managed resources. Secure by default: encryption, rotation, TLS enforcement and public-access blocking cannot be turned off.`,
      },
    },
    spec: {
      crossplane: { version: CROSSPLANE_VERSION_CONSTRAINT },
      dependsOn: configurationDependencies(config),
    },
  };
}


/**
 * The Configuration package's root: crossplane.yaml plus, per API, apis/<plural>/definition.yaml and
 * composition.yaml (the same XRDs and Compositions as dist/platform), as path → YAML text.
 */
export function configurationPackageFiles(config: PlatformConfig = platformConfig()): Record<string, string> {
  const files: Record<string, string> = { 'crossplane.yaml': toYaml([configurationPackageMetadata(config)]) };
  for (const api of PLATFORM_APIS) {
    files[`apis/${api.plural}/definition.yaml`] = toYaml([XpCompositeResourceDefinitionV2.manifest(xrdProps(api))]);
    files[`apis/${api.plural}/composition.yaml`] = toYaml([XpComposition.manifest(compositionProps(api))]);
  }
  return files;
}
