import { COMMON_PROPERTIES, COMMON_REQUIRED, COMMON_RULES, localRef } from '../../lib/common';
import { arr, bool, int, obj, str, type Infer, type InferInput } from '../../lib/schema';
import { LOG_RETENTION_DAYS, MIN_PROD_LOG_RETENTION_DAYS } from '../aurora-database/parameters';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'ANY'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/**
 * How callers of a route are authorized. There is no unauthenticated option:
 * - IAM: requests must be SigV4-signed by an IAM principal of this account (or of an allowed account) whose
 *   policies allow `execute-api:Invoke` on the route.
 * - ApiKey: requests must carry an API key of this API's usage plan (header `x-api-key`). An API key identifies
 *   and meters a caller; it is a shared secret, not an identity: prefer IAM, and narrow ApiKey routes with
 *   allowedSourceIpRanges.
 */
export const ROUTE_AUTHORIZATIONS = ['IAM', 'ApiKey'] as const;

export const EXECUTION_LOG_LEVELS = ['ERROR', 'INFO'] as const;

export const QUOTA_PERIODS = ['DAY', 'WEEK', 'MONTH'] as const;

/** Minimum retention of the API's logs in any tier (prod: MIN_PROD_LOG_RETENTION_DAYS). */
export const MIN_LOG_RETENTION_DAYS = 90;

export const SECURE_API_DEFAULTS = {
  authorization: 'IAM',
  stageName: 'v1',
  throttling: { rateLimit: 50, burstLimit: 100 },
  executionLogLevel: 'ERROR',
  logRetentionDays: 365,
  usagePlan: { rateLimit: 10, burstLimit: 20, quotaLimit: 100000, quotaPeriod: 'DAY' },
  allowedAccountIds: [] as string[],
} as const;

/**
 * Path segments: lowercase kebab-case literals (`orders`, `order-items`), path parameters (`{orderId}`) and, last
 * only, a greedy parameter (`{proxy+}`). `/` is the API's root.
 */
const LITERAL = '[a-z0-9]+(-[a-z0-9]+)*';
const PARAM = '\\{[A-Za-z][A-Za-z0-9_]*\\}';
const GREEDY = '\\{[A-Za-z][A-Za-z0-9_]*\\+\\}';
export const ROUTE_PATH_PATTERN = `^(/|(/(${LITERAL}|${PARAM}))*/(${LITERAL}|${PARAM}|${GREEDY}))$`;

const limit = (what: string, max: number, def: number) => int(what, { minimum: 1, maximum: max, default: def });
const HEADER_NAME = '^[A-Za-z0-9!#$%&\'*+.^_`|~-]+$';
const QUERY_NAME = '^[A-Za-z0-9_.~-]+$';
const IPV4_CIDR = '^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])/([0-9]|[12][0-9]|3[0-2])$';
const IPV6_CIDR = '^[0-9a-fA-F:]+:[0-9a-fA-F:]*/([0-9]|[1-9][0-9]|1[01][0-9]|12[0-8])$';

export const ROUTE_SCHEMA = obj('A method on a path, proxied to a SecureFunction (Lambda proxy integration).', {
  path: str('Resource path: lowercase kebab-case literals, path parameters ({orderId}) and, last only, a greedy parameter ({proxy+}); / is the root.', {
    pattern: ROUTE_PATH_PATTERN, maxLength: 256,
  }),
  method: str('HTTP method; ANY matches every method not declared on the path.', { enum: HTTP_METHODS }),
  functionRef: localRef('SecureFunction', 'The SecureFunction, in this namespace, serving the route. The API waits until it reports its ARN.'),
  authorization: str('IAM (SigV4-signed requests of allowed IAM principals) or ApiKey (requests carrying an API key of the usage plan; an identification, not an identity: prefer IAM). There is no unauthenticated option.', {
    enum: ROUTE_AUTHORIZATIONS, default: SECURE_API_DEFAULTS.authorization,
  }),
  requestValidation: obj('What API Gateway requires of a request before it reaches the function; path parameters are always required.', {
    requiredQueryParameters: arr('Query-string parameters every request must carry.', str('Parameter name.', { pattern: QUERY_NAME, maxLength: 64 }), { maxItems: 20, listType: 'set' }),
    requiredHeaders: arr('Headers every request must carry.', str('Header name.', { pattern: HEADER_NAME, maxLength: 64 }), { maxItems: 20, listType: 'set' }),
    requireJsonObjectBody: bool('A body sent as application/json must be a JSON object (API Gateway\'s built-in Empty model).', { default: false }),
  }),
}, { required: ['path', 'method', 'functionRef'] });

