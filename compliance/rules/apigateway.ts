/**
 * API Gateway (REST) rules: stages log access (JSON, to a log group) and trace with X-Ray; method settings log
 * execution without request/response bodies, throttle, and never cache unencrypted; every method is authorized and
 * validates its requests; usage plans limit each key.
 */
import { verdict, type ComposedResource, type Rule, type RuleResult } from '../rule';
import { fail, ofKind, parseArn, pass } from './crosscutting';

const STAGE = 'apigateway.aws.m.upbound.io/Stage';
const METHOD = 'apigateway.aws.m.upbound.io/Method';
const METHOD_SETTINGS = 'apigateway.aws.m.upbound.io/MethodSettings';
const USAGE_PLAN = 'apigateway.aws.m.upbound.io/UsagePlan';

const settingsOf = (r: ComposedResource) => (r.object.spec?.forProvider?.settings ?? {}) as Record<string, unknown>;
const positive = (v: unknown) => typeof v === 'number' && v > 0;

function accessLogVerdicts(r: ComposedResource): RuleResult[] {
  const destination = r.object.spec?.forProvider?.accessLogSettings?.destinationArn;
  const format = r.object.spec?.forProvider?.accessLogSettings?.format;
  return [
    parseArn(destination)?.account ? pass(r, 'spec.forProvider.accessLogSettings.destinationArn')
      : fail(r, 'spec.forProvider.accessLogSettings.destinationArn', 'set accessLogSettings.destinationArn to the ARN of the API\'s access log group (SecureApi composes one, CMK-encrypted)'),
    typeof format === 'string' && format.includes('$context.requestId') ? pass(r, 'spec.forProvider.accessLogSettings.format')
      : fail(r, 'spec.forProvider.accessLogSettings.format', 'set accessLogSettings.format to a JSON line with at least $context.requestId, the caller and the status (SecureApi\'s ACCESS_LOG_FORMAT)'),
  ];
}

