import { describe, expect, it } from '@jest/globals';
import { InputError } from '../../lib/composer';
import { parseSpec } from '../../lib/parameters';
import { asXr, DEV_COMMON, PROD_COMMON, xrObject } from '../../test/support/xr';
import { readyManaged } from '../../synth/steady-state';
import { encryptionKeyApi } from '.';
import { ENCRYPTION_KEY_EXAMPLES } from './examples';
import type { PolicyStatement } from './key-policy';
import type { EncryptionKeyParameters, KeyService } from './parameters';

function compose(spec: Record<string, unknown>, observed = {}) {
  const xr = xrObject('EncryptionKey', 'orders', spec);
  return encryptionKeyApi.compose({ xr: asXr(xr, parseSpec<EncryptionKeyParameters>(encryptionKeyApi, spec)), observed, required: {} });
}
const policyOf = (out: ReturnType<typeof compose>) => JSON.parse(out.resources.key.spec.forProvider.policy) as { Statement: PolicyStatement[] };

describe('EncryptionKey composer', () => {
  const base = { ...DEV_COMMON, description: 'orders data' };

  it('composes exactly a key and its alias, with stable names', () => {
    expect(Object.keys(compose(base).resources).sort()).toEqual(['alias', 'key']);
  });

  it.each([
    ['dev defaults', base, { rotationPeriodInDays: 365, deletionWindowInDays: 30, policies: ['*'] }],
    ['prod', { ...PROD_COMMON, description: 'x' }, { rotationPeriodInDays: 365, deletionWindowInDays: 30, policies: ['Observe', 'Create', 'Update', 'LateInitialize'] }],
    ['shorter window and rotation', { ...base, deletionWindowInDays: 7, rotationPeriodInDays: 90 }, { rotationPeriodInDays: 90, deletionWindowInDays: 7, policies: ['*'] }],
  ])('%s: rotation always on, window and management policies', (_name, spec, want) => {
    const out = compose(spec);
    const fp = out.resources.key.spec.forProvider;
    expect(fp.enableKeyRotation).toBe(true);
    expect(fp.bypassPolicyLockoutSafetyCheck).toBe(false);
    expect(fp.rotationPeriodInDays).toBe(want.rotationPeriodInDays);
    expect(fp.deletionWindowInDays).toBe(want.deletionWindowInDays);
    expect(out.resources.key.spec.managementPolicies).toEqual(want.policies);
    expect(out.resources.alias.spec.managementPolicies).toEqual(want.policies);
  });

  it('names the alias after environment and XR unless told, and points it at its own key', () => {
    expect(compose(base).resources.alias.metadata?.annotations?.['crossplane.io/external-name']).toBe('alias/dev/orders');
    const custom = compose({ ...base, aliasName: 'team-a/orders' });
    expect(custom.resources.alias.metadata?.annotations?.['crossplane.io/external-name']).toBe('alias/team-a/orders');
    expect(custom.resources.alias.spec.forProvider.targetKeyIdSelector).toEqual({
      matchControllerRef: true, matchLabels: { 'platform.secure-baseline.io/component': 'key' },
    });
    expect(custom.status.aliasArn).toBe('arn:aws:kms:us-east-1:111111111111:alias/team-a/orders');
  });

  it('tags the key with the platform tags, which claim tags cannot override', () => {
    const tags = compose({ ...base, tags: { Project: 'atlas' } }).resources.key.spec.forProvider.tags;
    expect(tags).toEqual({ Project: 'atlas', Environment: 'dev', Owner: 'team-a', CostCenter: 'cc-1', DataClassification: 'confidential', ManagedBy: 'crossplane/secure-baseline' });
  });

  it('without services, only the account root may use the key', () => {
    const { Statement } = policyOf(compose(base));
    expect(Statement).toHaveLength(1);
    expect(Statement[0]).toMatchObject({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' } });
  });

  const services: Array<[KeyService, number, string, string]> = [
    ['s3', 1, 'StringEquals', 'kms:ViaService'],
    ['rds', 2, 'StringEquals', 'kms:ViaService'],
    ['lambda', 2, 'StringEquals', 'kms:ViaService'],
    ['secretsmanager', 2, 'StringEquals', 'kms:ViaService'],
    ['logs', 1, 'ArnLike', 'kms:EncryptionContext:aws:logs:arn'],
    ['cloudtrail', 1, 'StringEquals', 'aws:SourceAccount'],
    ['sns', 1, 'StringEquals', 'aws:SourceAccount'],
    ['dynamodb', 2, 'StringEquals', 'kms:ViaService'],
    ['ssm', 1, 'StringEquals', 'kms:ViaService'],
    ['log-delivery', 1, 'ArnLike', 'aws:SourceArn'],
  ];
  it.each(services)('service %s gets %i statement(s), each constrained by %s %s', (service, count, operator, key) => {
    const { Statement } = policyOf(compose({ ...base, services: [service] }));
    expect(Statement).toHaveLength(1 + count);
    for (const s of Statement.slice(1)) {
      expect(s.Condition?.[operator]?.[key]).toBeDefined();
      expect(JSON.stringify(s.Action)).not.toContain('*');
    }
  });

  const ENCRYPT_DECRYPT = ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncryptFrom', 'kms:ReEncryptTo', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:DescribeKey'];
  const root = { AWS: 'arn:aws:iam::111111111111:root' };
  const through = (service: string) => ({ 'kms:ViaService': `${service}.us-east-1.amazonaws.com`, 'kms:CallerAccount': '111111111111' });
  it.each([
    ['rds', 'Rds'], ['lambda', 'Lambda'], ['dynamodb', 'Dynamodb'], ['secretsmanager', 'Secretsmanager'],
  ] as const)('%s: the data actions through the service for the account\'s principals, and grants for AWS resources apart', (service, sid) => {
    expect(policyOf(compose({ ...base, services: [service] })).Statement.slice(1)).toEqual([
      {
        Sid: `Allow${sid}ForAccountPrincipals`, Effect: 'Allow', Principal: root, Action: ENCRYPT_DECRYPT, Resource: '*',
        Condition: { StringEquals: through(service) },
      },
      {
        Sid: `Allow${sid}GrantsForAwsResources`, Effect: 'Allow', Principal: root, Action: ['kms:CreateGrant'], Resource: '*',
        Condition: { StringEquals: through(service), Bool: { 'kms:GrantIsForAWSResource': true } },
      },
    ]);
  });

  it.each([['s3', 'S3'], ['ssm', 'Ssm']] as const)('%s (no grants): the data actions through the service for the account\'s principals only', (service, sid) => {
    expect(policyOf(compose({ ...base, services: [service] })).Statement.slice(1)).toEqual([{
      Sid: `Allow${sid}ForAccountPrincipals`, Effect: 'Allow', Principal: root, Action: ENCRYPT_DECRYPT, Resource: '*',
      Condition: { StringEquals: through(service) },
    }]);
  });

  it('no data action is conditioned on kms:GrantIsForAWSResource (a key only grant requests carry)', () => {
    const { Statement } = policyOf(compose({ ...base, services: ['rds', 'lambda', 'dynamodb', 'secretsmanager', 's3', 'ssm'] }));
    for (const s of Statement.filter((x) => x.Condition?.Bool?.['kms:GrantIsForAWSResource'] !== undefined)) {
      expect([s.Sid, s.Action]).toEqual([s.Sid, ['kms:CreateGrant']]);
    }
    expect(Statement.map((s) => s.Sid)).toEqual([
      'AccountRootAdministersKey',
      'AllowDynamodbForAccountPrincipals', 'AllowDynamodbGrantsForAwsResources',
      'AllowLambdaForAccountPrincipals', 'AllowLambdaGrantsForAwsResources',
      'AllowRdsForAccountPrincipals', 'AllowRdsGrantsForAwsResources',
      'AllowS3ForAccountPrincipals',
      'AllowSecretsmanagerForAccountPrincipals', 'AllowSecretsmanagerGrantsForAwsResources',
      'AllowSsmForAccountPrincipals',
    ]);
  });

  it('CloudTrail may describe the key (no encryption context) and encrypt only for trails of this account', () => {
    const { Statement } = policyOf(compose({ ...base, services: ['cloudtrail'] }));
    expect(Statement[1]).toEqual({
      Sid: 'AllowCloudTrailToEncryptThisAccountsTrails', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: ['kms:GenerateDataKey', 'kms:DescribeKey'], Resource: '*',
      Condition: {
        StringEquals: { 'aws:SourceAccount': '111111111111' },
        StringLikeIfExists: { 'kms:EncryptionContext:aws:cloudtrail:arn': 'arn:aws:cloudtrail:*:111111111111:trail/*' },
      },
    });
  });

  it('no statement of any example lets an unconditioned or wildcard principal in', () => {
    for (const ex of ENCRYPTION_KEY_EXAMPLES) {
      for (const s of policyOf(compose(ex.spec as Record<string, unknown>)).Statement) {
        expect(s.Principal).not.toBe('*');
        expect(JSON.stringify(s.Principal)).not.toContain('"*"');
        if (s.Sid !== 'AccountRootAdministersKey') expect(s.Condition).toBeDefined();
      }
    }
  });

  it('reports the key ARN and id once the provider has them', () => {
    const first = compose(base);
    expect(first.status.keyArn).toBeUndefined();
    const arn = 'arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const later = compose(base, { key: readyManaged(first.resources.key, { arn, keyId: '1234abcd-12ab-34cd-56ef-1234567890ab' }) });
    expect(later.status).toMatchObject({ keyArn: arn, keyId: '1234abcd-12ab-34cd-56ef-1234567890ab', aliasName: 'alias/dev/orders' });
  });

  it.each([
    ['deletion window below 7', { ...base, deletionWindowInDays: 6 }, 'spec.deletionWindowInDays'],
    ['deletion window above 30', { ...base, deletionWindowInDays: 31 }, 'spec.deletionWindowInDays'],
    ['rotation period below 90', { ...base, rotationPeriodInDays: 30 }, 'spec.rotationPeriodInDays'],
    ['unknown service', { ...base, services: ['ec2'] }, 'spec.services[0]'],
    ['no description', { ...DEV_COMMON }, 'spec.description'],
    ['a field the API does not have', { ...base, enableKeyRotation: false }, 'spec.enableKeyRotation'],
    ['a malformed account id', { ...base, accountId: '12345' }, 'spec.accountId'],
    ['a region that is not one', { ...base, region: 'moon-1' }, 'spec.region'],
  ])('rejects %s, naming %s', (_name, spec, field) => {
    expect(() => compose(spec)).toThrow(InputError);
    expect(() => compose(spec)).toThrow(field);
  });
});
