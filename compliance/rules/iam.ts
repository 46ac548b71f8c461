/**
 * IAM rules: least privilege in every policy document the platform composes (identity policies, trust policies and
 * resource policies alike), short role sessions, confused-deputy protection on service trust, and no AWS-managed
 * policy beyond the ones lib/policy-exceptions.ts lists.
 */
import type { KubeObject } from '../../lib/composer';
import { isExplicitAction, isExplicitResource, listedException, MANAGED_POLICY_EXCEPTIONS } from '../../lib/policy-exceptions';
import type { ComposedResource, ResourceSet, Rule, RuleResult } from '../rule';
import { fail, ofKind, parseArn, pass, xrMembers } from './crosscutting';

const ROLE = 'iam.aws.m.upbound.io/Role';
const ROLE_POLICY = 'iam.aws.m.upbound.io/RolePolicy';
const POLICY = 'iam.aws.m.upbound.io/Policy';
const ATTACHMENT = 'iam.aws.m.upbound.io/RolePolicyAttachment';

/** Kinds whose forProvider holds policy documents the platform composes (any JSON string field with a Statement). */
export const POLICY_KINDS: readonly string[] = [
  ROLE, ROLE_POLICY, POLICY, 'kms.aws.m.upbound.io/Key', 's3.aws.m.upbound.io/BucketPolicy', 'secretsmanager.aws.m.upbound.io/SecretPolicy',
  'sns.aws.m.upbound.io/TopicPolicy', 'apigateway.aws.m.upbound.io/RestAPIPolicy',
];

export interface Statement {
  Sid?: string; Effect?: string; Principal?: unknown; NotPrincipal?: unknown;
  Action?: string | string[]; NotAction?: string | string[]; Resource?: string | string[]; NotResource?: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}

/** A policy document found in a resource: the forProvider field holding it and its statements. */
export interface FoundPolicy { readonly field: string; readonly statements: readonly Statement[] }

const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : [v].flat() as T[]);

/** Every policy document in a resource's forProvider (any JSON string field holding a Statement). Unparseable JSON is skipped. */
export function policiesOf(o: KubeObject): FoundPolicy[] {
  // Several rules read the same documents of the same (unchanging) object: parse each once per object.
  let found = PARSED.get(o);
  if (!found) {
    found = Object.entries(o.spec?.forProvider ?? {}).flatMap(([field, v]): FoundPolicy[] => {
      if (typeof v !== 'string' || !v.includes('"Statement"')) return [];
      try {
        const doc = JSON.parse(v) as { Statement?: Statement | Statement[] };
        return [{ field: `spec.forProvider.${field}`, statements: list(doc.Statement) }];
      } catch {
        return [];
      }
    });
    PARSED.set(o, found);
  }
  return [...found];
}

const PARSED = new WeakMap<KubeObject, FoundPolicy[]>();

const withPolicies = (set: ResourceSet) => POLICY_KINDS.flatMap((k) => ofKind(set, k)).map((r) => ({ r, policies: policiesOf(r.object) })).filter((x) => x.policies.length > 0);
const isTrust = (p: FoundPolicy) => p.field === 'spec.forProvider.assumeRolePolicy';
const sidOf = (s: Statement, i: number) => s.Sid ?? `statement ${i + 1}`;

/** The wildcards of a policy's Allow statements that lib/policy-exceptions.ts does not list, and Allows naming no resource. */
function unlistedWildcards(kind: string, p: FoundPolicy): string[] {
  return p.statements.flatMap((s, i) => {
    if (s.Effect !== 'Allow') return [];
    const wildcards = [
      ...list(s.Action).filter((a) => !isExplicitAction(a)).map((a) => `Action ${a}`),
      ...(s.NotAction ? ['NotAction'] : []),
      ...(s.NotResource ? ['NotResource'] : []),
      ...list(s.Resource).filter((r) => !isExplicitResource(r)).map((r) => `Resource ${r}`),
    ];
    const problems = wildcards.filter((w) => !listedException(kind, s.Sid, w)).map((w) => `${sidOf(s, i)}: ${w}`);
    if (!isTrust(p) && s.Resource === undefined && s.NotResource === undefined) problems.push(`${sidOf(s, i)}: no Resource`);
    if (list(s.Action).length === 0 && !s.NotAction) problems.push(`${sidOf(s, i)}: no Action`);
    return problems;
  });
}

// --- The environment's account ---------------------------------------------------------------------------------

