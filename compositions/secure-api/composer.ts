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
import { awsTags, componentLabels, managementPolicies, sameXrSelector } from '../../lib/common';
import { atProvider, defined, InputError, type ComposeInput, type Composition, type KubeObject, type RequiredResource, type XrCondition } from '../../lib/composer';
import { API_GROUP_VERSION, LABEL_PREFIX } from '../../lib/platform';
import { KIND as ENCRYPTION_KEY_KIND } from '../encryption-key/composer';
import { encryptionKeyDependency, platformUsage } from '../encryption-key/dependency';
import { LAMBDA_ARN_PATTERN } from '../managed-secret/parameters';
import { KIND as SECURE_FUNCTION_KIND } from '../secure-function/composer';
import { apiResourcePolicy, executeApiArn, routeArn } from './api-policy';
import type { SecureApiParameters, SecureApiRoute } from './parameters';

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

export function composeSecureApi({ xr, observed, required }: ComposeInput<SecureApiParameters>): Composition {
  const p = xr.spec;
  const name = xr.metadata.name;
  const namespace = xr.metadata.namespace;
  checkRoutes(p.routes);
  const apiName = apiNameOf(name, p);
  const region = p.region;
  const tags = awsTags(p);
  const base = { managementPolicies: managementPolicies<any>(p), providerConfigRef: p.providerConfigRef };
  const routeBase = { managementPolicies: ROUTE_MANAGEMENT_POLICIES, providerConfigRef: p.providerConfigRef };
  const labels = (component: string, extra: Record<string, string> = {}) => ({ labels: { ...componentLabels(KIND, name, component), ...extra } });
  const externalName = (component: string, id: string) => ({ ...labels(component), annotations: { 'crossplane.io/external-name': id } });
  const restApiIdSelector = sameXrSelector(components.restApi);
  const resources: Record<string, KubeObject> = {};

  const dependency = encryptionKeyDependency(p.encryptionKeyRef.name, namespace, required, { name: 'logs', what: 'CloudWatch Logs' });
  // The stage logs only into the access log group, so the stage waits for it and it for the key's ARN.
  const logKeyArn = dependency.arnFor(observed[components.accessLogGroup], 'kmsKeyId');
  const functionNames = [...new Set(p.routes.map((r) => r.functionRef.name))].sort();
  const functionArns = new Map<string, string>();
  for (const fn of functionNames) {
    const arn: unknown = required[functionRequirement(fn)]?.[0]?.status?.functionArn;
    if (typeof arn === 'string' && new RegExp(LAMBDA_ARN_PATTERN).test(arn)) functionArns.set(fn, arn);
  }
  const waitingFunctions = functionNames.filter((fn) => !functionArns.has(fn));

  const restApiId = atProvider(observed[components.restApi], 'id');
  const rootResourceId = atProvider(observed[components.restApi], 'rootResourceId');
  const validatorId = atProvider(observed[components.validator], 'id');
  const apiKeyRoutes = p.routes.some((r) => r.authorization === 'ApiKey');

  // --- The API, its validator and its access log group: composed at once. ---
  resources[components.restApi] = apigw.ApigwRestApi.manifest({
    metadata: labels(components.restApi),
    spec: {
      ...base,
      forProvider: {
        region,
        name: apiName,
        ...(p.description ? { description: p.description } : {}),
        endpointConfiguration: { types: ['REGIONAL'] },
        // Keys are read from the x-api-key header only (AUTHORIZER would hand that to a Lambda authorizer).
        apiKeySource: 'HEADER',
        disableExecuteApiEndpoint: false,
        tags,
      },
    },
  });
  resources[components.validator] = apigw.ApigwRequestValidator.manifest({
    metadata: labels(components.validator),
    spec: { ...base, forProvider: { region, restApiIdSelector, name: `${apiName}-body-and-parameters`, validateRequestBody: true, validateRequestParameters: true } },
  });
  // With the key's ARN itself, not a key selector (see composedKeyArn).
  const logGroup = (component: string, logGroupName: string, kmsKeyId: string) => LogsGroup.manifest({
    metadata: externalName(component, logGroupName),
    spec: { ...base, forProvider: { region, kmsKeyId, retentionInDays: p.logRetentionDays, tags } },
  });
  const logGroupName = accessLogGroupNameOf(apiName, p.stageName);
  if (logKeyArn) resources[components.accessLogGroup] = logGroup(components.accessLogGroup, logGroupName, logKeyArn);
  const executionLogGroupName = restApiId ? executionLogGroupNameOf(restApiId, p.stageName) : undefined;
  const executionLogKeyArn = dependency.arnFor(observed[components.executionLogGroup], 'kmsKeyId');
  if (executionLogGroupName && executionLogKeyArn) resources[components.executionLogGroup] = logGroup(components.executionLogGroup, executionLogGroupName, executionLogKeyArn);

  // --- Path resources: top-level ones hang off the API's root (the selector reads it from the RestAPI); nested
  // ones need their parent's id, which no selector can fill, so they follow once the parent reports it. ---
  for (const path of resourcePaths(p.routes)) {
    const parent = parentOf(path);
    const parentId = parent === '/' ? undefined : atProvider(observed[components.resource(parent)], 'id');
    if (parent !== '/' && !parentId) continue;
    const component = components.resource(path);
    resources[component] = apigw.ApigwResource.manifest({
      metadata: labels(component),
      spec: {
        ...routeBase,
        forProvider: { region, restApiIdSelector, pathPart: lastSegment(path), ...(parentId ? { parentId } : { parentIdSelector: restApiIdSelector }) },
      },
    });
  }

  // --- Per route: method (once the validator exists: no method ever lacks it), integration (once the function
  // reports its ARN), permission (once the API id is known too). ---
  const apiArn = restApiId ? executeApiArn(p, restApiId) : undefined;
  const deployable: Array<{ key: string; method: ReturnType<typeof methodRequest>; uri?: string }> = [];
  let routesInPlace = true;
  for (const route of p.routes) {
    const methodComponent = components.method(route);
    const integrationComponent = components.integration(route);
    const request = methodRequest(route);
    const functionArn = functionArns.get(route.functionRef.name);
    const uri = functionArn ? lambdaInvocationUri(functionArn) : undefined;
    deployable.push({ key: routeKey(route), method: request, uri });
    const resourceId = route.path === '/' ? rootResourceId : undefined;
    const resourceComposed = route.path === '/' ? !!rootResourceId : !!resources[components.resource(route.path)];
    if (validatorId && resourceComposed) {
      resources[methodComponent] = apigw.ApigwMethod.manifest({
        metadata: labels(methodComponent),
        spec: {
          ...routeBase,
          forProvider: {
            region,
            restApiIdSelector,
            ...(resourceId ? { resourceId } : { resourceIdSelector: sameXrSelector(components.resource(route.path)) }),
            httpMethod: route.method,
            ...request,
            requestValidatorId: validatorId,
          },
        },
      });
    }
    if (resources[methodComponent] && uri) {
      resources[integrationComponent] = apigw.ApigwIntegration.manifest({
        metadata: labels(integrationComponent),
        spec: {
          ...routeBase,
          forProvider: {
            region,
            restApiIdSelector,
            ...(resourceId ? { resourceId } : { resourceIdSelector: sameXrSelector(components.resource(route.path)) }),
            // Read from the method, so the integration waits for it.
            httpMethodSelector: sameXrSelector(methodComponent),
            type: 'AWS_PROXY',
            integrationHttpMethod: LAMBDA_INTEGRATION_METHOD,
            uri,
          },
        },
      });
    }
    if (apiArn && functionArn) {
      const permission = components.permission(route);
      resources[permission] = LambdaPermission.manifest({
        metadata: labels(permission),
        spec: {
          ...routeBase,
          forProvider: {
            region: functionArn.split(':')[3],
            statementId: boundedName(apiName, routeKey(route), MAX_STATEMENT_ID),
            action: 'lambda:InvokeFunction',
            functionName: functionArn,
            principal: 'apigateway.amazonaws.com',
            // This route of this stage of this API only, in this account.
            sourceArn: routeArn(apiArn, p.stageName, route.method, route.path),
            sourceAccount: p.accountId,
          },
        },
      });
    }
    routesInPlace &&= !!uri
      && inPlace(observed[methodComponent], { authorization: request.authorization, apiKeyRequired: request.apiKeyRequired, requestValidatorId: validatorId })
      && inPlace(observed[integrationComponent], { uri });
  }

  // --- Resource policy: names the routes' ARNs, so it follows the API id. ---
  const policy = restApiId ? apiResourcePolicy(p, restApiId, p.routes) : undefined;
  if (policy) {
    resources[components.policy] = apigw.ApigwRestApiPolicy.manifest({
      metadata: labels(components.policy),
      spec: { ...base, forProvider: { region, restApiIdSelector, policy: JSON.stringify(policy) } },
    });
  }
  routesInPlace &&= isReady(observed[components.policy]);

  // --- Deployment per revision (a Deployment cannot be updated in place: the provider refuses changes that need a
  // replacement, triggers included). A new revision is created once its routes are in place; the stage moves to it
  // once AWS has it, and the previous deployment is kept until then. ---
  const revision = restApiId && waitingFunctions.length === 0
    ? hash(JSON.stringify({ routes: [...deployable].sort((a, b) => a.key.localeCompare(b.key)), policy }), 10)
    : undefined;
  const deployment = (rev: string) => apigw.ApigwDeployment.manifest({
    metadata: labels('deployment', { [REVISION_LABEL]: rev }),
    spec: { ...base, forProvider: { region, restApiIdSelector, description: `Routes revision ${rev}`, triggers: { redeployment: rev } } },
  });
  if (revision && (routesInPlace || observed[components.deployment(revision)])) resources[components.deployment(revision)] = deployment(revision);
  const servedRevision: string | undefined = observed[components.stage]?.spec?.forProvider?.deploymentIdSelector?.matchLabels?.[REVISION_LABEL];
  const stageRevision = revision && atProvider(observed[components.deployment(revision)], 'id') ? revision : servedRevision;
  if (stageRevision && stageRevision !== revision && observed[components.deployment(stageRevision)]) {
    resources[components.deployment(stageRevision)] = deployment(stageRevision);
  }

  // --- Stage: needs a deployment and the access log group's ARN (no selector exists for either's field). ---
  const accessLogArn = atProvider(observed[components.accessLogGroup], 'arn')?.replace(/:\*$/, '');
  if (stageRevision && accessLogArn) {
    resources[components.stage] = apigw.ApigwStage.manifest({
      metadata: labels(components.stage),
      spec: {
        ...base,
        forProvider: {
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
          tags,
        },
      },
    });
  }

  // --- Method settings of every method: once the execution log group exists (else API Gateway creates it bare). ---
  if (resources[components.stage] && isReady(observed[components.executionLogGroup])) {
    resources[components.methodSettings] = apigw.ApigwMethodSettings.manifest({
      metadata: labels(components.methodSettings),
      spec: {
        ...base,
        forProvider: {
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
        },
      },
    });
  }

  // --- API keys: only when a route requires one. AWS generates the value; it never passes through git. ---
  if (apiKeyRoutes) {
    resources[components.apiKey] = apigw.ApigwApiKey.manifest({
      metadata: labels(components.apiKey),
      spec: { ...base, forProvider: { region, name: `${apiName}-key`, description: `API key of ${apiName} (usage plan ${apiName})`, enabled: true, tags } },
    });
    if (resources[components.stage]) {
      resources[components.usagePlan] = apigw.ApigwUsagePlan.manifest({
        metadata: labels(components.usagePlan),
        spec: {
          ...base,
          forProvider: {
            region,
            name: apiName,
            description: `Per-key limits of ${apiName}`,
            apiStages: [{ apiIdSelector: restApiIdSelector, stageSelector: sameXrSelector(components.stage) }],
            throttleSettings: { rateLimit: p.usagePlan.rateLimit, burstLimit: p.usagePlan.burstLimit },
            quotaSettings: { limit: p.usagePlan.quotaLimit, period: p.usagePlan.quotaPeriod },
            tags,
          },
        },
      });
      // Caveat: the provider reports the key's value in this resource's status.atProvider.value (upstream does not
      // mark it sensitive), so read access to usageplankeys.apigateway.aws.m.upbound.io must be as narrow as to Secrets.
      resources[components.usagePlanKey] = apigw.ApigwUsagePlanKey.manifest({
        metadata: labels(components.usagePlanKey),
        spec: { ...base, forProvider: { region, keyType: 'API_KEY', keyIdSelector: sameXrSelector(components.apiKey), usagePlanIdSelector: sameXrSelector(components.usagePlan) } },
      });
    }
  }

  // --- Usages: the key and the functions must outlive the API. ---
  resources[components.encryptionKeyUsage] = platformUsage({ kind: ENCRYPTION_KEY_KIND, name: p.encryptionKeyRef.name }, { kind: KIND, name },
    `SecureApi ${name} encrypts its access and execution logs with this key`, labels(components.encryptionKeyUsage));
  for (const fn of functionNames) {
    resources[components.functionUsage(fn)] = platformUsage({ kind: SECURE_FUNCTION_KIND, name: fn }, { kind: KIND, name },
      `SecureApi ${name} routes requests to this function`, labels(components.functionUsage(fn)));
  }

  // --- Requirements, conditions, status. ---
  const requirements: Record<string, RequiredResource> = { ...dependency.requirements };
  for (const fn of functionNames) requirements[functionRequirement(fn)] = { apiVersion: API_GROUP_VERSION, kind: SECURE_FUNCTION_KIND, matchName: fn, namespace };

  const stageObserved = observed[components.stage];
  const deployedRevision = isReady(stageObserved) && atProvider(stageObserved, 'deploymentId') ? servedRevision : undefined;
  const conditions: XrCondition[] = [
    dependency.condition(`The log groups are encrypted with ${dependency.keyArn}`),
    waitingFunctions.length === 0
      ? { type: 'FunctionsReady', status: 'True', reason: 'Available', message: `Every route's function reported its ARN (${functionNames.join(', ')})` }
      : { type: 'FunctionsReady', status: 'False', reason: 'WaitingForFunctions', message: `SecureFunction ${waitingFunctions.join(', ')} has not reported status.functionArn yet: its routes are integrated and deployed once it does` },
    deployedCondition(p.stageName, revision, deployedRevision, !!restApiId, waitingFunctions.length > 0),
  ];

  return {
    resources,
    requirements,
    conditions,
    ...(dependency.warnings.length ? { warnings: dependency.warnings } : {}),
    status: defined({
      restApiId,
      invokeUrl: deployedRevision ? atProvider(stageObserved, 'invokeUrl') : undefined,
      stageName: p.stageName,
      deployedRevision,
      logGroupName,
      executionLogGroupName,
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