export const SECURE_API_SPEC = obj('Desired state of the secure API.', {
  ...COMMON_PROPERTIES,
  encryptionKeyRef: localRef('EncryptionKey', 'The EncryptionKey, in this namespace, whose KMS key encrypts the access and execution log groups. Its services should include logs.'),
  apiName: str('Name of the REST API in API Gateway. Defaults to <environment>-<name>. Cannot change.', {
    pattern: '^[A-Za-z0-9][A-Za-z0-9_-]*$', maxLength: 100,
  }),
  description: str('What the API is for; shown in the API Gateway console.', { maxLength: 1024 }),
  routes: arr('The routes of the API, each proxied to a SecureFunction. Every route requires authorization and is validated.', ROUTE_SCHEMA, {
    minItems: 1, maxItems: 50,
    rules: [{ rule: 'self.all(r, self.exists_one(s, s.path == r.path && s.method == r.method))', message: 'routes must not declare the same path and method twice' }],
  }),
  stageName: str('Name of the stage serving the API: https://<id>.execute-api.<region>.amazonaws.com/<stageName>. Cannot change.', {
    pattern: '^[A-Za-z0-9_-]+$', maxLength: 64, default: SECURE_API_DEFAULTS.stageName,
    rules: [{ rule: 'self == oldSelf', message: 'stageName cannot change: the stage would have to be replaced' }],
  }),
  throttling: obj('Throttling of every method of the stage (all callers together).', {
    rateLimit: limit('Steady-state requests per second.', 10000, SECURE_API_DEFAULTS.throttling.rateLimit),
    burstLimit: limit('Requests admitted in a burst.', 5000, SECURE_API_DEFAULTS.throttling.burstLimit),
  }, { default: { ...SECURE_API_DEFAULTS.throttling } }),
  executionLogLevel: str('Execution logging level of every method: ERROR or INFO. Request and response bodies are never logged (they may hold personal data and credentials).', {
    enum: EXECUTION_LOG_LEVELS, default: SECURE_API_DEFAULTS.executionLogLevel,
  }),
  logRetentionDays: int(`Days the access and execution logs are kept (a CloudWatch retention value, at least ${MIN_LOG_RETENTION_DAYS}; at least ${MIN_PROD_LOG_RETENTION_DAYS} when tier is prod).`, {
    minimum: MIN_LOG_RETENTION_DAYS, maximum: 3653, default: SECURE_API_DEFAULTS.logRetentionDays,
    rules: [{ rule: `self in ${JSON.stringify(LOG_RETENTION_DAYS)}`, message: `logRetentionDays must be one of ${LOG_RETENTION_DAYS.filter((d) => d >= MIN_LOG_RETENTION_DAYS).join(', ')}` }],
  }),
  usagePlan: obj('Limits of each API key (usage plan). Used only when a route has authorization ApiKey.', {
    rateLimit: limit('Steady-state requests per second per key.', 10000, SECURE_API_DEFAULTS.usagePlan.rateLimit),
    burstLimit: limit('Requests admitted in a burst per key.', 5000, SECURE_API_DEFAULTS.usagePlan.burstLimit),
    quotaLimit: int('Requests each key may make per quotaPeriod.', { minimum: 1, maximum: 1000000000, default: SECURE_API_DEFAULTS.usagePlan.quotaLimit }),
    quotaPeriod: str('Period of the quota.', { enum: QUOTA_PERIODS, default: SECURE_API_DEFAULTS.usagePlan.quotaPeriod }),
  }, { default: { ...SECURE_API_DEFAULTS.usagePlan } }),
  allowedAccountIds: arr('Other AWS accounts whose IAM principals may call the IAM routes (their IAM policies must allow execute-api:Invoke too). This account is always allowed.',
    str('A 12-digit AWS account id.', { pattern: '^[0-9]{12}$' }), { maxItems: 20, listType: 'set', default: [] }),
  allowedSourceIpRanges: arr('Source IP ranges (IPv4 or IPv6 CIDR) the API accepts requests from; the resource policy denies every other address. Unset: any address (authorization is still required).',
    str('A CIDR block.', { pattern: `${IPV4_CIDR}|${IPV6_CIDR}`, maxLength: 43 }), { minItems: 1, maxItems: 50, listType: 'set' }),
}, {
  required: [...COMMON_REQUIRED, 'encryptionKeyRef', 'routes'],
  rules: [
    ...COMMON_RULES,
    { rule: `self.tier != 'prod' || self.logRetentionDays >= ${MIN_PROD_LOG_RETENTION_DAYS}`, message: `logRetentionDays must be at least ${MIN_PROD_LOG_RETENTION_DAYS} when tier is prod`, fieldPath: '.logRetentionDays' },
    { rule: '!has(self.allowedAccountIds) || !(self.accountId in self.allowedAccountIds)', message: 'allowedAccountIds must not list accountId: this account is always allowed', fieldPath: '.allowedAccountIds' },
    { rule: '!has(oldSelf.apiName) || (has(self.apiName) && self.apiName == oldSelf.apiName)', message: 'apiName cannot change: the log groups are named after it', fieldPath: '.apiName' },
  ],
});