/** Condition keys whose value is, by their meaning, the account the policy belongs to. */
const OWN_ACCOUNT_KEYS = ['aws:sourceaccount', 'aws:resourceaccount', 'kms:calleraccount'];

function ownAccountConditions(policies: readonly FoundPolicy[]): string[] {
  return policies.flatMap((p) => p.statements.flatMap((s) => Object.values(s.Condition ?? {}).flatMap((byKey) => Object.entries(byKey ?? {})
    .filter(([k]) => OWN_ACCOUNT_KEYS.includes(k.toLowerCase()))
    .flatMap(([, v]) => list(v as string | string[]).filter((x) => typeof x === 'string' && /^\d{12}$/.test(x))))));
}

/**
 * The account a policy belongs to: named by aws:SourceAccount / aws:ResourceAccount / kms:CallerAccount conditions
 * of the policy or of another policy of the same XR, or by the permission boundary of a role of the XR; failing
 * those, the account most of the policy's own resource ARNs name (no judgement on a tie).
 */
function accountsOf(set: ResourceSet, r: ComposedResource, own: readonly FoundPolicy[], arnAccounts: readonly string[]): Set<string> {
  const fromSelf = ownAccountConditions(own);
  if (fromSelf.length) return new Set(fromSelf);
  const members = xrMembers(set, r);
  const fromXr = [
    ...members.flatMap((m) => ownAccountConditions(policiesOf(m.object))),
    ...members.filter((m) => m.object.kind === 'Role').map((m) => parseArn(m.object.spec?.forProvider?.permissionsBoundary)?.account).filter((a): a is string => !!a && /^\d{12}$/.test(a)),
  ];
  if (fromXr.length) return new Set(fromXr);
  const counts = new Map<string, number>();
  for (const a of arnAccounts) counts.set(a, (counts.get(a) ?? 0) + 1);
  const ranked = [...counts].sort((a, b) => b[1] - a[1]);
  return ranked.length && (ranked.length === 1 || ranked[0][1] > ranked[1][1]) ? new Set([ranked[0][0]]) : new Set();
}

/** Account-bearing resource ARNs of a policy's Allow statements (AWS-owned `aws` and account-less ARNs excluded). */
function allowedArns(p: FoundPolicy): Array<{ sid: string; arn: string; account: string }> {
  return p.statements.flatMap((s, i) => (s.Effect !== 'Allow' ? [] : list(s.Resource).flatMap((arn) => {
    const account = parseArn(arn)?.account;
    return account && /^\d{12}$/.test(account) ? [{ sid: sidOf(s, i), arn, account }] : [];
  })));
}

function accountVerdicts(set: ResourceSet, r: ComposedResource, policies: readonly FoundPolicy[]): RuleResult[] {
  return policies.flatMap((p): RuleResult[] => {
    const arns = allowedArns(p);
    if (arns.length === 0) return [];
    const accounts = accountsOf(set, r, policies, arns.map((a) => a.account));
    if (accounts.size === 0) return [];
    const foreign = arns.filter((a) => !accounts.has(a.account));
    return [foreign.length
      ? fail(r, p.field, `${foreign.map((a) => `${a.sid}: ${a.arn}`).join('; ')} ${foreign.length === 1 ? 'is' : 'are'} not in account ${[...accounts].join('/')}, the policy's own: grant only on resources of the environment's account (cross-account access goes through the other account's resource policy)`)
      : pass(r, p.field)];
  });
}

// --- Service trust -------------------------------------------------------------------------------------------

/**
 * Service principals that do not put aws:SourceAccount / aws:SourceArn in the request context when they assume a
 * role, so a trust condition on them would lock the service out. EC2 assumes an instance profile's role for the
 * instance (the instance is not a source resource of the call); scope such roles with their permission policy
 * (and ec2:SourceInstanceARN where needed) instead.
 */
export const SERVICES_WITHOUT_SOURCE_CONTEXT: Readonly<Record<string, string>> = {
  'ec2.amazonaws.com': 'EC2 vends instance-profile credentials without aws:SourceAccount or aws:SourceArn in the AssumeRole context.',
};

const ASSUME_ACTIONS = ['sts:assumerole', 'sts:*', '*'];
const SOURCE_KEYS = ['aws:sourceaccount', 'aws:sourcearn'];

