import { describe, expect, it } from '@jest/globals';
import { InputError, type KubeObject } from '../../lib/composer';
import { parseSpec } from '../../lib/parameters';
import { asXr, DEV_COMMON, PROD_COMMON, xrObject } from '../../test/support/xr';
import { readyManaged } from '../../synth/steady-state';
import { KubeValidator } from '../../lib/validation';
import { accessGuardrailsApi, permissionBoundaryArnOf } from '.';
import { AUDITOR_CONDITION, EXTERNAL_ID_REQUIREMENT, resourceNames } from './composer';
import { ACCESS_GUARDRAILS_EXAMPLES } from './examples';
import {
  AUDITOR_DATA_READ_ACTIONS, AUDITOR_WRITE_ACTIONS, AUDITOR_WRITE_ACTIONS_BY_SERVICE, AUDIT_TAMPERING_ACTIONS, BOUNDARY_KEY_ACTIONS, BOUNDARY_PARAMETER_ACTIONS,
  BOUNDARY_REGIONAL_ACTIONS, BOUNDARY_S3_ACTIONS, BOUNDARY_UNSCOPED_ACTIONS, GLOBAL_SERVICE_ACTIONS, KEY_TAMPERING_ACTIONS,
  MAX_INLINE_POLICY_CHARS, MAX_MANAGED_POLICY_CHARS, MAX_TRUST_POLICY_CHARS, MFA_AUDIT_AND_KEY_ACTIONS, MFA_DATA_DESTRUCTION_ACTIONS,
  MFA_IAM_WRITE_ACTIONS, MFA_SECRET_READ_ACTIONS, type IdentityStatement,
} from './guardrail-policies';
import {
  MAX_ADMIN_ROLES, MAX_ALLOWED_REGIONS, MAX_AUDIT_LOG_GROUP_PREFIXES, MAX_LOG_GROUP_PREFIX_LENGTH, MAX_ROLE_ARN_LENGTH,
  type AccessGuardrailsParameters,
} from './parameters';

const PROVIDER = 'arn:aws:iam::111111111111:role/crossplane-provider-aws';
const ADMIN = 'arn:aws:iam::111111111111:role/break-glass';
const DEPLOYER = 'arn:aws:iam::111111111111:role/ci/deployer';
const BOUNDARY = 'arn:aws:iam::111111111111:policy/secure-baseline/dev-workload-boundary';
const EXTERNAL_ID = '0123456789abcdef0123456789abcdef';
const AUDITOR = { trustedAccountId: '999999999999', externalIdSecretRef: { name: 'auditor', key: 'external-id' }, allowedSourceCidrs: ['203.0.113.0/24', '198.51.100.7/32'] };
const base = { ...DEV_COMMON, providerRoleArn: PROVIDER };
const lambda = { name: 'checkout', trustedService: 'lambda.amazonaws.com', statements: [{ sid: 'ReadOrders', actions: ['dynamodb:GetItem'], resources: ['arn:aws:dynamodb:us-east-1:111111111111:table/orders'] }] };
const ci = { name: 'smoke', trustedRoleArns: [DEPLOYER] };
const full = {
  ...base, adminRoleArns: [ADMIN], workloadRoles: [lambda, ci],
  attachTo: { roleNames: ['Operators'], serviceRoleNames: ['deployer'] }, auditor: AUDITOR,
};

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const secret = (data: Record<string, string> = { 'external-id': b64(EXTERNAL_ID) }, name = 'auditor'): KubeObject => (
  { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: 'team-a' }, data });
const withSecret = (s: KubeObject = secret()) => ({ [EXTERNAL_ID_REQUIREMENT]: [s] });

function compose(spec: Record<string, unknown>, required: Record<string, KubeObject[]> = {}, observed: Record<string, KubeObject> = {}) {
  const xr = xrObject('AccessGuardrails', 'guardrails', spec);
  return accessGuardrailsApi.compose({ xr: asXr(xr, parseSpec<AccessGuardrailsParameters>(accessGuardrailsApi, spec)), observed, required });
}
type Out = ReturnType<typeof compose>;
/** The auditor's inline deny as the provider reports it once it is in IAM. */
const denyReady = (out: Out) => ({ 'auditor-deny-policy': readyManaged(out.resources['auditor-deny-policy']) });
/** What is composed once the auditor's inline deny is Ready (the managed read policies are attached then). */
function composeSettled(spec: Record<string, unknown>, required: Record<string, KubeObject[]> = {}, observed: Record<string, KubeObject> = {}) {
  const first = compose(spec, required, observed);
  return first.resources['auditor-deny-policy'] ? compose(spec, required, { ...observed, ...denyReady(first) }) : first;
}
/** IAM's grammar of an action: `service:ActionName`, wildcards in the name only, or exactly `*`. */
const WELL_FORMED_ACTION = /^[a-z0-9-]+:[A-Za-z0-9*?]+$/;
const wellFormed = (action: string) => action === '*' || WELL_FORMED_ACTION.test(action);
/** Every policy document a composed resource carries (identity, inline, boundary and trust policies). */
const documentsOf = (out: Out) => Object.entries(out.resources).flatMap(([k, r]) => (['policy', 'assumeRolePolicy'] as const)
  .filter((f) => typeof fp(r)?.[f] === 'string').map((f) => ({ where: `${k}.${f}`, statements: doc(fp(r)[f]).Statement as unknown as Array<Record<string, unknown>> })));
const fp = (r: KubeObject) => r.spec.forProvider;
const doc = (json: string) => JSON.parse(json) as { Version: string; Statement: IdentityStatement[] };
const policyOf = (out: Out, key: string) => doc(fp(out.resources[key]).policy);
const trustOf = (out: Out, key: string) => JSON.parse(fp(out.resources[key]).assumeRolePolicy) as { Statement: Array<Record<string, unknown>> };
const sorted = (o: Out) => Object.keys(o.resources).sort();
const hashOf = (key: string) => key.slice(-8);

