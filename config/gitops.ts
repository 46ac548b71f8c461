/**
 * Where Argo CD pulls the synthesized manifests from (dist/ of this repository). Overridable by environment
 * variables at synth time, like config/platform.ts.
 */
export interface GitOpsConfig {
  /** Git repository holding dist/. @default 'https://github.com/example/secure-baseline.git' */
  readonly repoUrl: string;
  /** Branch, tag or commit Argo CD tracks. @default 'HEAD' */
  readonly targetRevision: string;
  /** Namespace Argo CD runs in (its Applications, ApplicationSets, AppProjects and argocd-cm live there). @default 'argocd' */
  readonly argocdNamespace: string;
}

const env = (name: string, fallback: string) => process.env[name] || fallback;

export function gitOpsConfig(): GitOpsConfig {
  return {
    repoUrl: env('SB_GIT_REPO', 'https://github.com/example/secure-baseline.git'),
    targetRevision: env('SB_GIT_REVISION', 'HEAD'),
    argocdNamespace: env('SB_ARGOCD_NAMESPACE', 'argocd'),
  };
}
