/**
 * The IAM policy documents of AccessGuardrails, as typed builders, plus the names, paths and ARNs they refer to.
 *
 * - Region restriction: deny every request to a region outside allowedRegions, except to global services.
 * - MFA requirement: deny IAM changes, destruction of data and audit, and secret reads without MFA.
 * - Deny guardrail: privilege escalation (managed policy versions and deletion, detaching platform policies, users
 *   and long-term keys, trust policies, role permissions outside the workload path or without the boundary,
 *   removing boundaries, passing roles outside the workload path)
 *   and audit tampering (CloudTrail, Config, GuardDuty, Security Hub, Access Analyzer, flow logs, KMS keys,
 *   audit log groups).
 * - Workload boundary: the ceiling of every workload role — explicit actions of the services the platform uses,
 *   in this account and the allowed regions, plus the deny guardrail's statements.
 * - Auditor: trust (account principal, ExternalId, source IPs) and an inline deny of data reads and of writes to
 *   the account's identity, key, platform and audit services.
 *
 * Deny statements may use wildcards, in the action name only (IAM refuses `*` in the service prefix: every action
 * is `service:Name` or exactly `*`); Allow statements name explicit actions. Statement ids are stable: tests and
 * reviews refer to them.
 */
import type { CommonParameters } from '../../lib/common';
import type { AccessGuardrailsParameters, AuditorParameters, WorkloadRole } from './parameters';

type OneOrMore = string | readonly string[];
export type ConditionBlock = Readonly<Record<string, Readonly<Record<string, OneOrMore>>>>;

interface StatementBase {
  readonly Sid: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Condition?: ConditionBlock;
}
type Actions = { readonly Action: OneOrMore; readonly NotAction?: never } | { readonly NotAction: OneOrMore; readonly Action?: never };
type Resources = { readonly Resource: OneOrMore; readonly NotResource?: never } | { readonly NotResource: OneOrMore; readonly Resource?: never };
/** A statement of an identity-based policy (managed, inline or boundary): no Principal. */
export type IdentityStatement = StatementBase & Actions & Resources;
/** A statement of a role's trust policy. */
export interface TrustStatement extends StatementBase {
  readonly Effect: 'Allow';
  readonly Principal: { readonly AWS?: OneOrMore; readonly Service?: string };
  readonly Action: 'sts:AssumeRole';
}
export interface PolicyDocument<S = IdentityStatement> {
  readonly Version: '2012-10-17';
  readonly Statement: readonly S[];
}
const document = <S>(Statement: S[]): PolicyDocument<S> => ({ Version: '2012-10-17', Statement });

// ---------------------------------------------------------------------------------------------------------------
// Names, paths, ARNs
// ---------------------------------------------------------------------------------------------------------------

/** IAM path of every managed policy the platform creates. */
export const POLICY_PATH = '/secure-baseline/';
/** IAM limits the guardrails must fit in (characters, whitespace excluded: we serialize without any). */
export const MAX_MANAGED_POLICY_CHARS = 6144;
export const MAX_INLINE_POLICY_CHARS = 10240;
export const MAX_TRUST_POLICY_CHARS = 2048;

type Account = Pick<CommonParameters, 'accountId' | 'region'>;
type Environment = Account & Pick<CommonParameters, 'environment'>;

