import * as iam from '../../imports/aws-iam-iam.aws.m.upbound.io';
import type { PlatformApi } from '../../lib/composer';
import { ACCESS_GUARDRAILS_BAD_CLAIMS } from './bad-claims';
import { ACCESS_GUARDRAILS_EXAMPLES } from './examples';
import { composeAccessGuardrails, KIND } from './composer';
import { ACCESS_GUARDRAILS_SPEC, ACCESS_GUARDRAILS_STATUS, type AccessGuardrailsParameters, type AccessGuardrailsStatus } from './parameters';

/** For other platform APIs composing IAM roles: the boundary every workload role of an environment carries. */
export { permissionBoundaryArnOf } from './guardrail-policies';

export const accessGuardrailsApi: PlatformApi<AccessGuardrailsParameters, AccessGuardrailsStatus> = {
  kind: KIND,
  plural: 'accessguardrails',
  shortNames: ['agr'],
  description: 'IAM guardrails of an environment\'s account: managed policies restricting regions, requiring MFA for sensitive actions and denying privilege escalation and audit tampering (Crossplane provider and break-glass roles exempt); a permission boundary; workload roles bounded by it; and an optional read-only cross-account auditor role trusted through an ExternalId kept in a Kubernetes Secret and source-IP conditions.',
  specSchema: ACCESS_GUARDRAILS_SPEC,
  statusSchema: ACCESS_GUARDRAILS_STATUS,
  printerColumns: [
    { name: 'ENVIRONMENT', type: 'string', jsonPath: '.spec.environment' },
    { name: 'BOUNDARY', type: 'string', jsonPath: '.status.permissionBoundaryArn', priority: 1 },
    { name: 'AUDITOR', type: 'string', jsonPath: '.status.auditorRoleArn', priority: 1 },
  ],
  managedResources: [
    { ...iam.IamPolicy.GVK, plural: 'policies' },
    { ...iam.IamRole.GVK, plural: 'roles' },
    { ...iam.IamRolePolicy.GVK, plural: 'rolepolicies' },
    { ...iam.IamRolePolicyAttachment.GVK, plural: 'rolepolicyattachments' },
  ],
  examples: ACCESS_GUARDRAILS_EXAMPLES,
  badClaims: ACCESS_GUARDRAILS_BAD_CLAIMS,
  environmentMember: {
    field: 'accessGuardrails', cardinality: 'one', defaultName: 'guardrails', prefix: 'access-guardrails', encryptsData: false,
    description: 'IAM guardrails of the account: region restriction, MFA, explicit denies, the auditor role and workload roles (AccessGuardrails).',
  },
  compose: composeAccessGuardrails,
  securityFeatures: (spec) => [
    'region-restriction', 'mfa-for-sensitive-actions', 'privilege-escalation-deny', 'audit-tampering-deny', 'workload-permission-boundary', 'one-hour-role-sessions',
    ...(spec.auditor ? ['cross-account-auditor-external-id'] : []),
  ],
};
