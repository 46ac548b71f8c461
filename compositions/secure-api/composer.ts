/**
 * SecureApi → a regional API Gateway REST API whose routes proxy to SecureFunctions:
 * - a resource per path segment, a method per route (AWS_IAM, or an API key required: never open) with the API's
 *   request validator (body and parameters), a Lambda proxy integration and a Lambda permission scoped to the
 *   exact route ARN of the stage;
 * - a resource policy naming the exact routes (optionally denying every other source address);
 * - a deployment per revision of the routes and policy, and a stage with JSON access logs, X-Ray tracing and, for
 *   every method, execution logs without bodies, metrics and throttling; access and execution log groups are
 *   composed (encrypted with the EncryptionKey's CMK, with a retention) before API Gateway would create them bare;
 * - with ApiKey routes: a usage plan (throttle + quota) on the stage, an API key whose value AWS generates, and
 *   their association;
 * - Usages keeping the EncryptionKey and every referenced SecureFunction from deletion while the API exists.
 *
 * API Gateway hands out ids only once things exist, and some fields take ids no selector can fill (a nested
 * resource's parent, a method's validator, the stage's access-log destination). Those resources are composed as
 * soon as the id is observed; nothing is deployed before every method, integration and the policy are in place.
 *
 * Not composed here: the account-level CloudWatch Logs role of API Gateway (one per account and region; without
 * it API Gateway refuses logging settings). It belongs to the account-wide baseline, not to one API.
 */
import { createHash } from 'node:crypto';
import * as apigw from '../../imports/aws-apigateway-apigateway.aws.m.upbound.io';
import { LambdaPermission } from '../../imports/aws-lambda-lambda.aws.m.upbound.io';
import { LogsGroup } from '../../imports/aws-cloudwatchlogs-cloudwatchlogs.aws.m.upbound.io';
import { sameXrSelector } from '../../lib/common';
import { atProvider, InputError, reported, type ComposeInput, type Composition, type KubeObject, type RequiredResource, type XrCondition } from '../../lib/composer';
import { ComposerKit } from '../../lib/kit';
import { API_GROUP_VERSION, LABEL_PREFIX } from '../../lib/platform';
import { KIND as ENCRYPTION_KEY_KIND } from '../encryption-key/composer';
import { encryptionKeyDependency, type KeyDependency } from '../encryption-key/dependency';
import { LAMBDA_ARN_PATTERN } from '../managed-secret/parameters';
import { KIND as SECURE_FUNCTION_KIND } from '../secure-function/composer';
import { apiResourcePolicy, executeApiArn, routeArn } from './api-policy';
import type { SecureApiParameters, SecureApiRoute, SecureApiStatus } from './parameters';

export const KIND = 'SecureApi';
/** Label of a Deployment naming the revision (hash of routes and policy) it deploys; the stage selects by it. */
export const REVISION_LABEL = `${LABEL_PREFIX}/revision`;
/** Lambda proxy integrations are invoked with POST whatever the method of the route. */
export const LAMBDA_INTEGRATION_METHOD = 'POST';
/** Label values (component labels) are at most 63 characters. */
const MAX_LABEL_VALUE = 63;
/** Lambda statement ids are at most 100 characters. */
const MAX_STATEMENT_ID = 100;

/**
 * What the access log records, as JSON, one object per request: who called (IAM ARN or API key id, never the key),
 * what, from where, and the outcome. No query strings or bodies (they may hold credentials or personal data).
 */
export const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  extendedRequestId: '$context.extendedRequestId',
  requestTime: '$context.requestTime',
  sourceIp: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  caller: '$context.identity.caller',
  userArn: '$context.identity.userArn',
  accountId: '$context.identity.accountId',
  apiKeyId: '$context.identity.apiKeyId',
  httpMethod: '$context.httpMethod',
  resourcePath: '$context.resourcePath',
  path: '$context.path',
  protocol: '$context.protocol',
  stage: '$context.stage',
  status: '$context.status',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationStatus: '$context.integration.status',
  integrationLatency: '$context.integration.latency',
  integrationError: '$context.integration.error',
  errorType: '$context.error.responseType',
  errorMessage: '$context.error.message',
  xrayTraceId: '$context.xrayTraceId',
});

