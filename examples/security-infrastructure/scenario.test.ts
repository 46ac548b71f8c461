/**
 * Document 004 (security-infrastructure): each requirement of README.md's table that can be checked is checked on
 * what the scenario composes once every XR has reported its ARNs and ids (settledXrs) and the providers have
 * created every managed resource (reconciled). The auditor's ExternalId Secret is created out of band, so the
 * world here gets a stand-in Secret, as the cluster would once an operator created it.
 */
import { describe, expect, it } from '@jest/globals';
import { XpCompositeResourceDefinitionV2 } from '../../imports/crossplane-apiextensions-apiextensions.crossplane.io';
import { apiForKind, PLATFORM_APIS } from '../../compositions';
import { API_GATEWAY_WELCOME_LOG_GROUP } from '../../compositions/compliance-monitoring/composer';
import { environmentClaims } from '../../synth/claims';
import type { KubeObject } from '../../lib/composer';
import { xrdProps } from '../../synth/definitions';
import { parseSpec } from '../../lib/parameters';
import { MANAGED_BY } from '../../lib/platform';
import { expandXrs, previewClaim } from '../../synth/preview';
import { fakeAtProvider, readyManaged, reconciled, settledXrs } from '../../synth/steady-state';
import { KubeValidator } from '../../lib/validation';
import { SCENARIO } from './environment';

const ENV = SCENARIO.environment;
const NS = ENV.name;
const ACCOUNT = ENV.accountId;
const REGION = 'eu-north-1';
const FUNCTION_NAME = 'security-infrastructure-secret-rotation';
const FUNCTION_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${FUNCTION_NAME}`;
/** The rotation function's execution role: named after the function, path `/` (SecureFunction's convention). */
const ROTATION_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/${FUNCTION_NAME}`;
const EC2_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/secure-baseline/${NS}/workload/${NS}-ec2-app`;
/** What `kubectl create secret` (README.md) would hold: the document's form, with a random part. */
const EXTERNAL_ID = `${NS}-external-id-${ACCOUNT}-${'5f'.repeat(32)}`;
const externalIdSecret: KubeObject = {
  apiVersion: 'v1', kind: 'Secret',
  metadata: { name: 'security-auditor-external-id', namespace: NS },
  data: { 'external-id': Buffer.from(EXTERNAL_ID).toString('base64') },
};

const xrs = expandXrs(environmentClaims(ENV));
const settled = settledXrs(xrs);
const world = [...settled, externalIdSecret];
/** Everything each XR composes once reconciled, keyed by `<Kind>/<name>`. */
const composed: Record<string, Record<string, KubeObject>> = Object.fromEntries(xrs.map((x) => [`${x.kind}/${x.metadata!.name}`, reconciled(x, world)]));
const isManaged = (r: KubeObject) => r.apiVersion.includes('.aws.m.upbound.io');
const managed = Object.values(composed).flatMap((rs) => Object.values(rs)).filter(isManaged);

const xrKey = (kind: string) => {
  const keys = Object.keys(composed).filter((k) => k.startsWith(`${kind}/`));
  expect(keys).toHaveLength(1);
  return keys[0];
};
/** A composed resource of the one XR of `kind`. */
const res = (kind: string, component: string): KubeObject => {
  const r = composed[xrKey(kind)][component];
  if (!r) throw new Error(`${kind} composes no ${component}: ${Object.keys(composed[xrKey(kind)]).join(', ')}`);
  return r;
};
const fp = (kind: string, component: string): Record<string, any> => res(kind, component).spec.forProvider;
const doc = (kind: string, component: string, field = 'policy'): { Statement: any[] } => JSON.parse(fp(kind, component)[field]);
const components = (kind: string) => Object.keys(composed[xrKey(kind)]);
const list = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v as string]);
/** Whether an IAM action pattern (a Deny may use wildcards) matches an action. */
const matches = (pattern: string, action: string) => new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.?+^$()[\]{}|\\]/g, '\\$&')).join('.*')}$`, 'i').test(action);
const denied = (statements: any[], action: string) => statements.some((s) => s.Effect === 'Deny' && list(s.Action).some((a) => matches(a, action)));
/** IAM's grammar of an action: `service:ActionName` with wildcards in the name only, or exactly `*` (IAM refuses `*:Create*`). */
const wellFormedAction = (action: string) => action === '*' || /^[a-z0-9-]+:[A-Za-z0-9*?]+$/.test(action);
/** The status an XR reports once its managed resources exist. */
const statusOf = (kind: string): Record<string, any> => {
  const xr = xrs.find((x) => x.kind === kind)!;
  // The kms provider also reports the key id (keyId), which fakeAtProvider does not know of.
  const atProvider = (k: string, r: KubeObject) => ({ ...fakeAtProvider(k, r), ...(r.kind === 'Key' ? { keyId: '0f0f0f0f-0000-4000-8000-0f0f0f0f0000' } : {}) });
  const observed = Object.fromEntries(Object.entries(composed[`${kind}/${xr.metadata!.name}`]).map(([k, r]) => [k, readyManaged(r, atProvider(k, r))]));
  return previewClaim(xr, world, observed).status as Record<string, any>;
};
const keyArn = settled.find((x) => x.kind === 'EncryptionKey')!.status!.keyArn as string;
const DOC_MFA_ACTIONS = ['secretsmanager:DeleteSecret', 'secretsmanager:PutSecretValue', 'kms:ScheduleKeyDeletion', 'kms:DisableKey', 'iam:DeleteRole', 'iam:DeleteRolePolicy'];

