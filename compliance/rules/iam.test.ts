import { describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../lib/composer';
import { LABEL_PREFIX } from '../../lib/platform';
import { evaluate } from '../engine';
import { composed, platformResources, weakened } from '../../test/support/platform-resources';
import { IAM_RULES } from './iam';

const ROLE = 'iam.aws.m.upbound.io/Role';
const ROLE_POLICY = 'iam.aws.m.upbound.io/RolePolicy';
const POLICY = 'iam.aws.m.upbound.io/Policy';
const ATTACHMENT = 'iam.aws.m.upbound.io/RolePolicyAttachment';

const component = (o: KubeObject) => o.metadata?.labels?.[`${LABEL_PREFIX}/component`];
const inProd = (c: string) => (o: KubeObject) => o.metadata?.namespace === 'prod' && component(o) === c;

/** A copy of `o` whose JSON policy field has been edited. */
function editedPolicy(o: KubeObject, field: string, edit: (doc: { Statement: Array<Record<string, any>> }) => void): KubeObject {
  const doc = JSON.parse(o.spec.forProvider[field]);
  edit(doc);
  return weakened(o, `spec.forProvider.${field}`, JSON.stringify(doc));
}

const trailRole = () => composed(ROLE, inProd('trail-role'));
const trailRolePolicy = () => composed(ROLE_POLICY, inProd('trail-role-policy'));
const functionRole = () => composed(ROLE, (o) => component(o) === 'role' && o.metadata?.labels?.[`${LABEL_PREFIX}/kind`] === 'securefunction');
const configRoleAttachment = () => composed(ATTACHMENT, (o) => o.spec.forProvider.policyArn === 'arn:aws:iam::aws:policy/service-role/AWS_ConfigRole');

/** [rule id, passing fixture, failing fixture, field the failure names] */
const CASES: ReadonlyArray<readonly [string, () => KubeObject | KubeObject[], () => KubeObject | KubeObject[], string]> = [
  ['SB-IAM-1', trailRolePolicy, () => editedPolicy(trailRolePolicy(), 'policy', (d) => { d.Statement[0].Action = 'logs:*'; }), 'spec.forProvider.policy'],
  ['SB-IAM-2', () => [trailRole(), trailRolePolicy()],
    () => [trailRole(), editedPolicy(trailRolePolicy(), 'policy', (d) => { d.Statement[1].Resource = (d.Statement[1].Resource as string).replace(':333333333333:', ':999999999999:'); })], 'spec.forProvider.policy'],
  ['SB-IAM-3', trailRole, () => weakened(trailRole(), 'spec.forProvider.maxSessionDuration', 43200), 'spec.forProvider.maxSessionDuration'],
  ['SB-IAM-4', functionRole, () => editedPolicy(functionRole(), 'assumeRolePolicy', (d) => { delete d.Statement[0].Condition; }), 'spec.forProvider.assumeRolePolicy'],
  ['SB-IAM-5', configRoleAttachment, () => weakened(configRoleAttachment(), 'spec.forProvider.policyArn', 'arn:aws:iam::aws:policy/AmazonS3FullAccess'), 'spec.forProvider.policyArn'],
  ['SB-IAM-6', configRoleAttachment, () => weakened(configRoleAttachment(), 'spec.forProvider.policyArn', 'arn:aws:iam::aws:policy/AdministratorAccess'), 'spec.forProvider.policyArn'],
  ['SB-IAM-7', () => composed(POLICY), () => editedPolicy(composed(POLICY), 'policy', (d) => { d.Statement.push({ Sid: 'Everything', Effect: 'Allow', Action: '*', Resource: '*' }); }), 'spec.forProvider.policy'],
];

/**
 * Platform defects these rules find in what the platform composes (reported, not hidden): AccessGuardrails
 * workload roles trusting a service that supplies aws:SourceAccount (Lambda, ECS tasks) have no source condition.
 * Remove an entry once the platform is fixed.
 */
/** Failures of what the platform composes that are known and not fixed yet: none. */
const KNOWN_PLATFORM_FAILURES: string[] = [];

describe('IAM rules', () => {
  it.each(CASES)('%s passes on what the platform composes and fails on the weakened fixture, naming the field', (id, pass, fail, field) => {
    const rule = IAM_RULES.filter((r) => r.id === id);
    expect(evaluate([pass()].flat(), rule).outcomes[0].status).toBe('pass');
    const failed = evaluate([fail()].flat(), rule).outcomes[0];
    expect(failed.status).toBe('fail');
    expect(failed.results.filter((r) => !r.passed).map((r) => r.field)).toEqual([field]);
  });
  it('every IAM rule has a case', () => expect(CASES.map((c) => c[0])).toEqual(IAM_RULES.map((r) => r.id)));

  it('passes on everything the platform composes, every rule applicable (but for the known platform failures)', () => {
    const e = evaluate(platformResources(), IAM_RULES);
    expect(e.outcomes.map((o) => [o.rule.id, o.status])).toEqual(IAM_RULES.map((r) => [r.id, KNOWN_PLATFORM_FAILURES.some((k) => k.startsWith(`${r.id} `)) ? 'fail' : 'pass']));
    expect([...new Set(e.outcomes.flatMap((o) => o.results.filter((r) => !r.passed).map((r) => `${o.rule.id} ${r.resource}`)))].sort()).toEqual([...KNOWN_PLATFORM_FAILURES].sort());
  });

  const rule = (id: string) => IAM_RULES.filter((r) => r.id === id);
  it('SB-IAM-1 accepts the wildcards lib/policy-exceptions.ts lists (a key policy\'s Resource "*")', () => {
    expect(evaluate([composed('kms.aws.m.upbound.io/Key')], rule('SB-IAM-1')).outcomes[0].status).toBe('pass');
  });
  it('SB-IAM-2 reads the account from the policy itself, else from its XR, else from most of its ARNs, and does not judge a tie', () => {
    const foreign = editedPolicy(trailRolePolicy(), 'policy', (d) => { d.Statement[1].Resource = (d.Statement[1].Resource as string).replace(':333333333333:', ':999999999999:'); });
    // Alone, one ARN of each account: a tie, no judgement.
    expect(evaluate([foreign], rule('SB-IAM-2')).outcomes[0].status).toBe('not-applicable');
    // An aws:SourceAccount condition in the policy itself decides.
    const pinned = editedPolicy(foreign, 'policy', (d) => { d.Statement[0].Condition = { StringEquals: { 'aws:SourceAccount': '333333333333' } }; });
    expect(evaluate([pinned], rule('SB-IAM-2')).outcomes[0].status).toBe('fail');
    // AWS-owned ARNs (arn:aws:iam::aws:policy/…) and account-less ARNs (S3) are never foreign.
    const owned = editedPolicy(trailRolePolicy(), 'policy', (d) => { d.Statement.push({ Effect: 'Allow', Action: 'iam:GetPolicy', Resource: ['arn:aws:iam::aws:policy/ReadOnlyAccess', 'arn:aws:s3:::some-bucket'] }); });
    expect(evaluate([trailRole(), owned], rule('SB-IAM-2')).outcomes[0].status).toBe('pass');
  });
  it('SB-IAM-4 exempts EC2 (no source context when it vends instance-profile credentials) and judges every other service', () => {
    const trusting = (service: string) => editedPolicy(functionRole(), 'assumeRolePolicy', (d) => { delete d.Statement[0].Condition; d.Statement[0].Principal = { Service: service }; });
    expect(evaluate([trusting('ec2.amazonaws.com')], rule('SB-IAM-4')).outcomes[0].status).toBe('not-applicable');
    expect(evaluate([trusting('ecs-tasks.amazonaws.com')], rule('SB-IAM-4')).outcomes[0].status).toBe('fail');
    const byArn = editedPolicy(functionRole(), 'assumeRolePolicy', (d) => { d.Statement[0].Condition = { ArnLike: { 'aws:SourceArn': 'arn:aws:lambda:us-east-1:333333333333:function:x' } }; });
    expect(evaluate([byArn], rule('SB-IAM-4')).outcomes[0].status).toBe('pass');
  });
  it('SB-IAM-5 accepts a listed AWS-managed policy in any partition, and customer-managed policies', () => {
    expect(evaluate([weakened(configRoleAttachment(), 'spec.forProvider.policyArn', 'arn:aws-us-gov:iam::aws:policy/service-role/AWS_ConfigRole')], rule('SB-IAM-5')).outcomes[0].status).toBe('pass');
    expect(evaluate([weakened(configRoleAttachment(), 'spec.forProvider.policyArn', 'arn:aws:iam::333333333333:policy/secure-baseline/x')], rule('SB-IAM-5')).outcomes[0].status).toBe('pass');
  });
});
