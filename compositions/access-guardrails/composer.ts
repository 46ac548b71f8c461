/**
 * AccessGuardrails → IAM guardrails of an environment's account:
 * - three managed guardrail policies (region restriction, MFA requirement, deny of privilege escalation and audit
 *   tampering) and the workload permission boundary, under deterministic names (see guardrail-policies.ts);
 * - workload roles (boundary, one-hour sessions, optional inline statements) with the region restriction and the
 *   deny guardrail attached;
 * - attachments of the guardrails to existing roles named in attachTo (roles only: group attachments are not
 *   among the imported provider kinds): roleNames (people) get all three, serviceRoleNames (machines) all but MFA;
 * - a cross-account auditor role whose trust policy carries an ExternalId read from a Kubernetes Secret (function
 *   requirement): not composed until the Secret exists. Its AWS-managed read policies are attached only once its
 *   inline deny is Ready.
 *
 * Notes for users:
 * - The ExternalId never appears in the claim, in git or in the synth-time preview (the Secret is not there). It
 *   is written into the auditor Role's trust policy, so it is stored in the Role's spec in etcd (like any managed
 *   resource's spec) and in IAM; it is an anti-confused-deputy token, not a password.
 * - MFA does not apply to the auditor: it assumes the role from its own account, whose MFA we neither see nor
 *   control. ExternalId, source addresses, the one-hour session and the explicit deny stand in for it.
 * - The MFA requirement checks aws:MultiFactorAuthPresent, which sessions of roles assumed with MFA carry. Sessions
 *   federated through SAML or IAM Identity Center do not carry it: enforce MFA at the identity provider and do not
 *   list such roles in attachTo.roleNames (they would lose every MFA-protected action).
 * - aws:SourceIp is absent on calls made through VPC endpoints or by AWS services on the auditor's behalf: such
 *   calls cannot assume the auditor role.
 * - The auditor role carries no guardrail or boundary: its only grants are AWS's read-only SecurityAudit (and
 *   ReadOnlyAccess) policies, its inline deny keeps data reads (and writes to the account's identity, key, platform
 *   and audit services) out, and it must read every region to audit it.
 */
import { createHash } from 'node:crypto';
import * as iam from '../../imports/aws-iam-iam.aws.m.upbound.io';
import { sameXrSelector } from '../../lib/common';
import { atProvider, InputError, reported, type ComposeInput, type Composition, type KubeObject, type RequiredResource, type XrCondition } from '../../lib/composer';
import { ComposerKit } from '../../lib/kit';
import {
  auditorDenyPolicy, auditorRoleNameOf, auditorRolePathOf, auditorTrustPolicy, awsManagedPolicyArn, boundaryAllowedActions,
  denyPolicy, guardrailPolicyNamesOf, MAX_INLINE_POLICY_CHARS, mfaPolicy, permissionBoundaryArnOf, POLICY_PATH, policySize, regionRestrictionPolicy,
  workloadBoundaryPolicy, workloadRoleNameOf, workloadRolePathOf, workloadRolePolicy, workloadTrustPolicy, type PolicyDocument,
} from './guardrail-policies';
import {
  EXTERNAL_ID_PATTERN, MAX_EXTERNAL_ID_LENGTH, MIN_EXTERNAL_ID_LENGTH,
  type AccessGuardrailsParameters, type AccessGuardrailsStatus, type AuditorParameters, type WorkloadRole,
} from './parameters';

export const KIND = 'AccessGuardrails';
/** Requirement under which Crossplane hands the function the ExternalId Secret. */
export const EXTERNAL_ID_REQUIREMENT = 'auditor-external-id';
/** Every composed role lives at most one hour per session. */
export const MAX_SESSION_SECONDS = 3600;
export const AUDITOR_CONDITION = 'AuditorExternalIdReady';