function trustVerdicts(r: ComposedResource): RuleResult[] {
  const field = 'spec.forProvider.assumeRolePolicy';
  const trust = policiesOf(r.object).find(isTrust);
  if (!trust) return [];
  const serviceStatements = trust.statements.map((s, i) => ({ s, i, services: list((s.Principal as { Service?: string | string[] } | undefined)?.Service) }))
    .filter(({ s, services }) => s.Effect === 'Allow' && services.length > 0 && list(s.Action).some((a) => ASSUME_ACTIONS.includes(a.toLowerCase())));
  const judged = serviceStatements.filter(({ services }) => services.some((svc) => !(svc in SERVICES_WITHOUT_SOURCE_CONTEXT)));
  if (judged.length === 0) return [];
  const unpinned = judged.filter(({ s }) => !Object.values(s.Condition ?? {}).some((byKey) => Object.entries(byKey ?? {})
    .some(([k, v]) => SOURCE_KEYS.includes(k.toLowerCase()) && list(v as string | string[]).some((x) => typeof x === 'string' && x !== '*' && x !== ''))));
  return [unpinned.length
    ? fail(r, field, `${unpinned.map(({ s, i, services }) => `${sidOf(s, i)} (${services.join(', ')})`).join('; ')} trusts a service without aws:SourceAccount or aws:SourceArn: add Condition StringEquals aws:SourceAccount (the role's account), or ArnLike aws:SourceArn (the resources that may use the role), so no other account's resource can make the service act with this role (confused deputy)`)
    : pass(r, field)];
}

// --- AWS-managed policies --------------------------------------------------------------------------------------

/** The ARN with its partition written `aws`, as MANAGED_POLICY_EXCEPTIONS lists them. */
const normalized = (arn: string) => arn.replace(/^arn:aws[a-z-]*:/, 'arn:aws:');
const isAwsManaged = (arn: unknown): arn is string => typeof arn === 'string' && /^arn:aws[a-z-]*:iam::aws:policy\//.test(arn);

/** Every managed-policy ARN a role gets: RolePolicyAttachment.policyArn and Role.managedPolicyArns. */
function attachedArns(set: ResourceSet): Array<{ r: ComposedResource; field: string; arn: string }> {
  return [
    ...ofKind(set, ATTACHMENT).flatMap((r) => (typeof r.object.spec?.forProvider?.policyArn === 'string' ? [{ r, field: 'spec.forProvider.policyArn', arn: r.object.spec.forProvider.policyArn as string }] : [])),
    ...ofKind(set, ROLE).flatMap((r) => list(r.object.spec?.forProvider?.managedPolicyArns as string[] | undefined).map((arn, i) => ({ r, field: `spec.forProvider.managedPolicyArns[${i}]`, arn }))),
  ];
}

const ADMINISTRATOR_POLICIES = /:policy\/(?:AdministratorAccess|IAMFullAccess)$/;

/** Allow statements granting every action on every resource. */
function fullAdminStatements(p: FoundPolicy): string[] {
  return p.statements.flatMap((s, i) => (s.Effect === 'Allow' && list(s.Action).some((a) => a === '*' || a === '*:*') && list(s.Resource).includes('*') ? [sidOf(s, i)] : []));
}

