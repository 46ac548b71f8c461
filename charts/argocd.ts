/**
 * Argo CD delivery of dist/ (written to dist/argocd/):
 *   applications.k8s.yaml   AppProject `secure-baseline`, the Application of the platform layer (dist/platform)
 *                           and an ApplicationSet with one Application per synthesized environment and scenario
 *                           (dist/environments/<env>.k8s.yaml, dist/scenarios/<s>.k8s.yaml)
 *   argocd-cm.k8s.yaml      the settings this project needs in argocd-cm (annotation resource tracking, the health
 *                           check of the platform's XRs). MERGE these data keys into Argo CD's own argocd-cm (kubectl
 *                           patch / a kustomize patch / the Helm chart's `configs.cm`): do not let it replace argocd-cm.
 *
 * Ordering: the platform's objects carry `argocd.argoproj.io/sync-wave` annotations (annotateSyncWaves, applied
 * by main.ts where they are emitted): runtime configs → providers and functions → activation policy and provider
 * config → XRDs → Compositions → admission policies. The environments' Applications come after the platform's
 * (wave 1 vs 0 when dist/argocd is itself synced as an app of apps; the Application health check in argocd-cm
 * makes Argo CD wait for the platform to be healthy), and in any case retry with SkipDryRunOnMissingResource
 * until Crossplane has created the XR CRDs.
 */
import { ApiObject, Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/environments';
import type { GitOpsConfig } from '../config/gitops';
import { argocdCmData } from '../lib/argocd-health';
import { API_GROUP } from '../lib/platform';

export const ARGO_API_VERSION = 'argoproj.io/v1alpha1';
export const PROJECT_NAME = 'secure-baseline';
export const IN_CLUSTER = 'https://kubernetes.default.svc';
export const CROSSPLANE_NAMESPACE = 'crossplane-system';
export const SYNC_WAVE = 'argocd.argoproj.io/sync-wave';

// ---- the parts of Argo CD's CRDs (v3.5) this project uses ---------------------------------------------------

interface ObjectMeta {
  readonly name: string;
  readonly namespace?: string;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
  readonly finalizers?: readonly string[];
}
export interface GroupKind { readonly group: string; readonly kind: string }
interface Destination { readonly server: string; readonly namespace: string }
interface ApplicationSource {
  readonly repoURL: string;
  readonly targetRevision: string;
  readonly path: string;
  readonly directory?: { readonly recurse?: boolean; readonly include?: string; readonly exclude?: string };
}
interface IgnoreDifference {
  readonly group: string;
  readonly kind: string;
  readonly jsonPointers?: readonly string[];
  readonly jqPathExpressions?: readonly string[];
  readonly managedFieldsManagers?: readonly string[];
}
interface SyncPolicy {
  readonly automated?: { readonly prune?: boolean; readonly selfHeal?: boolean };
  readonly syncOptions?: readonly string[];
  readonly retry?: { readonly limit: number; readonly backoff: { readonly duration: string; readonly factor: number; readonly maxDuration: string } };
}
export interface ApplicationSpec {
  readonly project: string;
  readonly source: ApplicationSource;
  readonly destination: Destination;
  readonly syncPolicy?: SyncPolicy;
  readonly ignoreDifferences?: readonly IgnoreDifference[];
}
export interface Application { readonly apiVersion: typeof ARGO_API_VERSION; readonly kind: 'Application'; readonly metadata: ObjectMeta; readonly spec: ApplicationSpec }
export interface ApplicationSet {
  readonly apiVersion: typeof ARGO_API_VERSION;
  readonly kind: 'ApplicationSet';
  readonly metadata: ObjectMeta;
  readonly spec: {
    readonly goTemplate: boolean;
    readonly goTemplateOptions: readonly string[];
    readonly generators: readonly [{ readonly list: { readonly elements: readonly Record<string, string>[] } }];
    readonly template: { readonly metadata: ObjectMeta; readonly spec: ApplicationSpec };
    readonly syncPolicy?: { readonly preserveResourcesOnDeletion?: boolean };
  };
}
export interface AppProject {
  readonly apiVersion: typeof ARGO_API_VERSION;
  readonly kind: 'AppProject';
  readonly metadata: ObjectMeta;
  readonly spec: {
    readonly description: string;
    readonly sourceRepos: readonly string[];
    readonly destinations: readonly Destination[];
    readonly clusterResourceWhitelist: readonly GroupKind[];
    readonly namespaceResourceWhitelist: readonly GroupKind[];
    readonly orphanedResources?: { readonly warn: boolean };
  };
}
export interface ConfigMap { readonly apiVersion: 'v1'; readonly kind: 'ConfigMap'; readonly metadata: ObjectMeta; readonly data: Record<string, string> }

// ---- what Argo CD may apply ---------------------------------------------------------------------------------

/**
 * Sync wave of each platform kind, in dependency order. Providers and the function reference their runtime
 * configs (so those come first); the activation policy and the ClusterProviderConfig need the CRDs the providers
 * install; Compositions need their XRD; admission policies match the XR kinds.
 */
export const PLATFORM_SYNC_WAVES: Readonly<Record<string, number>> = {
  'pkg.crossplane.io/DeploymentRuntimeConfig': 0,
  'pkg.crossplane.io/Provider': 1,
  'pkg.crossplane.io/Function': 1,
  'apiextensions.crossplane.io/ManagedResourceActivationPolicy': 2,
  'aws.m.upbound.io/ClusterProviderConfig': 2,
  'apiextensions.crossplane.io/CompositeResourceDefinition': 3,
  'apiextensions.crossplane.io/Composition': 4,
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy': 5,
  'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding': 5,
  'rbac.authorization.k8s.io/ClusterRole': 5,
};
/** Wave of a platform kind missing from PLATFORM_SYNC_WAVES: last (test/argocd.test.ts requires every emitted kind listed). */
export const DEFAULT_PLATFORM_WAVE = 5;

const groupOf = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.split('/')[0] : '');

