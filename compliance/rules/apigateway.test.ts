import { describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../lib/composer';
import { evaluate } from '../engine';
import { composed, platformResources, weakened } from '../../test/support/platform-resources';
import { APIGATEWAY_RULES } from './apigateway';

const STAGE = 'apigateway.aws.m.upbound.io/Stage';
const METHOD = 'apigateway.aws.m.upbound.io/Method';
const METHOD_SETTINGS = 'apigateway.aws.m.upbound.io/MethodSettings';
const USAGE_PLAN = 'apigateway.aws.m.upbound.io/UsagePlan';

const stage = () => composed(STAGE);
const settings = () => composed(METHOD_SETTINGS);
const iamMethod = () => composed(METHOD, (o) => o.spec.forProvider.authorization === 'AWS_IAM');

/** [rule id, passing fixture, failing fixture, field the failure names] */
const CASES: ReadonlyArray<readonly [string, () => KubeObject | KubeObject[], () => KubeObject | KubeObject[], string]> = [
  ['SB-APIGW-1', stage, () => weakened(stage(), 'spec.forProvider.accessLogSettings.destinationArn', undefined), 'spec.forProvider.accessLogSettings.destinationArn'],
  ['SB-APIGW-2', stage, () => weakened(stage(), 'spec.forProvider.xrayTracingEnabled', false), 'spec.forProvider.xrayTracingEnabled'],
  ['SB-APIGW-3', settings, () => weakened(settings(), 'spec.forProvider.settings.loggingLevel', 'OFF'), 'spec.forProvider.settings.loggingLevel'],
  ['SB-APIGW-4', settings, () => weakened(settings(), 'spec.forProvider.settings.dataTraceEnabled', true), 'spec.forProvider.settings.dataTraceEnabled'],
  ['SB-APIGW-5', settings, () => weakened(settings(), 'spec.forProvider.settings.throttlingRateLimit', undefined), 'spec.forProvider.settings.throttlingRateLimit'],
  ['SB-APIGW-6', settings, () => weakened(weakened(settings(), 'spec.forProvider.settings.cachingEnabled', true), 'spec.forProvider.settings.cacheDataEncrypted', false), 'spec.forProvider.settings.cacheDataEncrypted'],
  ['SB-APIGW-7', iamMethod, () => weakened(iamMethod(), 'spec.forProvider.authorization', 'NONE'), 'spec.forProvider.authorization'],
  ['SB-APIGW-8', iamMethod, () => weakened(iamMethod(), 'spec.forProvider.requestValidatorId', undefined), 'spec.forProvider.requestValidatorId'],
  ['SB-APIGW-9', () => composed(USAGE_PLAN), () => weakened(composed(USAGE_PLAN), 'spec.forProvider.throttleSettings.rateLimit', 0), 'spec.forProvider.throttleSettings.rateLimit'],
];

describe('API Gateway rules', () => {
  it.each(CASES)('%s passes on what the platform composes and fails on the weakened fixture, naming the field', (id, pass, fail, field) => {
    const rule = APIGATEWAY_RULES.filter((r) => r.id === id);
    expect(evaluate([pass()].flat(), rule).outcomes[0].status).toBe('pass');
    const failed = evaluate([fail()].flat(), rule).outcomes[0];
    expect(failed.status).toBe('fail');
    expect(failed.results.filter((r) => !r.passed).map((r) => r.field)).toEqual([field]);
  });
  it('every API Gateway rule has a case', () => expect(CASES.map((c) => c[0])).toEqual(APIGATEWAY_RULES.map((r) => r.id)));

  it('passes on everything the platform composes, every rule applicable', () => {
    const e = evaluate(platformResources(), APIGATEWAY_RULES);
    expect(e.failedRuleIds).toEqual([]);
    expect(e.outcomes.map((o) => [o.rule.id, o.status])).toEqual(APIGATEWAY_RULES.map((r) => [r.id, 'pass']));
  });

  it('SB-APIGW-7 admits an API-key route (authorization NONE, key required) and any authorizer, never an open method', () => {
    const rule = APIGATEWAY_RULES.filter((r) => r.id === 'SB-APIGW-7');
    const keyRoute = composed(METHOD, (o) => o.spec.forProvider.apiKeyRequired === true);
    expect(keyRoute.spec.forProvider.authorization).toBe('NONE');
    expect(evaluate([keyRoute], rule).outcomes[0].status).toBe('pass');
    expect(evaluate([weakened(iamMethod(), 'spec.forProvider.authorization', 'COGNITO_USER_POOLS')], rule).outcomes[0].status).toBe('pass');
    expect(evaluate([weakened(keyRoute, 'spec.forProvider.apiKeyRequired', false)], rule).outcomes[0].status).toBe('fail');
  });
});
