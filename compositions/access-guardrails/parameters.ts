import { COMMON_PROPERTIES, COMMON_REQUIRED, COMMON_RULES } from '../../lib/common';
import { arr, map, obj, str, type Infer } from '../../lib/schema';
import { ROLE_ARN_PATTERN } from '../managed-secret/parameters';
import { IPV4_CIDR_MAX_LENGTH, IPV4_CIDR_PATTERN } from '../network/parameters';

/**
 * What the cross-account auditor may see:
 * - SecurityAudit: AWS's SecurityAudit managed policy (configuration metadata of every service).
 * - ReadOnly: SecurityAudit plus AWS's ReadOnlyAccess managed policy (broader describe/list/get).
 * Either way the role's inline policy explicitly denies reading data (objects, items, secrets, parameters,
 * decryption, log events), so ReadOnlyAccess's data reads never take effect, and the mutating actions of the
 * account's identity, key, platform and audit services (AUDITOR_WRITE_ACTIONS_BY_SERVICE in guardrail-policies.ts).
 */
export const AUDITOR_ACCESS_LEVELS = ['SecurityAudit', 'ReadOnly'] as const;

export const ACCESS_GUARDRAILS_DEFAULTS = {
  adminRoleArns: [] as string[],
  auditLogGroupPrefixes: [] as string[],
  workloadRoles: [] as WorkloadRole[],
  attachTo: { roleNames: [] as string[], serviceRoleNames: [] as string[] },
  auditorAccess: 'SecurityAudit',
} as const;

/** Shortest ExternalId accepted: AWS recommends a long random value; 32 characters is a 128-bit hex token. */
export const MIN_EXTERNAL_ID_LENGTH = 32;
/** AWS's own bounds and alphabet of sts:ExternalId. */
export const MAX_EXTERNAL_ID_LENGTH = 1224;
export const EXTERNAL_ID_PATTERN = /^[\w+=,.@:/-]+$/;
/** Widest source range an auditor may call from (a /8 or narrower; never the whole internet). */
export const MIN_AUDITOR_CIDR_PREFIX = 8;
/**
 * Bounds that keep the managed policies within IAM's 6,144 characters whatever the claim (the exemptions repeat
 * in every deny statement; regions and log groups multiply resource ARNs). A test composes the largest claim.
 */
export const MAX_ALLOWED_REGIONS = 4;
export const MAX_ADMIN_ROLES = 2;
export const MAX_ROLE_ARN_LENGTH = 128;
export const MAX_AUDIT_LOG_GROUP_PREFIXES = 3;
export const MAX_LOG_GROUP_PREFIX_LENGTH = 64;

/** An IAM action without wildcards, e.g. `dynamodb:GetItem`. */
export const EXPLICIT_ACTION_PATTERN = '^[a-z0-9-]+:[A-Za-z0-9]+$';
/** A resource ARN without wildcards (`*`, `?`): Allow statements name what they grant. */
export const EXPLICIT_ARN_PATTERN = '^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:([0-9]{12})?:[^*?\\s]+$';
/** An IAM role name (without its path). */
export const ROLE_NAME_PATTERN = '^[A-Za-z0-9+=,.@_-]+$';
const DNS_LABEL = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';
const DNS_SUBDOMAIN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$';

const roleNames = (what: string) => arr(what, str('Name of an IAM role of this account (without its path).', { pattern: ROLE_NAME_PATTERN, minLength: 1, maxLength: 64 }), {
  maxItems: 10, listType: 'set', default: [],
});

const WORKLOAD_ROLE = obj('A workload role.', {
  name: str('Short name of the role; the IAM role is <environment>-<name>. Cannot change.', { pattern: DNS_LABEL, minLength: 1, maxLength: 31 }),
  trustedService: str('AWS service that assumes the role, e.g. lambda.amazonaws.com. Exactly one of trustedService and trustedRoleArns. The trust requires aws:SourceAccount = accountId (confused-deputy protection), except for ec2.amazonaws.com, which does not supply it.', {
    pattern: '^[a-z0-9-]+(\\.[a-z0-9-]+)*\\.amazonaws\\.com$', maxLength: 128,
  }),
  trustedRoleArns: arr('Roles of this account that may assume the role. Exactly one of trustedService and trustedRoleArns.',
    str('ARN of an IAM role of this account.', { pattern: ROLE_ARN_PATTERN, maxLength: MAX_ROLE_ARN_LENGTH }), { minItems: 1, maxItems: 5, listType: 'set' }),
  statements: arr('Inline Allow statements of the role: explicit actions on explicit resource ARNs (no wildcards). The permission boundary caps them; actions it does not allow have no effect (a warning says so).',
    obj('One Allow statement.', {
      sid: str('Statement id, unique in the role.', { pattern: '^[A-Za-z0-9]+$', minLength: 1, maxLength: 64 }),
      actions: arr('IAM actions, without wildcards, e.g. dynamodb:GetItem.', str('An IAM action.', { pattern: EXPLICIT_ACTION_PATTERN, maxLength: 128 }), {
        minItems: 1, maxItems: 20, listType: 'set',
      }),
      resources: arr('Resource ARNs, without wildcards.', str('A resource ARN.', { pattern: EXPLICIT_ARN_PATTERN, maxLength: 512 }), {
        minItems: 1, maxItems: 10, listType: 'set',
      }),
    }, { required: ['sid', 'actions', 'resources'] }), {
      maxItems: 10,
      rules: [{ rule: 'self.all(s, self.filter(o, o.sid == s.sid).size() == 1)', message: 'statement sids must be unique in a role' }],
    }),
}, {
  required: ['name'],
  rules: [{ rule: 'has(self.trustedService) != has(self.trustedRoleArns)', message: 'exactly one of trustedService and trustedRoleArns must be set' }],
});