export const APIGATEWAY_RULES: readonly Rule[] = [
  {
    id: 'SB-APIGW-1',
    title: 'API Gateway stages write access logs (JSON, with the request id) to a log group',
    severity: 'medium',
    rationale: 'Access logs are the record of who called what, from where, with which result: without them an incident on the API cannot be reconstructed.',
    reads: [STAGE],
    mappings: { nist80053: ['AU-2', 'AU-3', 'AU-12'], pciDss: ['10.2.1'], soc2: ['CC7.2'], cdkNag: ['AwsSolutions-APIG1'], checkov: ['CKV_AWS_76'] },
    check: (set) => ofKind(set, STAGE).flatMap(accessLogVerdicts),
  },
  {
    id: 'SB-APIGW-2',
    title: 'API Gateway stages trace requests with X-Ray',
    severity: 'low',
    rationale: 'Traces follow a request through the API into its integrations; they show where a request was refused or failed.',
    reads: [STAGE],
    mappings: { nist80053: ['AU-12', 'SI-4'], soc2: ['CC7.2'], checkov: ['CKV_AWS_73'], awsConfig: 'API_GW_XRAY_ENABLED' },
    check: (set) => ofKind(set, STAGE).map((r) => verdict(r, 'spec.forProvider.xrayTracingEnabled', (v) => v === true, 'set xrayTracingEnabled: true')),
  },
  {
    id: 'SB-APIGW-3',
    title: 'API Gateway execution logging (ERROR or INFO) and metrics are on for the methods',
    severity: 'medium',
    rationale: 'Execution logs record authorization and integration failures the access log does not explain; detailed metrics show abuse as it happens.',
    reads: [METHOD_SETTINGS],
    mappings: { nist80053: ['AU-2', 'AU-12', 'SI-4'], pciDss: ['10.2.1'], soc2: ['CC7.2'], cdkNag: ['AwsSolutions-APIG6'], checkov: ['CKV2_AWS_4'], awsConfig: 'API_GW_EXECUTION_LOGGING_ENABLED' },
    check: (set) => ofKind(set, METHOD_SETTINGS).flatMap((r) => [
      verdict(r, 'spec.forProvider.settings.loggingLevel', (v) => v === 'ERROR' || v === 'INFO', 'set settings.loggingLevel to ERROR or INFO (SecureApi executionLogLevel)'),
      verdict(r, 'spec.forProvider.settings.metricsEnabled', (v) => v === true, 'set settings.metricsEnabled: true'),
    ]),
  },
  {
    id: 'SB-APIGW-4',
    title: 'API Gateway does not log request and response bodies (data trace off)',
    severity: 'high',
    rationale: 'Data trace copies full requests and responses (credentials, tokens, personal and card data) into CloudWatch Logs, where far more people can read them than the API\'s data.',
    reads: [METHOD_SETTINGS],
    mappings: { nist80053: ['AU-3(3)', 'SI-12'], soc2: ['C1.1'], checkov: ['CKV_AWS_276'] },
    check: (set) => ofKind(set, METHOD_SETTINGS).map((r) => verdict(r, 'spec.forProvider.settings.dataTraceEnabled', (v) => v !== true, 'set settings.dataTraceEnabled: false')),
  },
  {
    id: 'SB-APIGW-5',
    title: 'API Gateway methods are throttled (rate and burst limits set)',
    severity: 'medium',
    rationale: 'Without limits a single caller can exhaust the integration (and its bill); throttling caps the damage of abuse or a runaway client.',
    reads: [METHOD_SETTINGS],
    mappings: { nist80053: ['SC-5'], soc2: ['A1.1'] },
    check: (set) => ofKind(set, METHOD_SETTINGS).flatMap((r) => [
      verdict(r, 'spec.forProvider.settings.throttlingRateLimit', positive, 'set settings.throttlingRateLimit (requests per second, > 0; SecureApi throttling.rateLimit)'),
      verdict(r, 'spec.forProvider.settings.throttlingBurstLimit', positive, 'set settings.throttlingBurstLimit (> 0; SecureApi throttling.burstLimit)'),
    ]),
  },
  {
    id: 'SB-APIGW-6',
    title: 'API Gateway responses are not cached, or the cache is encrypted',
    severity: 'medium',
    rationale: 'A cache holds response data outside the API\'s data store; unencrypted, it is data at rest without protection. (SecureApi never caches: a cache key does not include the caller.)',
    reads: [METHOD_SETTINGS],
    mappings: { nist80053: ['SC-28'], soc2: ['CC6.1'], checkov: ['CKV_AWS_308'] },
    check: (set) => ofKind(set, METHOD_SETTINGS).map((r) => (settingsOf(r).cachingEnabled !== true || settingsOf(r).cacheDataEncrypted === true
      ? pass(r, 'spec.forProvider.settings.cachingEnabled')
      : fail(r, 'spec.forProvider.settings.cacheDataEncrypted', 'set settings.cachingEnabled: false (SecureApi), or settings.cacheDataEncrypted: true'))),
  },
  {
    id: 'SB-APIGW-7',
    title: 'Every API Gateway method is authorized (IAM or another authorizer) or requires an API key',
    severity: 'critical',
    rationale: 'A method with authorization NONE and no API key is open to the internet; SecureApi routes are AWS_IAM (SigV4, the resource policy naming the accounts) or API-key routes.',
    reads: [METHOD],
    mappings: { nist80053: ['AC-3', 'IA-2'], pciDss: ['7.2.1', '8.3.1'], soc2: ['CC6.1'], cdkNag: ['AwsSolutions-APIG4'], checkov: ['CKV_AWS_59'] },
    check: (set) => ofKind(set, METHOD).map((r) => {
      const { authorization, apiKeyRequired } = r.object.spec?.forProvider ?? {};
      return (typeof authorization === 'string' && authorization !== 'NONE') || apiKeyRequired === true
        ? pass(r, 'spec.forProvider.authorization')
        : fail(r, 'spec.forProvider.authorization', `set authorization: AWS_IAM (SecureApi route auth: IAM), or apiKeyRequired: true (auth: ApiKey); ${authorization ?? 'no authorization'} without an API key admits anyone`);
    }),
  },
  {
    id: 'SB-APIGW-8',
    title: 'Every API Gateway method validates its requests',
    severity: 'medium',
    rationale: 'Request validation rejects malformed bodies and missing parameters at the edge, before the integration parses them.',
    reads: [METHOD],
    mappings: { nist80053: ['SI-10'], cdkNag: ['AwsSolutions-APIG2'], checkov: ['CKV2_AWS_53'] },
    check: (set) => ofKind(set, METHOD).map((r) => {
      const fp = r.object.spec?.forProvider ?? {};
      if (fp.requestValidatorIdSelector) return pass(r, 'spec.forProvider.requestValidatorIdSelector');
      return verdict(r, 'spec.forProvider.requestValidatorId', (v) => typeof v === 'string' && v !== '', 'set requestValidatorId (or its selector) to the API\'s request validator (body and parameters)');
    }),
  },
  {
    id: 'SB-APIGW-9',
    title: 'API Gateway usage plans limit each API key (throttle and quota)',
    severity: 'low',
    rationale: 'An API key without per-key limits lets one key holder consume the whole API\'s capacity.',
    reads: [USAGE_PLAN],
    mappings: { nist80053: ['SC-5'], soc2: ['A1.1'] },
    check: (set) => ofKind(set, USAGE_PLAN).flatMap((r) => [
      verdict(r, 'spec.forProvider.throttleSettings.rateLimit', positive, 'set throttleSettings.rateLimit and burstLimit (> 0)'),
      verdict(r, 'spec.forProvider.quotaSettings.limit', positive, 'set quotaSettings (limit > 0 per DAY, WEEK or MONTH)'),
    ]),
  },
];