/**
 * Management policies of the per-route resources (path resources, methods, integrations, Lambda permissions):
 * always full, prod included. They hold no data, and a route removed from the spec must stop existing in AWS: with
 * prod's orphaning policies a removed route would stay in the API, be deployed again and keep invoking its function.
 */
const ROUTE_MANAGEMENT_POLICIES = ['*'] as any[];

const hash = (s: string, length: number) => createHash('sha256').update(s).digest('hex').slice(0, length);

/** `prefix-rest`, shortened to `max` characters with a hash of the whole when longer (label values, statement ids). */
export function boundedName(prefix: string, rest: string, max = MAX_LABEL_VALUE): string {
  const full = `${prefix}-${rest}`;
  if (full.length <= max) return full;
  return `${full.slice(0, max - 9).replace(/-+$/, '')}-${hash(full, 8)}`;
}

/** Readable, kebab-case form of a path: `/orders/{orderId}` → `orders-orderid-param`; `/` → `root`. */
export function pathSlug(path: string): string {
  const segments = path.split('/').filter(Boolean).map((s) => {
    if (!s.startsWith('{')) return s;
    const greedy = s.endsWith('+}');
    return `${s.slice(1, greedy ? -2 : -1).toLowerCase().replace(/_/g, '-')}-${greedy ? 'greedy' : 'param'}`;
  });
  return segments.length ? segments.join('-') : 'root';
}

/** Stable key of a route: `get-orders-orderid-param`. */
export const routeKey = (r: Pick<SecureApiRoute, 'method' | 'path'>) => `${r.method.toLowerCase()}-${pathSlug(r.path)}`;

/** Composition resource names (also the component labels selectors match). */
export const components = {
  restApi: 'rest-api',
  policy: 'rest-api-policy',
  validator: 'request-validator',
  resource: (path: string) => boundedName('resource', pathSlug(path)),
  method: (r: Pick<SecureApiRoute, 'method' | 'path'>) => boundedName('method', routeKey(r)),
  integration: (r: Pick<SecureApiRoute, 'method' | 'path'>) => boundedName('integration', routeKey(r)),
  permission: (r: Pick<SecureApiRoute, 'method' | 'path'>) => boundedName('permission', routeKey(r)),
  deployment: (revision: string) => `deployment-${revision}`,
  stage: 'stage',
  methodSettings: 'method-settings',
  accessLogGroup: 'access-log-group',
  executionLogGroup: 'execution-log-group',
  usagePlan: 'usage-plan',
  apiKey: 'api-key',
  usagePlanKey: 'usage-plan-key',
  encryptionKeyUsage: 'encryption-key-usage',
  functionUsage: (fn: string) => boundedName('function-usage', fn),
} as const;

/** Requirement (the SecureFunction XR) per referenced function. */
export const functionRequirement = (fn: string) => `secure-function-${fn}`;

export function apiNameOf(xrName: string, p: Pick<SecureApiParameters, 'environment' | 'apiName'>): string {
  const apiName = p.apiName ?? `${p.environment}-${xrName}`;
  if (apiName.length > 100 || !/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(apiName)) {
    throw new InputError('spec.apiName', `API name "${apiName}" must be at most 100 letters, digits, hyphens and underscores: set a shorter spec.apiName`);
  }
  return apiName;
}

export const accessLogGroupNameOf = (apiName: string, stageName: string) => `/aws/apigateway/${apiName}/${stageName}/access-logs`;
/** API Gateway writes execution logs to this group, creating it (unencrypted, kept forever) if it does not exist. */
export const executionLogGroupNameOf = (restApiId: string, stageName: string) => `API-Gateway-Execution-Logs_${restApiId}/${stageName}`;

/** URI of a Lambda proxy integration. The region is the function's own. */
export function lambdaInvocationUri(functionArn: string): string {
  return `arn:aws:apigateway:${functionArn.split(':')[3]}:lambda:path/2015-03-31/functions/${functionArn}/invocations`;
}