export const ACCESS_GUARDRAILS_SPEC = obj('Desired state of the access guardrails.', {
  ...COMMON_PROPERTIES,
  allowedRegions: arr('Regions requests may target (aws:RequestedRegion); requests to any other region are denied, except to global services (IAM, STS, Organizations, CloudFront, Route 53, Support, ...). Defaults to [region]; must include region.',
    str('An AWS region.', { pattern: COMMON_PROPERTIES.region.pattern as string }), { minItems: 1, maxItems: MAX_ALLOWED_REGIONS, listType: 'set' }),
  providerRoleArn: str('IAM role the Crossplane AWS provider runs as. Exempt from every guardrail: it creates and updates IAM roles and policies, trails and keys.', {
    pattern: ROLE_ARN_PATTERN, maxLength: MAX_ROLE_ARN_LENGTH,
  }),
  adminRoleArns: arr('Break-glass administrator roles, exempt from the region restriction and the privilege-escalation/audit deny (never from the MFA requirement).',
    str('ARN of an IAM role.', { pattern: ROLE_ARN_PATTERN, maxLength: MAX_ROLE_ARN_LENGTH }), { maxItems: MAX_ADMIN_ROLES, listType: 'set', default: ACCESS_GUARDRAILS_DEFAULTS.adminRoleArns }),
  auditLogGroupPrefixes: arr('Further CloudWatch Logs log group name prefixes holding audit logs. Deleting them, their streams, retention or KMS key is denied, as for /aws/cloudtrail/ and /secure-baseline/.',
    str('A log group name prefix.', { pattern: '^[A-Za-z0-9_/.#-]+$', minLength: 2, maxLength: MAX_LOG_GROUP_PREFIX_LENGTH }), {
      maxItems: MAX_AUDIT_LOG_GROUP_PREFIXES, listType: 'set', default: ACCESS_GUARDRAILS_DEFAULTS.auditLogGroupPrefixes,
    }),
  workloadRoles: arr('IAM roles for workloads, each with the workload permission boundary, a one-hour session limit and the region-restriction and deny guardrails attached.', WORKLOAD_ROLE, {
    maxItems: 20,
    default: ACCESS_GUARDRAILS_DEFAULTS.workloadRoles,
    rules: [{ rule: 'self.all(r, self.filter(o, o.name == r.name).size() == 1)', message: 'workload role names must be unique' }],
  }),
  attachTo: obj('Existing roles of this account the guardrail policies are attached to (the workload roles get theirs anyway).', {
    roleNames: roleNames('Roles people assume: get the region restriction, the deny guardrail and the MFA requirement.'),
    serviceRoleNames: roleNames('Roles machines assume (CI, services): get the region restriction and the deny guardrail; not the MFA requirement, which their sessions could never meet.'),
  }, {
    default: ACCESS_GUARDRAILS_DEFAULTS.attachTo,
    rules: [{ rule: '!has(self.roleNames) || !has(self.serviceRoleNames) || !self.roleNames.exists(n, n in self.serviceRoleNames)', message: 'a role cannot be in both roleNames and serviceRoleNames' }],
  }),
  auditor: obj('A read-only role an auditor\'s AWS account assumes with an ExternalId, from known addresses only. Composed once the ExternalId Secret exists.', {
    trustedAccountId: str('12-digit id of the auditor\'s AWS account (another account).', { pattern: '^[0-9]{12}$' }),
    externalIdSecretRef: obj('The key of a Kubernetes Secret, in this namespace, holding the ExternalId the auditor passes (at least 32 characters of A-Z a-z 0-9 + = , . @ : / - _). Written into the role\'s trust policy, never into the claim or git.', {
      name: str('Name of the Kubernetes Secret.', { pattern: DNS_SUBDOMAIN, maxLength: 253 }),
      key: str('Key in the Secret\'s data.', { pattern: '^[-._a-zA-Z0-9]+$', maxLength: 253 }),
    }, { required: ['name', 'key'] }),
    allowedSourceCidrs: arr('IPv4 CIDRs the auditor calls from (aws:SourceIp); /8 or narrower. Calls through VPC endpoints or AWS services carry no source IP and are refused.',
      str('An IPv4 CIDR block.', {
        // Without a bound the API server refuses the CRD: the rule's estimated cost exceeded its budget 20.8x.
        pattern: IPV4_CIDR_PATTERN, maxLength: IPV4_CIDR_MAX_LENGTH,
        rules: [{ rule: `!self.matches('${IPV4_CIDR_PATTERN}') || int(self.split('/')[1]) >= ${MIN_AUDITOR_CIDR_PREFIX}`, message: `must be a /${MIN_AUDITOR_CIDR_PREFIX} or narrower block` }],
      }), { minItems: 1, maxItems: 20, listType: 'set' }),
    access: str('What the auditor may read: SecurityAudit (AWS\'s SecurityAudit policy) or ReadOnly (plus AWS\'s ReadOnlyAccess). Data reads, and writes to the identity, key, platform and audit services, are explicitly denied either way; the AWS policies are attached only once that deny is in place.', {
      enum: AUDITOR_ACCESS_LEVELS, default: ACCESS_GUARDRAILS_DEFAULTS.auditorAccess,
    }),
  }, { required: ['trustedAccountId', 'externalIdSecretRef', 'allowedSourceCidrs'] }),
}, {
  required: [...COMMON_REQUIRED, 'providerRoleArn'],
  rules: [
    ...COMMON_RULES,
    { rule: '!has(self.allowedRegions) || self.region in self.allowedRegions', message: 'allowedRegions must include region', fieldPath: '.allowedRegions' },
    { rule: '!has(self.auditor) || self.auditor.trustedAccountId != self.accountId', message: 'auditor.trustedAccountId must be another account: the auditor role is for cross-account access', fieldPath: '.auditor.trustedAccountId' },
    {
      rule: "!has(self.workloadRoles) || self.workloadRoles.all(r, !has(r.trustedRoleArns) || r.trustedRoleArns.all(a, a.split(':')[4] == self.accountId))",
      message: 'workload roles may only trust roles of this account (accountId); use auditor for cross-account access', fieldPath: '.workloadRoles',
    },
  ],
});