/** Annotates every ApiObject below scope with its sync wave (PLATFORM_SYNC_WAVES). */
export function annotateSyncWaves(scope: Construct): void {
  for (const c of scope.node.findAll()) {
    if (!(c instanceof ApiObject)) continue;
    const wave = PLATFORM_SYNC_WAVES[`${groupOf(c.apiVersion)}/${c.kind}`] ?? DEFAULT_PLATFORM_WAVE;
    c.metadata.addAnnotation(SYNC_WAVE, String(wave));
  }
}

/** One Application per environment (or scenario): its file and those of its teams, `<env>-<team>.k8s.yaml`. */
export interface DeliveredEnvironment {
  readonly name: string;
  readonly dir: 'environments' | 'scenarios';
  /** File names (without `.k8s.yaml`) in dist/<dir>/ that belong to it. */
  readonly files: readonly string[];
}

export interface ArgoCdProps {
  readonly gitops: GitOpsConfig;
  readonly environments: readonly DeliveredEnvironment[];
  /** Kinds of the platform API group (the XRs environments may declare). */
  readonly platformKinds: readonly string[];
  /** Cluster-scoped kinds Argo CD applies (what dist/platform and the environments emit). */
  readonly clusterKinds: readonly GroupKind[];
  /** Namespaced kinds the environments emit besides the platform's XRs. */
  readonly namespacedKinds: readonly GroupKind[];
  /** Namespaces the environments' objects live in (the Applications' destinations). */
  readonly namespaces: readonly string[];
}

interface EmittedObject { readonly apiVersion: string; readonly kind: string; readonly metadata?: { readonly name?: string; readonly namespace?: string } }

const byGroupKind = (a: GroupKind, b: GroupKind) => a.group.localeCompare(b.group) || a.kind.localeCompare(b.kind);
function distinctKinds(objs: readonly EmittedObject[]): GroupKind[] {
  const m = new Map<string, GroupKind>();
  for (const o of objs) m.set(`${groupOf(o.apiVersion)}/${o.kind}`, { group: groupOf(o.apiVersion), kind: o.kind });
  return [...m.values()].sort(byGroupKind);
}

/**
 * Props derived from what synth emits: every object of dist/platform and of the environments' and scenarios'
 * files (objects without metadata.namespace are cluster-scoped: every namespaced object the charts emit names its
 * namespace).
 */
export function argoCdProps(input: {
  readonly gitops: GitOpsConfig;
  readonly environments: readonly { readonly dir: 'environments' | 'scenarios'; readonly env: EnvironmentConfig }[];
  readonly platformKinds: readonly string[];
  readonly platformObjects: readonly EmittedObject[];
  readonly environmentObjects: readonly EmittedObject[];
}): ArgoCdProps {
  const all = [...input.platformObjects, ...input.environmentObjects];
  const namespaces = new Set<string>();
  for (const o of input.environmentObjects) {
    if (o.metadata?.namespace) namespaces.add(o.metadata.namespace);
    if (o.apiVersion === 'v1' && o.kind === 'Namespace' && o.metadata?.name) namespaces.add(o.metadata.name);
  }
  return {
    gitops: input.gitops,
    environments: input.environments.map(({ dir, env }) => ({ name: env.name, dir, files: [env.name, ...(env.teams ?? []).map((t) => `${env.name}-${t.name}`)] })),
    platformKinds: [...input.platformKinds].sort(),
    clusterKinds: distinctKinds(all.filter((o) => !o.metadata?.namespace)),
    namespacedKinds: distinctKinds(input.environmentObjects.filter((o) => o.metadata?.namespace && groupOf(o.apiVersion) !== API_GROUP)),
    namespaces: [...namespaces].sort(),
  };
}

const RETRY = { limit: 10, backoff: { duration: '10s', factor: 2, maxDuration: '5m' } } as const;
const FINALIZER = 'resources-finalizer.argocd.argoproj.io';