/** Every path that needs an API Gateway resource (each prefix of each route path; the root exists already), parents first. */
export function resourcePaths(routes: readonly Pick<SecureApiRoute, 'path'>[]): string[] {
  const paths = new Set<string>();
  for (const r of routes) {
    const segments = r.path.split('/').filter(Boolean);
    for (let i = 1; i <= segments.length; i++) paths.add(`/${segments.slice(0, i).join('/')}`);
  }
  return [...paths].sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b));
}

const parentOf = (path: string) => path.slice(0, path.lastIndexOf('/')) || '/';
const lastSegment = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** What the schema cannot say about the routes taken together; throws InputError naming the route. */
function checkRoutes(routes: readonly SecureApiRoute[]): void {
  const field = (r: SecureApiRoute) => `spec.routes[${routes.indexOf(r)}].path`;
  const routeOf = (path: string) => routes.find((r) => r.path === path || r.path.startsWith(`${path}/`))!;
  // API Gateway admits one variable segment among the children of a resource.
  const variableChild = new Map<string, string>();
  const byName = new Map<string, string>();
  for (const path of resourcePaths(routes)) {
    const segment = lastSegment(path);
    if (segment.startsWith('{')) {
      const other = variableChild.get(parentOf(path));
      if (other && other !== segment) {
        throw new InputError(field(routeOf(path)), `${path} and ${parentOf(path).replace(/\/$/, '')}/${other} declare different path parameters at the same position; API Gateway admits one: use the same name`);
      }
      variableChild.set(parentOf(path), segment);
    }
    const name = components.resource(path);
    const clash = byName.get(name);
    if (clash) throw new InputError(field(routeOf(path)), `${path} and ${clash} map to the same resource name ${name}: rename one of them`);
    byName.set(name, path);
  }
  const keys = new Map<string, SecureApiRoute>();
  for (const r of routes) {
    const clash = keys.get(components.method(r));
    if (clash && clash.path !== r.path) throw new InputError(field(r), `${r.method} ${r.path} and ${clash.method} ${clash.path} map to the same resource name: rename one of them`);
    keys.set(components.method(r), r);
  }
}

/** A composed resource its provider reports Ready. */
function isReady(o: KubeObject | undefined): boolean {
  const conditions: Array<{ type?: string; status?: string }> = o?.status?.conditions ?? [];
  return conditions.some((c) => c.type === 'Ready' && c.status === 'True');
}

/** Ready, and AWS reports the given fields as desired (a resource still being updated is not in place). */
function inPlace(o: KubeObject | undefined, fields: Record<string, unknown>): boolean {
  const at = o?.status?.atProvider ?? {};
  return isReady(o) && Object.entries(fields).every(([k, v]) => (at[k] ?? false) === v);
}

/** The desired shape of a route's method: what it requires of callers and of requests. */
function methodRequest(route: SecureApiRoute) {
  const v = route.requestValidation;
  const requestParameters: Record<string, boolean> = {};
  for (const s of route.path.split('/').filter((x) => x.startsWith('{'))) requestParameters[`method.request.path.${s.replace(/[{}+]/g, '')}`] = true;
  for (const q of v?.requiredQueryParameters ?? []) requestParameters[`method.request.querystring.${q}`] = true;
  for (const h of v?.requiredHeaders ?? []) requestParameters[`method.request.header.${h}`] = true;
  return {
    authorization: route.authorization === 'IAM' ? 'AWS_IAM' : 'NONE',
    apiKeyRequired: route.authorization === 'ApiKey',
    ...(Object.keys(requestParameters).length ? { requestParameters } : {}),
    // API Gateway's built-in Empty model: a JSON object. Full JSON Schema models need the apigateway Model kind.
    ...(v?.requireJsonObjectBody ? { requestModels: { 'application/json': 'Empty' } } : {}),
  };
}

