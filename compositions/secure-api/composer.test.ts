import { describe, expect, it } from '@jest/globals';
import { InputError, type Composition, type KubeObject } from '../../lib/composer';
import { parseSpec } from '../../lib/parameters';
import { asXr, DEV_COMMON, PROD_COMMON, xrObject } from '../../test/support/xr';
import { readyManaged } from '../../synth/steady-state';
import { KubeValidator } from '../../lib/validation';
import { ENCRYPTION_KEY_EXAMPLES } from '../encryption-key/examples';
import { functionArnOf } from '../secure-function/composer';
import { SECURE_FUNCTION_EXAMPLES } from '../secure-function/examples';
import type { PolicyStatement } from '../encryption-key/key-policy';
import { secureApiApi } from '.';
import { ACCESS_LOG_FORMAT, boundedName, REVISION_LABEL } from './composer';
import { SECURE_API_EXAMPLES } from './examples';
import type { SecureApiParameters } from './parameters';

const ACCOUNT = '111111111111';
const KEY_ARN = 'arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const ORDERS_FN = 'arn:aws:lambda:us-east-1:111111111111:function:dev-orders';
const ADMIN_FN = 'arn:aws:lambda:us-east-1:111111111111:function:dev-admin';
const API_ID = 'a1b2c3d4e5';
const API_ARN = `arn:aws:execute-api:us-east-1:${ACCOUNT}:${API_ID}`;
const COMPONENT = 'platform.secure-baseline.io/component';

const base = { ...DEV_COMMON, encryptionKeyRef: { name: 'app-key' }, routes: [{ path: '/orders', method: 'GET', functionRef: { name: 'orders' } }] };
/** Nested paths, a root route, two functions and an ApiKey route. */
const full = {
  ...base,
  routes: [
    { path: '/', method: 'GET', functionRef: { name: 'orders' } },
    { path: '/orders', method: 'POST', functionRef: { name: 'orders' }, requestValidation: { requireJsonObjectBody: true, requiredHeaders: ['Idempotency-Key'] } },
    { path: '/orders/{orderId}', method: 'GET', functionRef: { name: 'orders' }, requestValidation: { requiredQueryParameters: ['fields'] } },
    { path: '/admin/{proxy+}', method: 'ANY', functionRef: { name: 'admin' } },
    { path: '/partners/orders', method: 'GET', functionRef: { name: 'orders' }, authorization: 'ApiKey' },
  ],
};

type Observed = Record<string, KubeObject>;
type Required = Record<string, KubeObject[]>;

function compose(spec: Record<string, unknown>, required: Required = {}, observed: Observed = {}, name = 'orders-api'): Composition {
  const xr = xrObject('SecureApi', name, spec);
  return secureApiApi.compose({ xr: asXr(xr, parseSpec<SecureApiParameters>(secureApiApi, spec)), observed, required });
}

const keyXr = (status: Record<string, unknown> = { keyArn: KEY_ARN }, spec: Record<string, unknown> = { services: ['logs'] }) => ({ ...xrObject('EncryptionKey', 'app-key', spec), status });
const fnXr = (name: string, arn?: string) => ({ ...xrObject('SecureFunction', name, {}), status: arn ? { functionArn: arn } : {} });
/** The world once the key and both functions have reported their ARNs. */
const world = (fns: Record<string, string | undefined> = { orders: ORDERS_FN, admin: ADMIN_FN }): Required => ({
  'encryption-key': [keyXr()],
  ...Object.fromEntries(Object.entries(fns).map(([n, arn]) => [`secure-function-${n}`, [fnXr(n, arn)]])),
});

/** What the provider reports once it has created a composed resource: its parameters, an id, an ARN where AWS has one. */
function provide(component: string, r: KubeObject): KubeObject {
  const fp: Record<string, unknown> = r.spec?.forProvider ?? {};
  const params = Object.fromEntries(Object.entries(fp).filter(([k]) => !/(Selector|Ref)$/.test(k)));
  const extra: Record<string, unknown> = { id: `${component}-id` };
  if (r.kind === 'RestAPI') Object.assign(extra, { id: API_ID, rootResourceId: 'root0000id' });
  if (r.kind === 'Group') extra.arn = `arn:aws:logs:${fp.region}:${ACCOUNT}:log-group:${r.metadata?.annotations?.['crossplane.io/external-name']}:*`;
  if (r.kind === 'Stage') Object.assign(extra, { deploymentId: 'dep0001', invokeUrl: `https://${API_ID}.execute-api.${fp.region}.amazonaws.com/${fp.stageName}` });
  return readyManaged(r, { ...params, ...extra });
}
const observe = (out: Composition): Observed => Object.fromEntries(Object.entries(out.resources).map(([k, r]) => [k, provide(k, r)]));

