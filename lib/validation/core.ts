/**
 * The Kubernetes built-in kinds we emit, which have no CRD: validated with kubernetes-models (its
 * upstream-generated validator per model checks types, required fields and enums) plus the unknown-field check
 * of dts.ts (the generated validators accept unknown fields), ObjectMeta with the kind's name rule, and a few
 * of the API server's hand-written checks that are cheap to mirror (Deployment selector ⊆ template labels,
 * ConfigMap/Secret keys). Everything else the API server's Go validation does for these kinds (e.g. container
 * names, port ranges, RBAC rule shapes, VAP CEL expressions) is not checked.
 */
import type { ErrorObject } from 'ajv';
import { validate as validateValidatingAdmissionPolicy } from 'kubernetes-models/_schemas/IoK8sApiAdmissionregistrationV1ValidatingAdmissionPolicy';
import { validate as validateValidatingAdmissionPolicyBinding } from 'kubernetes-models/_schemas/IoK8sApiAdmissionregistrationV1ValidatingAdmissionPolicyBinding';
import { validate as validateDeployment } from 'kubernetes-models/_schemas/IoK8sApiAppsV1Deployment';
import { validate as validateConfigMap } from 'kubernetes-models/_schemas/IoK8sApiCoreV1ConfigMap';
import { validate as validateLimitRange } from 'kubernetes-models/_schemas/IoK8sApiCoreV1LimitRange';
import { validate as validateNamespace } from 'kubernetes-models/_schemas/IoK8sApiCoreV1Namespace';
import { validate as validateResourceQuota } from 'kubernetes-models/_schemas/IoK8sApiCoreV1ResourceQuota';
import { validate as validateSecret } from 'kubernetes-models/_schemas/IoK8sApiCoreV1Secret';
import { validate as validateService } from 'kubernetes-models/_schemas/IoK8sApiCoreV1Service';
import { validate as validateServiceAccount } from 'kubernetes-models/_schemas/IoK8sApiCoreV1ServiceAccount';
import { validate as validateNetworkPolicy } from 'kubernetes-models/_schemas/IoK8sApiNetworkingV1NetworkPolicy';
import { validate as validatePodDisruptionBudget } from 'kubernetes-models/_schemas/IoK8sApiPolicyV1PodDisruptionBudget';
import { validate as validateClusterRole } from 'kubernetes-models/_schemas/IoK8sApiRbacV1ClusterRole';
import { validate as validateClusterRoleBinding } from 'kubernetes-models/_schemas/IoK8sApiRbacV1ClusterRoleBinding';
import { validate as validateRole } from 'kubernetes-models/_schemas/IoK8sApiRbacV1Role';
import { validate as validateRoleBinding } from 'kubernetes-models/_schemas/IoK8sApiRbacV1RoleBinding';
import { declarationPath, unknownFieldIssues } from './dts';
import { ajvIssue, type PathMessage } from './errors';
import { dns1035Label, dnsLabel, dnsSubdomain, metadataIssues, pathSegmentName, type NameRule } from './metadata';

type GeneratedValidator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

interface CoreKind {
  readonly validate: GeneratedValidator;
  readonly nameRule: NameRule;
  readonly extra?: (obj: Record<string, any>) => PathMessage[];
}

const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
function configKeyIssues(obj: Record<string, any>, fields: readonly string[]): PathMessage[] {
  const out: PathMessage[] = [];
  for (const f of fields) {
    for (const k of Object.keys(obj[f] ?? {})) {
      if (k.length > 253 || !CONFIG_KEY.test(k)) out.push({ path: `${f}[${k}]`, message: "Invalid value: a valid config key must consist of alphanumeric characters, '-', '_' or '.'" });
    }
  }
  return out;
}

function deploymentIssues(obj: Record<string, any>): PathMessage[] {
  const selector = (obj.spec?.selector?.matchLabels ?? {}) as Record<string, string>;
  const labels = (obj.spec?.template?.metadata?.labels ?? {}) as Record<string, string>;
  const out: PathMessage[] = [];
  if (obj.spec?.selector && Object.keys(selector).length === 0 && !(obj.spec.selector.matchExpressions ?? []).length) {
    out.push({ path: 'spec.selector', message: 'Invalid value: empty selector is invalid for deployment' });
  }
  if (Object.entries(selector).some(([k, v]) => labels[k] !== v)) {
    out.push({ path: 'spec.template.metadata.labels', message: 'Invalid value: `selector` does not match template `labels`' });
  }
  return out;
}

/** Keyed `apiVersion/Kind`. */
export const CORE_KINDS: Readonly<Record<string, CoreKind>> = {
  'v1/Namespace': { validate: validateNamespace, nameRule: dnsLabel },
  'v1/ServiceAccount': { validate: validateServiceAccount, nameRule: dnsSubdomain },
  'v1/ConfigMap': { validate: validateConfigMap, nameRule: dnsSubdomain, extra: (o) => configKeyIssues(o, ['data', 'binaryData']) },
  'v1/Secret': { validate: validateSecret, nameRule: dnsSubdomain, extra: (o) => configKeyIssues(o, ['data', 'stringData']) },
  'v1/Service': { validate: validateService, nameRule: dns1035Label },
  'v1/ResourceQuota': { validate: validateResourceQuota, nameRule: dnsSubdomain },
  'v1/LimitRange': { validate: validateLimitRange, nameRule: dnsSubdomain },
  'apps/v1/Deployment': { validate: validateDeployment, nameRule: dnsSubdomain, extra: deploymentIssues },
  'networking.k8s.io/v1/NetworkPolicy': { validate: validateNetworkPolicy, nameRule: dnsSubdomain },
  'policy/v1/PodDisruptionBudget': { validate: validatePodDisruptionBudget, nameRule: dnsSubdomain },
  'rbac.authorization.k8s.io/v1/ClusterRole': { validate: validateClusterRole, nameRule: pathSegmentName },
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': { validate: validateClusterRoleBinding, nameRule: pathSegmentName },
  'rbac.authorization.k8s.io/v1/Role': { validate: validateRole, nameRule: pathSegmentName },
  'rbac.authorization.k8s.io/v1/RoleBinding': { validate: validateRoleBinding, nameRule: pathSegmentName },
  'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy': { validate: validateValidatingAdmissionPolicy, nameRule: dnsSubdomain },
  'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding': { validate: validateValidatingAdmissionPolicyBinding, nameRule: dnsSubdomain },
};

/** Problems with a built-in object, or undefined when its kind is not one of CORE_KINDS. */
export function coreIssues(obj: Record<string, any>): PathMessage[] | undefined {
  const key = `${obj.apiVersion}/${obj.kind}`;
  const kind = CORE_KINDS[key];
  if (!kind) return undefined;
  const out: PathMessage[] = [...metadataIssues(obj.metadata, { nameRule: kind.nameRule })];
  const model = `kubernetes-models/${obj.apiVersion}/${obj.kind}`;
  if (!kind.validate(obj)) {
    // metadata is reported by metadataIssues (same schema, plus the API server's rules).
    for (const e of kind.validate.errors ?? []) if (!e.instancePath.startsWith('/metadata')) out.push(ajvIssue(e, '', (segments) => declarationPath(model, segments)));
  }
  const { metadata: _m, ...rest } = obj;
  out.push(...unknownFieldIssues(model, rest));
  if (kind.extra) out.push(...kind.extra(obj));
  return out;
}