type Check = [id: string, requirement: string, check: () => void];

const REQUIREMENTS: Check[] = [
  ['1', 'everything in eu-north-1; requests elsewhere denied', () => {
    const regions = new Set(managed.map((r) => r.spec.forProvider.region).filter((r) => r !== undefined));
    expect([...regions]).toEqual([REGION]);
    const [deny] = doc('AccessGuardrails', 'region-restriction-policy').Statement;
    expect(deny.Condition.StringNotEquals).toEqual({ 'aws:RequestedRegion': [REGION] });
  }],
  ['2', 'the environment suffix is in every name the scenario chooses', () => {
    // Account-wide singletons named by the platform (Config rules) and metric filters (scoped to their log group) aside.
    const named = managed.filter((r) => !['ConfigRule', 'MetricFilter'].includes(r.kind)).flatMap((r) => {
      const f = r.spec.forProvider;
      return [f.name, f.bucket, f.tags?.Name, r.metadata?.annotations?.['crossplane.io/external-name']].filter((n): n is string => typeof n === 'string');
    });
    expect(named.length).toBeGreaterThan(40);
    // The one name AWS fixes: the log group API Gateway writes its welcome message to (pre-created, encrypted).
    expect(named.filter((n) => !n.includes(NS))).toEqual([API_GATEWAY_WELCOME_LOG_GROUP]);
  }],
  ['3', 'mandatory tags Environment, Owner, SecurityLevel, ManagedBy on every taggable resource', () => {
    const tagged = managed.filter((r) => r.spec.forProvider.tags);
    expect(tagged.length).toBeGreaterThan(50);
    for (const r of tagged) {
      expect(r.spec.forProvider.tags).toMatchObject({ Environment: NS, Owner: 'cloud-team', SecurityLevel: 'high', ManagedBy: MANAGED_BY });
    }
  }],
  ['4', 'Project and CostCenter tags', () => {
    for (const r of managed.filter((m) => m.spec.forProvider.tags)) {
      expect(r.spec.forProvider.tags).toMatchObject({ Project: 'financial-data-processing', CostCenter: 'financial-data-processing' });
    }
  }],
  ['6', 'tags come from the common parameters of every XR', () => {
    for (const x of xrs.filter((o) => o.kind !== 'SecureEnvironment')) {
      expect(x.spec).toMatchObject({ environment: NS, owner: 'cloud-team', costCenter: 'financial-data-processing', tags: { SecurityLevel: 'high', Project: 'financial-data-processing' } });
    }
  }],
  ['7', 'everything destroyable: no retain', () => {
    expect(xrs[0].spec.deletionProtection).toBe(false);
    for (const r of managed) expect(r.spec.managementPolicies).toEqual(['*']);
    for (const g of managed.filter((r) => r.kind === 'Group')) expect(g.spec.forProvider.deletionProtectionEnabled ?? false).toBe(false);
  }],
  ['8', 'customer-managed key with automatic rotation', () => {
    expect(fp('EncryptionKey', 'key')).toMatchObject({ enableKeyRotation: true, isEnabled: true, keyUsage: 'ENCRYPT_DECRYPT' });
  }],
  ['9', 'deletion window 30 days', () => {
    expect(fp('EncryptionKey', 'key').deletionWindowInDays).toBe(30);
  }],
  ['10', 'key policy: root administers, Logs and Secrets Manager may use it under conditions, no Principal "*"', () => {
    const statements = doc('EncryptionKey', 'key').Statement;
    expect(statements.find((s) => s.Sid === 'AccountRootAdministersKey')).toMatchObject({ Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*' });
    expect(statements.find((s) => s.Principal?.Service === `logs.${REGION}.amazonaws.com`)?.Condition).toEqual({
      ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:*` },
    });
    for (const service of ['secretsmanager', 'lambda']) {
      expect(statements.some((s) => s.Condition?.StringEquals?.['kms:ViaService'] === `${service}.${REGION}.amazonaws.com`)).toBe(true);
    }
    expect(statements.filter((s) => s.Principal === '*' || s.Principal?.AWS === '*')).toEqual([]);
  }],
  ['11', 'the key encrypts the secret, the log groups and the Lambda environment', () => {
    expect(fp('ManagedSecret', 'secret').kmsKeyId).toBe(keyArn);
    expect(fp('SecureFunction', 'log-group').kmsKeyId).toBe(keyArn);
    expect(fp('ComplianceMonitoring', 'trail-log-group').kmsKeyId).toBe(keyArn);
    expect(fp('SecureFunction', 'function').kmsKeyArn).toBe(keyArn);
  }],
  ['12', 'VPC 10.0.0.0/16 with DNS support and hostnames', () => {
    expect(fp('Network', 'vpc')).toMatchObject({ cidrBlock: '10.0.0.0/16', enableDnsSupport: true, enableDnsHostnames: true });
  }],
  ['13', 'private subnet in eu-north-1a holding 10.0.1.0/24; no public subnet, internet or NAT gateway', () => {
    expect(fp('Network', 'subnet-private-a')).toMatchObject({ availabilityZone: 'eu-north-1a', cidrBlock: '10.0.0.0/19', mapPublicIpOnLaunch: false });
    expect(managed.filter((r) => ['InternetGateway', 'NATGateway', 'EIP'].includes(r.kind))).toEqual([]);
    expect(components('Network').filter((c) => /^(subnet|route-table)-public|nat|internet/.test(c))).toEqual([]);
    expect(managed.filter((r) => r.kind === 'Route')).toEqual([]);
  }],
  ['14', 'Secrets Manager interface endpoint in the private subnets, private DNS on', () => {
    expect(fp('Network', 'vpc-endpoint-secretsmanager')).toMatchObject({ serviceName: `com.amazonaws.${REGION}.secretsmanager`, vpcEndpointType: 'Interface', privateDnsEnabled: true });
    expect(fp('Network', 'vpc-endpoint-secretsmanager-subnet-a').subnetIdSelector.matchLabels).toEqual({ 'platform.secure-baseline.io/component': 'subnet-private-a' });
  }],
  ['15', 'the endpoint admits HTTPS from the VPC (the Lambda is in it)', () => {
    expect(fp('Network', 'security-group-endpoints-ingress-https')).toMatchObject({ cidrIpv4: '10.0.0.0/16', ipProtocol: 'tcp', fromPort: 443, toPort: 443 });
  }],
  ['16', 'Lambda security group: no ingress; egress HTTPS only', () => {
    const rules = Object.entries(composed[xrKey('SecureFunction')]).filter(([, r]) => r.kind.startsWith('SecurityGroup') && r.kind.endsWith('Rule'));
    expect(rules.map(([, r]) => r.kind)).toEqual(['SecurityGroupEgressRule']);
    expect(rules[0][1].spec.forProvider).toMatchObject({ ipProtocol: 'tcp', fromPort: 443, toPort: 443 });
  }],
  ['17', 'two zones (the API minimum), eu-north-1a first', () => {
    expect(['subnet-private-a', 'subnet-private-b'].map((s) => fp('Network', s).availabilityZone)).toEqual(['eu-north-1a', 'eu-north-1b']);
  }],
  ['18', 'endpoints: Secrets Manager the only interface endpoint, S3 through the Network\'s (free) gateway endpoints; logs need none', () => {
    const endpoints = managed.filter((r) => r.kind === 'VPCEndpoint').map((r) => [r.spec.forProvider.serviceName, r.spec.forProvider.vpcEndpointType]);
    expect(endpoints.filter(([, type]) => type !== 'Gateway')).toEqual([[`com.amazonaws.${REGION}.secretsmanager`, 'Interface']]);
    expect(endpoints).toContainEqual([`com.amazonaws.${REGION}.s3`, 'Gateway']);
    expect(endpoints.filter(([service]) => service.endsWith('.logs'))).toEqual([]);
  }],
  ['19', 'database-credentials secret encrypted with the CMK', () => {
    expect(fp('ManagedSecret', 'secret')).toMatchObject({ name: `${NS}/db-credentials`, kmsKeyId: keyArn });
  }],
  ['20', 'the value\'s non-secret fields (username, engine, host, port, dbname) reach the rotation function as configuration', () => {
    expect(fp('SecureFunction', 'function').environment.variables).toMatchObject({
      DB_USERNAME: 'dbadmin', DB_ENGINE: 'postgres', DB_HOST: 'db.example.com', DB_PORT: '5432', DB_NAME: 'production',
    });
  }],
  ['21', 'no hard-coded password: the rotation function creates the first value at once', () => {
    expect(components('ManagedSecret')).not.toContain('secret-version');
    expect(managed.filter((r) => r.kind === 'SecretVersion')).toEqual([]);
    expect(fp('ManagedSecret', 'secret-rotation').rotateImmediately).toBe(true);
  }],
  ['22', 'rotation every 30 days by the rotation Lambda', () => {
    expect(fp('ManagedSecret', 'secret-rotation')).toMatchObject({ rotationLambdaArn: FUNCTION_ARN, rotationRules: { automaticallyAfterDays: 30 } });
  }],
  ['24', 'Secrets Manager of this account may invoke the rotation function, for this secret only', () => {
    const secretArn = settled.find((x) => x.kind === 'ManagedSecret')!.status!.secretArn as string;
    const permissions = managed.filter((r) => r.kind === 'Permission' && r.spec.forProvider.principal === 'secretsmanager.amazonaws.com');
    expect(permissions.map((r) => r.spec.forProvider)).toEqual([{
      region: REGION, functionNameSelector: { matchControllerRef: true, matchLabels: { 'platform.secure-baseline.io/component': 'function' } },
      statementId: 'secretsmanager-rotate-db-credentials', action: 'lambda:InvokeFunction', principal: 'secretsmanager.amazonaws.com',
      sourceArn: secretArn, sourceAccount: ACCOUNT,
    }]);
    expect(res('SecureFunction', 'rotation-permission-db-credentials')).toBe(permissions[0]);
    // The function the secret names is the one whose permission this is: the function's own name and ARN.
    expect(fp('ManagedSecret', 'secret-rotation').rotationLambdaArn).toBe(FUNCTION_ARN);
    expect(statusOf('SecureFunction').functionName).toBe(FUNCTION_NAME);
    // Both sides agree, and the function says so.
    const fn = xrs.find((x) => x.kind === 'SecureFunction')!;
    const api = apiForKind('SecureFunction')!;
    const xr = { apiVersion: fn.apiVersion, kind: fn.kind, metadata: { name: fn.metadata!.name!, namespace: NS }, spec: parseSpec(api, fn.spec) };
    const { conditions } = api.compose({ xr: xr as never, observed: {}, required: previewClaim(fn, world).required });
    expect(conditions?.find((c) => c.type === 'SecretRotationReady')).toMatchObject({ status: 'True', reason: 'Available', message: expect.stringContaining('db-credentials') });
  }],
  ['23', 'recovery window 7 days', () => {
    expect(fp('ManagedSecret', 'secret').recoveryWindowInDays).toBe(7);
  }],
  ['26', 'python3.12 (nearest supported to 3.11), 5-minute timeout, private subnets, own security group', () => {
    expect(fp('SecureFunction', 'function')).toMatchObject({
      runtime: 'python3.12', timeout: 300, packageType: 'Zip',
      vpcConfig: { subnetIdSelector: { matchLabels: { 'platform.secure-baseline.io/network': NS, 'platform.secure-baseline.io/subnet-tier': 'private' } }, securityGroupIdSelector: { matchLabels: { 'platform.secure-baseline.io/component': 'security-group' } } },
    });
  }],
  ['27', 'environment variables encrypted with the CMK', () => {
    expect(fp('SecureFunction', 'function')).toMatchObject({ kmsKeyArn: keyArn, environment: { variables: expect.any(Object) } });
  }],
  ['28', 'the function reaches Secrets Manager through the endpoint', () => {
    expect(fp('SecureFunction', 'function').environment.variables).toMatchObject({ SM_ENDPOINT_URL: `https://secretsmanager.${REGION}.amazonaws.com` });
    expect(fp('Network', 'vpc-endpoint-secretsmanager').privateDnsEnabled).toBe(true);
  }],
  ['29', 'the function runs under its own execution role', () => {
    expect(fp('SecureFunction', 'function').roleSelector.matchLabels).toEqual({ 'platform.secure-baseline.io/component': 'role' });
    expect(res('SecureFunction', 'role').metadata!.annotations!['crossplane.io/external-name']).toBe(FUNCTION_NAME);
  }],
  ['30a', 'EC2 role: one-hour sessions, trusted by EC2', () => {
    expect(fp('AccessGuardrails', 'workload-role-ec2-app').maxSessionDuration).toBe(3600);
    // No aws:SourceAccount condition: EC2 does not supply it when it vends instance-profile credentials.
    expect(doc('AccessGuardrails', 'workload-role-ec2-app', 'assumeRolePolicy').Statement).toEqual([
      { Sid: 'TrustedService', Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ]);
  }],
  ['30c', 'EC2 role: explicit deny of IAM changes and key deletion/disabling (deny guardrail and boundary)', () => {
    expect(fp('AccessGuardrails', 'workload-deny-ec2-app').policyArnSelector.matchLabels).toEqual({ 'platform.secure-baseline.io/component': 'deny-policy' });
    expect(fp('AccessGuardrails', 'workload-role-ec2-app').permissionsBoundary).toBe(`arn:aws:iam::${ACCOUNT}:policy/secure-baseline/${NS}-workload-boundary`);
    for (const g of ['deny-policy', 'workload-boundary-policy']) {
      const statements = doc('AccessGuardrails', g).Statement;
      for (const a of ['kms:ScheduleKeyDeletion', 'kms:DisableKey', 'iam:UpdateAssumeRolePolicy', 'iam:PutRolePermissionsBoundary', 'iam:CreatePolicyVersion']) expect(denied(statements, a)).toBe(true);
    }
  }],
  ['30e', 'EC2 role: the secret\'s own policy admits it to read (decrypting is the gap, see GAPS)', () => {
    const [allow] = doc('ManagedSecret', 'secret-policy').Statement;
    expect(allow).toMatchObject({ Effect: 'Allow', Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'] });
    expect(allow.Principal.AWS).toContain(EC2_ROLE_ARN);
  }],
  ['30f', 'EC2 role: writes logs only to its group under /aws/ec2/', () => {
    expect(doc('AccessGuardrails', 'workload-policy-ec2-app').Statement).toEqual([{
      Sid: 'WriteOwnLogs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: [`arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/ec2/${NS}`, `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/ec2/${NS}:log-stream:application`],
    }]);
  }],
  ['32a', 'Lambda role: one-hour sessions', () => {
    expect(fp('SecureFunction', 'role').maxSessionDuration).toBe(3600);
  }],
  ['32b', 'Lambda role: trusted by Lambda of this account only', () => {
    expect(doc('SecureFunction', 'role', 'assumeRolePolicy').Statement).toEqual([expect.objectContaining({
      Principal: { Service: 'lambda.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
    })]);
  }],
  ['32c', 'Lambda role: network interfaces, created in its own VPC only', () => {
    const statements = doc('SecureFunction', 'role-policy').Statement;
    expect(statements.find((s) => s.Sid === 'CreateNetworkInterfacesInOwnVpc')).toMatchObject({ Action: ['ec2:CreateNetworkInterface'], Condition: { ArnEquals: { 'ec2:Vpc': expect.stringMatching(/:vpc\/vpc-/) } } });
    expect(statements.find((s) => s.Sid === 'ManageNetworkInterfaces').Action).toContain('ec2:DeleteNetworkInterface');
    expect(statements.find((s) => s.Sid === 'DescribeNetworkInterfaces').Action).toContain('ec2:DescribeNetworkInterfaces');
  }],
  ['32d', 'Lambda role: Describe, Get, Put and UpdateSecretVersionStage on the secret (by its ARN) only; GetRandomPassword', () => {
    const secretArn = settled.find((x) => x.kind === 'ManagedSecret')!.status!.secretArn;
    const statements = doc('SecureFunction', 'role-policy').Statement;
    expect(statements.find((s) => s.Sid === 'RotateSecrets')).toEqual({
      Sid: 'RotateSecrets', Effect: 'Allow', Resource: [secretArn],
      Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue', 'secretsmanager:UpdateSecretVersionStage'],
    });
    // AWS gives GetRandomPassword no resource: "*", the one listed exception of this kind.
    expect(statements.find((s) => s.Sid === 'GenerateRandomPasswords')).toEqual({ Sid: 'GenerateRandomPasswords', Effect: 'Allow', Action: ['secretsmanager:GetRandomPassword'], Resource: ['*'] });
    // Every other Secrets Manager action of the role is on this secret.
    const secretStatements = statements.filter((s) => list(s.Action).some((a) => a.startsWith('secretsmanager:')) && s.Sid !== 'GenerateRandomPasswords');
    expect(secretStatements.flatMap((s) => list(s.Resource))).toEqual([secretArn]);
    // The secret's policy lets the rotation function's execution role (and no one else but root) write it, and
    // read it, by aws:PrincipalArn: lambda:SourceFunctionArn is not evaluated in resource-based policies.
    const role = res('SecureFunction', 'role');
    expect(role.metadata!.annotations!['crossplane.io/external-name']).toBe(FUNCTION_NAME);
    expect(role.spec.forProvider.path ?? '/').toBe('/');
    const policy = doc('ManagedSecret', 'secret-policy').Statement;
    const writes = policy.find((s) => s.Sid === 'DenyWritingTheValueToEveryoneElse');
    expect(writes.Condition).toEqual({ StringNotEquals: { 'aws:PrincipalArn': [`arn:aws:iam::${ACCOUNT}:root`, ROTATION_ROLE_ARN] } });
    expect(policy.find((s) => s.Sid === 'DenyReadingTheValueToEveryoneElse').Condition.StringNotEquals['aws:PrincipalArn']).toContain(ROTATION_ROLE_ARN);
    expect(JSON.stringify(policy)).not.toContain('lambda:SourceFunctionArn');
  }],
  ['32e', 'Lambda role: Decrypt and GenerateDataKey on the CMK, through Secrets Manager only; Decrypt for its environment', () => {
    const statements = doc('SecureFunction', 'role-policy').Statement;
    expect(statements.find((s) => s.Sid === 'UseKeysOfRotatedSecrets')).toEqual({
      Sid: 'UseKeysOfRotatedSecrets', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: [keyArn],
      Condition: { StringEquals: { 'kms:ViaService': `secretsmanager.${REGION}.amazonaws.com` } },
    });
    expect(statements.find((s) => s.Sid === 'DecryptWithFunctionKey')).toMatchObject({ Action: ['kms:Decrypt'], Resource: [keyArn] });
  }],
  ['32f', 'Lambda role: explicit deny of IAM changes and key deletion (deny guardrail attached by name)', () => {
    const attachments = Object.values(composed[xrKey('AccessGuardrails')]).filter((r) => r.kind === 'RolePolicyAttachment' && r.spec.forProvider.role === FUNCTION_NAME);
    expect(attachments.map((r) => r.spec.forProvider.policyArnSelector.matchLabels['platform.secure-baseline.io/component']).sort()).toEqual(['deny-policy', 'region-restriction-policy']);
  }],
  ['33a', 'auditor role: trusts the auditor account only', () => {
    const [trust] = doc('AccessGuardrails', 'auditor-role', 'assumeRolePolicy').Statement;
    expect(trust).toMatchObject({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::410000000004:root' }, Action: 'sts:AssumeRole' });
  }],
  ['33b', 'auditor role: ExternalId of at least 32 characters required', () => {
    const [trust] = doc('AccessGuardrails', 'auditor-role', 'assumeRolePolicy').Statement;
    expect(trust.Condition.StringEquals).toEqual({ 'sts:ExternalId': EXTERNAL_ID });
    expect(EXTERNAL_ID.length).toBeGreaterThanOrEqual(32);
  }],
  ['33c', 'auditor role: source addresses 10.0.0.0/8 and 172.16.0.0/12', () => {
    const [trust] = doc('AccessGuardrails', 'auditor-role', 'assumeRolePolicy').Statement;
    expect(trust.Condition.IpAddress).toEqual({ 'aws:SourceIp': ['10.0.0.0/8', '172.16.0.0/12'] });
  }],
  ['33d', 'auditor role: one-hour sessions', () => {
    expect(fp('AccessGuardrails', 'auditor-role').maxSessionDuration).toBe(3600);
  }],
  ['33e', 'auditor role: read-only audit permissions (SecurityAudit), attached only once the inline deny is in place', () => {
    expect(fp('AccessGuardrails', 'auditor-security-audit').policyArn).toBe('arn:aws:iam::aws:policy/SecurityAudit');
    expect(components('AccessGuardrails')).not.toContain('auditor-read-only-access');
    // Before the provider reports the deny Ready, the role and its deny are composed, SecurityAudit is not.
    const guardrails = xrs.find((x) => x.kind === 'AccessGuardrails')!;
    const first = previewClaim(guardrails, world);
    expect(Object.keys(first.resources).filter((k) => k.startsWith('auditor')).sort()).toEqual(['auditor-deny-policy', 'auditor-role']);
    const ready = previewClaim(guardrails, world, { 'auditor-deny-policy': readyManaged(first.resources['auditor-deny-policy']) });
    expect(Object.keys(ready.resources).filter((k) => k.startsWith('auditor')).sort()).toEqual(['auditor-deny-policy', 'auditor-role', 'auditor-security-audit']);
  }],
  ['33f', 'auditor role: explicit deny of Create*, Delete*, Update*, Put*, Modify* (of the identity, key, platform and audit services)', () => {
    const statements = doc('AccessGuardrails', 'auditor-deny-policy').Statement;
    // Only actions IAM accepts: the document's "*:Create*" form is refused (no wildcard in the service prefix).
    expect(statements.flatMap((s) => list(s.Action)).filter((a) => !wellFormedAction(a))).toEqual([]);
    expect(statements.every((s) => s.Effect === 'Deny' && s.Resource === '*' && s.Condition === undefined)).toBe(true);
    for (const action of [
      'iam:CreateRole', 'iam:DeleteRolePolicy', 'iam:UpdateAssumeRolePolicy', 'iam:PutRolePolicy', 'kms:CreateGrant', 'kms:ScheduleKeyDeletion',
      'secretsmanager:PutSecretValue', 'secretsmanager:UpdateSecret', 'secretsmanager:DeleteSecret', 's3:PutObject', 's3:DeleteBucket',
      'ec2:ModifyVpcAttribute', 'ec2:CreateVpcEndpoint', 'ec2:DeleteFlowLogs', 'lambda:UpdateFunctionCode', 'logs:DeleteLogGroup', 'logs:PutRetentionPolicy',
      'cloudtrail:DeleteTrail', 'cloudtrail:UpdateTrail', 'config:DeleteConfigRule', 'rds:ModifyDBCluster', 'sns:DeleteTopic',
    ]) expect([action, denied(statements, action)]).toEqual([action, true]);
    // Reads stay allowed (SecurityAudit's Describe/Get/List of configuration).
    for (const action of ['iam:GetRole', 'kms:DescribeKey', 'secretsmanager:DescribeSecret', 'ec2:DescribeVpcs', 'cloudtrail:GetTrailStatus']) {
      expect([action, denied(statements, action)]).toEqual([action, false]);
    }
  }],
  ['34', 'ExternalId generated out of band, never in git, the claim, the preview or status', () => {
    const claim = JSON.stringify(environmentClaims(ENV));
    const preview = JSON.stringify(xrs.map((x) => previewClaim(x, xrs)));
    expect(claim).not.toContain('external-id-');
    expect(preview).not.toContain('sts:ExternalId');
    const guardrails = xrs.find((x) => x.kind === 'AccessGuardrails')!;
    const withoutSecret = previewClaim(guardrails, xrs);
    expect(Object.keys(withoutSecret.resources).filter((k) => k.startsWith('auditor'))).toEqual([]);
    expect(JSON.stringify(statusOf('AccessGuardrails'))).not.toContain(EXTERNAL_ID);
  }],
  ['35a', 'MFA policy: standalone, denies the document\'s actions without MFA (BoolIfExists)', () => {
    expect(res('AccessGuardrails', 'mfa-policy').kind).toBe('Policy');
    const statements = doc('AccessGuardrails', 'mfa-policy').Statement;
    for (const s of statements) expect(s.Condition.BoolIfExists).toEqual({ 'aws:MultiFactorAuthPresent': 'false' });
    // PutSecretValue is the rotation's own write: the secret's policy denies it to everyone but root and the rotation function's role.
    for (const a of DOC_MFA_ACTIONS.filter((x) => x !== 'secretsmanager:PutSecretValue')) expect(denied(statements, a)).toBe(true);
    const writes = doc('ManagedSecret', 'secret-policy').Statement.find((s) => s.Sid === 'DenyWritingTheValueToEveryoneElse');
    expect(writes).toMatchObject({ Effect: 'Deny', Principal: '*', Action: ['secretsmanager:PutSecretValue', 'secretsmanager:UpdateSecretVersionStage'] });
    expect(writes.Condition.StringNotEquals).toEqual({ 'aws:PrincipalArn': [`arn:aws:iam::${ACCOUNT}:root`, ROTATION_ROLE_ARN] });
  }],
  ['36', 'MFA policy attached to no machine role (it would break rotation)', () => {
    const attachments = managed.filter((r) => r.kind === 'RolePolicyAttachment');
    expect(attachments.filter((r) => r.spec.forProvider.policyArnSelector?.matchLabels?.['platform.secure-baseline.io/component'] === 'mfa-policy')).toEqual([]);
  }],
  ['37', 'region restriction: standalone policy denying regional requests outside eu-north-1, attached to the workload roles', () => {
    expect(res('AccessGuardrails', 'region-restriction-policy').kind).toBe('Policy');
    const [deny] = doc('AccessGuardrails', 'region-restriction-policy').Statement;
    expect(deny).toMatchObject({ Effect: 'Deny', Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': [REGION] } } });
    // EC2 instances, RDS instances, S3 buckets and Lambda functions are regional: not exempt.
    for (const a of ['ec2:RunInstances', 'rds:CreateDBInstance', 's3:CreateBucket', 'lambda:CreateFunction']) expect(deny.NotAction.some((n: string) => matches(n, a))).toBe(false);
    expect(fp('AccessGuardrails', 'workload-region-ec2-app').policyArnSelector.matchLabels).toEqual({ 'platform.secure-baseline.io/component': 'region-restriction-policy' });
  }],
  ['39a', 'explicit deny on each of the document\'s roles', () => {
    // EC2 and Lambda roles: 30c, 32f. The auditor: its inline deny.
    expect(doc('AccessGuardrails', 'auditor-deny-policy').Statement.every((s) => s.Effect === 'Deny')).toBe(true);
    // Every policy the scenario composes is one IAM accepts: every Action and NotAction well-formed.
    const policies = managed.flatMap((r) => ['policy', 'assumeRolePolicy'].filter((f) => typeof r.spec.forProvider[f] === 'string')
      .map((f) => ({ where: `${r.kind} ${r.metadata?.labels?.['platform.secure-baseline.io/component']} ${f}`, statements: JSON.parse(r.spec.forProvider[f]).Statement as any[] })));
    expect(policies.length).toBeGreaterThan(10);
    expect(policies.flatMap(({ where, statements }) => statements.flatMap((st) => [...list(st.Action), ...list(st.NotAction)].filter((a) => !wellFormedAction(a)).map((a) => `${where} ${st.Sid}: ${a}`)))).toEqual([]);
  }],
  ['40', 'audit log group (CloudTrail: key and role use): 365 days, CMK', () => {
    expect(res('ComplianceMonitoring', 'trail-log-group').metadata!.annotations!['crossplane.io/external-name']).toBe(`/secure-baseline/${NS}/compliance/cloudtrail`);
    expect(fp('ComplianceMonitoring', 'trail-log-group')).toMatchObject({ retentionInDays: 365, kmsKeyId: keyArn });
  }],
  ['42', 'rotation function log group: 365 days, CMK', () => {
    expect(res('SecureFunction', 'log-group').metadata!.annotations!['crossplane.io/external-name']).toBe(`/aws/lambda/${FUNCTION_NAME}`);
    expect(fp('SecureFunction', 'log-group')).toMatchObject({ retentionInDays: 365, kmsKeyId: keyArn });
  }],
  ['43', 'CloudTrail records key and role use; alarms, alert topic and Config rules', () => {
    expect(fp('ComplianceMonitoring', 'trail')).toMatchObject({ isMultiRegionTrail: true, includeGlobalServiceEvents: true, enableLogFileValidation: true, kmsKeyId: keyArn });
    expect(managed.filter((r) => r.kind === 'MetricAlarm')).toHaveLength(15);
    expect(fp('ComplianceMonitoring', 'alarm-topic').kmsMasterKeyId).toBe(keyArn);
    expect(components('ComplianceMonitoring')).toContain('config-rule-secretsmanager-rotation-enabled-check');
  }],
  ['44', 'the document\'s outputs are XR status fields', () => {
    expect(statusOf('EncryptionKey')).toMatchObject({ keyArn: expect.any(String), keyId: expect.any(String) });
    expect(statusOf('AccessGuardrails')).toMatchObject({
      workloadRoleArns: { 'ec2-app': expect.any(String) }, auditorRoleArn: expect.any(String),
      mfaPolicyArn: expect.any(String), regionRestrictionPolicyArn: expect.any(String),
    });
    expect(statusOf('SecureFunction')).toMatchObject({ roleArn: expect.any(String), functionArn: expect.any(String), logGroupName: `/aws/lambda/${FUNCTION_NAME}` });
    expect(statusOf('ManagedSecret')).toMatchObject({ secretArn: expect.any(String), secretName: `${NS}/db-credentials` });
    expect(statusOf('ComplianceMonitoring')).toMatchObject({ logGroupName: `/secure-baseline/${NS}/compliance/cloudtrail` });
    expect(statusOf('Network')).toMatchObject({ vpcId: expect.any(String), subnetIds: { private: [expect.any(String), expect.any(String)] } });
  }],
  ['45', 'the key and the network outlive the function and the secret (Usages)', () => {
    const usages = Object.values(composed).flatMap((rs) => Object.values(rs)).filter((r) => r.kind === 'Usage').map((u) => `${u.spec.of.kind}/${u.spec.of.resourceRef.name} <- ${u.spec.by.kind}/${u.spec.by.resourceRef.name}`);
    expect(usages).toEqual(expect.arrayContaining([
      `EncryptionKey/data-protection <- SecureFunction/secret-rotation`,
      `Network/${NS} <- SecureFunction/secret-rotation`,
      `EncryptionKey/data-protection <- ManagedSecret/db-credentials`,
    ]));
  }],
];

/**
 * What README.md reports as not met because the platform APIs cannot express it today. When one of these starts
 * failing, an API has closed the gap: update the README's table (and this list).
 */
const GAPS: Check[] = [
  ['5', 'no per-member tags: the log groups carry no Purpose tag', () => {
    expect(managed.filter((r) => r.spec.forProvider.tags?.Purpose)).toEqual([]);
  }],
  ['30d', 'the EC2 role gets no KMS permission (no condition, no key ARN in a workload statement)', () => {
    expect(doc('AccessGuardrails', 'workload-policy-ec2-app').Statement.flatMap((st) => list(st.Action)).filter((a) => a.startsWith('kms:'))).toEqual([]);
  }],
  ['39b', 'the platform\'s own service roles carry no explicit deny', () => {
    const denyAttached = managed.filter((r) => r.kind === 'RolePolicyAttachment' && r.spec.forProvider.policyArnSelector?.matchLabels?.['platform.secure-baseline.io/component'] === 'deny-policy');
    expect(denyAttached.filter((r) => JSON.stringify(r.spec.forProvider).match(/trail-role|config-role|apigateway/))).toEqual([]);
    expect(components('ComplianceMonitoring')).toEqual(expect.arrayContaining(['trail-role', 'config-role', 'apigateway-logging-role']));
  }],
  ['41', 'no log group other than those of functions, trails and flow logs', () => {
    expect(managed.filter((r) => r.kind === 'Group').map((r) => r.metadata!.annotations!['crossplane.io/external-name']).sort()).toEqual([
      API_GATEWAY_WELCOME_LOG_GROUP, `/aws/lambda/${FUNCTION_NAME}`, `/secure-baseline/${NS}/compliance/cloudtrail`,
    ]);
  }],
  ['30b', 'the EC2 role has no instance profile and no ExternalId condition', () => {
    expect(managed.filter((r) => r.kind === 'InstanceProfile')).toEqual([]);
    expect(JSON.stringify(doc('AccessGuardrails', 'workload-role-ec2-app', 'assumeRolePolicy'))).not.toContain('ExternalId');
  }],
];

describe('security-infrastructure (document 004)', () => {
  it.each(REQUIREMENTS)('%s: %s', (_id, _what, check) => check());
  describe('gaps reported in README.md', () => {
    it.each(GAPS)('%s: %s', (_id, _what, check) => check());
  });

  it('the auditor role is composed only once the ExternalId Secret exists, and says so meanwhile', () => {
    const guardrails = xrs.find((x) => x.kind === 'AccessGuardrails')!;
    expect(Object.keys(reconciled(guardrails, settled)).filter((k) => k.startsWith('auditor'))).toEqual([]);
    const api = apiForKind('AccessGuardrails')!;
    const xr = { apiVersion: guardrails.apiVersion, kind: guardrails.kind, metadata: { name: guardrails.metadata!.name!, namespace: NS }, spec: parseSpec(api, guardrails.spec) };
    const { conditions } = api.compose({ xr: xr as never, observed: {}, required: {} });
    expect(conditions).toEqual([expect.objectContaining({ type: 'AuditorExternalIdReady', status: 'False', reason: 'ExternalIdSecretMissing' })]);
    expect(components('AccessGuardrails')).toEqual(expect.arrayContaining(['auditor-role', 'auditor-deny-policy', 'auditor-security-audit']));
  });

  it('an ExternalId shorter than 32 characters is refused', () => {
    const guardrails = xrs.find((x) => x.kind === 'AccessGuardrails')!;
    const short = { ...externalIdSecret, data: { 'external-id': Buffer.from('too-short-external-id').toString('base64') } };
    expect(() => reconciled(guardrails, [...settled, short])).toThrow(/at least 32 are required/);
  });

  it('every nested XR and everything composed is valid as Crossplane creates it', () => {
    const validator = KubeValidator.fromPinnedCrds();
    for (const api of PLATFORM_APIS) validator.addXrd(XpCompositeResourceDefinitionV2.manifest(xrdProps(api)) as never);
    const created = xrs.flatMap((x) => Object.values(composed[`${x.kind}/${x.metadata!.name}`])
      .map((r) => (r.metadata?.name ? r : { ...r, metadata: { ...r.metadata, generateName: `${x.metadata!.name}-` } })));
    expect(created.length).toBeGreaterThan(150);
    expect([...xrs, ...created].flatMap((r) => validator.validate(r)).map((i) => `${i.object}: ${i.path}: ${i.message}`)).toEqual([]);
  });
});
