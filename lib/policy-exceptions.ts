/**
 * Every IAM policy this platform composes grants explicit actions on explicit resources. The few places where AWS
 * requires a wildcard (or where a resource policy's `*` means "this resource") are listed here, in one place, each
 * with why; test/security-invariants.test.ts fails on any wildcard in an Allow statement that is not listed, and on
 * any entry here that nothing uses any more. Deny statements may use wildcards: a broader deny is a stricter policy.
 *
 * What counts as explicit: an ARN without `*`/`?`, or a named container's children, which is how AWS addresses
 * them: objects under a named bucket (`arn:aws:s3:::bucket/prefix/*`), streams of a named log group
 * (`…:log-group:NAME:log-stream:*`), indexes and streams of a named table (`…:table/NAME/index/*`).
 */

export interface WildcardException {
  /** The composed managed-resource kind whose policy holds the statement (e.g. `Key` for a KMS key policy). */
  readonly kind: string;
  /** Statement id; omitted when the exception holds for every statement of policies of `kind`. */
  readonly sid?: string;
  /** The wildcards allowed, matched against `Action <action>`, `Resource <resource>` or `NotAction`. */
  readonly wildcards: readonly RegExp[];
  readonly why: string;
}

export const WILDCARD_EXCEPTIONS: readonly WildcardException[] = [
  {
    kind: 'Key', wildcards: [/^Resource \*$/],
    why: 'In a KMS key policy, Resource "*" means the key the policy is attached to; AWS accepts nothing else there.',
  },
  {
    kind: 'Key', sid: 'AccountRootAdministersKey', wildcards: [/^Action kms:\*$/],
    why: 'The account root must keep full control of the key or the key can become unmanageable (AWS default key policy); it delegates to IAM policies of the account, which are least privilege.',
  },
  {
    kind: 'SecretPolicy', wildcards: [/^Resource \*$/],
    why: 'In a Secrets Manager resource policy, Resource "*" means the secret the policy is attached to.',
  },
  {
    kind: 'RolePolicy', sid: 'DescribeLogGroups', wildcards: [/^Resource arn:aws[a-z-]*:logs:[a-z0-9-]+:\d{12}:log-group:\*$/],
    why: 'logs:DescribeLogGroups cannot be scoped to one log group: AWS requires log-group:* in the account and region (the VPC flow-log role uses it to find its group).',
  },
  // --- SecureFunction execution role (compositions/secure-function/function-policy.ts) ---
  {
    kind: 'RolePolicy', sid: 'DescribeNetworkInterfaces', wildcards: [/^Resource \*$/],
    why: 'ec2:DescribeNetworkInterfaces and ec2:DescribeSubnets support no resource-level permissions; Lambda needs them to attach the function to its VPC.',
  },
  {
    kind: 'RolePolicy', sid: 'CreateNetworkInterfacesInOwnVpc', wildcards: [/^Resource arn:aws[a-z-]*:ec2:[a-z0-9-]+:\d{12}:(network-interface|subnet|security-group)\/\*$/],
    why: 'The interface id does not exist before ec2:CreateNetworkInterface and Lambda picks the subnet; the statement\'s ec2:Vpc condition (the Network\'s VPC) confines all three.',
  },
  {
    kind: 'RolePolicy', sid: 'ManageNetworkInterfaces', wildcards: [/^Resource arn:aws[a-z-]*:ec2:[a-z0-9-]+:\d{12}:network-interface\/\*$/],
    why: 'Lambda creates the interfaces with ids unknown in advance; AWS documents that DeleteNetworkInterface must be allowed on all of them or the function may lose VPC access. Region and account are pinned.',
  },
  {
    kind: 'RolePolicy', sid: 'WriteTraces', wildcards: [/^Resource \*$/],
    why: 'xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions.',
  },
  {
    kind: 'RolePolicy', sid: 'GenerateRandomPasswords', wildcards: [/^Resource \*$/],
    why: 'secretsmanager:GetRandomPassword acts on no resource (it returns random characters) and supports no resource-level permissions; only rotation functions (permissions.rotateSecrets) get it.',
  },
  // --- SecureApi resource policy (compositions/secure-api/api-policy.ts) ---
  {
    kind: 'RestAPIPolicy', sid: 'AllowIamPrincipalsOfAllowedAccounts', wildcards: [/^Resource arn:aws[a-z-]*:execute-api:[a-z0-9-]+:\d{12}:[a-z0-9]+\/[A-Za-z0-9_-]+\/[A-Z*]+\/.*$/],
    why: 'IAM matches the request\'s real path (/orders/42): a path-parameter segment can only be matched by *, and an ANY route by * as the method. API, stage and literal segments stay explicit.',
  },
  {
    kind: 'RestAPIPolicy', sid: 'AllowApiKeyHoldersOnApiKeyRoutes', wildcards: [/^Resource arn:aws[a-z-]*:execute-api:[a-z0-9-]+:\d{12}:[a-z0-9]+\/[A-Za-z0-9_-]+\/[A-Z*]+\/.*$/],
    why: 'As above, for routes that require an API key (callers are not IAM principals; the method requires the key).',
  },
  // --- AccessGuardrails permission boundary (compositions/access-guardrails/guardrail-policies.ts) ---
  {
    kind: 'Policy', sid: 'AllowPlatformServicesInThisAccount', wildcards: [/^Resource arn:aws[a-z-]*:\*:[a-z0-9-]+:\d{12}:\*$/],
    why: 'A permission boundary caps, it grants nothing: every action is explicit, the ARN pins account and region. One ARN per service and region would exceed IAM\'s 6,144-character managed-policy limit.',
  },
  {
    kind: 'Policy', sid: 'AllowS3InThisAccount', wildcards: [/^Resource arn:aws[a-z-]*:s3:::\*$/],
    why: 'S3 ARNs carry no account or region; the statement\'s aws:ResourceAccount condition pins the account (boundary only, actions explicit).',
  },
  {
    kind: 'Policy', sid: 'AllowReadingEnvironmentParameters', wildcards: [/^Resource arn:aws[a-z-]*:ssm:[a-z0-9-]+:\d{12}:parameter\/[a-z0-9-]+\/\*$/],
    why: 'The parameters of the environment\'s path (/<environment>/...), the ConfigParameter layout (boundary only, actions explicit).',
  },
  {
    kind: 'Policy', sid: 'AllowUsingKeysThroughPlatformServices', wildcards: [/^Resource arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/\*$/],
    why: 'Keys of the account and region, only through the platform services (kms:ViaService condition); key ids are unknown to the boundary.',
  },
  {
    kind: 'Policy', sid: 'AllowUnscopedActionsInAllowedRegions', wildcards: [/^Resource \*$/],
    why: 'ec2:DescribeNetworkInterfaces, ec2:DescribeSubnets and cloudwatch:PutMetricData support no resource-level permissions; the aws:RequestedRegion condition pins the regions.',
  },
];