/** ARN partition of a region (the platform's regions are commercial or GovCloud). */
export const partitionOf = (region: string) => (region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws');

/** Names of the four managed policies: one set per environment and account. */
export function guardrailPolicyNamesOf(environment: string) {
  return {
    regionRestriction: `${environment}-region-restriction`,
    mfa: `${environment}-require-mfa`,
    deny: `${environment}-deny-escalation-and-audit-tampering`,
    boundary: `${environment}-workload-boundary`,
  } as const;
}
export const policyArnOf = (p: Account, name: string) => `arn:${partitionOf(p.region)}:iam::${p.accountId}:policy${POLICY_PATH}${name}`;

/**
 * ARN of the environment's workload permission boundary (`arn:aws:iam::<account>:policy/secure-baseline/<environment>-workload-boundary`):
 * deterministic, so other platform APIs composing roles can set it as their permissionsBoundary without a lookup.
 */
export const permissionBoundaryArnOf = (p: Environment) => policyArnOf(p, guardrailPolicyNamesOf(p.environment).boundary);

/** Path of workload roles: the only path guardrailed principals may grant permissions in or pass roles from. */
export const workloadRolePathOf = (environment: string) => `/secure-baseline/${environment}/workload/`;
export const workloadRoleNameOf = (environment: string, name: string) => `${environment}-${name}`;
export const auditorRolePathOf = (environment: string) => `/secure-baseline/${environment}/audit/`;
export const auditorRoleNameOf = (environment: string) => `${environment}-security-auditor`;
const rolePathArn = (p: Account, path: string) => `arn:${partitionOf(p.region)}:iam::${p.accountId}:role${path}*`;

/** AWS-managed policies the auditor role gets: the accepted exception to "no managed policies we do not write". */
export const awsManagedPolicyArn = (region: string, name: 'SecurityAudit' | 'ReadOnlyAccess') => `arn:${partitionOf(region)}:iam::aws:policy/${name}`;

/** The regions requests may target. */
export const allowedRegionsOf = (p: Pick<AccessGuardrailsParameters, 'region' | 'allowedRegions'>): readonly string[] => p.allowedRegions ?? [p.region];

// ---------------------------------------------------------------------------------------------------------------
// Region restriction
// ---------------------------------------------------------------------------------------------------------------

/**
 * Actions exempt from the region restriction: global services, whose requests all go to one endpoint (us-east-1
 * for most) and would otherwise be denied whatever regions are allowed. This is the list of AWS's documented
 * example "Deny access to AWS based on the requested AWS Region" (AWS Organizations User Guide, SCP general
 * examples; the IAM User Guide's identity-policy variant lists CloudFront, IAM, Route 53 and Support and says to
 * add the other global services used). Per that page, KMS and ACM are included because global services such as
 * CloudFront use them in us-east-1, and STS because its default endpoint is global. AWS notes the example may
 * lag new global services: extend this list, in one place, when the platform adopts one.
 */
export const GLOBAL_SERVICE_ACTIONS = [
  'a4b:*', 'acm:*', 'aws-marketplace-management:*', 'aws-marketplace:*', 'aws-portal:*', 'budgets:*', 'ce:*',
  'chime:*', 'cloudfront:*', 'config:*', 'cur:*', 'directconnect:*', 'ec2:DescribeRegions',
  'ec2:DescribeTransitGateways', 'ec2:DescribeVpnGateways', 'fms:*', 'globalaccelerator:*', 'health:*', 'iam:*',
  'importexport:*', 'kms:*', 'mobileanalytics:*', 'networkmanager:*', 'organizations:*', 'pricing:*', 'route53:*',
  'route53domains:*', 'route53-recovery-cluster:*', 'route53-recovery-control-config:*',
  'route53-recovery-readiness:*', 's3:GetAccountPublic*', 's3:ListAllMyBuckets', 's3:ListMultiRegionAccessPoints',
  's3:PutAccountPublic*', 'shield:*', 'sts:*', 'support:*', 'trustedadvisor:*', 'waf-regional:*', 'waf:*',
  'wafv2:*', 'wellarchitected:*',
] as const;

type Exemptions = Pick<AccessGuardrailsParameters, 'providerRoleArn' | 'adminRoleArns'>;
/** Requests of the exempt principals (provider, break-glass administrators) are not denied. */
const unlessPrincipal = (arns: readonly string[]): ConditionBlock => ({ ArnNotEquals: { 'aws:PrincipalArn': [...new Set(arns)] } });
const exemptPrincipals = (p: Exemptions) => unlessPrincipal([p.providerRoleArn, ...p.adminRoleArns]);

export function regionRestrictionPolicy(p: Pick<AccessGuardrailsParameters, 'region' | 'allowedRegions'> & Exemptions): PolicyDocument {
  return document([{
    Sid: 'DenyRequestsOutsideAllowedRegions', Effect: 'Deny', NotAction: [...GLOBAL_SERVICE_ACTIONS], Resource: '*',
    Condition: { StringNotEquals: { 'aws:RequestedRegion': [...allowedRegionsOf(p)] }, ...exemptPrincipals(p) },
  }]);
}

// ---------------------------------------------------------------------------------------------------------------
// MFA requirement
// ---------------------------------------------------------------------------------------------------------------

/** Every IAM write: who may do what is decided only with a second factor. */
export const MFA_IAM_WRITE_ACTIONS = [
  'iam:Add*', 'iam:Attach*', 'iam:Create*', 'iam:Delete*', 'iam:Detach*', 'iam:Put*', 'iam:Remove*', 'iam:Set*',
  'iam:Tag*', 'iam:Untag*', 'iam:Update*', 'iam:Upload*',
] as const;
/** Turning off or destroying what records and protects: trails, recorders, detectors, keys, flow logs, log groups. */
export const MFA_AUDIT_AND_KEY_ACTIONS = [
  'cloudtrail:DeleteTrail', 'cloudtrail:StopLogging', 'cloudtrail:UpdateTrail', 'cloudtrail:PutEventSelectors',
  'config:DeleteConfigurationRecorder', 'config:StopConfigurationRecorder', 'config:DeleteDeliveryChannel',
  'guardduty:DeleteDetector', 'guardduty:UpdateDetector', 'ec2:DeleteFlowLogs', 'logs:DeleteLogGroup',
  'kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:DisableKeyRotation', 'kms:PutKeyPolicy',
] as const;
/** Destroying data or loosening its protection: buckets and their policies, databases, tables, backups, secrets. */
export const MFA_DATA_DESTRUCTION_ACTIONS = [
  's3:DeleteBucket', 's3:DeleteBucketPolicy', 's3:PutBucketPolicy', 's3:PutBucketPublicAccessBlock',
  's3:PutAccountPublicAccessBlock', 's3:PutBucketVersioning', 's3:PutEncryptionConfiguration',
  's3:PutLifecycleConfiguration', 's3:PutBucketObjectLockConfiguration', 's3:BypassGovernanceRetention',
  'rds:DeleteDBCluster', 'rds:DeleteDBInstance', 'rds:DeleteDBClusterSnapshot', 'rds:DeleteDBSnapshot', 'rds:ModifyDBCluster',
  'dynamodb:DeleteTable', 'dynamodb:DeleteBackup', 'dynamodb:UpdateContinuousBackups',
  'secretsmanager:DeleteSecret', 'secretsmanager:PutResourcePolicy', 'secretsmanager:DeleteResourcePolicy',
] as const;
/** Reading secret values: Secrets Manager secrets and SSM (SecureString) parameters. */
export const MFA_SECRET_READ_ACTIONS = [
  'secretsmanager:GetSecretValue', 'ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParametersByPath', 'ssm:GetParameterHistory',
] as const;

/**
 * Sensitive actions are denied to sessions without MFA. BoolIfExists also denies sessions that carry no MFA
 * information at all (long-term keys). Only the provider is exempt: it is a machine and cannot present MFA;
 * break-glass administrators can and must.
 */
export function mfaPolicy(p: Pick<AccessGuardrailsParameters, 'providerRoleArn'>): PolicyDocument {
  const withoutMfa: ConditionBlock = { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' }, ...unlessPrincipal([p.providerRoleArn]) };
  return document([
    { Sid: 'DenyIamChangesWithoutMfa', Effect: 'Deny', Action: [...MFA_IAM_WRITE_ACTIONS], Resource: '*', Condition: withoutMfa },
    { Sid: 'DenyDisablingAuditOrKeysWithoutMfa', Effect: 'Deny', Action: [...MFA_AUDIT_AND_KEY_ACTIONS], Resource: '*', Condition: withoutMfa },
    { Sid: 'DenyDestroyingDataWithoutMfa', Effect: 'Deny', Action: [...MFA_DATA_DESTRUCTION_ACTIONS], Resource: '*', Condition: withoutMfa },
    { Sid: 'DenyReadingSecretsWithoutMfa', Effect: 'Deny', Action: [...MFA_SECRET_READ_ACTIONS], Resource: '*', Condition: withoutMfa },
  ]);
}

// ---------------------------------------------------------------------------------------------------------------
// Deny guardrail: privilege escalation and audit tampering
// ---------------------------------------------------------------------------------------------------------------

/**
 * Rewriting or deleting a managed policy changes every principal it is attached to (a new default version) or
 * drops a guardrail. Managed policies are the platform's: guarded principals grant through inline role policies.
 */
export const MANAGED_POLICY_ACTIONS = ['iam:CreatePolicyVersion', 'iam:DeletePolicyVersion', 'iam:SetDefaultPolicyVersion', 'iam:DeletePolicy'] as const;
/** IAM users, long-term credentials and user/group policies: the platform works with roles only. */
export const USER_AND_CREDENTIAL_ACTIONS = [
  'iam:CreateUser', 'iam:CreateAccessKey', 'iam:UpdateAccessKey', 'iam:CreateLoginProfile', 'iam:UpdateLoginProfile',
  'iam:CreateServiceSpecificCredential', 'iam:AttachUserPolicy', 'iam:PutUserPolicy', 'iam:AddUserToGroup',
  'iam:AttachGroupPolicy', 'iam:PutGroupPolicy',
] as const;
/** Granting permissions to a role (or creating one): only for workload-path roles that carry the boundary. */
export const ROLE_PERMISSION_ACTIONS = [
  'iam:CreateRole', 'iam:AttachRolePolicy', 'iam:DetachRolePolicy', 'iam:PutRolePolicy', 'iam:DeleteRolePolicy',
  'iam:PutRolePermissionsBoundary',
] as const;
/** Changing who may assume a role. */
export const TRUST_ACTIONS = ['iam:UpdateAssumeRolePolicy'] as const;
export const BOUNDARY_REMOVAL_ACTIONS = ['iam:DeleteRolePermissionsBoundary', 'iam:DeleteUserPermissionsBoundary'] as const;
/**
 * Switching audit off or weakening it. Prefix wildcards (a Deny may use them) keep the policy within IAM's size
 * limit: every Delete/Stop/Disassociate action of these services removes or silences a recorder, trail, rule,
 * detector, IP set or finding source.
 */
export const AUDIT_TAMPERING_ACTIONS = [
  'cloudtrail:Delete*', 'cloudtrail:Stop*', 'cloudtrail:UpdateTrail', 'cloudtrail:Put*Selectors',
  'config:Delete*', 'config:Stop*', 'config:PutConfigurationRecorder', 'config:PutDeliveryChannel',
  // UpdateDetector can disable a detector and cannot be told apart by condition; filters can auto-archive findings.
  'guardduty:Delete*', 'guardduty:Disassociate*', 'guardduty:UpdateDetector', 'guardduty:CreateFilter', 'guardduty:UpdateFilter',
  'securityhub:Disable*', 'securityhub:Disassociate*', 'access-analyzer:DeleteAnalyzer', 'ec2:DeleteFlowLogs',
] as const;
/** Making encrypted data (and logs) unreadable, or taking the key away from the account. */
export const KEY_TAMPERING_ACTIONS = ['kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:DisableKeyRotation', 'kms:PutKeyPolicy'] as const;
export const AUDIT_LOG_GROUP_ACTIONS = [
  'logs:DeleteLogGroup', 'logs:DeleteLogStream', 'logs:PutRetentionPolicy', 'logs:DeleteRetentionPolicy',
  'logs:DisassociateKmsKey', 'logs:DeleteSubscriptionFilter',
] as const;
/** Log groups that always hold audit logs: CloudTrail's conventional prefix and the platform's own (flow logs). */
export const AUDIT_LOG_GROUP_PREFIXES = ['/aws/cloudtrail/', '/secure-baseline/'] as const;

type DenyInputs = Account & Pick<AccessGuardrailsParameters, 'environment' | 'auditLogGroupPrefixes'>;

/**
 * The escalation and audit statements, shared by the deny guardrail (with exemptions) and the boundary (without).
 * Few statements, since the exemption repeats in each and a managed policy holds at most 6,144 characters
 * (a test checks the largest claim the schema admits).
 */
function escalationAndAuditDenies(p: DenyInputs, exempt: ConditionBlock): IdentityStatement[] {
  const partition = partitionOf(p.region);
  // Every managed policy under the platform's path: the guardrails, the boundary, other APIs' policies.
  const platformPolicies = `arn:${partition}:iam::${p.accountId}:policy${POLICY_PATH}*`;
  const workloadRoles = rolePathArn(p, workloadRolePathOf(p.environment));
  const logGroups = [...AUDIT_LOG_GROUP_PREFIXES, ...p.auditLogGroupPrefixes].map((prefix) => `arn:${partition}:logs:*:${p.accountId}:log-group:${prefix}*`);
  const deny = (Sid: string, Action: readonly string[], resource: Resources, own: ConditionBlock = {}): IdentityStatement => {
    const Condition = { ...own, ...exempt };
    return { Sid, Effect: 'Deny', Action: [...Action], ...resource, ...(Object.keys(Condition).length ? { Condition } : {}) } as IdentityStatement;
  };
  return [
    deny('DenyPrivilegeEscalation', [...MANAGED_POLICY_ACTIONS, ...USER_AND_CREDENTIAL_ACTIONS, ...TRUST_ACTIONS, ...BOUNDARY_REMOVAL_ACTIONS], { Resource: '*' }),
    deny('DenyDetachingPlatformPolicies', ['iam:DetachRolePolicy'], { Resource: '*' }, { ArnLike: { 'iam:PolicyARN': platformPolicies } }),
    deny('DenyGrantingOrPassingRolesOutsideWorkloadPath', [...ROLE_PERMISSION_ACTIONS, 'iam:PassRole'], { NotResource: workloadRoles }),
    // iam:PermissionsBoundary is the boundary the role has (or is created or given): it must be the workload boundary.
    deny('DenyRolePermissionChangesWithoutBoundary', ROLE_PERMISSION_ACTIONS, { Resource: '*' }, { StringNotEquals: { 'iam:PermissionsBoundary': permissionBoundaryArnOf(p) } }),
    deny('DenyDisablingAuditOrKeys', [...AUDIT_TAMPERING_ACTIONS, ...KEY_TAMPERING_ACTIONS], { Resource: '*' }),
    deny('DenyTamperingWithAuditLogGroups', AUDIT_LOG_GROUP_ACTIONS, { Resource: logGroups }),
  ];
}

/** The deny guardrail. The provider and the break-glass administrators are exempt (aws:PrincipalArn). */
export function denyPolicy(p: DenyInputs & Exemptions): PolicyDocument {
  return document(escalationAndAuditDenies(p, exemptPrincipals(p)));
}

// ---------------------------------------------------------------------------------------------------------------
// Workload permission boundary
// ---------------------------------------------------------------------------------------------------------------

/** Data-plane actions of the services the platform composes (tables, secrets, databases, logs, topics, functions). */
export const BOUNDARY_REGIONAL_ACTIONS = [
  'dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:PutItem', 'dynamodb:UpdateItem',
  'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'dynamodb:ConditionCheckItem', 'dynamodb:DescribeTable',
  'secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret', 'rds-db:connect', 'logs:CreateLogStream',
  'logs:PutLogEvents', 'sns:Publish', 'lambda:InvokeFunction',
  // Functions attached to the platform's VPC: Lambda creates their network interfaces with the role's permissions.
  'ec2:CreateNetworkInterface', 'ec2:DeleteNetworkInterface', 'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses',
] as const;
export const BOUNDARY_S3_ACTIONS = [
  's3:GetObject', 's3:GetObjectVersion', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload',
  's3:ListMultipartUploadParts', 's3:ListBucket', 's3:GetBucketLocation',
] as const;
export const BOUNDARY_PARAMETER_ACTIONS = ['ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParametersByPath'] as const;
export const BOUNDARY_KEY_ACTIONS = ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'] as const;
/** Actions without resource-level permissions (AWS requires Resource "*"): pinned to the allowed regions instead. */
export const BOUNDARY_UNSCOPED_ACTIONS = ['ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets', 'cloudwatch:PutMetricData'] as const;
/** Services whose use of KMS keys the boundary admits (kms:ViaService): those the platform's data APIs compose. */
export const KEY_VIA_SERVICES = ['s3', 'dynamodb', 'secretsmanager', 'ssm', 'sns'] as const;

/**
 * The most a workload role may ever do: explicit actions of the services the platform composes, on resources of
 * this account in the allowed regions, plus every deny of the guardrail (without exemption: no workload role is
 * the provider or an administrator). A role's own statements grant within this ceiling.
 * A boundary caps every resource of a kind, so its resource ARNs end in wildcards; each statement is listed in
 * the platform's IAM wildcard exceptions.
 */
export function workloadBoundaryPolicy(p: DenyInputs & Pick<AccessGuardrailsParameters, 'allowedRegions'>): PolicyDocument {
  const partition = partitionOf(p.region);
  const regions = allowedRegionsOf(p);
  const inRegions = (service: string, resource: string) => regions.map((r) => `arn:${partition}:${service}:${r}:${p.accountId}:${resource}`);
  return document([
    // The action names the service; the ARN pins account and region.
    { Sid: 'AllowPlatformServicesInThisAccount', Effect: 'Allow', Action: [...BOUNDARY_REGIONAL_ACTIONS], Resource: inRegions('*', '*') },
    // S3 ARNs carry neither region nor account: aws:ResourceAccount pins the buckets to this account.
    {
      Sid: 'AllowS3InThisAccount', Effect: 'Allow', Action: [...BOUNDARY_S3_ACTIONS], Resource: [`arn:${partition}:s3:::*`],
      Condition: { StringEquals: { 'aws:ResourceAccount': p.accountId } },
    },
    // ConfigParameter writes every parameter of the environment under /<environment>/<application>/.
    { Sid: 'AllowReadingEnvironmentParameters', Effect: 'Allow', Action: [...BOUNDARY_PARAMETER_ACTIONS], Resource: inRegions('ssm', `parameter/${p.environment}/*`) },
    {
      Sid: 'AllowUsingKeysThroughPlatformServices', Effect: 'Allow', Action: [...BOUNDARY_KEY_ACTIONS], Resource: inRegions('kms', 'key/*'),
      // The key's ARN pins its region, and a service uses keys of its own region only: any region suffices here.
      Condition: { StringLike: { 'kms:ViaService': KEY_VIA_SERVICES.map((s) => `${s}.*.amazonaws.com`) } },
    },
    {
      Sid: 'AllowUnscopedActionsInAllowedRegions', Effect: 'Allow', Action: [...BOUNDARY_UNSCOPED_ACTIONS], Resource: '*',
      Condition: { StringEquals: { 'aws:RequestedRegion': [...regions] } },
    },
    ...escalationAndAuditDenies(p, {}),
  ]);
}

/** Every action the boundary allows: a role statement granting anything else has no effect. */
export function boundaryAllowedActions(p: Parameters<typeof workloadBoundaryPolicy>[0]): ReadonlySet<string> {
  return new Set(workloadBoundaryPolicy(p).Statement.filter((s) => s.Effect === 'Allow').flatMap((s) => [s.Action ?? []].flat()));
}

// ---------------------------------------------------------------------------------------------------------------
// Workload roles
// ---------------------------------------------------------------------------------------------------------------

/**
 * Services that assume roles without aws:SourceAccount (or aws:SourceArn) in the request context: a condition on
 * it would never match and make the role unusable. EC2 vends instance-profile credentials without either key.
 */
export const SERVICES_WITHOUT_SOURCE_ACCOUNT: readonly string[] = ['ec2.amazonaws.com'];

/**
 * The service, or the roles of this account, named in the claim may assume the role; nobody else. A service may
 * assume it only on behalf of this account's resources (aws:SourceAccount): otherwise any account's resource of
 * that service could be made to act with this role (the confused deputy). Services that supply no source account
 * (SERVICES_WITHOUT_SOURCE_ACCOUNT) are trusted without the condition.
 */
export function workloadTrustPolicy(p: Pick<CommonParameters, 'accountId'>, role: Pick<WorkloadRole, 'trustedService' | 'trustedRoleArns'>): PolicyDocument<TrustStatement> {
  if (!role.trustedService) {
    return document([{ Sid: 'TrustedRolesOfThisAccount', Effect: 'Allow', Principal: { AWS: [...(role.trustedRoleArns ?? [])] }, Action: 'sts:AssumeRole' }]);
  }
  const pinned = !SERVICES_WITHOUT_SOURCE_ACCOUNT.includes(role.trustedService);
  return document([{
    Sid: 'TrustedService', Effect: 'Allow', Principal: { Service: role.trustedService }, Action: 'sts:AssumeRole',
    ...(pinned ? { Condition: { StringEquals: { 'aws:SourceAccount': p.accountId } } } : {}),
  }]);
}

/** The role's own grants, exactly as the claim states them (the schema admits no wildcards). */
export function workloadRolePolicy(role: Pick<WorkloadRole, 'statements'>): PolicyDocument {
  return document((role.statements ?? []).map((s) => ({ Sid: s.sid, Effect: 'Allow' as const, Action: [...s.actions], Resource: [...s.resources] })));
}

// ---------------------------------------------------------------------------------------------------------------
// Cross-account auditor
// ---------------------------------------------------------------------------------------------------------------

/**
 * Only the auditor's account, presenting the ExternalId, from the listed addresses. The account principal
 * (`:root`) delegates to the auditor's own IAM which of its principals may assume the role. MFA cannot be
 * required: the auditor's tooling calls from its own account, where we neither see nor control its MFA.
 */
export function auditorTrustPolicy(p: Pick<AccessGuardrailsParameters, 'region'>, auditor: Pick<AuditorParameters, 'trustedAccountId' | 'allowedSourceCidrs'>, externalId: string): PolicyDocument<TrustStatement> {
  return document([{
    Sid: 'TrustedAuditorAccountWithExternalIdFromKnownAddresses', Effect: 'Allow',
    Principal: { AWS: `arn:${partitionOf(p.region)}:iam::${auditor.trustedAccountId}:root` }, Action: 'sts:AssumeRole',
    Condition: { StringEquals: { 'sts:ExternalId': externalId }, IpAddress: { 'aws:SourceIp': [...auditor.allowedSourceCidrs] } },
  }]);
}

/** Reading data (not configuration): object contents, items, secret values, parameters, decryption, log events. */
export const AUDITOR_DATA_READ_ACTIONS = [
  's3:GetObject', 's3:GetObjectVersion', 's3:GetObjectTorrent',
  'dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:GetRecords', 'dynamodb:PartiQLSelect',
  'secretsmanager:GetSecretValue', 'ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParametersByPath', 'ssm:GetParameterHistory',
  'kms:Decrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*',
  'rds-db:connect', 'rds-data:ExecuteStatement', 'logs:GetLogEvents', 'logs:FilterLogEvents', 'logs:GetLogRecord',
  'logs:StartQuery', 'logs:GetQueryResults', 'lambda:GetFunction', 'ec2:GetPasswordData', 'ec2:GetConsoleOutput',
  'ec2:GetConsoleScreenshot', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage', 'athena:GetQueryResults',
  'sqs:ReceiveMessage', 'kinesis:GetRecords', 'glacier:GetJobOutput', 'codecommit:GitPull', 'codecommit:GetFile',
  'codecommit:GetBlob', 'sts:AssumeRole',
] as const;
/**
 * Mutating actions the auditor is denied, by service. IAM accepts wildcards only in the action name, never in the
 * service prefix (`*:Create*` is refused: MalformedPolicyDocument), so "every write of every service" cannot be
 * written; the lists name, per service, the verbs of its mutating actions.
 *
 * Why these services and not all: SecurityAudit and ReadOnlyAccess are read-only by AWS's definition (Describe,
 * Get, List and the like), so this deny is defense in depth, not what makes the role read-only. It covers the
 * services holding the account's identities and organization (iam, organizations), its keys (kms), everything the
 * platform composes (data, secrets, parameters, databases, functions, network, logs, topics, APIs, events, alarms)
 * and its audit trail (cloudtrail, config, guardduty, securityhub, access-analyzer): should AWS ever add a mutating
 * action of one of them to the managed policies, it stays denied. A write to any other service would need AWS to
 * put a write into a read-only policy of a service the platform does not use. Reads some verbs would catch
 * (securityhub's BatchGet*, apigateway's GET) are left out on purpose. IAM's inline limit (10,240 characters) bounds
 * the lists; a test checks the size.
 */
export const AUDITOR_WRITE_ACTIONS_BY_SERVICE: Readonly<Record<string, readonly string[]>> = {
  iam: ['Add*', 'Attach*', 'Change*', 'Create*', 'Deactivate*', 'Delete*', 'Detach*', 'Enable*', 'PassRole', 'Put*', 'Remove*', 'Reset*', 'Resync*', 'Set*', 'Tag*', 'Untag*', 'Update*', 'Upload*'],
  organizations: ['Accept*', 'Attach*', 'Cancel*', 'Close*', 'Create*', 'Decline*', 'Delete*', 'Deregister*', 'Detach*', 'Disable*', 'Enable*', 'Invite*', 'Leave*', 'Move*', 'Put*', 'Register*', 'Remove*', 'Tag*', 'Untag*', 'Update*'],
  kms: ['Cancel*', 'Connect*', 'Create*', 'Delete*', 'Disable*', 'Disconnect*', 'Enable*', 'Encrypt', 'Import*', 'Put*', 'Replicate*', 'Retire*', 'Revoke*', 'Rotate*', 'Schedule*', 'Sign', 'Tag*', 'Untag*', 'Update*'],
  s3: ['Abort*', 'Bypass*', 'Create*', 'Delete*', 'Initiate*', 'Put*', 'Replicate*', 'Restore*', 'Tag*', 'Untag*', 'Update*'],
  dynamodb: ['BatchWrite*', 'Create*', 'Delete*', 'Disable*', 'Enable*', 'Export*', 'Import*', 'PartiQLDelete', 'PartiQLInsert', 'PartiQLUpdate', 'Put*', 'Restore*', 'Start*', 'Tag*', 'Untag*', 'Update*'],
  secretsmanager: ['Cancel*', 'Create*', 'Delete*', 'Put*', 'Remove*', 'Replicate*', 'Restore*', 'Rotate*', 'Stop*', 'Tag*', 'Untag*', 'Update*'],
  ssm: ['Add*', 'Associate*', 'Cancel*', 'Create*', 'Delete*', 'Deregister*', 'Disassociate*', 'Label*', 'Modify*', 'Put*', 'Register*', 'Remove*', 'Reset*', 'Resume*', 'Send*', 'Start*', 'Stop*', 'Terminate*', 'Unlabel*', 'Update*'],
  rds: ['Add*', 'Apply*', 'Authorize*', 'Backtrack*', 'Cancel*', 'Copy*', 'Create*', 'Delete*', 'Deregister*', 'Disable*', 'Enable*', 'Failover*', 'Modify*', 'Promote*', 'Purchase*', 'Reboot*', 'Register*', 'Remove*', 'Reset*', 'Restore*', 'Revoke*', 'Start*', 'Stop*', 'Switchover*'],
  lambda: ['Add*', 'Create*', 'Delete*', 'Disable*', 'Enable*', 'Invoke*', 'Publish*', 'Put*', 'Remove*', 'Tag*', 'Untag*', 'Update*'],
  ec2: [
    'Accept*', 'Allocate*', 'Apply*', 'Assign*', 'Associate*', 'Attach*', 'Authorize*', 'Cancel*', 'Copy*', 'Create*', 'Delete*', 'Deregister*',
    'Detach*', 'Disable*', 'Disassociate*', 'Enable*', 'Export*', 'Import*', 'Modify*', 'Move*', 'Purchase*', 'Reboot*', 'Register*', 'Reject*',
    'Release*', 'Replace*', 'Request*', 'Reset*', 'Restore*', 'Revoke*', 'Run*', 'Send*', 'Start*', 'Stop*', 'Terminate*', 'Unassign*', 'Update*',
  ],
  logs: ['Associate*', 'Cancel*', 'Create*', 'Delete*', 'Disassociate*', 'Put*', 'Tag*', 'Untag*', 'Update*'],
  sns: ['Add*', 'Confirm*', 'Create*', 'Delete*', 'Opt*', 'Publish*', 'Put*', 'Remove*', 'Set*', 'Subscribe', 'Tag*', 'Unsubscribe', 'Untag*', 'Verify*'],
  // API Gateway's management actions are HTTP verbs (GET is the read).
  apigateway: ['Add*', 'Create*', 'DELETE', 'PATCH', 'POST', 'PUT', 'Remove*', 'Update*'],
  events: ['Activate*', 'Cancel*', 'Create*', 'Deactivate*', 'Delete*', 'Disable*', 'Enable*', 'Invoke*', 'Put*', 'Remove*', 'Start*', 'Tag*', 'Untag*', 'Update*'],
  cloudwatch: ['Delete*', 'Disable*', 'Enable*', 'Put*', 'Set*', 'Start*', 'Stop*', 'Tag*', 'Untag*'],
  cloudtrail: ['Add*', 'Cancel*', 'Create*', 'Delete*', 'Deregister*', 'Disable*', 'Enable*', 'Put*', 'Register*', 'Remove*', 'Restore*', 'Start*', 'Stop*', 'Update*'],
  config: ['Associate*', 'Deliver*', 'Delete*', 'Disassociate*', 'Put*', 'Start*', 'Stop*', 'Tag*', 'Untag*'],
  guardduty: ['Accept*', 'Archive*', 'Associate*', 'Create*', 'Decline*', 'Delete*', 'Disable*', 'Disassociate*', 'Enable*', 'Invite*', 'Start*', 'Stop*', 'Tag*', 'Unarchive*', 'Untag*', 'Update*'],
  securityhub: ['Accept*', 'BatchDelete*', 'BatchDisable*', 'BatchEnable*', 'BatchImport*', 'BatchUpdate*', 'Create*', 'Decline*', 'Delete*', 'Disable*', 'Disassociate*', 'Enable*', 'Invite*', 'Start*', 'Tag*', 'Untag*', 'Update*'],
  'access-analyzer': ['Apply*', 'Cancel*', 'Create*', 'Delete*', 'Start*', 'Tag*', 'Untag*', 'Update*'],
};
/** The write deny's actions: `<service>:<verb pattern>` for every service above. */
export const AUDITOR_WRITE_ACTIONS: readonly string[] = Object.entries(AUDITOR_WRITE_ACTIONS_BY_SERVICE).flatMap(([service, verbs]) => verbs.map((v) => `${service}:${v}`));

/** Inline policy of the auditor role: whatever AWS adds to its managed policies, data reads and writes stay denied. */
export function auditorDenyPolicy(): PolicyDocument {
  return document([
    { Sid: 'DenyReadingData', Effect: 'Deny', Action: [...AUDITOR_DATA_READ_ACTIONS], Resource: '*' },
    { Sid: 'DenyWritingPlatformIdentityAndAuditServices', Effect: 'Deny', Action: [...AUDITOR_WRITE_ACTIONS], Resource: '*' },
  ]);
}

/** Size IAM counts (whitespace excluded): we serialize with JSON.stringify, which adds none. */
export const policySize = (doc: PolicyDocument<unknown>) => JSON.stringify(doc).length;