/** What every part of a SecureApi's composition shares: the kit, the API's name and id selector, what is observed. */
interface ApiParts {
  readonly kit: ComposerKit<SecureApiParameters>;
  readonly p: SecureApiParameters;
  readonly apiName: string;
  readonly region: string;
  /** Selects the REST API (its id) from any composed resource of the API. */
  readonly restApiIdSelector: ReturnType<typeof sameXrSelector>;
  readonly observed: ComposeInput<SecureApiParameters>['observed'];
  /** The REST API's id, once API Gateway reports it: what needs it in a field no selector fills waits for it. */
  readonly restApiId?: string;
}

/** What a route contributes to the revision hash: any change to it is deployed as a new revision. */
interface DeployableRoute {
  readonly key: string;
  readonly method: ReturnType<typeof methodRequest>;
  readonly uri?: string;
}

/** The referenced SecureFunctions (sorted, unique), the ARNs of those that reported one, and those still waiting. */
function resolveFunctions(routes: readonly SecureApiRoute[], required: ComposeInput<SecureApiParameters>['required']) {
  const names = [...new Set(routes.map((r) => r.functionRef.name))].sort();
  const arns = new Map<string, string>();
  for (const fn of names) {
    const arn: unknown = required[functionRequirement(fn)]?.[0]?.status?.functionArn;
    if (typeof arn === 'string' && new RegExp(LAMBDA_ARN_PATTERN).test(arn)) arns.set(fn, arn);
  }
  return { names, arns, waiting: names.filter((fn) => !arns.has(fn)) };
}

/** The REST API and its request validator: composed at once. */
function composeRestApi({ kit, p, apiName, region, restApiIdSelector }: ApiParts): void {
  kit.add(components.restApi, apigw.ApigwRestApi, {
    region,
    name: apiName,
    ...(p.description ? { description: p.description } : {}),
    endpointConfiguration: { types: ['REGIONAL'] },
    // Keys are read from the x-api-key header only (AUTHORIZER would hand that to a Lambda authorizer).
    apiKeySource: 'HEADER',
    disableExecuteApiEndpoint: false,
    tags: kit.tags,
  });
  kit.add(components.validator, apigw.ApigwRequestValidator, {
    region, restApiIdSelector, name: `${apiName}-body-and-parameters`, validateRequestBody: true, validateRequestParameters: true,
  });
}

/**
 * The access and execution log groups, encrypted and with a retention, before API Gateway would create them bare:
 * the access log group once the key's ARN is known (the stage waits for it), the execution log group once the
 * API's id (its name) is known too. Returns their names.
 */
function composeLogGroups({ kit, p, apiName, region, observed, restApiId }: ApiParts, dependency: KeyDependency) {
  // With the key's ARN itself, not a key selector (see composedKeyArn).
  const logGroup = (component: string, logGroupName: string, kmsKeyId: string) => kit.add(component, LogsGroup, {
    region, kmsKeyId, retentionInDays: p.logRetentionDays, tags: kit.tags,
  }, { externalName: logGroupName });
  // The stage logs only into the access log group, so the stage waits for it and it for the key's ARN.
  const logKeyArn = dependency.arnFor(observed[components.accessLogGroup], 'kmsKeyId');
  const logGroupName = accessLogGroupNameOf(apiName, p.stageName);
  if (logKeyArn) logGroup(components.accessLogGroup, logGroupName, logKeyArn);
  const executionLogGroupName = restApiId ? executionLogGroupNameOf(restApiId, p.stageName) : undefined;
  const executionLogKeyArn = dependency.arnFor(observed[components.executionLogGroup], 'kmsKeyId');
  if (executionLogGroupName && executionLogKeyArn) logGroup(components.executionLogGroup, executionLogGroupName, executionLogKeyArn);
  return { logGroupName, executionLogGroupName };
}

/** The ids a route's resources are composed with once API Gateway reports them (no selector fills these fields). */
interface RouteIds {
  /** The REST API's root resource, for routes of `/`. */
  readonly rootResourceId?: string;
  /** The request validator, without which no method is composed. */
  readonly validatorId?: string;
  /** The API's execute-api ARN, which Lambda permissions are scoped to. */
  readonly apiArn?: string;
}

