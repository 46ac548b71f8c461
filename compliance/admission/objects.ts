/**
 * The Kubernetes objects of the admission policies (policies.ts): one ValidatingAdmissionPolicy and one
 * ValidatingAdmissionPolicyBinding per entry, built with the typed kubernetes-models classes.
 *
 * Every policy matches CREATE and UPDATE of its managed-resource kind in every namespace and is skipped
 * (matchConditions) for
 * - managed resources that never write to AWS: management policies without `*`, `Create` and `Update`
 *   (e.g. Observe-only, which imports an existing resource to read it): the provider never sends their
 *   spec.forProvider to AWS, so there is nothing to guard; a later UPDATE that adds Create/Update is checked;
 * - objects being deleted (deletionTimestamp set): the provider must still be able to remove its finalizer from
 *   an object that predates a policy, or deletion would hang.
 * failurePolicy Fail: an expression that cannot be evaluated refuses the request (never fail open); the binding's
 * validationActions is [Deny].
 */
import { ValidatingAdmissionPolicy } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy';
import { ValidatingAdmissionPolicyBinding } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding';
import { ADMISSION_POLICIES, type AdmissionPolicy } from './policies';

export const POLICY_PREFIX = 'secure-baseline-';

export const MATCH_CONDITIONS = [
  {
    name: 'writes-to-aws',
    expression: "!has(object.spec.managementPolicies) || object.spec.managementPolicies.exists(p, p == '*' || p == 'Create' || p == 'Update')",
  },
  { name: 'not-being-deleted', expression: '!has(object.metadata.deletionTimestamp)' },
] as const;

export function policyName(p: AdmissionPolicy): string {
  return `${POLICY_PREFIX}${p.name}`;
}

export function validatingAdmissionPolicy(p: AdmissionPolicy): ValidatingAdmissionPolicy {
  return new ValidatingAdmissionPolicy({
    metadata: {
      name: policyName(p),
      annotations: { 'platform.secure-baseline.io/rule-id': p.ruleId, 'platform.secure-baseline.io/title': p.title },
    },
    spec: {
      failurePolicy: 'Fail',
      matchConstraints: {
        resourceRules: [{ apiGroups: [p.group], apiVersions: [p.version], resources: [p.resource], operations: ['CREATE', 'UPDATE'], scope: 'Namespaced' }],
      },
      matchConditions: MATCH_CONDITIONS.map((c) => ({ ...c })),
      ...(p.variables?.length ? { variables: p.variables.map((v) => ({ ...v })) } : {}),
      validations: p.validations.map((v) => ({ expression: v.expression, message: v.message, reason: 'Invalid' })),
    },
  });
}

export function validatingAdmissionPolicyBinding(p: AdmissionPolicy): ValidatingAdmissionPolicyBinding {
  return new ValidatingAdmissionPolicyBinding({
    metadata: { name: policyName(p), annotations: { 'platform.secure-baseline.io/rule-id': p.ruleId } },
    spec: { policyName: policyName(p), validationActions: ['Deny'] },
  });
}

/** Every policy and its binding, in table order. */
export function admissionObjects(policies: readonly AdmissionPolicy[] = ADMISSION_POLICIES): Array<ValidatingAdmissionPolicy | ValidatingAdmissionPolicyBinding> {
  return policies.flatMap((p) => [validatingAdmissionPolicy(p), validatingAdmissionPolicyBinding(p)]);
}