/** The guardrail managed policies: composition resource name, policy name key, and what it is. */
const GUARDRAILS = [
  { resource: 'region-restriction-policy', name: 'regionRestriction', description: 'Denies requests to regions outside the allowed ones, except to global services' },
  { resource: 'mfa-policy', name: 'mfa', description: 'Denies IAM changes, destruction of data and audit, and secret reads without MFA' },
  { resource: 'deny-policy', name: 'deny', description: 'Denies privilege escalation and disabling audit (provider and break-glass roles exempt)' },
  { resource: 'workload-boundary-policy', name: 'boundary', description: 'Permission boundary of every workload role' },
] as const;
export type Guardrail = (typeof GUARDRAILS)[number]['resource'];
/** What each kind of role gets: people also get the MFA requirement; machines never could meet it. */
const FOR_WORKLOADS: readonly Guardrail[] = ['region-restriction-policy', 'deny-policy'];
const FOR_PEOPLE: readonly Guardrail[] = ['region-restriction-policy', 'deny-policy', 'mfa-policy'];
const SHORT: Record<Guardrail, string> = {
  'region-restriction-policy': 'region', 'mfa-policy': 'mfa', 'deny-policy': 'deny', 'workload-boundary-policy': 'boundary',
};

/**
 * Composition resource names (also component label values, so at most 63 characters). Each kind has its own
 * prefix, so no name (a DNS label) can make two of them equal.
 */
export const resourceNames = {
  workloadRole: (name: string) => `workload-role-${name}`,
  workloadPolicy: (name: string) => `workload-policy-${name}`,
  workloadAttachment: (name: string, g: Guardrail) => `workload-${SHORT[g]}-${name}`,
  /**
   * An existing role's attachment: a readable slug of the role name plus a hash of it, since IAM role names are
   * up to 64 characters of a wider alphabet (and case-insensitive: the hash is of the lower-cased name).
   */
  roleAttachment: (roleName: string, g: Guardrail) => {
    const lower = roleName.toLowerCase();
    const slug = lower.replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 36).replace(/-$/, '');
    return `attach-${SHORT[g]}-${slug ? `${slug}-` : ''}${createHash('sha256').update(lower).digest('hex').slice(0, 8)}`;
  },
};

/** What every part of an AccessGuardrails' composition shares: the kit, the guardrail policies' names, the warnings. */
interface GuardrailParts {
  readonly kit: ComposerKit<AccessGuardrailsParameters>;
  readonly p: AccessGuardrailsParameters;
  /** The guardrail managed policies' names (deterministic: see guardrail-policies.ts). */
  readonly names: ReturnType<typeof guardrailPolicyNamesOf>;
  readonly warnings: string[];
}

/** The managed policies: names are external names, so other APIs and people can rely on them. */
function composeGuardrailPolicies({ kit, p, names }: GuardrailParts): void {
  const documents: Record<Guardrail, PolicyDocument> = {
    'region-restriction-policy': regionRestrictionPolicy(p),
    'mfa-policy': mfaPolicy(p),
    'deny-policy': denyPolicy(p),
    'workload-boundary-policy': workloadBoundaryPolicy(p),
  };
  for (const g of GUARDRAILS) {
    kit.add(g.resource, iam.IamPolicy, {
      path: POLICY_PATH, description: `${g.description} (environment ${p.environment})`, policy: JSON.stringify(documents[g.resource]), tags: kit.tags,
    }, { externalName: names[g.name] });
  }
}

/** Attaches a guardrail to a role: one composed here (by selector) or an existing one (by name). */
function attachGuardrail(kit: ComposerKit<AccessGuardrailsParameters>, key: string, guardrail: Guardrail, role: { role: string } | { roleSelector: ReturnType<typeof sameXrSelector> }): void {
  kit.add(key, iam.IamRolePolicyAttachment, { policyArnSelector: sameXrSelector(guardrail), ...role });
}

/** The boundary of every workload role: its ARN, and the actions it allows (grants beyond them have no effect). */
interface Boundary {
  readonly arn: string;
  readonly allowed: ReadonlySet<string>;
}