/**
 * Path resources: top-level ones hang off the API's root (the selector reads it from the RestAPI); nested ones
 * need their parent's id, which no selector can fill, so they follow once the parent reports it.
 */
function composePathResources({ kit, p, region, restApiIdSelector, observed }: ApiParts): void {
  for (const path of resourcePaths(p.routes)) {
    const parent = parentOf(path);
    const parentId = parent === '/' ? undefined : atProvider(observed[components.resource(parent)], 'id');
    if (parent !== '/' && !parentId) continue;
    kit.add(components.resource(path), apigw.ApigwResource, {
      region, restApiIdSelector, pathPart: lastSegment(path), ...(parentId ? { parentId } : { parentIdSelector: restApiIdSelector }),
    }, { managementPolicies: ROUTE_MANAGEMENT_POLICIES });
  }
}

/**
 * One route: its method (once the validator exists: no method ever lacks it), integration (once the function
 * reports its ARN), permission (once the API id is known too). Returns what it adds to the revision, and whether
 * its method and integration are in place in AWS.
 */
function composeRoute(parts: ApiParts, ids: RouteIds, route: SecureApiRoute, functionArn: string | undefined): { deployable: DeployableRoute; inPlace: boolean } {
  const { kit, p, apiName, region, restApiIdSelector, observed } = parts;
  const { rootResourceId, validatorId, apiArn } = ids;
  const methodComponent = components.method(route);
  const integrationComponent = components.integration(route);
  const request = methodRequest(route);
  const uri = functionArn ? lambdaInvocationUri(functionArn) : undefined;
  const resourceId = route.path === '/' ? rootResourceId : undefined;
  const resourceComposed = route.path === '/' ? !!rootResourceId : !!kit.resources[components.resource(route.path)];
  const resource = resourceId ? { resourceId } : { resourceIdSelector: sameXrSelector(components.resource(route.path)) };
  if (validatorId && resourceComposed) {
    kit.add(methodComponent, apigw.ApigwMethod, {
      region, restApiIdSelector, ...resource, httpMethod: route.method, ...request, requestValidatorId: validatorId,
    }, { managementPolicies: ROUTE_MANAGEMENT_POLICIES });
  }
  if (kit.resources[methodComponent] && uri) {
    kit.add(integrationComponent, apigw.ApigwIntegration, {
      region,
      restApiIdSelector,
      ...resource,
      // Read from the method, so the integration waits for it.
      httpMethodSelector: sameXrSelector(methodComponent),
      type: 'AWS_PROXY',
      integrationHttpMethod: LAMBDA_INTEGRATION_METHOD,
      uri,
    }, { managementPolicies: ROUTE_MANAGEMENT_POLICIES });
  }
  if (apiArn && functionArn) {
    kit.add(components.permission(route), LambdaPermission, {
      region: functionArn.split(':')[3],
      statementId: boundedName(apiName, routeKey(route), MAX_STATEMENT_ID),
      action: 'lambda:InvokeFunction',
      functionName: functionArn,
      principal: 'apigateway.amazonaws.com',
      // This route of this stage of this API only, in this account.
      sourceArn: routeArn(apiArn, p.stageName, route.method, route.path),
      sourceAccount: p.accountId,
    }, { managementPolicies: ROUTE_MANAGEMENT_POLICIES });
  }
  const routeInPlace = !!uri
    && inPlace(observed[methodComponent], { authorization: request.authorization, apiKeyRequired: request.apiKeyRequired, requestValidatorId: validatorId })
    && inPlace(observed[integrationComponent], { uri });
  return { deployable: { key: routeKey(route), method: request, uri }, inPlace: routeInPlace };
}

/** Every route (in the order of the spec); returns what the revision hashes, and whether every route is in place. */
function composeRoutes(parts: ApiParts, functionArns: ReadonlyMap<string, string>): { deployable: DeployableRoute[]; inPlace: boolean } {
  const { p, observed, restApiId } = parts;
  const ids: RouteIds = {
    rootResourceId: atProvider(observed[components.restApi], 'rootResourceId'),
    validatorId: atProvider(observed[components.validator], 'id'),
    apiArn: restApiId ? executeApiArn(p, restApiId) : undefined,
  };
  const deployable: DeployableRoute[] = [];
  let inPlace = true;
  for (const route of p.routes) {
    const composed = composeRoute(parts, ids, route, functionArns.get(route.functionRef.name));
    deployable.push(composed.deployable);
    inPlace &&= composed.inPlace;
  }
  return { deployable, inPlace };
}