/** Allowed patterns of a named container's children (see the module comment). */
export const SCOPED_CHILD_PATTERNS: readonly RegExp[] = [
  /^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]*[a-z0-9](\/[^*?]+)*\/\*$/,
  /^arn:aws[a-z-]*:logs:[a-z0-9-]+:\d{12}:log-group:[^*?]+:(log-stream:[^*?]*)?\*$/,
  /^arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:\d{12}:table\/[^*?/]+\/(index|stream)\/\*$/,
];

/** Whether a resource ARN in an Allow statement is explicit. */
export function isExplicitResource(resource: string): boolean {
  if (!/[*?]/.test(resource)) return true;
  return SCOPED_CHILD_PATTERNS.some((p) => p.test(resource));
}

/** Whether an action is explicit (one API action, no wildcard). */
export function isExplicitAction(action: string): boolean {
  return !/[*?]/.test(action);
}

/** The exception that lists a wildcard (`Action x`, `Resource y`, `NotAction`) of a statement of a policy of `kind`. */
export function listedException(kind: string, sid: string | undefined, wildcard: string): WildcardException | undefined {
  return WILDCARD_EXCEPTIONS.find((e) => e.kind === kind && (e.sid === undefined || e.sid === sid) && e.wildcards.some((w) => w.test(wildcard)));
}

/**
 * AWS-managed policies the platform attaches: where AWS documents a managed policy as what a service role needs
 * and it follows the service's own changes (new resource types, new log APIs), which a copy would not. Nothing
 * else attaches AWS-managed policies; test/security-invariants.test.ts checks every attachment against this list.
 */
export const MANAGED_POLICY_EXCEPTIONS: Readonly<Record<string, string>> = {
  'arn:aws:iam::aws:policy/service-role/AWS_ConfigRole': 'AWS Config\'s recorder must describe every supported resource type (read-only); AWS keeps the list current as types are added.',
  'arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs': 'API Gateway\'s regional CloudWatch role creates and writes the log groups it names after API ids; AWS documents this policy for it.',
  'arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole': 'RDS Enhanced Monitoring writes to the RDSOSMetrics log group; AWS documents this policy for its monitoring role.',
  'arn:aws:iam::aws:policy/SecurityAudit': 'The cross-account auditor reads security configuration of every service; its inline policy denies data reads and writes to the identity, key, platform and audit services, and is in place before this is attached.',
  'arn:aws:iam::aws:policy/ReadOnlyAccess': 'Only when an auditor is given ReadOnly access explicitly; the same inline deny applies, and is in place before this is attached.',
};