export const SECURE_API_STATUS = obj('Observed outputs of the secure API.', {
  restApiId: str('Id of the REST API, once created.'),
  invokeUrl: str('URL of the stage, once deployed.'),
  stageName: str('Name of the stage.'),
  deployedRevision: str('Revision (hash of the routes and resource policy) the stage serves, once deployed.'),
  logGroupName: str('CloudWatch log group receiving the access logs (JSON).'),
  executionLogGroupName: str('CloudWatch log group receiving the execution logs, once the API id is known.'),
  usagePlanId: str('Id of the usage plan, when a route uses ApiKey authorization.'),
  apiKeyId: str('Id of the API key, when a route uses ApiKey authorization. Its value is never in the status: see the API description.'),
  encryptionKeyArn: str('ARN of the KMS key encrypting the log groups, once the EncryptionKey reports it.'),
});

/**
 * A regional API Gateway REST API whose routes proxy to SecureFunctions: every method authorized (IAM or API key,
 * never open) and validated, a resource policy, JSON access logs and execution logs in CMK-encrypted log groups
 * with a retention, X-Ray tracing, metrics and throttling on every method, and (with ApiKey routes) a usage plan
 * with a generated API key. Derived from the schema above (its descriptions document each field, its defaults fill
 * them): the one statement of the API's parameters.
 */
export type SecureApiParameters = Infer<typeof SECURE_API_SPEC>;
/** One method on one path, proxied to a SecureFunction (ROUTE_SCHEMA). */
export type SecureApiRoute = Infer<typeof ROUTE_SCHEMA>;
/** What a SecureApi reports, derived from its status schema. */
export type SecureApiStatus = Infer<typeof SECURE_API_STATUS>;
/** A SecureApi claim's spec as users write it (what the API server defaults may be left out). */
export type SecureApiClaim = InferInput<typeof SECURE_API_SPEC>;