describe('AccessGuardrails composer', () => {
  const operators = (g: string) => resourceNames.roleAttachment('Operators', g as never);
  it.each([
    ['the guardrails only', base, [], ['deny-policy', 'mfa-policy', 'region-restriction-policy', 'workload-boundary-policy']],
    ['a workload role with statements', { ...base, workloadRoles: [lambda] }, [],
      ['deny-policy', 'mfa-policy', 'region-restriction-policy', 'workload-boundary-policy', 'workload-deny-checkout', 'workload-policy-checkout', 'workload-region-checkout', 'workload-role-checkout']],
    ['a workload role without statements', { ...base, workloadRoles: [ci] }, [],
      ['deny-policy', 'mfa-policy', 'region-restriction-policy', 'workload-boundary-policy', 'workload-deny-smoke', 'workload-region-smoke', 'workload-role-smoke']],
    ['an auditor whose Secret is missing', { ...base, auditor: AUDITOR }, [], ['deny-policy', 'mfa-policy', 'region-restriction-policy', 'workload-boundary-policy']],
    ['an auditor whose inline deny is not Ready yet', { ...base, auditor: { ...AUDITOR, access: 'ReadOnly' } }, [secret()],
      ['auditor-deny-policy', 'auditor-role', 'deny-policy', 'mfa-policy', 'region-restriction-policy', 'workload-boundary-policy']],
  ])('%s: composes the expected resources', (_n, spec, secrets, want) => {
    expect(sorted(compose(spec, secrets.length ? withSecret(secrets[0]) : {}))).toEqual(want);
  });

  it.each([
    ['SecurityAudit', { ...base, auditor: AUDITOR },
      ['auditor-deny-policy', 'auditor-role', 'auditor-security-audit', 'deny-policy', 'mfa-policy', 'region-restriction-policy', 'workload-boundary-policy']],
    ['ReadOnly', { ...base, auditor: { ...AUDITOR, access: 'ReadOnly' } },
      ['auditor-deny-policy', 'auditor-read-only-access', 'auditor-role', 'auditor-security-audit', 'deny-policy', 'mfa-policy', 'region-restriction-policy', 'workload-boundary-policy']],
  ])('an auditor (%s) once its inline deny is Ready: composes the expected resources', (_n, spec, want) => {
    expect(sorted(composeSettled(spec, withSecret()))).toEqual(want);
  });

  it('attaches three guardrails to roles people assume and two to roles machines assume', () => {
    const keys = sorted(compose({ ...base, attachTo: { roleNames: ['Operators'], serviceRoleNames: ['deployer'] } })).filter((k) => k.startsWith('attach-'));
    const deployer = (g: string) => resourceNames.roleAttachment('deployer', g as never);
    expect(keys).toEqual([operators('deny-policy'), deployer('deny-policy'), operators('mfa-policy'), operators('region-restriction-policy'), deployer('region-restriction-policy')].sort());
    expect(operators('mfa-policy')).toMatch(/^attach-mfa-operators-[0-9a-f]{8}$/);
    // Role names are case-insensitive in IAM: the name's hash is of its lower-cased form.
    expect(resourceNames.roleAttachment('OPERATORS', 'mfa-policy')).toBe(operators('mfa-policy'));
    const out = compose({ ...base, attachTo: { roleNames: ['Operators'] } });
    expect(fp(out.resources[operators('mfa-policy')])).toEqual({ role: 'Operators', policyArnSelector: { matchControllerRef: true, matchLabels: { 'platform.secure-baseline.io/component': 'mfa-policy' } } });
  });

  it('keeps every composed resource name a valid, unique label value, whatever the role names', () => {
    const long = 'AWSReservedSSO_AdministratorAccess_0123456789abcdef_x.y@z=w';
    const out = compose({ ...base, workloadRoles: [{ name: 'a'.repeat(31), trustedService: 'lambda.amazonaws.com' }], attachTo: { roleNames: [long, 'a.b'], serviceRoleNames: ['a_b'] } });
    for (const k of Object.keys(out.resources)) {
      expect([k, k.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(k)]).toEqual([k, true]);
      expect(out.resources[k].metadata?.labels?.['platform.secure-baseline.io/component']).toBe(k);
    }
    expect(Object.keys(out.resources).filter((k) => k.startsWith('attach-'))).toHaveLength(3 + 3 + 2);
  });

  it('names the managed policies deterministically under the platform path, tagged', () => {
    const out = compose(base);
    expect(Object.fromEntries(['region-restriction-policy', 'mfa-policy', 'deny-policy', 'workload-boundary-policy'].map((k) => [k, out.resources[k].metadata?.annotations?.['crossplane.io/external-name']]))).toEqual({
      'region-restriction-policy': 'dev-region-restriction', 'mfa-policy': 'dev-require-mfa',
      'deny-policy': 'dev-deny-escalation-and-audit-tampering', 'workload-boundary-policy': 'dev-workload-boundary',
    });
    for (const k of ['region-restriction-policy', 'mfa-policy', 'deny-policy', 'workload-boundary-policy']) {
      expect(fp(out.resources[k])).toMatchObject({ path: '/secure-baseline/', tags: { Environment: 'dev', ManagedBy: 'crossplane/secure-baseline' } });
    }
    expect(permissionBoundaryArnOf(DEV_COMMON)).toBe(BOUNDARY);
    expect(permissionBoundaryArnOf({ ...DEV_COMMON, region: 'us-gov-west-1', environment: 'gov' })).toBe('arn:aws-us-gov:iam::111111111111:policy/secure-baseline/gov-workload-boundary');
  });

  it.each([
    ['defaults to the XR\'s region', base, ['us-east-1']],
    ['allowed regions', { ...base, allowedRegions: ['us-east-1', 'eu-central-1'] }, ['us-east-1', 'eu-central-1']],
  ])('region restriction: %s, global services exempt, provider and administrators exempt', (_n, spec, regions) => {
    const out = compose({ ...spec, adminRoleArns: [ADMIN] });
    expect(policyOf(out, 'region-restriction-policy')).toEqual({
      Version: '2012-10-17',
      Statement: [{
        Sid: 'DenyRequestsOutsideAllowedRegions', Effect: 'Deny', NotAction: [...GLOBAL_SERVICE_ACTIONS], Resource: '*',
        Condition: { StringNotEquals: { 'aws:RequestedRegion': regions }, ArnNotEquals: { 'aws:PrincipalArn': [PROVIDER, ADMIN] } },
      }],
    });
    // The global services of AWS's documented example are exempt; regional data services are not.
    expect(GLOBAL_SERVICE_ACTIONS).toEqual(expect.arrayContaining(['iam:*', 'organizations:*', 'sts:*', 'cloudfront:*', 'route53:*', 'support:*', 'budgets:*', 'waf:*', 'health:*']));
    for (const a of ['s3:*', 'dynamodb:*', 'ec2:*', 'rds:*', 'lambda:*', 'secretsmanager:*', '*']) expect(GLOBAL_SERVICE_ACTIONS).not.toContain(a);
  });

  it('MFA requirement: IAM writes, audit and key tampering, data destruction and secret reads need MFA; only the provider is exempt', () => {
    const withoutMfa = { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' }, ArnNotEquals: { 'aws:PrincipalArn': [PROVIDER] } };
    expect(policyOf(compose({ ...base, adminRoleArns: [ADMIN] }), 'mfa-policy').Statement).toEqual([
      { Sid: 'DenyIamChangesWithoutMfa', Effect: 'Deny', Action: [...MFA_IAM_WRITE_ACTIONS], Resource: '*', Condition: withoutMfa },
      { Sid: 'DenyDisablingAuditOrKeysWithoutMfa', Effect: 'Deny', Action: [...MFA_AUDIT_AND_KEY_ACTIONS], Resource: '*', Condition: withoutMfa },
      { Sid: 'DenyDestroyingDataWithoutMfa', Effect: 'Deny', Action: [...MFA_DATA_DESTRUCTION_ACTIONS], Resource: '*', Condition: withoutMfa },
      { Sid: 'DenyReadingSecretsWithoutMfa', Effect: 'Deny', Action: [...MFA_SECRET_READ_ACTIONS], Resource: '*', Condition: withoutMfa },
    ]);
    expect([...MFA_IAM_WRITE_ACTIONS, ...MFA_AUDIT_AND_KEY_ACTIONS, ...MFA_DATA_DESTRUCTION_ACTIONS, ...MFA_SECRET_READ_ACTIONS]).toEqual(expect.arrayContaining([
      'iam:Create*', 'iam:Put*', 'iam:Attach*', 'kms:ScheduleKeyDeletion', 'kms:DisableKey', 'cloudtrail:DeleteTrail', 'cloudtrail:StopLogging',
      's3:DeleteBucket', 'rds:DeleteDBCluster', 'dynamodb:DeleteTable', 'secretsmanager:GetSecretValue', 'ssm:GetParameter',
    ]));
  });

  const escalationAndAudit = (exempt: Record<string, unknown> | undefined, auditPrefixes: string[] = []) => {
    const c = (own: Record<string, unknown> = {}) => (exempt || Object.keys(own).length ? { Condition: { ...own, ...exempt } } : {});
    const workloadPath = 'arn:aws:iam::111111111111:role/secure-baseline/dev/workload/*';
    const roleActions = ['iam:CreateRole', 'iam:AttachRolePolicy', 'iam:DetachRolePolicy', 'iam:PutRolePolicy', 'iam:DeleteRolePolicy', 'iam:PutRolePermissionsBoundary'];
    return [
      {
        Sid: 'DenyPrivilegeEscalation', Effect: 'Deny', Resource: '*', ...c(),
        Action: [
          'iam:CreatePolicyVersion', 'iam:DeletePolicyVersion', 'iam:SetDefaultPolicyVersion', 'iam:DeletePolicy',
          'iam:CreateUser', 'iam:CreateAccessKey', 'iam:UpdateAccessKey', 'iam:CreateLoginProfile', 'iam:UpdateLoginProfile',
          'iam:CreateServiceSpecificCredential', 'iam:AttachUserPolicy', 'iam:PutUserPolicy', 'iam:AddUserToGroup', 'iam:AttachGroupPolicy', 'iam:PutGroupPolicy',
          'iam:UpdateAssumeRolePolicy', 'iam:DeleteRolePermissionsBoundary', 'iam:DeleteUserPermissionsBoundary',
        ],
      },
      { Sid: 'DenyDetachingPlatformPolicies', Effect: 'Deny', Action: ['iam:DetachRolePolicy'], Resource: '*', ...c({ ArnLike: { 'iam:PolicyARN': 'arn:aws:iam::111111111111:policy/secure-baseline/*' } }) },
      { Sid: 'DenyGrantingOrPassingRolesOutsideWorkloadPath', Effect: 'Deny', Action: [...roleActions, 'iam:PassRole'], NotResource: workloadPath, ...c() },
      { Sid: 'DenyRolePermissionChangesWithoutBoundary', Effect: 'Deny', Action: roleActions, Resource: '*', ...c({ StringNotEquals: { 'iam:PermissionsBoundary': BOUNDARY } }) },
      { Sid: 'DenyDisablingAuditOrKeys', Effect: 'Deny', Action: [...AUDIT_TAMPERING_ACTIONS, ...KEY_TAMPERING_ACTIONS], Resource: '*', ...c() },
      {
        Sid: 'DenyTamperingWithAuditLogGroups', Effect: 'Deny', ...c(),
        Action: ['logs:DeleteLogGroup', 'logs:DeleteLogStream', 'logs:PutRetentionPolicy', 'logs:DeleteRetentionPolicy', 'logs:DisassociateKmsKey', 'logs:DeleteSubscriptionFilter'],
        Resource: ['/aws/cloudtrail/', '/secure-baseline/', ...auditPrefixes].map((x) => `arn:aws:logs:*:111111111111:log-group:${x}*`),
      },
    ];
  };

  it('deny guardrail: privilege escalation and audit tampering, the provider and administrators exempt', () => {
    const out = compose({ ...base, adminRoleArns: [ADMIN], auditLogGroupPrefixes: ['/team-a/audit/'] });
    expect(policyOf(out, 'deny-policy').Statement).toEqual(escalationAndAudit({ ArnNotEquals: { 'aws:PrincipalArn': [PROVIDER, ADMIN] } }, ['/team-a/audit/']));
    expect([...AUDIT_TAMPERING_ACTIONS, ...KEY_TAMPERING_ACTIONS]).toEqual(expect.arrayContaining([
      'cloudtrail:Stop*', 'cloudtrail:Delete*', 'cloudtrail:UpdateTrail', 'cloudtrail:Put*Selectors', 'config:Stop*', 'config:Delete*',
      'guardduty:Delete*', 'guardduty:UpdateDetector', 'kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:DisableKeyRotation',
    ]));
    // Nothing but Deny.
    expect(policyOf(out, 'deny-policy').Statement.filter((s) => s.Effect !== 'Deny')).toEqual([]);
  });

  it('workload boundary: explicit actions of the platform\'s services in this account and region, plus the guardrail denies without exemption', () => {
    const statements = policyOf(compose(base), 'workload-boundary-policy').Statement;
    expect(statements).toEqual([
      { Sid: 'AllowPlatformServicesInThisAccount', Effect: 'Allow', Action: [...BOUNDARY_REGIONAL_ACTIONS], Resource: ['arn:aws:*:us-east-1:111111111111:*'] },
      { Sid: 'AllowS3InThisAccount', Effect: 'Allow', Action: [...BOUNDARY_S3_ACTIONS], Resource: ['arn:aws:s3:::*'], Condition: { StringEquals: { 'aws:ResourceAccount': '111111111111' } } },
      { Sid: 'AllowReadingEnvironmentParameters', Effect: 'Allow', Action: [...BOUNDARY_PARAMETER_ACTIONS], Resource: ['arn:aws:ssm:us-east-1:111111111111:parameter/dev/*'] },
      {
        Sid: 'AllowUsingKeysThroughPlatformServices', Effect: 'Allow', Action: [...BOUNDARY_KEY_ACTIONS], Resource: ['arn:aws:kms:us-east-1:111111111111:key/*'],
        Condition: { StringLike: { 'kms:ViaService': ['s3.*.amazonaws.com', 'dynamodb.*.amazonaws.com', 'secretsmanager.*.amazonaws.com', 'ssm.*.amazonaws.com', 'sns.*.amazonaws.com'] } },
      },
      {
        Sid: 'AllowUnscopedActionsInAllowedRegions', Effect: 'Allow', Action: [...BOUNDARY_UNSCOPED_ACTIONS], Resource: '*',
        Condition: { StringEquals: { 'aws:RequestedRegion': ['us-east-1'] } },
      },
      ...escalationAndAudit(undefined),
    ]);
    // Allow statements name explicit actions; the resource wildcards are the listed exceptions.
    const allows = statements.filter((s) => s.Effect === 'Allow');
    expect(allows.flatMap((s) => [s.Action].flat()).filter((a) => a!.includes('*'))).toEqual([]);
    expect(allows.filter((s) => [s.Resource].flat().some((r) => r!.includes('*'))).map((s) => s.Sid)).toEqual([
      'AllowPlatformServicesInThisAccount', 'AllowS3InThisAccount', 'AllowReadingEnvironmentParameters', 'AllowUsingKeysThroughPlatformServices', 'AllowUnscopedActionsInAllowedRegions',
    ]);
    expect(policyOf(compose({ ...base, allowedRegions: ['us-east-1', 'us-west-2'] }), 'workload-boundary-policy').Statement[0].Resource).toEqual(['arn:aws:*:us-east-1:111111111111:*', 'arn:aws:*:us-west-2:111111111111:*']);
  });

  it('every workload role: the boundary, one-hour sessions, its path and name, its trust, the two guardrails', () => {
    const out = compose(full, withSecret());
    for (const w of ['checkout', 'smoke']) {
      const role = out.resources[resourceNames.workloadRole(w)];
      expect(role.metadata?.annotations?.['crossplane.io/external-name']).toBe(`dev-${w}`);
      expect(fp(role)).toMatchObject({ permissionsBoundary: BOUNDARY, maxSessionDuration: 3600, path: '/secure-baseline/dev/workload/', forceDetachPolicies: true });
      for (const [g, policy] of [['region', 'region-restriction-policy'], ['deny', 'deny-policy']]) {
        expect(fp(out.resources[`workload-${g}-${w}`])).toEqual({
          policyArnSelector: { matchControllerRef: true, matchLabels: { 'platform.secure-baseline.io/component': policy } },
          roleSelector: { matchControllerRef: true, matchLabels: { 'platform.secure-baseline.io/component': `workload-role-${w}` } },
        });
      }
    }
    expect(trustOf(out, 'workload-role-checkout').Statement).toEqual([{
      Sid: 'TrustedService', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } },
    }]);
    expect(trustOf(out, 'workload-role-smoke').Statement).toEqual([{ Sid: 'TrustedRolesOfThisAccount', Effect: 'Allow', Principal: { AWS: [DEPLOYER] }, Action: 'sts:AssumeRole' }]);
    expect(fp(out.resources['workload-policy-checkout']).roleSelector).toEqual({ matchControllerRef: true, matchLabels: { 'platform.secure-baseline.io/component': 'workload-role-checkout' } });
    expect(policyOf(out, 'workload-policy-checkout')).toEqual({
      Version: '2012-10-17', Statement: [{ Sid: 'ReadOrders', Effect: 'Allow', Action: ['dynamodb:GetItem'], Resource: ['arn:aws:dynamodb:us-east-1:111111111111:table/orders'] }],
    });
    // No workload role ever gets the MFA requirement: service sessions never carry MFA.
    expect(Object.keys(out.resources).filter((k) => k.startsWith('workload-mfa'))).toEqual([]);
  });

  it.each([
    ['Lambda', 'lambda.amazonaws.com', true],
    ['ECS tasks', 'ecs-tasks.amazonaws.com', true],
    ['Step Functions', 'states.amazonaws.com', true],
    ['EC2 (supplies no source account)', 'ec2.amazonaws.com', false],
  ])('a workload role trusting %s: the service acts for this account only, where it says which account it acts for', (_n, service, pinned) => {
    const out = compose({ ...base, accountId: '222222222222', workloadRoles: [{ name: 'app', trustedService: service }] });
    expect(trustOf(out, 'workload-role-app')).toEqual({
      Version: '2012-10-17',
      Statement: [{
        Sid: 'TrustedService', Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole',
        ...(pinned ? { Condition: { StringEquals: { 'aws:SourceAccount': '222222222222' } } } : {}),
      }],
    });
  });

  it('every composed role has a maximum session of one hour', () => {
    const roles = Object.values(composeSettled({ ...full, auditor: { ...AUDITOR, access: 'ReadOnly' } }, withSecret()).resources).filter((r) => r.kind === 'Role');
    expect(roles).toHaveLength(3);
    for (const r of roles) expect(fp(r).maxSessionDuration).toBe(3600);
  });

  it('warns about statements the boundary does not allow', () => {
    const spec = { ...base, workloadRoles: [{ ...lambda, statements: [{ sid: 'Deploy', actions: ['lambda:UpdateFunctionCode', 'dynamodb:GetItem', 'iam:PassRole'], resources: ['arn:aws:lambda:us-east-1:111111111111:function:checkout'] }] }] };
    expect(compose(spec).warnings).toEqual(['spec.workloadRoles[0] (checkout): lambda:UpdateFunctionCode, iam:PassRole not allowed by the permission boundary dev-workload-boundary; these grants have no effect']);
    expect(compose({ ...base, workloadRoles: [lambda] }).warnings).toBeUndefined();
  });

  it('auditor: trusts the auditor account with the ExternalId from the Secret, from the listed addresses only, read-only', () => {
    const out = composeSettled({ ...base, auditor: AUDITOR }, withSecret());
    const role = out.resources['auditor-role'];
    expect(role.metadata?.annotations?.['crossplane.io/external-name']).toBe('dev-security-auditor');
    expect(fp(role)).toMatchObject({ path: '/secure-baseline/dev/audit/', maxSessionDuration: 3600, forceDetachPolicies: true });
    expect(fp(role).permissionsBoundary).toBeUndefined();
    expect(trustOf(out, 'auditor-role')).toEqual({
      Version: '2012-10-17',
      Statement: [{
        Sid: 'TrustedAuditorAccountWithExternalIdFromKnownAddresses', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999999999999:root' }, Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'sts:ExternalId': EXTERNAL_ID }, IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '198.51.100.7/32'] } },
      }],
    });
    expect(policyOf(out, 'auditor-deny-policy')).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'DenyReadingData', Effect: 'Deny', Action: [...AUDITOR_DATA_READ_ACTIONS], Resource: '*' },
        { Sid: 'DenyWritingPlatformIdentityAndAuditServices', Effect: 'Deny', Action: [...AUDITOR_WRITE_ACTIONS], Resource: '*' },
      ],
    });
    expect(AUDITOR_DATA_READ_ACTIONS).toEqual(expect.arrayContaining(['s3:GetObject', 'secretsmanager:GetSecretValue', 'kms:Decrypt', 'ssm:GetParameter', 'dynamodb:GetItem', 'dynamodb:Scan', 'dynamodb:Query', 'sts:AssumeRole']));
    expect(AUDITOR_WRITE_ACTIONS).toEqual(expect.arrayContaining([
      'iam:Create*', 'iam:Put*', 'iam:Attach*', 'iam:PassRole', 'kms:Schedule*', 'kms:Put*', 's3:Put*', 's3:Delete*', 'dynamodb:Update*', 'secretsmanager:Put*',
      'ssm:Send*', 'ssm:Start*', 'rds:Modify*', 'lambda:Invoke*', 'lambda:Update*', 'ec2:Modify*', 'ec2:Run*', 'ec2:Authorize*', 'logs:Delete*',
      'apigateway:POST', 'apigateway:PATCH', 'cloudtrail:Stop*', 'config:Stop*', 'guardduty:Delete*', 'securityhub:BatchUpdate*', 'access-analyzer:Delete*',
    ]));
    // Every service the platform composes resources of, plus identity and audit services.
    expect(Object.keys(AUDITOR_WRITE_ACTIONS_BY_SERVICE).sort()).toEqual([
      'access-analyzer', 'apigateway', 'cloudtrail', 'cloudwatch', 'config', 'dynamodb', 'ec2', 'events', 'guardduty', 'iam', 'kms', 'lambda', 'logs',
      'organizations', 'rds', 's3', 'secretsmanager', 'securityhub', 'sns', 'ssm',
    ]);
    // Reads stay with the managed policies: no Describe, Get or List is denied, nor API Gateway's GET.
    expect(AUDITOR_WRITE_ACTIONS.filter((a) => /:(Describe|Get|List|BatchGet|GET)/.test(a))).toEqual([]);
    expect(new Set(AUDITOR_WRITE_ACTIONS).size).toBe(AUDITOR_WRITE_ACTIONS.length);
    expect(fp(out.resources['auditor-security-audit'])).toEqual({ policyArn: 'arn:aws:iam::aws:policy/SecurityAudit', roleSelector: { matchControllerRef: true, matchLabels: { 'platform.secure-baseline.io/component': 'auditor-role' } } });
    expect(fp(composeSettled({ ...base, auditor: { ...AUDITOR, access: 'ReadOnly' } }, withSecret()).resources['auditor-read-only-access']).policyArn).toBe('arn:aws:iam::aws:policy/ReadOnlyAccess');
    expect(out.requirements).toEqual({ [EXTERNAL_ID_REQUIREMENT]: { apiVersion: 'v1', kind: 'Secret', matchName: 'auditor', namespace: 'team-a' } });
    expect(out.conditions).toEqual([{ type: AUDITOR_CONDITION, status: 'True', reason: 'Available', message: 'The auditor role trusts account 999999999999 with the ExternalId from Secret team-a/auditor' }]);
  });

  it('auditor: until the Secret exists, no role and a condition naming the Secret; no requirement without auditor', () => {
    const out = compose({ ...base, auditor: AUDITOR });
    expect(Object.keys(out.resources).filter((k) => k.startsWith('auditor'))).toEqual([]);
    expect(out.requirements).toEqual({ [EXTERNAL_ID_REQUIREMENT]: { apiVersion: 'v1', kind: 'Secret', matchName: 'auditor', namespace: 'team-a' } });
    expect(out.conditions).toEqual([{
      type: AUDITOR_CONDITION, status: 'False', reason: 'ExternalIdSecretMissing',
      message: 'Secret team-a/auditor (key external-id, the auditor\'s ExternalId) not found: no auditor role is composed until it exists',
    }]);
    expect(out.status.auditorRoleArn).toBeUndefined();
    // Another Secret handed over under the requirement's name is not the one referenced.
    expect(compose({ ...base, auditor: AUDITOR }, withSecret(secret(undefined, 'other'))).resources['auditor-role']).toBeUndefined();
    const none = compose(base);
    expect(none.requirements).toBeUndefined();
    expect(none.conditions).toBeUndefined();
  });

  it('auditor: a Secret that goes missing once the role exists keeps the role with its current trust policy', () => {
    const before = compose({ ...base, auditor: AUDITOR }, withSecret());
    const observed = { 'auditor-role': readyManaged(before.resources['auditor-role'], { arn: 'arn:aws:iam::111111111111:role/secure-baseline/dev/audit/dev-security-auditor' }), ...denyReady(before) };
    const after = compose({ ...base, auditor: AUDITOR }, {}, observed);
    expect(fp(after.resources['auditor-role']).assumeRolePolicy).toBe(fp(before.resources['auditor-role']).assumeRolePolicy);
    expect(sorted(after).filter((k) => k.startsWith('auditor'))).toEqual(['auditor-deny-policy', 'auditor-role', 'auditor-security-audit']);
    expect(after.conditions?.[0]).toMatchObject({ status: 'False', reason: 'ExternalIdSecretMissing', message: expect.stringContaining('keeps its current trust policy') });
  });

  it.each([
    ['shorter than 32 characters', { 'external-id': b64('x'.repeat(31)) }, 'spec.auditor.externalIdSecretRef', 'is 31 characters; at least 32'],
    ['with a trailing newline', { 'external-id': b64(`${EXTERNAL_ID}\n`) }, 'spec.auditor.externalIdSecretRef', 'no spaces or newlines'],
    ['longer than AWS allows', { 'external-id': b64('x'.repeat(1225)) }, 'spec.auditor.externalIdSecretRef', 'at most 1224'],
    ['missing from the Secret', { other: b64(EXTERNAL_ID) }, 'spec.auditor.externalIdSecretRef.key', 'has no key external-id'],
  ])('auditor: rejects an ExternalId %s, naming the field', (_n, data, field, words) => {
    const run = () => compose({ ...base, auditor: AUDITOR }, withSecret(secret(data)));
    expect(run).toThrow(InputError);
    expect(run).toThrow(`${field}: `);
    expect(run).toThrow(words);
  });

  it.each([
    ['dev', ['*'], { ...full }],
    ['prod', ['Observe', 'Create', 'Update', 'LateInitialize'], { ...full, ...PROD_COMMON }],
  ])('%s: every managed resource gets management policies %j and the provider config', (_n, want, spec) => {
    const out = composeSettled(spec, withSecret());
    expect(Object.keys(out.resources)).toContain('auditor-security-audit');
    expect(Object.keys(out.resources).length).toBeGreaterThan(15);
    for (const [n, r] of Object.entries(out.resources)) {
      expect([n, r.spec.managementPolicies, r.spec.providerConfigRef]).toEqual([n, want, { kind: 'ClusterProviderConfig', name: 'default' }]);
    }
  });

  it('reports the ARNs the provider observed, and nothing before', () => {
    expect(compose(full, withSecret()).status).toEqual({});
    const desired = compose(full, withSecret()).resources;
    const arn = (kind: string, n: string) => `arn:aws:iam::111111111111:${kind}/${n}`;
    const observed = {
      'region-restriction-policy': readyManaged(desired['region-restriction-policy'], { arn: arn('policy', 'secure-baseline/dev-region-restriction') }),
      'mfa-policy': readyManaged(desired['mfa-policy'], { arn: arn('policy', 'secure-baseline/dev-require-mfa') }),
      'deny-policy': readyManaged(desired['deny-policy'], { arn: arn('policy', 'secure-baseline/dev-deny-escalation-and-audit-tampering') }),
      'workload-boundary-policy': readyManaged(desired['workload-boundary-policy'], { arn: BOUNDARY }),
      'workload-role-checkout': readyManaged(desired['workload-role-checkout'], { arn: arn('role', 'secure-baseline/dev/workload/dev-checkout') }),
      'auditor-role': readyManaged(desired['auditor-role'], { arn: arn('role', 'secure-baseline/dev/audit/dev-security-auditor') }),
    };
    expect(compose(full, withSecret(), observed).status).toEqual({
      regionRestrictionPolicyArn: arn('policy', 'secure-baseline/dev-region-restriction'),
      mfaPolicyArn: arn('policy', 'secure-baseline/dev-require-mfa'),
      denyPolicyArn: arn('policy', 'secure-baseline/dev-deny-escalation-and-audit-tampering'),
      permissionBoundaryArn: BOUNDARY,
      auditorRoleArn: arn('role', 'secure-baseline/dev/audit/dev-security-auditor'),
      workloadRoleArns: { checkout: arn('role', 'secure-baseline/dev/workload/dev-checkout') },
    });
  });

  it('the largest claim the schema admits still fits IAM\'s policy size limits', () => {
    const roleArn = (i: number) => `arn:aws-us-gov:iam::111111111111:role/${String(i).repeat(MAX_ROLE_ARN_LENGTH - 38)}`;
    const spec = {
      ...base, environment: 'e'.repeat(32), region: 'us-gov-west-1',
      allowedRegions: ['us-gov-west-1', 'ap-southeast-1', 'ap-northeast-1', 'ap-northeast-2'].slice(0, MAX_ALLOWED_REGIONS),
      providerRoleArn: roleArn(0), adminRoleArns: Array.from({ length: MAX_ADMIN_ROLES }, (_, i) => roleArn(i + 1)),
      auditLogGroupPrefixes: Array.from({ length: MAX_AUDIT_LOG_GROUP_PREFIXES }, (_, i) => `/${String(i).repeat(MAX_LOG_GROUP_PREFIX_LENGTH - 1)}`),
      auditor: { ...AUDITOR, allowedSourceCidrs: Array.from({ length: 20 }, (_, i) => `203.0.113.${i}/32`) },
    };
    expect(roleArn(0)).toHaveLength(MAX_ROLE_ARN_LENGTH);
    const out = compose(spec, withSecret(secret({ 'external-id': b64('x'.repeat(1224)) })));
    for (const k of ['region-restriction-policy', 'mfa-policy', 'deny-policy', 'workload-boundary-policy']) {
      expect([k, fp(out.resources[k]).policy.length <= MAX_MANAGED_POLICY_CHARS]).toEqual([k, true]);
    }
    expect(fp(out.resources['auditor-role']).assumeRolePolicy.length).toBeLessThanOrEqual(MAX_TRUST_POLICY_CHARS);
    expect(fp(out.resources['auditor-deny-policy']).policy.length).toBeLessThanOrEqual(MAX_INLINE_POLICY_CHARS);
  });

  it('auditor: AWS\'s read policies are attached only once the inline deny is Ready, and kept while it is updated', () => {
    const spec = { ...base, auditor: { ...AUDITOR, access: 'ReadOnly' } };
    const managedKeys = ['auditor-read-only-access', 'auditor-security-audit'];
    const attached = (out: Out) => sorted(out).filter((k) => managedKeys.includes(k));
    const first = compose(spec, withSecret());
    // Before the deny exists in IAM: the role and its deny, no read policy.
    expect(first.resources['auditor-deny-policy']).toBeDefined();
    expect(attached(first)).toEqual([]);
    // The deny observed, but not Ready (being created, or refused by IAM): still no read policy.
    const deny = first.resources['auditor-deny-policy'];
    const notReady = { ...deny, status: { conditions: [{ type: 'Ready', status: 'False', reason: 'Creating' }, { type: 'Synced', status: 'False', reason: 'ReconcileError' }] } };
    expect(attached(compose(spec, withSecret(), { 'auditor-deny-policy': notReady }))).toEqual([]);
    // Ready: both read policies.
    const settled = compose(spec, withSecret(), denyReady(first));
    expect(attached(settled)).toEqual(managedKeys);
    // An attachment that exists already is kept while the deny is not Ready (an update of the deny), not detached.
    const existing = Object.fromEntries(managedKeys.map((k) => [k, readyManaged(settled.resources[k])]));
    const updating = compose(spec, withSecret(), { 'auditor-deny-policy': notReady, ...existing });
    expect(attached(updating)).toEqual(managedKeys);
    expect(updating.resources['auditor-read-only-access']).toEqual(settled.resources['auditor-read-only-access']);
  });

  it('every action of every policy composed is one IAM accepts: service:Name (wildcards in the name only) or "*"', () => {
    // The test must be able to fail: IAM refuses a wildcard service prefix (MalformedPolicyDocument).
    expect(['*:Create*', '*', 's3:Get*', 'cloudtrail:Put*Selectors', '*:*', 's3*:Get', 'S3:GetObject', 's3:'].map(wellFormed)).toEqual([false, true, true, true, false, false, false, false]);
    const roleArn = 'arn:aws:iam::111111111111:role/ops';
    const claims = [
      { ...full, allowedRegions: ['us-east-1', 'eu-west-1'], auditLogGroupPrefixes: ['/team-a/audit/'], auditor: { ...AUDITOR, access: 'ReadOnly' } },
      { ...full, ...PROD_COMMON, providerRoleArn: PROVIDER, adminRoleArns: [roleArn], workloadRoles: [lambda, { name: 'ec2', trustedService: 'ec2.amazonaws.com' }] },
    ];
    let checked = 0;
    for (const spec of claims) {
      const documents = documentsOf(composeSettled(spec, withSecret()));
      // Every kind of document: the four managed policies, the workload role's inline policy, the trusts, the auditor's deny.
      expect(documents.map((d) => d.where)).toEqual(expect.arrayContaining([
        'region-restriction-policy.policy', 'mfa-policy.policy', 'deny-policy.policy', 'workload-boundary-policy.policy',
        'workload-policy-checkout.policy', 'workload-role-checkout.assumeRolePolicy',
      ]));
      const bad = documents.flatMap(({ where, statements }) => statements.flatMap((st) => [st.Action, st.NotAction].flatMap((a) => (a === undefined ? [] : [a].flat() as string[]))
        .filter((a) => !wellFormed(a)).map((a) => `${where} ${String(st.Sid)}: ${a}`)));
      expect(bad).toEqual([]);
      checked += documents.length;
    }
    expect(checked).toBeGreaterThan(15);
    // The lists themselves, whatever the claim.
    const lists = [GLOBAL_SERVICE_ACTIONS, MFA_IAM_WRITE_ACTIONS, MFA_AUDIT_AND_KEY_ACTIONS, MFA_DATA_DESTRUCTION_ACTIONS, MFA_SECRET_READ_ACTIONS, AUDIT_TAMPERING_ACTIONS,
      KEY_TAMPERING_ACTIONS, BOUNDARY_REGIONAL_ACTIONS, BOUNDARY_S3_ACTIONS, BOUNDARY_PARAMETER_ACTIONS, BOUNDARY_KEY_ACTIONS, BOUNDARY_UNSCOPED_ACTIONS,
      AUDITOR_DATA_READ_ACTIONS, AUDITOR_WRITE_ACTIONS];
    expect(lists.flat().filter((a) => !wellFormed(a))).toEqual([]);
  });

  it.each([
    ['allowed regions without the XR\'s region', { ...base, allowedRegions: ['eu-west-1'] }, 'spec.allowedRegions'],
    ['five allowed regions', { ...base, allowedRegions: ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'eu-west-1'] }, 'spec.allowedRegions'],
    ['a region that does not exist', { ...base, allowedRegions: ['us-east-1', 'mars-1'] }, 'spec.allowedRegions[1]'],
    ['no provider role', { ...DEV_COMMON }, 'spec.providerRoleArn'],
    ['a provider that is a user', { ...base, providerRoleArn: 'arn:aws:iam::111111111111:user/crossplane' }, 'spec.providerRoleArn'],
    ['three administrator roles', { ...base, adminRoleArns: [ADMIN, `${ADMIN}2`, `${ADMIN}3`] }, 'spec.adminRoleArns'],
    ['an administrator role ARN too long to fit the policies', { ...base, adminRoleArns: [`${ADMIN}${'x'.repeat(100)}`] }, 'spec.adminRoleArns[0]'],
    ['an audit log group prefix with a space', { ...base, auditLogGroupPrefixes: ['/my audit/'] }, 'spec.auditLogGroupPrefixes[0]'],
    ['a workload role trusting a service and roles', { ...base, workloadRoles: [{ ...ci, trustedService: 'lambda.amazonaws.com' }] }, 'spec.workloadRoles[0]'],
    ['a workload role trusting nobody', { ...base, workloadRoles: [{ name: 'x' }] }, 'spec.workloadRoles[0]'],
    ['a workload role trusting another account', { ...base, workloadRoles: [{ name: 'x', trustedRoleArns: ['arn:aws:iam::222222222222:role/ci'] }] }, 'spec.workloadRoles'],
    ['a workload role trusting a service outside AWS', { ...base, workloadRoles: [{ name: 'x', trustedService: 'accounts.google.com' }] }, 'spec.workloadRoles[0].trustedService'],
    ['two workload roles of one name', { ...base, workloadRoles: [lambda, { ...ci, name: 'checkout' }] }, 'spec.workloadRoles'],
    ['a workload role name too long for IAM', { ...base, workloadRoles: [{ ...ci, name: 'a'.repeat(32) }] }, 'spec.workloadRoles[0].name'],
    ['a workload role with managed policies', { ...base, workloadRoles: [{ ...ci, managedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'] }] }, 'spec.workloadRoles[0].managedPolicyArns'],
    ['a statement with a wildcard action', { ...base, workloadRoles: [{ ...lambda, statements: [{ ...lambda.statements[0], actions: ['dynamodb:*'] }] }] }, 'spec.workloadRoles[0].statements[0].actions[0]'],
    ['a statement with a wildcard resource', { ...base, workloadRoles: [{ ...lambda, statements: [{ ...lambda.statements[0], resources: ['arn:aws:dynamodb:us-east-1:111111111111:table/*'] }] }] }, 'spec.workloadRoles[0].statements[0].resources[0]'],
    ['a statement with resource "*"', { ...base, workloadRoles: [{ ...lambda, statements: [{ ...lambda.statements[0], resources: ['*'] }] }] }, 'spec.workloadRoles[0].statements[0].resources[0]'],
    ['a Deny statement', { ...base, workloadRoles: [{ ...lambda, statements: [{ ...lambda.statements[0], effect: 'Deny' }] }] }, 'spec.workloadRoles[0].statements[0].effect'],
    ['two statements of one sid', { ...base, workloadRoles: [{ ...lambda, statements: [lambda.statements[0], lambda.statements[0]] }] }, 'spec.workloadRoles[0].statements'],
    ['an inline policy larger than IAM allows', {
      ...base, workloadRoles: [{
        ...lambda, statements: Array.from({ length: 10 }, (_, i) => ({
          sid: `S${i}`, actions: Array.from({ length: 20 }, (_, j) => `dynamodb:GetItem${j}`), resources: Array.from({ length: 10 }, (_, j) => `arn:aws:dynamodb:us-east-1:111111111111:table/${String(j).repeat(100)}`),
        })),
      }],
    }, 'spec.workloadRoles[0].statements'],
    ['a role in both attachTo lists', { ...base, attachTo: { roleNames: ['ops'], serviceRoleNames: ['ops'] } }, 'spec.attachTo'],
    ['a role in both attachTo lists, in another case', { ...base, attachTo: { roleNames: ['ops'], serviceRoleNames: ['OPS'] } }, 'spec.attachTo.serviceRoleNames[0]'],
    ['a workload role in attachTo', { ...base, workloadRoles: [ci], attachTo: { roleNames: ['dev-smoke'] } }, 'spec.attachTo.roleNames[0]'],
    ['a role name with its path', { ...base, attachTo: { roleNames: ['team/ops'] } }, 'spec.attachTo.roleNames[0]'],
    ['an auditor of this very account', { ...base, auditor: { ...AUDITOR, trustedAccountId: '111111111111' } }, 'spec.auditor.trustedAccountId'],
    ['an auditor from anywhere', { ...base, auditor: { ...AUDITOR, allowedSourceCidrs: ['0.0.0.0/0'] } }, 'spec.auditor.allowedSourceCidrs[0]'],
    ['an auditor from a /7', { ...base, auditor: { ...AUDITOR, allowedSourceCidrs: ['10.0.0.0/7'] } }, 'spec.auditor.allowedSourceCidrs[0]'],
    ['an auditor without source addresses', { ...base, auditor: { ...AUDITOR, allowedSourceCidrs: [] } }, 'spec.auditor.allowedSourceCidrs'],
    ['an auditor source that is not a CIDR', { ...base, auditor: { ...AUDITOR, allowedSourceCidrs: ['203.0.113.0'] } }, 'spec.auditor.allowedSourceCidrs[0]'],
    ['an auditor without ExternalId Secret', { ...base, auditor: { ...AUDITOR, externalIdSecretRef: undefined } }, 'spec.auditor.externalIdSecretRef'],
    ['an ExternalId in the claim', { ...base, auditor: { ...AUDITOR, externalId: EXTERNAL_ID } }, 'spec.auditor.externalId'],
    ['an auditor with write access', { ...base, auditor: { ...AUDITOR, access: 'Admin' } }, 'spec.auditor.access'],
    ['an auditor account id of 11 digits', { ...base, auditor: { ...AUDITOR, trustedAccountId: '99999999999' } }, 'spec.auditor.trustedAccountId'],
    ['prod without deletion protection', { ...base, ...PROD_COMMON, deletionProtection: false }, 'spec.deletionProtection'],
  ])('rejects %s', (_n, spec, field) => {
    const run = () => compose(spec as Record<string, unknown>);
    expect(run).toThrow(InputError);
    expect(run).toThrow(`${field}: `);
  });
});

describe('AccessGuardrails examples', () => {
  const validator = KubeValidator.fromPinnedCrds();
  const examplesSecret = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: 'examples' }, data: { 'external-id': b64('3f6c1e0a9b7d4c2e8f5a1b3c7d9e0f21') } });

  it.each(ACCESS_GUARDRAILS_EXAMPLES.flatMap((e) => [[e.name, false], [e.name, true]] as const))('%s (ExternalId Secret present: %s): every composed resource is valid as Crossplane creates it', (name, present) => {
    const example = ACCESS_GUARDRAILS_EXAMPLES.find((e) => e.name === name)!;
    const spec = parseSpec<AccessGuardrailsParameters>(accessGuardrailsApi, example.spec);
    const xr = asXr(xrObject('AccessGuardrails', name, { ...example.spec }, 'examples'), spec);
    const required: Record<string, KubeObject[]> = present && spec.auditor ? { [EXTERNAL_ID_REQUIREMENT]: [examplesSecret(spec.auditor.externalIdSecretRef.name)] } : {};
    const first = accessGuardrailsApi.compose({ xr, observed: {}, required });
    // Once the auditor's inline deny is Ready, its managed read policies are attached too: validate those as well.
    const out = first.resources['auditor-deny-policy'] ? accessGuardrailsApi.compose({ xr, observed: denyReady(first), required }) : first;
    const created = Object.values(out.resources).map((r) => ({ ...r, metadata: { ...r.metadata, namespace: 'examples', generateName: `${name}-` } }));
    expect(created.length).toBeGreaterThanOrEqual(4);
    expect(created.length > 16).toBe(name === 'prod-with-auditor' && present);
    expect(out.warnings ?? []).toEqual([]);
    expect(created.flatMap((r) => validator.validate(r)).map((i) => `${i.object}: ${i.path}: ${i.message}`)).toEqual([]);
    const declared = new Set(accessGuardrailsApi.managedResources.map((m) => `${m.apiVersion}/${m.kind}`));
    expect(created.map((r) => `${r.apiVersion}/${r.kind}`).filter((k) => !declared.has(k))).toEqual([]);
  });

  it('prod-with-auditor: every workload role bounded, people get MFA, the auditor is read-only from two ranges', () => {
    const e = ACCESS_GUARDRAILS_EXAMPLES.find((x) => x.name === 'prod-with-auditor')!;
    const spec = parseSpec<AccessGuardrailsParameters>(accessGuardrailsApi, e.spec);
    const input = { xr: asXr(xrObject('AccessGuardrails', e.name, { ...e.spec }, 'examples'), spec), required: { [EXTERNAL_ID_REQUIREMENT]: [examplesSecret('security-auditor')] } };
    const out = accessGuardrailsApi.compose({ ...input, observed: denyReady(accessGuardrailsApi.compose({ ...input, observed: {} })) });
    const roles = Object.entries(out.resources).filter(([k]) => k.startsWith('workload-role-'));
    expect(roles.map(([k]) => k)).toEqual(['workload-role-checkout', 'workload-role-smoke-tests']);
    for (const [, r] of roles) expect(fp(r).permissionsBoundary).toBe('arn:aws:iam::123456789012:policy/secure-baseline/prod-workload-boundary');
    expect(Object.keys(out.resources).filter((k) => k.startsWith('attach-mfa-'))).toEqual([resourceNames.roleAttachment('platform-operators', 'mfa-policy')]);
    expect(hashOf(resourceNames.roleAttachment('platform-operators', 'mfa-policy'))).toMatch(/^[0-9a-f]{8}$/);
    expect(Object.keys(out.resources).filter((k) => k.startsWith('auditor-')).sort()).toEqual(['auditor-deny-policy', 'auditor-read-only-access', 'auditor-role', 'auditor-security-audit']);
  });
});