/** A workload role's inline policy of its own explicit statements, and a warning for those its boundary caps. */
function composeWorkloadPolicy({ kit, names, warnings }: GuardrailParts, w: WorkloadRole, i: number, boundary: Boundary): void {
  if (!w.statements?.length) return;
  const policy = workloadRolePolicy(w);
  if (policySize(policy) > MAX_INLINE_POLICY_CHARS) {
    throw new InputError(`spec.workloadRoles[${i}].statements`, `the inline policy would be ${policySize(policy)} characters; IAM allows ${MAX_INLINE_POLICY_CHARS}`);
  }
  kit.add(resourceNames.workloadPolicy(w.name), iam.IamRolePolicy, { roleSelector: sameXrSelector(resourceNames.workloadRole(w.name)), policy: JSON.stringify(policy) });
  const capped = [...new Set(w.statements.flatMap((s) => s.actions.filter((a) => !boundary.allowed.has(a))))];
  if (capped.length) {
    warnings.push(`spec.workloadRoles[${i}] (${w.name}): ${capped.join(', ')} not allowed by the permission boundary ${names.boundary}; these grants have no effect`);
  }
}

/** A workload role: the boundary, one-hour sessions, its own explicit statements, two guardrails; returns its IAM name. */
function composeWorkloadRole(parts: GuardrailParts, w: WorkloadRole, i: number, boundary: Boundary): string {
  const { kit, p, names } = parts;
  const key = resourceNames.workloadRole(w.name);
  const roleName = workloadRoleNameOf(p.environment, w.name);
  kit.add(key, iam.IamRole, {
    path: workloadRolePathOf(p.environment),
    description: `Workload role ${w.name} of environment ${p.environment}, bounded by ${names.boundary}`,
    assumeRolePolicy: JSON.stringify(workloadTrustPolicy(p, w)),
    // permissionsBoundary takes an ARN only (no selector): the boundary's name is deterministic.
    permissionsBoundary: boundary.arn,
    maxSessionDuration: MAX_SESSION_SECONDS,
    forceDetachPolicies: true,
    tags: kit.tags,
  }, { externalName: roleName });
  composeWorkloadPolicy(parts, w, i, boundary);
  for (const g of FOR_WORKLOADS) attachGuardrail(kit, resourceNames.workloadAttachment(w.name, g), g, { roleSelector: sameXrSelector(key) });
  return roleName;
}

/** The workload roles; returns their IAM names, lower-cased (IAM role names are case-insensitive). */
function composeWorkloadRoles(parts: GuardrailParts): ReadonlySet<string> {
  const boundary: Boundary = { arn: permissionBoundaryArnOf(parts.p), allowed: boundaryAllowedActions(parts.p) };
  const workloadRoleNames = new Set<string>();
  parts.p.workloadRoles.forEach((w, i) => {
    workloadRoleNames.add(composeWorkloadRole(parts, w, i, boundary).toLowerCase());
  });
  return workloadRoleNames;
}

/** Existing roles named in attachTo: roleNames (people) get all three guardrails, serviceRoleNames (machines) all but MFA. */
function composeExistingRoleAttachments({ kit, p }: GuardrailParts, workloadRoleNames: ReadonlySet<string>): void {
  const attached = new Map<string, string>();
  const attachExisting = (field: 'roleNames' | 'serviceRoleNames', guardrails: readonly Guardrail[]) => {
    p.attachTo[field].forEach((roleName, i) => {
      const path = `spec.attachTo.${field}[${i}]`;
      if (workloadRoleNames.has(roleName.toLowerCase())) throw new InputError(path, `${roleName} is a workload role of this AccessGuardrails: it gets its guardrails already`);
      const clash = attached.get(roleName.toLowerCase());
      if (clash) throw new InputError(path, `${roleName} is listed already as ${clash}: IAM role names are case-insensitive`);
      attached.set(roleName.toLowerCase(), roleName);
      for (const g of guardrails) attachGuardrail(kit, resourceNames.roleAttachment(roleName, g), g, { role: roleName });
    });
  };
  attachExisting('roleNames', FOR_PEOPLE);
  attachExisting('serviceRoleNames', FOR_WORKLOADS);
}

