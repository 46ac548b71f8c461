import { describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../lib/composer';
import { evaluate } from '../engine';
import { composed, platformResources, weakened } from '../../test/support/platform-resources';
import { DYNAMODB_RULES } from './dynamodb';

const TABLE = 'dynamodb.aws.m.upbound.io/Table';
/** A table the platform keeps when its claim is deleted (prod: management policies without Delete). */
const kept = (o: KubeObject) => Array.isArray(o.spec?.managementPolicies) && !o.spec.managementPolicies.includes('*') && !o.spec.managementPolicies.includes('Delete');

/** [rule id, passing fixture, failing fixture, field the failure names] */
const CASES = [
  ['SB-DDB-1', () => composed(TABLE), () => weakened(composed(TABLE), 'spec.forProvider.pointInTimeRecovery.enabled', false), 'spec.forProvider.pointInTimeRecovery.enabled'],
  ['SB-DDB-2', () => composed(TABLE), () => weakened(composed(TABLE), 'spec.forProvider.serverSideEncryption', { enabled: true }), 'spec.forProvider.serverSideEncryption'],
  ['SB-DDB-3', () => composed(TABLE, kept), () => weakened(composed(TABLE, kept), 'spec.forProvider.deletionProtectionEnabled', false), 'spec.forProvider.deletionProtectionEnabled'],
] as const;

const rule = (id: string) => DYNAMODB_RULES.filter((r) => r.id === id);

describe('DynamoDB rules', () => {
  it.each(CASES)('%s passes on what the platform composes and fails on the weakened fixture, naming the field', (id, pass, fail, field) => {
    expect(evaluate([pass()], rule(id)).outcomes[0].status).toBe('pass');
    const failed = evaluate([fail()], rule(id)).outcomes[0];
    expect(failed.status).toBe('fail');
    expect(failed.results.filter((r) => !r.passed).map((r) => r.field)).toEqual([field]);
  });
  it('every DynamoDB rule has a case', () => expect(CASES.map((c) => c[0])).toEqual(DYNAMODB_RULES.map((r) => r.id)));

  it('passes on everything the platform composes, every rule applicable', () => {
    const evaluation = evaluate(platformResources(), DYNAMODB_RULES);
    expect(evaluation.failedRuleIds).toEqual([]);
    expect(evaluation.outcomes.filter((o) => o.status !== 'pass').map((o) => o.rule.id)).toEqual([]);
  });

  it('SB-DDB-2 refuses the AWS-managed key and the AWS-owned default', () => {
    const fields = (sse: unknown) => evaluate([weakened(composed(TABLE), 'spec.forProvider.serverSideEncryption', sse)], rule('SB-DDB-2')).outcomes[0].results.filter((r) => !r.passed).map((r) => r.field);
    expect(fields({ enabled: true, kmsKeyArn: 'alias/aws/dynamodb' })).toEqual(['spec.forProvider.serverSideEncryption']);
    expect(fields(undefined)).toEqual(['spec.forProvider.serverSideEncryption']);
    expect(fields({ enabled: true, kmsKeyArn: 'arn:aws:kms:us-east-1:111111111111:key/1234' })).toEqual([]);
  });
  it('SB-DDB-3 does not judge a table its claim may delete (management policies with Delete)', () => {
    const deletable = weakened(weakened(composed(TABLE, kept), 'spec.managementPolicies', ['*']), 'spec.forProvider.deletionProtectionEnabled', false);
    expect(evaluate([deletable], rule('SB-DDB-3')).outcomes[0].status).toBe('not-applicable');
  });
});
