/**
 * Platform-wide settings of the synthesized manifests: which packages to install and how providers get AWS
 * credentials. Each can be overridden by an environment variable at synth time (same input, same output).
 */
export interface PlatformConfig {
  /**
   * Registry path of the provider-aws family packages (`<registry>/provider-aws-<service>:<version>`).
   * @default 'xpkg.crossplane.io/crossplane-contrib' (pinned versions stay pullable there)
   */
  readonly providerRegistry: string;
  /** @default 'v2.6.0', the version of the CRDs the project is generated and validated against */
  readonly providerVersion: string;
  /** OCI reference of this project's composition function package. */
  readonly functionPackage: string;
  /**
   * How providers obtain AWS credentials: IRSA (IAM role for the provider's service account) or EKS Pod Identity.
   * Static keys are not an option.
   * @default 'IRSA'
   */
  readonly credentialsSource: 'IRSA' | 'PodIdentity';
  /** IAM role the providers run as (annotated on their service account for IRSA). */
  readonly providerRoleArn: string;
}

const env = (name: string, fallback: string) => process.env[name] || fallback;

export function platformConfig(): PlatformConfig {
  const credentialsSource = env('SB_CREDENTIALS_SOURCE', 'IRSA');
  if (credentialsSource !== 'IRSA' && credentialsSource !== 'PodIdentity') {
    throw new Error(`SB_CREDENTIALS_SOURCE must be IRSA or PodIdentity, not ${credentialsSource}`);
  }
  return {
    providerRegistry: env('SB_PROVIDER_REGISTRY', 'xpkg.crossplane.io/crossplane-contrib'),
    providerVersion: env('SB_PROVIDER_VERSION', 'v2.6.0'),
    functionPackage: env('SB_FUNCTION_PACKAGE', 'ghcr.io/secure-baseline/function-secure-baseline:v0.1.0'),
    credentialsSource,
    providerRoleArn: env('SB_PROVIDER_ROLE_ARN', 'arn:aws:iam::111111111111:role/secure-baseline-crossplane-provider'),
  };
}