/** The cross-account auditor role (once its trust policy is known), its inline deny, and AWS's read policies. */
function composeAuditorRole({ kit, p }: GuardrailParts, a: AuditorParameters, trustPolicy: string, observed: ComposeInput<unknown>['observed']): void {
  kit.add('auditor-role', iam.IamRole, {
    path: auditorRolePathOf(p.environment),
    description: `Read-only auditor role of environment ${p.environment} for account ${a.trustedAccountId} (ExternalId, source IPs)`,
    assumeRolePolicy: trustPolicy,
    maxSessionDuration: MAX_SESSION_SECONDS,
    forceDetachPolicies: true,
    tags: kit.tags,
  }, { externalName: auditorRoleNameOf(p.environment) });
  const roleSelector = sameXrSelector('auditor-role');
  kit.add('auditor-deny-policy', iam.IamRolePolicy, { roleSelector, policy: JSON.stringify(auditorDenyPolicy()) });
  // AWS-managed read policies: the accepted exception; the inline deny above overrides their data reads. They are
  // attached only once the provider reports the deny Ready (in IAM), so the role never holds ReadOnlyAccess's data
  // reads without it; an attachment that exists already is kept while the deny is being updated (not detached
  // and attached again at each change of the deny).
  const denyInPlace = isReady(observed['auditor-deny-policy']);
  const managed = a.access === 'ReadOnly' ? (['SecurityAudit', 'ReadOnlyAccess'] as const) : (['SecurityAudit'] as const);
  for (const m of managed) {
    const key = m === 'SecurityAudit' ? 'auditor-security-audit' : 'auditor-read-only-access';
    if (!denyInPlace && !observed[key]) continue;
    kit.add(key, iam.IamRolePolicyAttachment, { policyArn: awsManagedPolicyArn(p.region, m), roleSelector });
  }
}

/** The XR's status: the ARNs of the guardrail policies, the auditor role and the workload roles, once observed. */
function guardrailsStatus({ kit, p }: GuardrailParts, observed: ComposeInput<unknown>['observed']): Partial<AccessGuardrailsStatus> {
  const workloadRoleArns = Object.fromEntries(p.workloadRoles
    .map((w) => [w.name, atProvider(observed[resourceNames.workloadRole(w.name)], 'arn')] as const)
    .filter((e): e is readonly [string, string] => e[1] !== undefined));
  return reported<AccessGuardrailsStatus>({
    regionRestrictionPolicyArn: atProvider(observed['region-restriction-policy'], 'arn'),
    mfaPolicyArn: atProvider(observed['mfa-policy'], 'arn'),
    denyPolicyArn: atProvider(observed['deny-policy'], 'arn'),
    permissionBoundaryArn: atProvider(observed['workload-boundary-policy'], 'arn'),
    auditorRoleArn: kit.resources['auditor-role'] ? atProvider(observed['auditor-role'], 'arn') : undefined,
    workloadRoleArns: Object.keys(workloadRoleArns).length ? workloadRoleArns : undefined,
  });
}

export function composeAccessGuardrails({ xr, observed, required }: ComposeInput<AccessGuardrailsParameters>): Composition<AccessGuardrailsStatus> {
  const p = xr.spec;
  const kit = new ComposerKit(KIND, xr);
  const parts: GuardrailParts = { kit, p, names: guardrailPolicyNamesOf(p.environment), warnings: [] };

  composeGuardrailPolicies(parts);
  const workloadRoleNames = composeWorkloadRoles(parts);
  composeExistingRoleAttachments(parts, workloadRoleNames);
  // --- The cross-account auditor. ---
  const auditor = p.auditor ? composeAuditor(p, p.auditor, xr.metadata.namespace, required, observed['auditor-role']) : undefined;
  if (p.auditor && auditor?.trustPolicy) composeAuditorRole(parts, p.auditor, auditor.trustPolicy, observed);

  const { warnings } = parts;
  return {
    resources: kit.resources,
    ...(auditor ? { requirements: auditor.requirements, conditions: [auditor.condition] } : {}),
    ...(warnings.length ? { warnings } : {}),
    status: guardrailsStatus(parts, observed),
  };
}