export const ACCESS_GUARDRAILS_STATUS = obj('Observed outputs of the access guardrails.', {
  regionRestrictionPolicyArn: str('ARN of the region-restriction managed policy, once the provider reports it.'),
  mfaPolicyArn: str('ARN of the MFA-requirement managed policy, once the provider reports it.'),
  denyPolicyArn: str('ARN of the privilege-escalation and audit-tampering deny policy, once the provider reports it.'),
  permissionBoundaryArn: str('ARN of the workload permission boundary, once the provider reports it.'),
  auditorRoleArn: str('ARN of the cross-account auditor role, once the provider reports it.'),
  workloadRoleArns: map('ARN of each workload role by its short name, once the provider reports it.', str('ARN of the workload role.')),
});

/**
 * IAM guardrails of an account's environment: a region restriction, an MFA requirement for sensitive actions, an
 * explicit deny of privilege escalation and audit tampering (exempting the Crossplane provider and named
 * administrators), a permission boundary every workload role carries, workload roles, and an optional
 * cross-account auditor role. Derived from the schema above (its descriptions document each field, its defaults
 * fill them): the one statement of the API's parameters.
 */
export type AccessGuardrailsParameters = Infer<typeof ACCESS_GUARDRAILS_SPEC>;
/**
 * An IAM role for a workload, named `<environment>-<name>` under the workload path, with the workload permission
 * boundary, a one-hour session limit, the region-restriction and deny guardrails attached, and optional inline
 * Allow statements (never managed policies: every permission is visible in the claim). Exactly one of
 * trustedService and trustedRoleArns is set (a CEL rule of the schema). Derived from WORKLOAD_ROLE itself, not
 * from the spec type: ACCESS_GUARDRAILS_DEFAULTS (which the spec schema uses) names this type.
 */
export type WorkloadRole = Infer<typeof WORKLOAD_ROLE>;
/** A read-only role another AWS account (an auditor) assumes with an ExternalId, from known addresses only. */
export type AuditorParameters = NonNullable<AccessGuardrailsParameters['auditor']>;
/** What an AccessGuardrails reports, derived from its status schema. */
export type AccessGuardrailsStatus = Infer<typeof ACCESS_GUARDRAILS_STATUS>;