/** Reconciles until nothing changes, as Crossplane and the providers would: returns the last composition and what was observed. */
function converge(spec: Record<string, unknown>, required: Required = world(), observed: Observed = {}, name = 'orders-api') {
  let out = compose(spec, required, observed, name);
  for (let round = 0; round < 12; round++) {
    observed = { ...observed, ...observe(out) };
    for (const k of Object.keys(observed)) if (!out.resources[k]) delete observed[k];
    const next = compose(spec, required, observed, name);
    if (JSON.stringify(next) === JSON.stringify(out)) return { out, observed };
    out = next;
  }
  throw new Error('composition did not settle');
}

const fp = (out: Composition, k: string) => out.resources[k].spec.forProvider;
const keys = (out: Composition) => Object.keys(out.resources).sort();
const statements = (out: Composition) => (JSON.parse(fp(out, 'rest-api-policy').policy) as { Statement: PolicyStatement[] }).Statement;
const ofKind = (out: Composition, kind: string) => Object.entries(out.resources).filter(([, r]) => r.kind === kind);
const deploymentKey = (out: Composition) => keys(out).filter((k) => k.startsWith('deployment-'));

describe('SecureApi composer', () => {
  it('composes the API, validator, top-level resources, Usages at once, the access log group with the key ARN; the rest waits for ids and functions', () => {
    expect(keys(compose(base))).toEqual(['encryption-key-usage', 'function-usage-orders', 'request-validator', 'resource-orders', 'rest-api']);
    const key = { 'encryption-key': [keyXr()] };
    expect(keys(compose(base, key))).toEqual(['access-log-group', 'encryption-key-usage', 'function-usage-orders', 'request-validator', 'resource-orders', 'rest-api']);
    expect(keys(compose(full, key))).toEqual([
      'access-log-group', 'api-key', 'encryption-key-usage', 'function-usage-admin', 'function-usage-orders', 'request-validator',
      'resource-admin', 'resource-orders', 'resource-partners', 'rest-api',
    ]);
  });

  it.each([
    ['one IAM route', base, [
      'access-log-group', 'deployment-*', 'encryption-key-usage', 'execution-log-group', 'function-usage-orders', 'integration-get-orders',
      'method-get-orders', 'method-settings', 'permission-get-orders', 'request-validator', 'resource-orders', 'rest-api', 'rest-api-policy', 'stage',
    ]],
    ['nested, root, greedy and ApiKey routes', full, [
      'access-log-group', 'api-key', 'deployment-*', 'encryption-key-usage', 'execution-log-group', 'function-usage-admin', 'function-usage-orders',
      'integration-any-admin-proxy-greedy', 'integration-get-orders-orderid-param', 'integration-get-partners-orders', 'integration-get-root', 'integration-post-orders',
      'method-any-admin-proxy-greedy', 'method-get-orders-orderid-param', 'method-get-partners-orders', 'method-get-root', 'method-post-orders', 'method-settings',
      'permission-any-admin-proxy-greedy', 'permission-get-orders-orderid-param', 'permission-get-partners-orders', 'permission-get-root', 'permission-post-orders',
      'request-validator', 'resource-admin', 'resource-admin-proxy-greedy', 'resource-orders', 'resource-orders-orderid-param', 'resource-partners',
      'resource-partners-orders', 'rest-api', 'rest-api-policy', 'stage', 'usage-plan', 'usage-plan-key',
    ]],
  ])('%s: once everything is observed, composes the whole API', (_n, spec, want) => {
    expect(keys(converge(spec).out).map((k) => k.replace(/^deployment-[0-9a-f]{10}$/, 'deployment-*'))).toEqual(want);
  });

  it('the REST API is regional, reads API keys from the header only, and is tagged', () => {
    expect(fp(compose(base), 'rest-api')).toMatchObject({
      region: 'us-east-1', name: 'dev-orders-api', endpointConfiguration: { types: ['REGIONAL'] }, apiKeySource: 'HEADER', disableExecuteApiEndpoint: false,
      tags: expect.objectContaining({ Environment: 'dev', ManagedBy: 'crossplane/secure-baseline' }),
    });
    expect(fp(compose({ ...base, apiName: 'orders', description: 'Orders' }), 'rest-api')).toMatchObject({ name: 'orders', description: 'Orders' });
  });

  it('nested resources follow their parent: top-level ones hang off the root by selector, the others take the observed parent id', () => {
    const spec = { ...base, routes: [{ path: '/orders/{orderId}/items', method: 'GET', functionRef: { name: 'orders' } }] };
    const first = compose(spec, world({ orders: ORDERS_FN }));
    expect(keys(first).filter((k) => k.startsWith('resource-'))).toEqual(['resource-orders']);
    expect(fp(first, 'resource-orders')).toEqual({
      region: 'us-east-1', pathPart: 'orders',
      restApiIdSelector: { matchControllerRef: true, matchLabels: { [COMPONENT]: 'rest-api' } },
      parentIdSelector: { matchControllerRef: true, matchLabels: { [COMPONENT]: 'rest-api' } },
    });
    const second = compose(spec, world({ orders: ORDERS_FN }), observe(first));
    expect(fp(second, 'resource-orders-orderid-param')).toMatchObject({ pathPart: '{orderId}', parentId: 'resource-orders-id' });
    expect(fp(second, 'resource-orders-orderid-param').parentIdSelector).toBeUndefined();
    expect(second.resources['resource-orders-orderid-param-items']).toBeUndefined();
    const { out } = converge(spec, world({ orders: ORDERS_FN }));
    expect(fp(out, 'resource-orders-orderid-param-items')).toMatchObject({ pathPart: 'items', parentId: 'resource-orders-orderid-param-id' });
  });

  it('no method exists before the request validator, which validates body and parameters', () => {
    const first = compose(full, world());
    expect(ofKind(first, 'Method')).toEqual([]);
    expect(fp(first, 'request-validator')).toMatchObject({ validateRequestBody: true, validateRequestParameters: true, name: 'dev-orders-api-body-and-parameters' });
  });

  it('every method requires AWS_IAM or an API key (never open) and is validated by the API\'s validator', () => {
    const { out } = converge(full);
    const methods = ofKind(out, 'Method');
    expect(methods).toHaveLength(5);
    for (const [k, m] of methods) {
      const f = m.spec.forProvider;
      expect([k, f.requestValidatorId]).toEqual([k, 'request-validator-id']);
      expect([k, f.authorization === 'AWS_IAM' || (f.authorization === 'NONE' && f.apiKeyRequired === true)]).toEqual([k, true]);
    }
    expect(methods.map(([, m]) => m.spec.forProvider.authorization).sort()).toEqual(['AWS_IAM', 'AWS_IAM', 'AWS_IAM', 'AWS_IAM', 'NONE']);
    expect(fp(out, 'method-get-partners-orders')).toMatchObject({ authorization: 'NONE', apiKeyRequired: true, httpMethod: 'GET' });
    expect(fp(out, 'method-post-orders')).toMatchObject({
      authorization: 'AWS_IAM', apiKeyRequired: false, httpMethod: 'POST',
      requestParameters: { 'method.request.header.Idempotency-Key': true }, requestModels: { 'application/json': 'Empty' },
      resourceIdSelector: { matchControllerRef: true, matchLabels: { [COMPONENT]: 'resource-orders' } },
    });
    expect(fp(out, 'method-get-orders-orderid-param').requestParameters).toEqual({ 'method.request.path.orderId': true, 'method.request.querystring.fields': true });
    expect(fp(out, 'method-any-admin-proxy-greedy')).toMatchObject({ httpMethod: 'ANY', requestParameters: { 'method.request.path.proxy': true } });
    expect(fp(out, 'method-get-root')).toMatchObject({ resourceId: 'root0000id' });
    expect(fp(out, 'method-get-root').resourceIdSelector).toBeUndefined();
  });

  it('integrations proxy to the function ARN the SecureFunction reports, once it does', () => {
    const waiting = converge(base, world({ orders: undefined })).out;
    expect(ofKind(waiting, 'Integration')).toEqual([]);
    expect(ofKind(waiting, 'Permission')).toEqual([]);
    expect(deploymentKey(waiting)).toEqual([]);
    expect(waiting.conditions).toContainEqual(expect.objectContaining({ type: 'FunctionsReady', status: 'False', reason: 'WaitingForFunctions', message: expect.stringContaining('SecureFunction orders') }));
    const { out } = converge(base);
    expect(fp(out, 'integration-get-orders')).toEqual({
      region: 'us-east-1', type: 'AWS_PROXY', integrationHttpMethod: 'POST',
      uri: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${ORDERS_FN}/invocations`,
      restApiIdSelector: { matchControllerRef: true, matchLabels: { [COMPONENT]: 'rest-api' } },
      resourceIdSelector: { matchControllerRef: true, matchLabels: { [COMPONENT]: 'resource-orders' } },
      httpMethodSelector: { matchControllerRef: true, matchLabels: { [COMPONENT]: 'method-get-orders' } },
    });
    expect(out.conditions).toContainEqual(expect.objectContaining({ type: 'FunctionsReady', status: 'True' }));
  });

  it('each route gets a Lambda permission scoped to its exact ARN on the stage, in this account', () => {
    const { out } = converge(full);
    expect(fp(out, 'permission-get-orders-orderid-param')).toEqual({
      region: 'us-east-1', action: 'lambda:InvokeFunction', functionName: ORDERS_FN, principal: 'apigateway.amazonaws.com',
      sourceArn: `${API_ARN}/v1/GET/orders/*`, sourceAccount: ACCOUNT, statementId: 'dev-orders-api-get-orders-orderid-param',
    });
    expect(fp(out, 'permission-get-root').sourceArn).toBe(`${API_ARN}/v1/GET/`);
    expect(fp(out, 'permission-post-orders').sourceArn).toBe(`${API_ARN}/v1/POST/orders`);
    expect(fp(out, 'permission-any-admin-proxy-greedy')).toMatchObject({ functionName: ADMIN_FN, sourceArn: `${API_ARN}/v1/*/admin/*` });
    for (const [, r] of ofKind(out, 'Permission')) expect(r.spec.forProvider.sourceArn.startsWith(`${API_ARN}/v1/`)).toBe(true);
  });

  it('the resource policy allows the exact routes: IAM ones to the allowed accounts, ApiKey ones to key holders; optionally denies other addresses', () => {
    const { out } = converge({ ...full, allowedAccountIds: ['222222222222'], allowedSourceIpRanges: ['203.0.113.0/24'] });
    expect(statements(out)).toEqual([
      {
        Sid: 'AllowIamPrincipalsOfAllowedAccounts', Effect: 'Allow', Principal: { AWS: [`arn:aws:iam::${ACCOUNT}:root`, 'arn:aws:iam::222222222222:root'] },
        Action: 'execute-api:Invoke', Resource: [`${API_ARN}/v1/*/admin/*`, `${API_ARN}/v1/GET/`, `${API_ARN}/v1/GET/orders/*`, `${API_ARN}/v1/POST/orders`],
      },
      { Sid: 'AllowApiKeyHoldersOnApiKeyRoutes', Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: [`${API_ARN}/v1/GET/partners/orders`] },
      {
        Sid: 'DenyOutsideAllowedSourceIpRanges', Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: `${API_ARN}/*`,
        Condition: { NotIpAddress: { 'aws:SourceIp': ['203.0.113.0/24'] } },
      },
    ]);
    expect(statements(converge(base).out)).toEqual([
      { Sid: 'AllowIamPrincipalsOfAllowedAccounts', Effect: 'Allow', Principal: { AWS: [`arn:aws:iam::${ACCOUNT}:root`] }, Action: 'execute-api:Invoke', Resource: [`${API_ARN}/v1/GET/orders`] },
    ]);
  });

  it('the stage logs access as JSON to the encrypted access log group, traces with X-Ray, caches nothing, and serves the deployment of the current revision', () => {
    const { out } = converge(base);
    const [deployment] = deploymentKey(out);
    const revision = deployment.replace('deployment-', '');
    expect(fp(out, 'stage')).toMatchObject({
      stageName: 'v1', xrayTracingEnabled: true, cacheClusterEnabled: false,
      accessLogSettings: { destinationArn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/apigateway/dev-orders-api/v1/access-logs`, format: ACCESS_LOG_FORMAT },
      deploymentIdSelector: { matchControllerRef: true, matchLabels: { [COMPONENT]: 'deployment', [REVISION_LABEL]: revision }, policy: { resolve: 'Always' } },
    });
    const format = JSON.parse(fp(out, 'stage').accessLogSettings.format) as Record<string, string>;
    expect(format).toMatchObject({ requestId: '$context.requestId', sourceIp: '$context.identity.sourceIp', userArn: '$context.identity.userArn', apiKeyId: '$context.identity.apiKeyId', status: '$context.status' });
    // Never the key itself, query strings or bodies.
    expect(Object.values(format).filter((v) => /identity\.apiKey$|querystring|body/i.test(v))).toEqual([]);
    expect(fp(out, deployment)).toMatchObject({ triggers: { redeployment: revision } });
    expect(out.resources[deployment].metadata?.labels).toMatchObject({ [COMPONENT]: 'deployment', [REVISION_LABEL]: revision });
  });

  it.each([
    ['access-log-group', '/aws/apigateway/dev-orders-api/v1/access-logs'],
    ['execution-log-group', `API-Gateway-Execution-Logs_${API_ID}/v1`],
  ])('%s is composed as %s, encrypted with the CMK and kept for the retention', (k, logGroupName) => {
    const { out } = converge({ ...base, logRetentionDays: 731 });
    expect(out.resources[k].metadata?.annotations).toEqual({ 'crossplane.io/external-name': logGroupName });
    expect(fp(out, k)).toMatchObject({ kmsKeyId: KEY_ARN, retentionInDays: 731 });
  });

  it.each([
    ['defaults', base, { loggingLevel: 'ERROR', throttlingRateLimit: 50, throttlingBurstLimit: 100 }],
    ['INFO and custom limits', { ...base, executionLogLevel: 'INFO', throttling: { rateLimit: 500, burstLimit: 1000 } }, { loggingLevel: 'INFO', throttlingRateLimit: 500, throttlingBurstLimit: 1000 }],
  ])('method settings (%s): every method logs without bodies, has metrics, is throttled, never cached', (_n, spec, want) => {
    const { out } = converge(spec);
    expect(fp(out, 'method-settings')).toEqual({
      region: 'us-east-1', methodPath: '*/*',
      restApiIdSelector: { matchControllerRef: true, matchLabels: { [COMPONENT]: 'rest-api' } },
      stageNameSelector: { matchControllerRef: true, matchLabels: { [COMPONENT]: 'stage' } },
      settings: { ...want, dataTraceEnabled: false, metricsEnabled: true, cachingEnabled: false, cacheDataEncrypted: true },
    });
  });

  it('method settings wait for the execution log group, so API Gateway never creates it unencrypted', () => {
    const { observed } = converge(base);
    const notYet = { ...observed, 'execution-log-group': { ...observed['execution-log-group'], status: {} } };
    const out = compose(base, world({ orders: ORDERS_FN }), notYet);
    expect(out.resources.stage).toBeDefined();
    expect(out.resources['method-settings']).toBeUndefined();
  });

  it('a changed route is deployed as a new revision once in place; the stage keeps the old one until the new one exists', () => {
    const { out: before, observed } = converge(base);
    const [old] = deploymentKey(before);
    const changed = { ...base, routes: [...base.routes, { path: '/orders', method: 'POST', functionRef: { name: 'orders' } }] };
    // The new method and integration are not in place yet: nothing new is deployed, the stage stays.
    const step = compose(changed, world({ orders: ORDERS_FN }), observed);
    expect(deploymentKey(step)).toEqual([old]);
    expect(fp(step, 'stage').deploymentIdSelector.matchLabels[REVISION_LABEL]).toBe(old.replace('deployment-', ''));
    // Once they are: the new revision is created, the old one kept while the stage still serves it.
    const inPlace = { ...observed, ...observe(step) };
    const created = compose(changed, world({ orders: ORDERS_FN }), inPlace);
    const [next] = deploymentKey(created).filter((k) => k !== old);
    expect(next).toMatch(/^deployment-[0-9a-f]{10}$/);
    expect(deploymentKey(created).sort()).toEqual([old, next].sort());
    expect(fp(created, 'stage').deploymentIdSelector.matchLabels[REVISION_LABEL]).toBe(old.replace('deployment-', ''));
    // Once AWS has it, the stage moves and the old deployment goes.
    const { out: after } = converge(changed, world({ orders: ORDERS_FN }), { ...inPlace, ...observe(created) });
    expect(deploymentKey(after)).toEqual([next]);
    expect(fp(after, 'stage').deploymentIdSelector.matchLabels[REVISION_LABEL]).toBe(next.replace('deployment-', ''));
    expect(after.status.deployedRevision).toBe(next.replace('deployment-', ''));
  });

  it.each([
    ['another function', { ...base, routes: [{ ...base.routes[0], functionRef: { name: 'admin' } }] }],
    ['another authorization', { ...base, routes: [{ ...base.routes[0], authorization: 'ApiKey' }] }],
    ['a required header', { ...base, routes: [{ ...base.routes[0], requestValidation: { requiredHeaders: ['X-Tenant'] } }] }],
    ['a source IP restriction (policy)', { ...base, allowedSourceIpRanges: ['10.0.0.0/8'] }],
  ])('the revision changes with %s', (_n, spec) => {
    expect(deploymentKey(converge(spec).out)).not.toEqual(deploymentKey(converge(base).out));
  });

  it('the revision does not change with what is not deployed (throttling, log retention)', () => {
    expect(deploymentKey(converge({ ...base, throttling: { rateLimit: 1, burstLimit: 1 }, logRetentionDays: 400 }).out)).toEqual(deploymentKey(converge(base).out));
  });

  it('with ApiKey routes: a generated API key (no value anywhere), a usage plan on the stage with throttle and quota, and their association', () => {
    const { out } = converge({ ...full, usagePlan: { rateLimit: 5, burstLimit: 10, quotaLimit: 1000, quotaPeriod: 'WEEK' } });
    expect(fp(out, 'api-key')).toEqual({ region: 'us-east-1', name: 'dev-orders-api-key', description: 'API key of dev-orders-api (usage plan dev-orders-api)', enabled: true, tags: expect.any(Object) });
    expect(fp(out, 'usage-plan')).toMatchObject({
      name: 'dev-orders-api',
      apiStages: [{ apiIdSelector: { matchControllerRef: true, matchLabels: { [COMPONENT]: 'rest-api' } }, stageSelector: { matchControllerRef: true, matchLabels: { [COMPONENT]: 'stage' } } }],
      throttleSettings: { rateLimit: 5, burstLimit: 10 }, quotaSettings: { limit: 1000, period: 'WEEK' },
    });
    expect(fp(out, 'usage-plan-key')).toEqual({
      region: 'us-east-1', keyType: 'API_KEY',
      keyIdSelector: { matchControllerRef: true, matchLabels: { [COMPONENT]: 'api-key' } },
      usagePlanIdSelector: { matchControllerRef: true, matchLabels: { [COMPONENT]: 'usage-plan' } },
    });
    expect(JSON.stringify(out.resources)).not.toMatch(/valueSecretRef|writeConnectionSecretToRef/);
    expect(out.status).toMatchObject({ usagePlanId: 'usage-plan-id', apiKeyId: 'api-key-id' });
  });

  it('IAM-only APIs get no API key and no usage plan', () => {
    const { out } = converge(base);
    expect(keys(out).filter((k) => /api-key|usage-plan/.test(k))).toEqual([]);
    expect(out.status.apiKeyId).toBeUndefined();
  });

  it.each([
    ['dev', base, ['*']],
    ['prod', { ...full, ...PROD_COMMON }, ['Observe', 'Create', 'Update', 'LateInitialize']],
  ])('%s: the API, stage, deployments, logs and keys get the tier\'s management policies; per-route resources are always fully managed', (_n, spec, want) => {
    const { out } = converge(spec);
    for (const [k, r] of Object.entries(out.resources)) {
      if (r.kind === 'Usage') continue;
      const perRoute = ['Resource', 'Method', 'Integration', 'Permission'].includes(r.kind);
      expect([k, r.spec.managementPolicies]).toEqual([k, perRoute ? ['*'] : want]);
      expect([k, r.spec.providerConfigRef]).toEqual([k, { kind: 'ClusterProviderConfig', name: 'default' }]);
    }
  });

  it('keeps the encryption key and every referenced function from deletion while the API exists', () => {
    const r = compose(full).resources;
    expect(r['encryption-key-usage'].spec).toMatchObject({ of: { kind: 'EncryptionKey', resourceRef: { name: 'app-key' } }, by: { kind: 'SecureApi', resourceRef: { name: 'orders-api' } }, replayDeletion: true });
    for (const fn of ['orders', 'admin']) {
      expect(r[`function-usage-${fn}`].spec).toMatchObject({ of: { kind: 'SecureFunction', resourceRef: { name: fn } }, by: { kind: 'SecureApi', resourceRef: { name: 'orders-api' } }, replayDeletion: true });
    }
  });

  it('asks for the EncryptionKey and each SecureFunction', () => {
    expect(compose(full).requirements).toEqual({
      'encryption-key': { apiVersion: 'platform.secure-baseline.io/v1alpha1', kind: 'EncryptionKey', matchName: 'app-key', namespace: 'team-a' },
      'secure-function-admin': { apiVersion: 'platform.secure-baseline.io/v1alpha1', kind: 'SecureFunction', matchName: 'admin', namespace: 'team-a' },
      'secure-function-orders': { apiVersion: 'platform.secure-baseline.io/v1alpha1', kind: 'SecureFunction', matchName: 'orders', namespace: 'team-a' },
    });
  });

  it('reports names at once, ids and the URL from observed resources', () => {
    expect(compose(base).status).toEqual({ stageName: 'v1', logGroupName: '/aws/apigateway/dev-orders-api/v1/access-logs' });
    const { out } = converge(full);
    expect(out.status).toEqual({
      restApiId: API_ID, invokeUrl: `https://${API_ID}.execute-api.us-east-1.amazonaws.com/v1`, stageName: 'v1',
      deployedRevision: deploymentKey(out)[0].replace('deployment-', ''),
      logGroupName: '/aws/apigateway/dev-orders-api/v1/access-logs', executionLogGroupName: `API-Gateway-Execution-Logs_${API_ID}/v1`,
      usagePlanId: 'usage-plan-id', apiKeyId: 'api-key-id', encryptionKeyArn: KEY_ARN,
    });
  });

  it.each([
    ['nothing observed', () => compose(base, world()), 'WaitingForApi'],
    ['functions missing', () => converge(base, world({ orders: undefined })).out, 'WaitingForFunctions'],
    ['routes not in place', () => compose(base, world(), observe(compose(base, world()))), 'Deploying'],
  ])('Deployed is False while %s', (_n, out, reason) => {
    expect(out().conditions).toContainEqual(expect.objectContaining({ type: 'Deployed', status: 'False', reason }));
  });

  it('Deployed and EncryptionKeyReady are True once the stage serves the current revision', () => {
    const { out } = converge(base);
    expect(out.conditions).toEqual(expect.arrayContaining([
      expect.objectContaining({ type: 'Deployed', status: 'True', message: expect.stringMatching(/^Stage v1 serves routes revision [0-9a-f]{10}$/) }),
      expect.objectContaining({ type: 'EncryptionKeyReady', status: 'True' }),
    ]));
  });

  it('warns when the key does not admit CloudWatch Logs', () => {
    expect(compose(base, { 'encryption-key': [keyXr({}, { services: ['s3'] })] }).warnings).toEqual([expect.stringContaining('does not list logs')]);
    expect(compose(base, { 'encryption-key': [keyXr({}, { services: ['logs'] })] }).warnings).toBeUndefined();
  });

  it('bounds component names to label length with a hash, keeping them distinct', () => {
    const long = `/${'segment-'.repeat(8)}a`;
    const out = compose({ ...base, routes: [{ path: long, method: 'GET', functionRef: { name: 'orders' } }] });
    const [resource] = keys(out).filter((k) => k.startsWith('resource-'));
    expect(resource.length).toBeLessThanOrEqual(63);
    expect(resource).toMatch(/^resource-segment-.*-[0-9a-f]{8}$/);
    expect(boundedName('x', 'a'.repeat(100))).not.toEqual(boundedName('x', `${'a'.repeat(99)}b`));
  });

  const route = (r: Record<string, unknown>) => ({ path: '/orders', method: 'GET', functionRef: { name: 'orders' }, ...r });
  it.each([
    ['no routes', { ...base, routes: [] }, 'spec.routes'],
    ['no authorization (NONE)', { ...base, routes: [route({ authorization: 'NONE' })] }, 'spec.routes[0].authorization'],
    ['an unknown method', { ...base, routes: [route({ method: 'CONNECT' })] }, 'spec.routes[0].method'],
    ['a path without leading slash', { ...base, routes: [route({ path: 'orders' })] }, 'spec.routes[0].path'],
    ['a trailing slash', { ...base, routes: [route({ path: '/orders/' })] }, 'spec.routes[0].path'],
    ['an uppercase literal segment', { ...base, routes: [route({ path: '/Orders' })] }, 'spec.routes[0].path'],
    ['a greedy parameter before the end', { ...base, routes: [route({ path: '/{proxy+}/x' })] }, 'spec.routes[0].path'],
    ['the same path and method twice', { ...base, routes: [route({}), route({})] }, 'spec.routes'],
    ['two parameter names at one position', { ...base, routes: [route({ path: '/orders/{id}' }), route({ path: '/orders/{orderId}/items' })] }, 'spec.routes[1].path'],
    ['a function reference without name', { ...base, routes: [route({ functionRef: {} })] }, 'spec.routes[0].functionRef.name'],
    ['a header name with a space', { ...base, routes: [route({ requestValidation: { requiredHeaders: ['X Tenant'] } })] }, 'spec.routes[0].requestValidation.requiredHeaders[0]'],
    ['a body model by name (not supported)', { ...base, routes: [route({ requestValidation: { model: 'Order' } })] }, 'spec.routes[0].requestValidation.model'],
    ['more than 50 routes', { ...base, routes: Array.from({ length: 51 }, (_, i) => route({ path: `/r${i}` })) }, 'spec.routes'],
    ['a stage name with a slash', { ...base, stageName: 'v1/x' }, 'spec.stageName'],
    ['a burst above the account limit', { ...base, throttling: { rateLimit: 10, burstLimit: 6000 } }, 'spec.throttling.burstLimit'],
    ['a zero rate', { ...base, throttling: { rateLimit: 0, burstLimit: 10 } }, 'spec.throttling.rateLimit'],
    ['full request/response logging', { ...base, executionLogLevel: 'FULL' }, 'spec.executionLogLevel'],
    ['execution logging off', { ...base, executionLogLevel: 'OFF' }, 'spec.executionLogLevel'],
    ['a log retention of 30 days', { ...base, logRetentionDays: 30 }, 'spec.logRetentionDays'],
    ['a log retention CloudWatch does not offer', { ...base, logRetentionDays: 100 }, 'spec.logRetentionDays'],
    ['a prod log retention of 180 days', { ...full, ...PROD_COMMON, logRetentionDays: 180 }, 'spec.logRetentionDays'],
    ['prod without deletion protection', { ...base, ...PROD_COMMON, deletionProtection: false }, 'spec.deletionProtection'],
    ['an unknown quota period', { ...base, usagePlan: { rateLimit: 1, burstLimit: 1, quotaLimit: 1, quotaPeriod: 'YEAR' } }, 'spec.usagePlan.quotaPeriod'],
    ['an allowed account that is not 12 digits', { ...base, allowedAccountIds: ['1234'] }, 'spec.allowedAccountIds[0]'],
    ['the own account as allowed account', { ...base, allowedAccountIds: [ACCOUNT] }, 'spec.allowedAccountIds'],
    ['a source range that is not a CIDR', { ...base, allowedSourceIpRanges: ['10.0.0.1'] }, 'spec.allowedSourceIpRanges[0]'],
    ['an empty source range list', { ...base, allowedSourceIpRanges: [] }, 'spec.allowedSourceIpRanges'],
    ['an API key value in the claim', { ...base, apiKeyValue: 'abcdefghijklmnopqrstuvwxyz' }, 'spec.apiKeyValue'],
    ['a WAF web ACL (not supported)', { ...base, webAclArn: 'arn:aws:wafv2:us-east-1:111111111111:regional/webacl/x/1' }, 'spec.webAclArn'],
    ['an API name with a space', { ...base, apiName: 'orders api' }, 'spec.apiName'],
    ['a default API name too long', { ...base, environment: 'e'.repeat(32) }, 'spec.apiName'],
  ])('rejects %s', (_n, spec, field) => {
    const name = field === 'spec.apiName' && _n.startsWith('a default') ? 'n'.repeat(70) : 'orders-api';
    expect(() => compose(spec, {}, {}, name)).toThrow(InputError);
    expect(() => compose(spec, {}, {}, name)).toThrow(`${field}:`);
  });
});