/** A composed resource its provider reports Ready. */
function isReady(o: KubeObject | undefined): boolean {
  const conditions: Array<{ type?: string; status?: string }> = o?.status?.conditions ?? [];
  return conditions.some((c) => c.type === 'Ready' && c.status === 'True');
}

interface AuditorComposition {
  readonly requirements: Record<string, RequiredResource>;
  readonly condition: XrCondition;
  /** The trust policy to compose the role with; none while the ExternalId is unknown and no role exists yet. */
  readonly trustPolicy?: string;
}

/**
 * Reads the ExternalId from the referenced Secret (a function requirement) and builds the trust policy. Once the
 * role exists, a Secret that goes missing (deleted, or momentarily not handed over) keeps the role with the
 * trust policy it has: the role is removed only by removing spec.auditor.
 */
function composeAuditor(p: AccessGuardrailsParameters, a: AuditorParameters, namespace: string, required: ComposeInput<unknown>['required'], existing: KubeObject | undefined): AuditorComposition {
  const ref = a.externalIdSecretRef;
  const requirements = { [EXTERNAL_ID_REQUIREMENT]: { apiVersion: 'v1', kind: 'Secret', matchName: ref.name, namespace } };
  const secret = required[EXTERNAL_ID_REQUIREMENT]?.find((o) => o.metadata?.name === ref.name);
  if (!secret) {
    const kept: unknown = existing?.spec?.forProvider?.assumeRolePolicy;
    const what = `Secret ${namespace}/${ref.name} (key ${ref.key}, the auditor's ExternalId) not found`;
    return {
      requirements,
      ...(typeof kept === 'string' && kept !== '' ? { trustPolicy: kept } : {}),
      condition: {
        type: AUDITOR_CONDITION, status: 'False', reason: 'ExternalIdSecretMissing',
        message: typeof kept === 'string' && kept !== ''
          ? `${what}: the auditor role keeps its current trust policy; changes to spec.auditor reach it once the Secret exists again`
          : `${what}: no auditor role is composed until it exists`,
      },
    };
  }
  const encoded: unknown = (secret as { data?: Record<string, unknown> }).data?.[ref.key];
  const field = 'spec.auditor.externalIdSecretRef';
  if (typeof encoded !== 'string' || encoded === '') throw new InputError(`${field}.key`, `Secret ${namespace}/${ref.name} has no key ${ref.key}`);
  const externalId = Buffer.from(encoded, 'base64').toString('utf8');
  if (externalId.length < MIN_EXTERNAL_ID_LENGTH) {
    throw new InputError(field, `the ExternalId in Secret ${namespace}/${ref.name} key ${ref.key} is ${externalId.length} characters; at least ${MIN_EXTERNAL_ID_LENGTH} are required (use a random value, e.g. openssl rand -hex 16)`);
  }
  if (externalId.length > MAX_EXTERNAL_ID_LENGTH || !EXTERNAL_ID_PATTERN.test(externalId)) {
    throw new InputError(field, `the ExternalId in Secret ${namespace}/${ref.name} key ${ref.key} must be at most ${MAX_EXTERNAL_ID_LENGTH} characters of A-Z a-z 0-9 _ + = , . @ : / - (no spaces or newlines)`);
  }
  return {
    requirements,
    trustPolicy: JSON.stringify(auditorTrustPolicy(p, a, externalId)),
    condition: {
      type: AUDITOR_CONDITION, status: 'True', reason: 'Available',
      message: `The auditor role trusts account ${a.trustedAccountId} with the ExternalId from Secret ${namespace}/${ref.name}`,
    },
  };
}
