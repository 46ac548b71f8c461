import { describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../lib/composer';
import { LABEL_PREFIX } from '../../lib/platform';
import { evaluate } from '../engine';
import { composed, platformResources, weakened } from '../../test/support/platform-resources';
import { LAMBDA_RULES } from './lambda';

const FUNCTION = 'lambda.aws.m.upbound.io/Function';
const PERMISSION = 'lambda.aws.m.upbound.io/Permission';
const LOG_GROUP = 'cloudwatchlogs.aws.m.upbound.io/Group';

const label = (o: KubeObject, key: string) => o.metadata?.labels?.[`${LABEL_PREFIX}/${key}`];
/** The resource of component `c` composed by the same XR as `x`. */
const sameXr = (x: KubeObject, c: string) => (o: KubeObject) => o.metadata?.namespace === x.metadata?.namespace
  && label(o, 'kind') === label(x, 'kind') && label(o, 'name') === label(x, 'name') && label(o, 'component') === c;

const zip = (o: KubeObject) => o.spec?.forProvider?.packageType === 'Zip';
const withVariables = (o: KubeObject) => Object.keys(o.spec?.forProvider?.environment?.variables ?? {}).length > 0;
const fromS3 = (o: KubeObject) => o.spec?.forProvider?.principal === 's3.amazonaws.com';

/** A function and its log group. */
const functionWithLogGroup = (weaken?: (g: KubeObject) => KubeObject) => {
  const fn = composed(FUNCTION);
  const group = composed(LOG_GROUP, sameXr(fn, 'log-group'));
  return [fn, weaken ? weaken(group) : group];
};

/** [rule id, passing fixture, failing fixture, field the failure names] */
const CASES = [
  ['SB-LAMBDA-1', () => composed(FUNCTION), () => weakened(composed(FUNCTION), 'spec.forProvider.tracingConfig.mode', 'PassThrough'), 'spec.forProvider.tracingConfig.mode'],
  ['SB-LAMBDA-2', () => composed(FUNCTION), () => weakened(composed(FUNCTION), 'spec.forProvider.vpcConfig', undefined), 'spec.forProvider.vpcConfig.subnetIds'],
  ['SB-LAMBDA-3', () => composed(FUNCTION, withVariables), () => weakened(composed(FUNCTION, withVariables), 'spec.forProvider.kmsKeyArn', undefined), 'spec.forProvider.kmsKeyArn'],
  ['SB-LAMBDA-4', () => composed(FUNCTION), () => weakened(composed(FUNCTION), 'spec.forProvider.reservedConcurrentExecutions', undefined), 'spec.forProvider.reservedConcurrentExecutions'],
  ['SB-LAMBDA-5', () => composed(FUNCTION), () => weakened(composed(FUNCTION), 'spec.forProvider.deadLetterConfig', undefined), 'spec.forProvider.deadLetterConfig.targetArn'],
  ['SB-LAMBDA-6', () => composed(FUNCTION, zip), () => weakened(composed(FUNCTION, zip), 'spec.forProvider.runtime', 'python3.8'), 'spec.forProvider.runtime'],
  ['SB-LAMBDA-7', () => functionWithLogGroup(), () => functionWithLogGroup((g) => weakened(g, 'spec.forProvider.retentionInDays', undefined)), 'spec.forProvider.retentionInDays'],
  ['SB-LAMBDA-8', () => composed(PERMISSION, fromS3), () => weakened(composed(PERMISSION, fromS3), 'spec.forProvider.sourceAccount', undefined), 'spec.forProvider.sourceAccount'],
] as const;

const list = (x: KubeObject | readonly KubeObject[]) => (Array.isArray(x) ? [...x] : [x as KubeObject]);
const rule = (id: string) => LAMBDA_RULES.filter((r) => r.id === id);
const failedFields = (objects: KubeObject[], id: string) => evaluate(objects, rule(id)).outcomes[0].results.filter((r) => !r.passed).map((r) => r.field);

describe('Lambda rules', () => {
  it.each(CASES)('%s passes on what the platform composes and fails on the weakened fixture, naming the field', (id, pass, fail, field) => {
    expect(evaluate(list(pass()), rule(id)).outcomes[0].status).toBe('pass');
    const failed = evaluate(list(fail()), rule(id)).outcomes[0];
    expect(failed.status).toBe('fail');
    expect(failed.results.filter((r) => !r.passed).map((r) => r.field)).toEqual([field]);
  });
  it('every Lambda rule has a case', () => expect(CASES.map((c) => c[0])).toEqual(LAMBDA_RULES.map((r) => r.id)));

  it('passes on everything the platform composes', () => {
    const e = evaluate(platformResources(), LAMBDA_RULES);
    expect(e.failedRuleIds).toEqual([]);
    expect(e.outcomes.map((o) => [o.rule.id, o.status])).toEqual(LAMBDA_RULES.map((r) => [r.id, 'pass']));
  });

  it('SB-LAMBDA-3 refuses the AWS-managed aws/lambda key and does not judge a function without variables', () => {
    const awsManaged = weakened(composed(FUNCTION, withVariables), 'spec.forProvider.kmsKeyArn', 'arn:aws:kms:us-east-1:111111111111:alias/aws/lambda');
    expect(failedFields([awsManaged], 'SB-LAMBDA-3')).toEqual(['spec.forProvider.kmsKeyArn']);
    const noVariables = weakened(weakened(composed(FUNCTION, withVariables), 'spec.forProvider.environment', undefined), 'spec.forProvider.kmsKeyArn', undefined);
    expect(evaluate([noVariables], rule('SB-LAMBDA-3')).outcomes[0].status).toBe('not-applicable');
  });

  it('SB-LAMBDA-6 does not judge container images (they carry their own runtime)', () => {
    const image = composed(FUNCTION, (o) => o.spec?.forProvider?.packageType === 'Image');
    expect(evaluate([image], rule('SB-LAMBDA-6')).outcomes[0].status).toBe('not-applicable');
  });

  it('SB-LAMBDA-7 fails when the selected log group is missing from the composition, and does not judge a log group named elsewhere', () => {
    expect(failedFields([composed(FUNCTION)], 'SB-LAMBDA-7')).toEqual(['spec.forProvider.loggingConfig.logGroupSelector']);
    const named = weakened(composed(FUNCTION), 'spec.forProvider.loggingConfig', { logGroup: '/shared/lambda', logFormat: 'JSON' });
    expect(evaluate([named], rule('SB-LAMBDA-7')).outcomes[0].status).toBe('not-applicable');
  });

  it('SB-LAMBDA-7 finds the default /aws/lambda/<name> log group of a function without loggingConfig', () => {
    const [fn, group] = functionWithLogGroup();
    const plain = weakened(fn, 'spec.forProvider.loggingConfig', undefined);
    expect(evaluate([plain, group], rule('SB-LAMBDA-7')).outcomes[0].status).toBe('pass');
    expect(failedFields([plain, weakened(group, 'spec.forProvider.retentionInDays', 0)], 'SB-LAMBDA-7')).toEqual(['spec.forProvider.retentionInDays']);
  });

  it('SB-LAMBDA-8 refuses a public permission and one for a service without source ARN', () => {
    expect(failedFields([weakened(composed(PERMISSION, fromS3), 'spec.forProvider.principal', '*')], 'SB-LAMBDA-8')).toEqual(['spec.forProvider.principal']);
    expect(failedFields([weakened(composed(PERMISSION, fromS3), 'spec.forProvider.sourceArn', undefined)], 'SB-LAMBDA-8')).toEqual(['spec.forProvider.sourceArn']);
  });
});