/** Resource policy: names the routes' ARNs, so it follows the API id. Returns the policy, once composed. */
function composePolicy({ kit, p, region, restApiIdSelector, restApiId }: ApiParts) {
  const policy = restApiId ? apiResourcePolicy(p, restApiId, p.routes) : undefined;
  if (policy) kit.add(components.policy, apigw.ApigwRestApiPolicy, { region, restApiIdSelector, policy: JSON.stringify(policy) });
  return policy;
}

/** The revisions of a SecureApi's routes: the current one, the one the stage serves, the one it is to serve. */
interface Revisions {
  /** Hash of the routes and the policy, once the API id and every function's ARN are known. */
  readonly revision?: string;
  /** The revision the observed stage selects. */
  readonly servedRevision?: string;
  /** The revision the stage is composed with: the current one once AWS has its deployment, else the served one. */
  readonly stageRevision?: string;
}

/**
 * Deployment per revision (a Deployment cannot be updated in place: the provider refuses changes that need a
 * replacement, triggers included). A new revision is created once its routes are in place; the stage moves to it
 * once AWS has it, and the previous deployment is kept until then.
 */
function composeDeployments(parts: ApiParts, revisionOf: { deployable: readonly DeployableRoute[]; policy: unknown; functionsReady: boolean }, routesInPlace: boolean): Revisions {
  const { kit, region, restApiIdSelector, observed, restApiId } = parts;
  const revision = restApiId && revisionOf.functionsReady
    ? hash(JSON.stringify({ routes: [...revisionOf.deployable].sort((a, b) => a.key.localeCompare(b.key)), policy: revisionOf.policy }), 10)
    : undefined;
  // Every deployment has component label `deployment` (the stage selects by it and by the revision label), while
  // its composition resource name is per revision.
  const deployment = (rev: string) => kit.add(components.deployment(rev), apigw.ApigwDeployment,
    { region, restApiIdSelector, description: `Routes revision ${rev}`, triggers: { redeployment: rev } },
    { labelledAs: 'deployment', labels: { [REVISION_LABEL]: rev } });
  if (revision && (routesInPlace || observed[components.deployment(revision)])) deployment(revision);
  const servedRevision: string | undefined = observed[components.stage]?.spec?.forProvider?.deploymentIdSelector?.matchLabels?.[REVISION_LABEL];
  const stageRevision = revision && atProvider(observed[components.deployment(revision)], 'id') ? revision : servedRevision;
  if (stageRevision && stageRevision !== revision && observed[components.deployment(stageRevision)]) deployment(stageRevision);
  return { revision, servedRevision, stageRevision };
}

/** Stage: needs a deployment and the access log group's ARN (no selector exists for either's field). */
function composeStage({ kit, p, apiName, region, restApiIdSelector, observed }: ApiParts, stageRevision: string | undefined): void {
  const accessLogArn = atProvider(observed[components.accessLogGroup], 'arn')?.replace(/:\*$/, '');
  if (!stageRevision || !accessLogArn) return;
  kit.add(components.stage, apigw.ApigwStage, {
    region,
    restApiIdSelector,
    stageName: p.stageName,
    description: `Stage ${p.stageName} of ${apiName}`,
    // Always: re-select whenever the revision label changes (by default a resolved id is never revisited).
    deploymentIdSelector: {
      ...sameXrSelector('deployment'),
      matchLabels: { ...sameXrSelector('deployment').matchLabels, [REVISION_LABEL]: stageRevision },
      policy: { resolve: apigw.StageSpecForProviderDeploymentIdSelectorPolicyResolve.ALWAYS },
    },
    accessLogSettings: { destinationArn: accessLogArn, format: ACCESS_LOG_FORMAT },
    xrayTracingEnabled: true,
    // Responses are not cached: a cache key does not include the caller, so one caller's response could be
    // served to another.
    cacheClusterEnabled: false,
    tags: kit.tags,
  });
}

