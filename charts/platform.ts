/**
 * The platform layer: Crossplane packages and their runtime settings (CrossplanePackagesChart), and the platform
 * APIs themselves (PlatformApisChart).
 */
import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { AwsClusterProviderConfig, ClusterProviderConfigSpecCredentialsSource } from '../imports/aws-aws.m.upbound.io';
import { XpCompositeResourceDefinitionV2, XpComposition, XpManagedResourceActivationPolicy } from '../imports/crossplane-apiextensions-apiextensions.crossplane.io';
import {
  DeploymentRuntimeConfigSpecDeploymentTemplateSpecTemplateSpecContainersResourcesLimits as Limits,
  DeploymentRuntimeConfigSpecDeploymentTemplateSpecTemplateSpecContainersResourcesRequests as Requests,
  PkgDeploymentRuntimeConfig, PkgFunction, PkgProvider,
} from '../imports/crossplane-pkg-pkg.crossplane.io';
import { PLATFORM_APIS } from '../compositions';
import type { PlatformConfig } from '../config/platform';
import { compositionProps, xrdProps } from '../synth/definitions';
import { FUNCTION_NAME, LABEL_PREFIX } from '../lib/platform';

/** AWS services whose provider packages the platform APIs need, from the kinds they compose. */
export function providerServices(): string[] {
  const services = new Set<string>();
  for (const api of PLATFORM_APIS) for (const mr of api.managedResources) services.add(mr.apiVersion.split('.')[0]);
  return [...services].sort();
}

/** Every managed-resource kind composed, as `plural.group` for the activation policy. */
export function activatedResources(): string[] {
  const names = new Set<string>();
  for (const api of PLATFORM_APIS) for (const mr of api.managedResources) names.add(`${mr.plural}.${mr.apiVersion.split('/')[0]}`);
  return [...names].sort();
}

export const PROVIDER_RUNTIME = 'secure-baseline-provider';
export const FUNCTION_RUNTIME = 'secure-baseline-function';
/** Fixed service account name for the providers, so an IAM trust policy or Pod Identity association can name it. */
export const PROVIDER_SERVICE_ACCOUNT = 'crossplane-provider-aws';

interface RuntimeProps {
  readonly requests: { cpu: string; memory: string };
  readonly memoryLimit: string;
  readonly serviceAccount?: { name: string; annotations: Record<string, string> };
}

/** A runtime for package pods: non-root, no privilege escalation, read-only root filesystem, no capabilities. */
function hardenedRuntime(scope: Construct, name: string, p: RuntimeProps): PkgDeploymentRuntimeConfig {
  return new PkgDeploymentRuntimeConfig(scope, name, {
    metadata: { name },
    spec: {
      deploymentTemplate: {
        spec: {
          selector: {},
          template: {
            spec: {
              securityContext: { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, fsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } },
              containers: [{
                // Crossplane merges this into the package's runtime container, which it names package-runtime.
                name: 'package-runtime',
                securityContext: {
                  allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, privileged: false,
                  capabilities: { drop: ['ALL'] },
                },
                resources: {
                  requests: { cpu: Requests.fromString(p.requests.cpu), memory: Requests.fromString(p.requests.memory) },
                  limits: { memory: Limits.fromString(p.memoryLimit) },
                },
              }],
            },
          },
        },
      },
      ...(p.serviceAccount ? { serviceAccountTemplate: { metadata: { name: p.serviceAccount.name, annotations: p.serviceAccount.annotations } } } : {}),
    },
  });
}

export class CrossplanePackagesChart extends Chart {
  constructor(scope: Construct, id: string, config: PlatformConfig) {
    super(scope, id, { labels: { [`${LABEL_PREFIX}/layer`]: 'packages' } });

    hardenedRuntime(this, PROVIDER_RUNTIME, {
      requests: { cpu: '100m', memory: '256Mi' },
      memoryLimit: '1Gi',
      serviceAccount: {
        name: PROVIDER_SERVICE_ACCOUNT,
        annotations: config.credentialsSource === 'IRSA' ? { 'eks.amazonaws.com/role-arn': config.providerRoleArn } : {},
      },
    });
    // The function peaks near 120 MB under load with its bounded heap (FUNCTION_NODE_OPTIONS; npm run bench):
    // request that, and leave the limit room for bursts of large requests.
    hardenedRuntime(this, FUNCTION_RUNTIME, { requests: { cpu: '50m', memory: '128Mi' }, memoryLimit: '256Mi' });

    for (const service of providerServices()) {
      const name = `provider-aws-${service}`;
      new PkgProvider(this, name, {
        metadata: { name },
        spec: {
          package: `${config.providerRegistry}/${name}:${config.providerVersion}`,
          packagePullPolicy: 'IfNotPresent',
          runtimeConfigRef: { apiVersion: 'pkg.crossplane.io/v1beta1', kind: 'DeploymentRuntimeConfig', name: PROVIDER_RUNTIME },
        },
      });
    }
    new PkgFunction(this, FUNCTION_NAME, {
      metadata: { name: FUNCTION_NAME },
      spec: {
        package: config.functionPackage,
        packagePullPolicy: 'IfNotPresent',
        runtimeConfigRef: { apiVersion: 'pkg.crossplane.io/v1beta1', kind: 'DeploymentRuntimeConfig', name: FUNCTION_RUNTIME },
      },
    });

    // Providers with safe-start install their managed-resource kinds inactive: activate only what we compose.
    new XpManagedResourceActivationPolicy(this, 'activation', {
      metadata: { name: 'secure-baseline' },
      spec: { activate: activatedResources() },
    });

    new AwsClusterProviderConfig(this, 'default-provider-config', {
      metadata: { name: 'default' },
      spec: {
        credentials: {
          source: config.credentialsSource === 'IRSA' ? ClusterProviderConfigSpecCredentialsSource.IRSA : ClusterProviderConfigSpecCredentialsSource.POD_IDENTITY,
        },
      },
    });
  }
}

export class PlatformApisChart extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id, { labels: { [`${LABEL_PREFIX}/layer`]: 'apis' } });
    for (const api of PLATFORM_APIS) {
      new XpCompositeResourceDefinitionV2(this, `${api.plural}-definition`, xrdProps(api));
      new XpComposition(this, `${api.plural}-composition`, compositionProps(api));
    }
  }
}