export const IAM_RULES: readonly Rule[] = [
  {
    id: 'SB-IAM-1',
    title: 'Every Allow statement names explicit actions and resources, except the wildcards lib/policy-exceptions.ts lists',
    severity: 'high',
    rationale: 'A wildcard grants what nobody reviewed, including actions and resources that do not exist yet. Where AWS requires one (X-Ray, EC2 Describe*, a key policy\'s Resource "*") it is listed once, with why.',
    reads: POLICY_KINDS,
    mappings: { nist80053: ['AC-6'], pciDss: ['7.2.1', '7.2.2'], soc2: ['CC6.3'], cdkNag: ['AwsSolutions-IAM5'], checkov: ['CKV_AWS_63', 'CKV_AWS_355'], awsConfig: 'IAM_POLICY_NO_STATEMENTS_WITH_FULL_ACCESS' },
    check: (set) => withPolicies(set).flatMap(({ r, policies }) => policies.map((p) => {
      const problems = unlistedWildcards(r.object.kind, p);
      return problems.length
        ? fail(r, p.field, `${problems.join('; ')}: name the actions and resource ARNs (or, where AWS supports nothing narrower, list the wildcard with why in lib/policy-exceptions.ts)`)
        : pass(r, p.field);
    })),
  },
  {
    id: 'SB-IAM-2',
    title: "Every resource ARN an Allow statement names belongs to the policy's own account",
    severity: 'high',
    rationale: 'A grant on another account\'s resource is either dead weight or a path for data to leave the environment; cross-account access is decided by the other account, in its resource policy, not by ours.',
    reads: POLICY_KINDS,
    mappings: { nist80053: ['AC-4', 'AC-6'], soc2: ['CC6.1', 'CC6.3'] },
    check: (set) => withPolicies(set).flatMap(({ r, policies }) => accountVerdicts(set, r, policies)),
  },
  {
    id: 'SB-IAM-3',
    title: 'Role sessions last at most one hour',
    severity: 'medium',
    rationale: 'Credentials of a role session stay valid until they expire, whatever happens to the role; a short session limits how long stolen credentials work.',
    reads: [ROLE],
    mappings: { nist80053: ['AC-12', 'IA-5'], soc2: ['CC6.1'] },
    check: (set) => ofKind(set, ROLE).map((r) => {
      const field = 'spec.forProvider.maxSessionDuration';
      const v = r.object.spec?.forProvider?.maxSessionDuration;
      // Unset, AWS applies its default of one hour.
      return v === undefined || (typeof v === 'number' && v <= 3600) ? pass(r, field) : fail(r, field, 'set maxSessionDuration to 3600 seconds or less (AccessGuardrails and every platform role use 3600)');
    }),
  },
  {
    id: 'SB-IAM-4',
    title: 'A role trusting an AWS service pins aws:SourceAccount or aws:SourceArn (where the service provides them)',
    severity: 'high',
    rationale: 'Without the condition, the service may assume the role on behalf of a resource of any account: the confused-deputy problem. EC2 instance roles are exempt because EC2 does not supply the keys (SERVICES_WITHOUT_SOURCE_CONTEXT).',
    reads: [ROLE],
    mappings: { nist80053: ['AC-3', 'AC-6'], soc2: ['CC6.1'] },
    check: (set) => ofKind(set, ROLE).flatMap(trustVerdicts),
  },
  {
    id: 'SB-IAM-5',
    title: 'Only the AWS-managed policies lib/policy-exceptions.ts lists are attached',
    severity: 'medium',
    rationale: 'AWS-managed policies are broad and change without review; the platform attaches one only where AWS documents it as what a service role needs, listed once with why.',
    reads: [ATTACHMENT, ROLE],
    mappings: { nist80053: ['AC-6'], pciDss: ['7.2.2'], soc2: ['CC6.3'], cdkNag: ['AwsSolutions-IAM4'] },
    check: (set) => attachedArns(set).map(({ r, field, arn }) => (!isAwsManaged(arn) || normalized(arn) in MANAGED_POLICY_EXCEPTIONS
      ? pass(r, field)
      : fail(r, field, `${arn} is an AWS-managed policy not listed in lib/policy-exceptions.ts MANAGED_POLICY_EXCEPTIONS: grant explicit actions on explicit ARNs in an inline or platform policy instead`))),
  },
  {
    id: 'SB-IAM-6',
    title: 'No role gets AdministratorAccess or IAMFullAccess',
    severity: 'critical',
    rationale: 'Full administrative or IAM access turns any compromise of the role into a compromise of the account: it can grant itself anything.',
    reads: [ATTACHMENT, ROLE],
    mappings: { cis: ['1.16'], nist80053: ['AC-6', 'AC-6(5)'], pciDss: ['7.2.2'], soc2: ['CC6.3'], checkov: ['CKV_AWS_274'], awsConfig: 'IAM_POLICY_BLACKLISTED_CHECK' },
    check: (set) => attachedArns(set).map(({ r, field, arn }) => (isAwsManaged(arn) && ADMINISTRATOR_POLICIES.test(arn)
      ? fail(r, field, `detach ${arn}: grant the actions the role needs on the resources it needs`)
      : pass(r, field))),
  },
  {
    id: 'SB-IAM-7',
    title: 'No policy allows every action on every resource ("*" on "*")',
    severity: 'critical',
    rationale: 'A statement allowing "*" on "*" is full administrator access, whatever the policy is called.',
    reads: POLICY_KINDS,
    mappings: { cis: ['1.16'], nist80053: ['AC-6', 'AC-6(5)'], pciDss: ['7.2.2'], soc2: ['CC6.3'], checkov: ['CKV_AWS_62'], awsConfig: 'IAM_POLICY_NO_STATEMENTS_WITH_ADMIN_ACCESS' },
    check: (set) => withPolicies(set).flatMap(({ r, policies }) => policies.filter((p) => !isTrust(p)).map((p) => {
      const admin = fullAdminStatements(p);
      return admin.length ? fail(r, p.field, `${admin.join(', ')} allow${admin.length === 1 ? 's' : ''} "*" on "*": name the actions and resources`) : pass(r, p.field);
    })),
  },
];