/** Method settings of every method: once the execution log group exists (else API Gateway creates it bare). */
function composeMethodSettings({ kit, p, region, restApiIdSelector, observed }: ApiParts): void {
  if (!kit.resources[components.stage] || !isReady(observed[components.executionLogGroup])) return;
  kit.add(components.methodSettings, apigw.ApigwMethodSettings, {
    region,
    restApiIdSelector,
    stageNameSelector: sameXrSelector(components.stage),
    methodPath: '*/*',
    settings: {
      loggingLevel: p.executionLogLevel,
      // Full request/response logging would copy bodies and headers (credentials, personal data) into the logs.
      dataTraceEnabled: false,
      metricsEnabled: true,
      throttlingRateLimit: p.throttling.rateLimit,
      throttlingBurstLimit: p.throttling.burstLimit,
      cachingEnabled: false,
      cacheDataEncrypted: true,
    },
  });
}

/**
 * API keys, for routes that require one: the key (AWS generates the value; it never passes through git), and once
 * the stage is composed a usage plan on it with the key associated.
 */
function composeApiKeys({ kit, p, apiName, region, restApiIdSelector }: ApiParts): void {
  kit.add(components.apiKey, apigw.ApigwApiKey, {
    region, name: `${apiName}-key`, description: `API key of ${apiName} (usage plan ${apiName})`, enabled: true, tags: kit.tags,
  });
  if (!kit.resources[components.stage]) return;
  kit.add(components.usagePlan, apigw.ApigwUsagePlan, {
    region,
    name: apiName,
    description: `Per-key limits of ${apiName}`,
    apiStages: [{ apiIdSelector: restApiIdSelector, stageSelector: sameXrSelector(components.stage) }],
    throttleSettings: { rateLimit: p.usagePlan.rateLimit, burstLimit: p.usagePlan.burstLimit },
    quotaSettings: { limit: p.usagePlan.quotaLimit, period: p.usagePlan.quotaPeriod },
    tags: kit.tags,
  });
  // Caveat: the provider reports the key's value in this resource's status.atProvider.value (upstream does not
  // mark it sensitive), so read access to usageplankeys.apigateway.aws.m.upbound.io must be as narrow as to Secrets.
  kit.add(components.usagePlanKey, apigw.ApigwUsagePlanKey, {
    region, keyType: 'API_KEY', keyIdSelector: sameXrSelector(components.apiKey), usagePlanIdSelector: sameXrSelector(components.usagePlan),
  });
}

/** Usages: the key and the functions must outlive the API. */
function composeUsages({ kit, p }: ApiParts, functionNames: readonly string[]): void {
  kit.usage(components.encryptionKeyUsage, { kind: ENCRYPTION_KEY_KIND, name: p.encryptionKeyRef.name },
    `SecureApi ${kit.name} encrypts its access and execution logs with this key`);
  for (const fn of functionNames) {
    kit.usage(components.functionUsage(fn), { kind: SECURE_FUNCTION_KIND, name: fn },
      `SecureApi ${kit.name} routes requests to this function`);
  }
}

/** FunctionsReady: True once every route's function has reported its ARN, else names those that have not. */
function functionsCondition(functions: { readonly names: readonly string[]; readonly waiting: readonly string[] }): XrCondition {
  return functions.waiting.length === 0
    ? { type: 'FunctionsReady', status: 'True', reason: 'Available', message: `Every route's function reported its ARN (${functions.names.join(', ')})` }
    : { type: 'FunctionsReady', status: 'False', reason: 'WaitingForFunctions', message: `SecureFunction ${functions.waiting.join(', ')} has not reported status.functionArn yet: its routes are integrated and deployed once it does` };
}