export function appProject(props: ArgoCdProps): AppProject {
  return {
    apiVersion: ARGO_API_VERSION,
    kind: 'AppProject',
    metadata: { name: PROJECT_NAME, namespace: props.gitops.argocdNamespace },
    spec: {
      description: 'secure-baseline: Crossplane platform APIs and the environments that use them',
      sourceRepos: [props.gitops.repoUrl],
      destinations: [CROSSPLANE_NAMESPACE, ...props.namespaces.filter((n) => n !== CROSSPLANE_NAMESPACE)].map((namespace) => ({ server: IN_CLUSTER, namespace })),
      clusterResourceWhitelist: props.clusterKinds,
      namespaceResourceWhitelist: [...props.platformKinds.map((kind) => ({ group: API_GROUP, kind })), ...props.namespacedKinds],
      orphanedResources: { warn: true },
    },
  };
}

export function platformApplication(props: ArgoCdProps): Application {
  return {
    apiVersion: ARGO_API_VERSION,
    kind: 'Application',
    metadata: { name: 'secure-baseline-platform', namespace: props.gitops.argocdNamespace, annotations: { [SYNC_WAVE]: '0' }, finalizers: [FINALIZER] },
    spec: {
      project: PROJECT_NAME,
      source: { repoURL: props.gitops.repoUrl, targetRevision: props.gitops.targetRevision, path: 'dist/platform' },
      destination: { server: IN_CLUSTER, namespace: CROSSPLANE_NAMESPACE },
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        // ClusterProviderConfig's CRD exists only once provider-aws is installed (wave 1).
        syncOptions: ['ServerSideApply=true', 'SkipDryRunOnMissingResource=true', 'CreateNamespace=true'],
        retry: RETRY,
      },
    },
  };
}

/** Fields Crossplane writes on the XRs Argo CD applies. */
export function xrIgnoreDifferences(platformKinds: readonly string[]): IgnoreDifference[] {
  return platformKinds.map((kind) => ({
    group: API_GROUP,
    kind,
    jqPathExpressions: [
      '.spec.crossplane',
      '.metadata.annotations | select(. != null) | .[keys[] | select(startswith("crossplane.io/"))]',
    ],
  }));
}

export function environmentsApplicationSet(props: ArgoCdProps): ApplicationSet {
  return {
    apiVersion: ARGO_API_VERSION,
    kind: 'ApplicationSet',
    metadata: { name: 'secure-baseline-environments', namespace: props.gitops.argocdNamespace, annotations: { [SYNC_WAVE]: '1' } },
    spec: {
      goTemplate: true,
      goTemplateOptions: ['missingkey=error'],
      // include: the environment's file and its teams' (a brace glob: `{dev.k8s.yaml,dev-payments.k8s.yaml}`).
      generators: [{ list: { elements: props.environments.map((e) => ({ name: e.name, dir: e.dir, include: `{${e.files.map((f) => `${f}.k8s.yaml`).join(',')}}` })) } }],
      template: {
        metadata: { name: 'secure-baseline-{{.name}}', labels: { 'secure-baseline.io/synthesized-from': '{{.dir}}' }, finalizers: [FINALIZER] },
        spec: {
          project: PROJECT_NAME,
          source: {
            repoURL: props.gitops.repoUrl,
            targetRevision: props.gitops.targetRevision,
            path: 'dist/{{.dir}}',
            directory: { include: '{{.include}}' },
          },
          destination: { server: IN_CLUSTER, namespace: '{{.name}}' },
          syncPolicy: {
            automated: { prune: true, selfHeal: true },
            // The XR CRDs appear only when Crossplane has established the platform's XRDs.
            syncOptions: ['ServerSideApply=true', 'SkipDryRunOnMissingResource=true', 'CreateNamespace=true'],
            retry: RETRY,
          },
          ignoreDifferences: xrIgnoreDifferences(props.platformKinds),
        },
      },
      // Deleting the ApplicationSet must not cascade into deleting environments (and their AWS resources).
      syncPolicy: { preserveResourcesOnDeletion: true },
    },
  };
}

export function argocdCmPatch(props: ArgoCdProps): ConfigMap {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: 'argocd-cm',
      namespace: props.gitops.argocdNamespace,
      labels: { 'app.kubernetes.io/name': 'argocd-cm', 'app.kubernetes.io/part-of': 'argocd' },
      annotations: { 'secure-baseline.io/merge-into': 'argocd-cm: merge these data keys into the existing ConfigMap, do not replace it' },
    },
    data: argocdCmData(),
  };
}

/** Every Argo CD object of dist/argocd/applications.k8s.yaml. */
export function argocdObjects(props: ArgoCdProps): Array<AppProject | Application | ApplicationSet> {
  return [appProject(props), platformApplication(props), environmentsApplicationSet(props)];
}

export class ArgoCdApplicationsChart extends Chart {
  constructor(scope: Construct, id: string, props: ArgoCdProps) {
    super(scope, id);
    for (const obj of argocdObjects(props)) new ApiObject(this, `${obj.kind.toLowerCase()}-${obj.metadata.name}`, obj as never);
  }
}

export class ArgoCdConfigChart extends Chart {
  constructor(scope: Construct, id: string, props: ArgoCdProps) {
    super(scope, id);
    new ApiObject(this, 'argocd-cm', argocdCmPatch(props) as never);
  }
}