describe('SecureApi examples', () => {
  const validator = KubeValidator.fromPinnedCrds();
  const requiredFor = (spec: (typeof SECURE_API_EXAMPLES)[number]['spec'], isReady: boolean): Required => {
    const k = ENCRYPTION_KEY_EXAMPLES.find((e) => e.name === spec.encryptionKeyRef.name)!;
    const key = { ...xrObject('EncryptionKey', k.name, { ...k.spec }, 'examples'), ...(isReady ? { status: { keyArn: `arn:aws:kms:${k.spec.region}:${k.spec.accountId}:key/${k.name}` } } : {}) };
    const fns = [...new Set(spec.routes.map((r) => r.functionRef.name))].map((n) => SECURE_FUNCTION_EXAMPLES.find((e) => e.name === n)!);
    return {
      'encryption-key': [key],
      ...Object.fromEntries(fns.map((fn) => [`secure-function-${fn.name}`, [{
        ...xrObject('SecureFunction', fn.name, { ...fn.spec }, 'examples'),
        ...(isReady ? { status: { functionArn: functionArnOf(fn.name, { ...fn.spec, environment: fn.spec.environment!, region: fn.spec.region!, accountId: fn.spec.accountId! }) } } : {}),
      }]])),
    };
  };

  it('reference the SecureFunction examples, in their region and account', () => {
    for (const e of SECURE_API_EXAMPLES) {
      for (const r of e.spec.routes) {
        expect([e.name, SECURE_FUNCTION_EXAMPLES.find((f) => f.name === r.functionRef.name)?.spec]).toEqual([e.name, expect.objectContaining({ region: e.spec.region, accountId: e.spec.accountId })]);
      }
    }
  });

  it.each(SECURE_API_EXAMPLES.flatMap((e) => [[e.name, false], [e.name, true]] as const))('%s (dependencies ready and every resource observed: %s): every composed resource is valid as Crossplane creates it', (name, isReady) => {
    const example = SECURE_API_EXAMPLES.find((e) => e.name === name)!;
    const spec = { ...example.spec } as Record<string, unknown>;
    const required = requiredFor(example.spec, isReady);
    const out = isReady
      ? converge(spec, required, {}, name).out
      : secureApiApi.compose({ xr: asXr(xrObject('SecureApi', name, spec, 'examples'), parseSpec<SecureApiParameters>(secureApiApi, spec)), observed: {}, required });
    const created = Object.values(out.resources).map((r) => ({ ...r, metadata: { ...r.metadata, namespace: 'examples', generateName: `${name}-` } }));
    expect(created.length).toBeGreaterThanOrEqual(isReady ? 14 : 5);
    if (isReady) expect(out.conditions).toContainEqual(expect.objectContaining({ type: 'Deployed', status: 'True' }));
    expect(out.warnings ?? []).toHaveLength(example.spec.encryptionKeyRef.name === 'minimal' ? 1 : 0);
    expect(created.flatMap((r) => validator.validate(r)).map((i) => `${i.object}: ${i.path}: ${i.message}`)).toEqual([]);
  });
});