/** SecureApi → its composed resources, requirements, conditions and status, part by part (see the file comment). */
export function composeSecureApi({ xr, observed, required }: ComposeInput<SecureApiParameters>): Composition<SecureApiStatus> {
  const p = xr.spec;
  const namespace = xr.metadata.namespace;
  checkRoutes(p.routes);
  const kit = new ComposerKit(KIND, xr);
  const restApiId = atProvider(observed[components.restApi], 'id');
  const parts: ApiParts = {
    kit, p, apiName: apiNameOf(kit.name, p), region: p.region, restApiIdSelector: sameXrSelector(components.restApi), observed, restApiId,
  };
  const dependency = encryptionKeyDependency(p.encryptionKeyRef.name, namespace, required, { name: 'logs', what: 'CloudWatch Logs' });
  const functions = resolveFunctions(p.routes, required);
  const apiKeyRoutes = p.routes.some((r) => r.authorization === 'ApiKey');

  // Composed in this order (the resources record keeps it). API Gateway hands out ids only once things exist:
  // each part composes what it can with the ids observed so far.
  composeRestApi(parts);
  const logs = composeLogGroups(parts, dependency);
  composePathResources(parts);
  const routes = composeRoutes(parts, functions.arns);
  const policy = composePolicy(parts);
  const routesInPlace = routes.inPlace && isReady(observed[components.policy]);
  const { revision, servedRevision, stageRevision } = composeDeployments(parts, { deployable: routes.deployable, policy, functionsReady: functions.waiting.length === 0 }, routesInPlace);
  composeStage(parts, stageRevision);
  composeMethodSettings(parts);
  if (apiKeyRoutes) composeApiKeys(parts);
  composeUsages(parts, functions.names);

  // --- Requirements, conditions, status. ---
  const requirements: Record<string, RequiredResource> = { ...dependency.requirements };
  for (const fn of functions.names) requirements[functionRequirement(fn)] = { apiVersion: API_GROUP_VERSION, kind: SECURE_FUNCTION_KIND, matchName: fn, namespace };

  const stageObserved = observed[components.stage];
  const deployedRevision = isReady(stageObserved) && atProvider(stageObserved, 'deploymentId') ? servedRevision : undefined;
  const conditions: XrCondition[] = [
    dependency.condition(`The log groups are encrypted with ${dependency.keyArn}`),
    functionsCondition(functions),
    deployedCondition(p.stageName, revision, deployedRevision, !!restApiId, functions.waiting.length > 0),
  ];

  return {
    resources: kit.resources,
    requirements,
    conditions,
    ...(dependency.warnings.length ? { warnings: dependency.warnings } : {}),
    status: reported<SecureApiStatus>({
      restApiId,
      invokeUrl: deployedRevision ? atProvider(stageObserved, 'invokeUrl') : undefined,
      stageName: p.stageName,
      deployedRevision,
      logGroupName: logs.logGroupName,
      executionLogGroupName: logs.executionLogGroupName,
      usagePlanId: apiKeyRoutes ? atProvider(observed[components.usagePlan], 'id') : undefined,
      apiKeyId: apiKeyRoutes ? atProvider(observed[components.apiKey], 'id') : undefined,
      encryptionKeyArn: dependency.keyArn,
    }),
  };
}

function deployedCondition(stageName: string, revision: string | undefined, deployed: string | undefined, apiExists: boolean, waitingForFunctions: boolean): XrCondition {
  if (revision && deployed === revision) {
    return { type: 'Deployed', status: 'True', reason: 'Available', message: `Stage ${stageName} serves routes revision ${revision}` };
  }
  const serving = deployed ? `Stage ${stageName} serves routes revision ${deployed}; ` : '';
  if (!apiExists) return { type: 'Deployed', status: 'False', reason: 'WaitingForApi', message: `${serving}the routes are composed once API Gateway reports the REST API's id` };
  if (waitingForFunctions) return { type: 'Deployed', status: 'False', reason: 'WaitingForFunctions', message: `${serving}the routes are deployed once every SecureFunction reports its ARN` };
  return { type: 'Deployed', status: 'False', reason: 'Deploying', message: `${serving}routes revision ${revision} is deployed once every method, integration and the resource policy are in place` };
}
