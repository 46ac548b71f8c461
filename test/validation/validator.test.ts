/**
 * The validator itself (lib/validation): each check must be able to fail, naming the offending path, and a valid
 * object must pass. Assertions are on the exact issues (path: message), not counts.
 */
import { describe, expect, it } from '@jest/globals';
import { CEL_SKIPPED_MESSAGE, KubeValidator, celIssues, celSyntaxIssues, xrdToCrd } from '../../lib/validation';
import type { JsonSchema } from '../../lib/schema';

const v = KubeValidator.fromPinnedCrds();
const lines = (validator: KubeValidator, o: Record<string, unknown>) => validator.validate(o).map((i) => `${i.path}: ${i.message}`);
const issuesOf = (o: Record<string, unknown>) => lines(v, o);
const SKIPPED = `<root>: ${CEL_SKIPPED_MESSAGE}`;

const key = (forProvider: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'kms.aws.m.upbound.io/v1beta1', kind: 'Key', metadata: { name: 'k', namespace: 'n' },
  spec: { forProvider, ...extra },
});

describe('managed resources (Upbound provider-aws v2, namespaced): OpenAPI schema', () => {
  it('accepts a valid kms Key', () => {
    expect(issuesOf(key({ region: 'us-east-1', enableKeyRotation: true, deletionWindowInDays: 30, tags: { team: 'a' } }))).toEqual([]);
  });
  it('rejects an unknown field with its path', () => {
    expect(issuesOf(key({ region: 'us-east-1', rotate: true }))).toEqual(['spec.forProvider.rotate: unknown field']);
  });
  it('rejects an unknown top-level field', () => {
    expect(issuesOf({ ...key({ region: 'us-east-1' }), extra: 1 })).toEqual(['extra: unknown field']);
  });
  it('rejects a wrong type (and, as the API server, then skips the CEL rules, saying so)', () => {
    expect(issuesOf(key({ region: 'us-east-1', enableKeyRotation: 'yes' }))).toEqual(['spec.forProvider.enableKeyRotation: must be boolean', SKIPPED]);
    expect(issuesOf(key({ region: 'us-east-1', deletionWindowInDays: '7' }))).toEqual(['spec.forProvider.deletionWindowInDays: must be number', SKIPPED]);
    expect(issuesOf(key({ region: 'us-east-1', tags: { team: 7 } }))).toEqual(['spec.forProvider.tags[team]: must be string', SKIPPED]);
  });
  it('rejects a value outside an enum', () => {
    expect(issuesOf(key({ region: 'us-east-1' }, { managementPolicies: ['Destroy'] }))).toEqual([
      'spec.managementPolicies[0]: Unsupported value: must be one of "Observe", "Create", "Update", "Delete", "LateInitialize", "*"',
      SKIPPED,
    ]);
  });
  it('a missing spec.forProvider.region of a kms Key is an OpenAPI required field in the v2.6.0 CRD (not a CEL rule)', () => {
    expect(issuesOf(key({ enableKeyRotation: true }))).toEqual(['spec.forProvider.region: Required value', SKIPPED]);
  });
  it('enforces a format the API server checks (date-time) and ignores the ones it does not (int64)', () => {
    const cond = (lastTransitionTime: string) => ({ ...key({ region: 'us-east-1' }), status: { conditions: [{ type: 'Ready', status: 'True', reason: 'Available', lastTransitionTime }] } });
    expect(issuesOf(cond('2024-01-02T03:04:05Z'))).toEqual([]);
    expect(issuesOf(cond('yesterday'))).toEqual(['status.conditions[0].lastTransitionTime: must match format "datetime"']);
  });
  it('rejects a duplicate key of an x-kubernetes-list-type: map list', () => {
    const c = { status: 'True', reason: 'Available', lastTransitionTime: '2024-01-02T03:04:05Z' };
    expect(issuesOf({ ...key({ region: 'us-east-1' }), status: { conditions: [{ type: 'Ready', ...c }, { type: 'Ready', ...c }] } })).toEqual([
      'status.conditions[1]: Duplicate value: {"type":"Ready"}',
    ]);
  });
});

describe('managed resources: CEL rules of the CRDs', () => {
  const policy = (spec: Record<string, unknown>) => ({ apiVersion: 'iam.aws.m.upbound.io/v1beta1', kind: 'Policy', metadata: { name: 'p', namespace: 'n' }, spec });
  it('a parameter required by CEL (managementPolicies defaulted to ["*"]) is reported with the CRD message', () => {
    expect(issuesOf(policy({ forProvider: {} }))).toEqual(['spec: spec.forProvider.policy is a required parameter']);
    expect(issuesOf(policy({ forProvider: { policy: '{}' } }))).toEqual([]);
    // The rule does not apply to observe-only resources: proves it is evaluated, not pattern-matched.
    expect(issuesOf(policy({ managementPolicies: ['Observe'], forProvider: {} }))).toEqual([]);
    expect(issuesOf(policy({ forProvider: {}, initProvider: { policy: '{}' } }))).toEqual([]);
  });
  it('duration() rules of the ProviderConfig', () => {
    const pc = (limiter: Record<string, unknown>) => ({
      apiVersion: 'aws.m.upbound.io/v1beta1', kind: 'ProviderConfig', metadata: { name: 'p', namespace: 'n' },
      spec: { credentials: { source: 'IRSA' }, reconciliationPolicy: { exponentialFailureRateLimiter: limiter } },
    });
    expect(issuesOf(pc({ baseDelay: '5s', maxDelay: '2m' }))).toEqual([]);
    expect(issuesOf(pc({ baseDelay: '500ms', maxDelay: '30s' }))).toEqual([
      'spec.reconciliationPolicy.exponentialFailureRateLimiter.baseDelay: baseDelay must be at least 1s',
      'spec.reconciliationPolicy.exponentialFailureRateLimiter.maxDelay: maxDelay must be at least 60s',
    ]);
    expect(issuesOf(pc({ baseDelay: '10m', maxDelay: '2m' }))).toEqual(['spec.reconciliationPolicy.exponentialFailureRateLimiter: maxDelay must be greater than or equal to baseDelay']);
    expect(issuesOf(pc({ baseDelay: '2m' }))).toEqual(['spec.reconciliationPolicy: when maxDelay is omitted it defaults to 60s; baseDelay must be <= 60s']);
  });
});

describe('Crossplane CRDs', () => {
  const composition = (mode: string, step: Record<string, unknown> = {}) => ({
    apiVersion: 'apiextensions.crossplane.io/v1', kind: 'Composition', metadata: { name: 'c' },
    spec: { compositeTypeRef: { apiVersion: 'a.b/v1', kind: 'X' }, mode, pipeline: [{ step: 's', functionRef: { name: 'f' }, ...step }] },
  });
  it('a Composition in Pipeline mode passes, another mode fails', () => {
    expect(issuesOf(composition('Pipeline'))).toEqual([]);
    expect(issuesOf(composition('Resources'))).toEqual(['spec.mode: Unsupported value: must be one of "Pipeline"', SKIPPED]);
  });
  it('an embedded resource (pipeline input) must have apiVersion and kind', () => {
    expect(issuesOf(composition('Pipeline', { input: { apiVersion: 'x.io/v1', kind: 'Input', anything: { goes: 1 } } }))).toEqual([]);
    expect(issuesOf(composition('Pipeline', { input: { kind: 'Input' } }))).toEqual(['spec.pipeline[0].input.apiVersion: Required value', SKIPPED]);
  });
  it('matches(): a Provider package must be a fully qualified image', () => {
    const provider = (pkg: string) => ({ apiVersion: 'pkg.crossplane.io/v1', kind: 'Provider', metadata: { name: 'p' }, spec: { package: pkg } });
    expect(issuesOf(provider('xpkg.crossplane.io/crossplane-contrib/provider-aws-s3:v2.6.0'))).toEqual([]);
    expect(issuesOf(provider('provider-aws-s3'))).toEqual([expect.stringMatching(/^spec\.package: must be a fully qualified image name/)]);
  });
  it('lowerAscii(): an XRD plural must be lowercase (the XRD CRD rule)', () => {
    const xrd = (plural: string) => ({
      apiVersion: 'apiextensions.crossplane.io/v2', kind: 'CompositeResourceDefinition', metadata: { name: 'xs.a.b' },
      spec: { group: 'a.b', names: { kind: 'X', plural }, versions: [{ name: 'v1', served: true, referenceable: true, schema: { openAPIV3Schema: { type: 'object' } } }] },
    });
    expect(issuesOf(xrd('xs'))).toEqual([]);
    expect(issuesOf(xrd('Xs'))).toEqual(['spec.names: Plural name must be lowercase']);
  });
  it('escaped property names: a Usage rule reading self.of.resourceRef.__namespace__', () => {
    const usage = (spec: Record<string, unknown>) => ({ apiVersion: 'protection.crossplane.io/v1beta1', kind: 'Usage', metadata: { name: 'u', namespace: 'n' }, spec: { reason: 'r', ...spec } });
    expect(issuesOf(usage({ of: { apiVersion: 'a/v1', kind: 'K', resourceRef: { name: 'x' } } }))).toEqual([]);
    expect(issuesOf(usage({ of: { apiVersion: 'a/v1', kind: 'K', resourceRef: { name: 'x', namespace: 'other' } } }))).toEqual(['spec: cross-namespace "spec.of" is not allowed without "spec.by" resource.']);
    expect(issuesOf(usage({ of: { apiVersion: 'a/v1', kind: 'K' } }))).toEqual(['spec.of: either a resource reference or a resource selector should be set.']);
  });
});

describe('object metadata', () => {
  it('rejects unknown metadata fields, bad names, bad labels and annotations', () => {
    expect(issuesOf({ ...key({ region: 'us-east-1' }), metadata: { name: 'Bad_Name', namespace: 'n', labels: { a: 'x'.repeat(64), 'b c': 'd' }, annotations: { 'e/f/g': '' }, color: 'red' } })).toEqual([
      'metadata.color: unknown field',
      `metadata.name: Invalid value "Bad_Name": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`,
      `metadata.labels[a]: Invalid label value "${'x'.repeat(64)}": must be 63 characters or less, alphanumeric, '-', '_' or '.', starting and ending with an alphanumeric character`,
      "metadata.labels[b c]: Invalid label key: name part must consist of alphanumeric characters, '-', '_' or '.', must start and end with an alphanumeric character, and be at most 63 characters",
      "metadata.annotations[e/f/g]: Invalid annotation key: a qualified name must consist of alphanumeric characters, '-', '_' or '.', with an optional DNS subdomain prefix and '/'",
    ]);
  });
  it('requires a name or generateName, and checks generateName as a prefix', () => {
    expect(issuesOf({ ...key({ region: 'us-east-1' }), metadata: { namespace: 'n' } })).toEqual(['metadata.name: Required value: name or generateName is required']);
    expect(issuesOf({ ...key({ region: 'us-east-1' }), metadata: { generateName: 'orders-', namespace: 'n' } })).toEqual([]);
    expect(issuesOf({ ...key({ region: 'us-east-1' }), metadata: { generateName: 'Orders-', namespace: 'n' } })).toEqual([expect.stringMatching(/^metadata\.generateName: Invalid value "Orders-"/)]);
  });
  it('checks metadata types with the upstream ObjectMeta schema', () => {
    expect(issuesOf({ ...key({ region: 'us-east-1' }), metadata: { name: 'k', namespace: 'n', labels: { a: 1 } } })).toEqual(['metadata.labels[a]: must be string']);
  });
});

describe('XRDs: the CRD Crossplane generates for the XR', () => {
  const xrd = {
    apiVersion: 'apiextensions.crossplane.io/v2', kind: 'CompositeResourceDefinition', metadata: { name: 'ranges.test.example.org' },
    spec: {
      group: 'test.example.org', scope: 'Namespaced', names: { kind: 'Range', plural: 'ranges' }, defaultCompositionUpdatePolicy: 'Manual',
      versions: [{
        name: 'v1', served: true, referenceable: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                'x-kubernetes-validations': [
                  { rule: 'self.minimum <= self.maximum', message: 'minimum must not exceed maximum', fieldPath: '.minimum' },
                  { rule: 'self.code == oldSelf.code', message: 'code is immutable' },
                  { rule: '!has(self.ratio) || self.ratio <= 1', message: 'ratio must be at most 1' },
                  { rule: 'self.maximum * 2 != 84', messageExpression: "'maximum ' + string(self.maximum) + ' is reserved'" },
                  { rule: '!has(self.name) || self.name == self.name.lowerAscii()' },
                ],
                properties: {
                  code: { type: 'string', pattern: '^[A-Z]{3}$' },
                  name: { type: 'string' },
                  minimum: { type: 'integer', minimum: 0, maximum: 100, default: 0 },
                  maximum: { type: 'integer', minimum: 0, maximum: 100 },
                  ratio: { type: 'number' },
                  port: { 'x-kubernetes-int-or-string': true },
                  note: { type: 'string', nullable: true },
                  zones: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set', maxItems: 3 },
                  labels: { type: 'object', additionalProperties: { type: 'string', maxLength: 5 } },
                },
                required: ['code', 'maximum'],
              },
              status: { type: 'object', properties: { ready: { type: 'boolean' } } },
            },
          },
        },
      }],
    },
  };
  const xv = new KubeValidator();
  xv.addXrd(xrd);
  const xrObj = (spec: Record<string, unknown>, rest: Record<string, unknown> = {}) => ({ apiVersion: 'test.example.org/v1', kind: 'Range', metadata: { name: 'r', namespace: 'n' }, spec, ...rest });
  const xr = (spec: Record<string, unknown>, rest: Record<string, unknown> = {}) => lines(xv, xrObj(spec, rest));

  it('a valid XR passes (defaults applied before CEL: minimum defaults to 0)', () => {
    expect(xr({ code: 'ABC', minimum: 1, maximum: 2 })).toEqual([]);
    expect(xr({ code: 'ABC', maximum: 2, ratio: 0.5, port: 80, note: null, zones: ['a', 'b'], labels: { a: 'b' } })).toEqual([]);
    expect(xr({ code: 'ABC', maximum: 2, port: 'http' })).toEqual([]);
  });
  it('Crossplane fields under spec.crossplane and status are accepted', () => {
    expect(xr({ code: 'ABC', maximum: 2, crossplane: { compositionRef: { name: 'c' }, compositionUpdatePolicy: 'Automatic', resourceRefs: [{ apiVersion: 'a/v1', kind: 'K', name: 'x' }] } }, {
      status: { ready: true, conditions: [{ type: 'Ready', status: 'True', reason: 'Available', lastTransitionTime: '2024-01-02T03:04:05Z' }], crossplane: { connectionDetails: { lastPublishedTime: '2024-01-02T03:04:05Z' } } },
    })).toEqual([]);
    expect(xr({ code: 'ABC', maximum: 2, crossplane: { compositionSelector: { matchLabels: { a: 'b' } } } })).toEqual([]);
  });
  it('a transition rule (oldSelf) is skipped, not failed', () => {
    // `self.code == oldSelf.code` would not even evaluate without an old object.
    expect(xr({ code: 'XYZ', maximum: 2 })).toEqual([]);
  });
  it.each<[string, Record<string, unknown>, string[]]>([
    ['pattern', { code: 'abc', maximum: 2 }, ['spec.code: must match pattern "^[A-Z]{3}$"']],
    ['maximum', { code: 'ABC', maximum: 101 }, ['spec.maximum: must be <= 100']],
    ['minimum', { code: 'ABC', minimum: -1, maximum: 2 }, ['spec.minimum: must be >= 0']],
    ['CEL with fieldPath (int comparison)', { code: 'ABC', minimum: 5, maximum: 2 }, ['spec.minimum: minimum must not exceed maximum']],
    ['CEL comparing a double with an int', { code: 'ABC', maximum: 2, ratio: 1.5 }, ['spec: ratio must be at most 1']],
    ['CEL messageExpression (int arithmetic)', { code: 'ABC', maximum: 42 }, ['spec: maximum 42 is reserved']],
    ['CEL without a message', { code: 'ABC', maximum: 2, name: 'Big' }, ['spec: failed rule: !has(self.name) || self.name == self.name.lowerAscii()']],
    ['unknown field', { code: 'ABC', maximum: 2, extra: true }, ['spec.extra: unknown field']],
    ['required', { code: 'ABC' }, ['spec.maximum: Required value', SKIPPED]],
    ['int-or-string', { code: 'ABC', maximum: 2, port: true }, ['spec.port: must be integer,string', SKIPPED]],
    ['null in a non-nullable field', { code: null, maximum: 2 }, ['spec.code: must be string', SKIPPED]],
    ['a duplicate in a set', { code: 'ABC', maximum: 2, zones: ['a', 'a'] }, ['spec.zones: must NOT have duplicate items (items ## 1 and 0 are identical)']],
    ['maxItems', { code: 'ABC', maximum: 2, zones: ['a', 'b', 'c', 'd'] }, ['spec.zones: must NOT have more than 3 items', SKIPPED]],
    ['a map value', { code: 'ABC', maximum: 2, labels: { a: 'toolong' } }, ['spec.labels[a]: must NOT have more than 5 characters', SKIPPED]],
    ['Crossplane field misuse', { code: 'ABC', maximum: 2, crossplane: { compositionUpdatePolicy: 'Sometimes' } }, ['spec.crossplane.compositionUpdatePolicy: Unsupported value: must be one of "Automatic", "Manual"', SKIPPED]],
    ['an unknown Crossplane field', { code: 'ABC', maximum: 2, crossplane: { compositionRevision: 'x' } }, ['spec.crossplane.compositionRevision: unknown field']],
    ['a namespace in a resourceRef of a namespaced XR', { code: 'ABC', maximum: 2, crossplane: { resourceRefs: [{ apiVersion: 'a/v1', kind: 'K', name: 'x', namespace: 'y' }] } }, ['spec.crossplane.resourceRefs[0].namespace: unknown field']],
  ])('an XR violating %s is rejected with the path', (_n, spec, want) => {
    expect(xr(spec)).toEqual(want);
  });
  it('the XR name is at most 63 characters (Crossplane uses it as a label value)', () => {
    expect(lines(xv, { ...xrObj({ code: 'ABC', maximum: 2 }), metadata: { name: 'r'.repeat(64), namespace: 'n' } })).toEqual(['metadata.name: must NOT have more than 63 characters', SKIPPED]);
  });
  it('an XR without spec is rejected (Crossplane requires it)', () => {
    expect(lines(xv, { apiVersion: 'test.example.org/v1', kind: 'Range', metadata: { name: 'r', namespace: 'n' } })).toEqual(['spec: Required value', SKIPPED]);
  });
  it('converts the XRD to a CRD: names, scope, storage, the defaulted update policy', () => {
    const crd = xrdToCrd(xrd);
    expect(crd.spec.names).toEqual({ kind: 'Range', plural: 'ranges', categories: ['composite'] });
    expect(crd.spec.scope).toBe('Namespaced');
    expect(crd.spec.versions.map((x) => [x.name, x.served, x.storage])).toEqual([['v1', true, true]]);
    const specSchema = (crd.spec.versions[0].schema!.openAPIV3Schema.properties as Record<string, JsonSchema>).spec;
    expect(((specSchema.properties!.crossplane.properties as Record<string, JsonSchema>).compositionUpdatePolicy).default).toBe('Manual');
  });
  it('an unserved version has no schema', () => {
    const w = new KubeValidator();
    w.addXrd({ ...xrd, spec: { ...xrd.spec, versions: [{ ...xrd.spec.versions[0], served: false }] } });
    expect(lines(w, xrObj({ code: 'ABC', maximum: 2 }))).toEqual(['<root>: no schema for test.example.org/v1 Range (served versions: none)']);
  });
});

describe('CEL evaluation', () => {
  const schema = (rule: string, properties: Record<string, JsonSchema> = {}): JsonSchema => ({ type: 'object', properties, 'x-kubernetes-validations': [{ rule, message: 'failed' }] });
  it('a rule that cannot be evaluated is an issue, never a pass', () => {
    expect(celIssues(schema('self.missing == 1'), {})).toEqual([{ path: '<root>', message: expect.stringMatching(/^rule "self.missing == 1" could not be evaluated: No such key: missing/) }]);
    expect(celIssues(schema('self.a ==='), { a: 1 })).toEqual([{ path: '<root>', message: expect.stringMatching(/^rule "self.a ===" could not be evaluated/) }]);
    expect(celIssues(schema("url('https://x').getHost() == 'x'"), {})).toEqual([{ path: '<root>', message: expect.stringContaining('could not be evaluated') }]);
  });
  it.each<[string, unknown, Record<string, JsonSchema>]>([
    ['self.l.isSorted() && self.l.sum() == 6 && self.l.min() == 1 && self.l.max() == 3', { l: [1, 2, 3] }, { l: { type: 'array', items: { type: 'integer' } } }],
    ["self.s.upperAscii() == 'AB-C' && self.s.replace('-', '') == 'abc' && self.s.charAt(1) == 'b' && self.s.indexOf('-') == 2", { s: 'ab-c' }, { s: { type: 'string' } }],
    ["self.s.split(',').join('+') == 'a+b' && self.s.startsWith('a') && self.s.endsWith('b') && self.s.contains(',')", { s: 'a,b' }, { s: { type: 'string' } }],
    ["self.s.find('[0-9]+') == '42' && self.s.findAll('[a-z]').size() == 2 && matches(self.s, '^ab')", { s: 'ab42' }, { s: { type: 'string' } }],
    ['sets.contains(self.l, [1]) && sets.intersects(self.l, [3, 9]) && !sets.equivalent(self.l, [1])', { l: [1, 2, 3] }, { l: { type: 'array', items: { type: 'integer' } } }],
    ["self.m.all(k, k.startsWith('x')) && self.m.exists(k, self.m[k] == 'b') && size(self.m) == 2", { m: { xa: 'a', xb: 'b' } }, { m: { type: 'object', additionalProperties: { type: 'string' } } }],
    ["self.items.exists_one(i, i.n > 1) && self.items.filter(i, i.n > 0).map(i, i.n).size() == 2", { items: [{ n: 1 }, { n: 2 }] }, { items: { type: 'array', items: { type: 'object', properties: { n: { type: 'integer' } } } } }],
    ['self.n > 2 ? self.d >= 7 : false', { n: 3, d: 7.5 }, { n: { type: 'integer' }, d: { type: 'number' } }],
    ["self.?missing.orValue('x') == 'x' && self.t < timestamp('2030-01-01T00:00:00Z')", { t: '2024-01-01T00:00:00Z' }, { t: { type: 'string', format: 'date-time' } }],
    ["self.__namespace__ == 'a' && self.a__dash__b == 1", { namespace: 'a', 'a-b': 1 }, { namespace: { type: 'string' }, 'a-b': { type: 'integer' } }],
  ])('Kubernetes CEL functions: %s', (rule, value, properties) => {
    expect(celIssues(schema(rule, properties), value)).toEqual([]);
    // The same rule negated must fail: the result is really computed.
    expect(celIssues(schema(`!(${rule})`, properties), value)).toEqual([{ path: '<root>', message: 'failed' }]);
  });
  it('every rule of every pinned CRD parses', () => {
    const problems: string[] = [];
    for (const group of ['kms.aws.m.upbound.io', 's3.aws.m.upbound.io', 'iam.aws.m.upbound.io', 'aws.m.upbound.io', 'apiextensions.crossplane.io', 'pkg.crossplane.io', 'protection.crossplane.io']) {
      for (const kindName of ['Key', 'Alias', 'Bucket', 'BucketVersioning', 'Policy', 'Role', 'ProviderConfig', 'Composition', 'CompositeResourceDefinition', 'Provider', 'Function', 'Usage']) {
        const crd = v.crd(group, kindName);
        for (const ver of crd?.spec.versions ?? []) problems.push(...celSyntaxIssues(ver.schema!.openAPIV3Schema as JsonSchema).map((i) => `${group}/${kindName}: ${i.path}: ${i.message}`));
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('Kubernetes built-in kinds (kubernetes-models + unknown-field check)', () => {
  const ns = { name: 'x', namespace: 'team-a' };
  const valid: Array<Record<string, unknown>> = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a', labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: ns, automountServiceAccountToken: false },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: ns, data: { 'config.yaml': 'a: 1' } },
    { apiVersion: 'v1', kind: 'Secret', metadata: ns, type: 'Opaque', stringData: { token: 't' } },
    { apiVersion: 'v1', kind: 'Service', metadata: ns, spec: { selector: { app: 'x' }, ports: [{ port: 443, targetPort: 'https' }] } },
    { apiVersion: 'v1', kind: 'ResourceQuota', metadata: ns, spec: { hard: { 'requests.cpu': '4', pods: 10 } } },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'platform:reader' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: ns, rules: [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['list'] }] },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: ns, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'x' }, subjects: [{ kind: 'ServiceAccount', name: 'x', namespace: 'team-a' }] },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'x' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'x' }, subjects: [{ kind: 'Group', name: 'g', apiGroup: 'rbac.authorization.k8s.io' }] },
    {
      apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicy', metadata: { name: 'p' },
      spec: { failurePolicy: 'Fail', matchConstraints: { resourceRules: [{ apiGroups: ['*'], apiVersions: ['*'], operations: ['CREATE'], resources: ['*'] }] }, validations: [{ expression: 'true', message: 'm' }] },
    },
    { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicyBinding', metadata: { name: 'b' }, spec: { policyName: 'p', validationActions: ['Deny'] } },
    {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: ns,
      spec: { replicas: 2, selector: { matchLabels: { app: 'x' } }, template: { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'c', image: 'i:1', resources: { limits: { cpu: '1', memory: '1Gi' } }, securityContext: { runAsNonRoot: true } }] } } },
    },
  ];
  it.each(valid.map((o): [string, Record<string, unknown>] => [o.kind as string, o]))('a valid %s passes', (_k, o) => {
    expect(issuesOf(o)).toEqual([]);
  });
  it('a Namespace with a bad field fails: unknown field, wrong type, bad name', () => {
    expect(issuesOf({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' }, spec: { finalizerz: ['kubernetes'] } })).toEqual(['spec.finalizerz: unknown field']);
    expect(issuesOf({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' }, spec: { finalizers: 'kubernetes' } })).toEqual(['spec.finalizers: must be array']);
    expect(issuesOf({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' }, extra: 1 })).toEqual(['extra: unknown field']);
    expect(issuesOf({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team.a' } })).toEqual([expect.stringMatching(/^metadata\.name: Invalid value "team\.a": a lowercase RFC 1123 label/)]);
  });
  it('unknown fields are found at any depth, wrong types and enums are reported', () => {
    const deployment = valid.find((o) => o.kind === 'Deployment') as Record<string, any>;
    const container = deployment.spec.template.spec.containers[0];
    const withContainer = (c: Record<string, unknown>) => ({ ...deployment, spec: { ...deployment.spec, template: { ...deployment.spec.template, spec: { containers: [c] } } } });
    expect(issuesOf(withContainer({ ...container, securityContext: { runAsNonRoot: true, privileged: false, readOnlyRootFS: true } }))).toEqual(['spec.template.spec.containers[0].securityContext.readOnlyRootFS: unknown field']);
    expect(issuesOf(withContainer({ ...container, imagePullPolicy: 'Sometimes' }))).toEqual(['spec.template.spec.containers[0].imagePullPolicy: Unsupported value: must be one of "Always", "IfNotPresent", "Never"']);
    expect(issuesOf(withContainer({ ...container, name: undefined }))).toEqual(['spec.template.spec.containers[0].name: Required value']);
    expect(issuesOf({ ...deployment, spec: { ...deployment.spec, replicas: '2' } })).toEqual(['spec.replicas: must be integer']);
    expect(issuesOf({ ...deployment, spec: { ...deployment.spec, selector: { matchLabels: { app: 'y' } } } })).toEqual(['spec.template.metadata.labels: Invalid value: `selector` does not match template `labels`']);
    const role = valid.find((o) => o.kind === 'Role')!;
    expect(issuesOf({ ...role, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'], verb: 'list' }] })).toEqual(['rules[0].verb: unknown field']);
  });
});

describe('no schema', () => {
  it('an unknown kind is one issue, not a pass', () => {
    expect(issuesOf({ apiVersion: 'example.org/v1', kind: 'Thing', metadata: { name: 'x' } })).toEqual(['<root>: no schema for example.org/v1 Thing']);
    expect(issuesOf({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'x' } })).toEqual(['<root>: no schema for batch/v1 Job']);
  });
  it('a known kind at a version that is not served is one issue naming the served versions', () => {
    expect(issuesOf({ ...key({ region: 'us-east-1' }), apiVersion: 'kms.aws.m.upbound.io/v1' })).toEqual(['<root>: no schema for kms.aws.m.upbound.io/v1 Key (served versions: kms.aws.m.upbound.io/v1beta1)']);
  });
  it('an object without apiVersion or kind', () => {
    expect(issuesOf({ kind: 'Key', metadata: { name: 'k' } })).toEqual(['<root>: apiVersion and kind are required']);
  });
  it('names the object in every issue', () => {
    expect(v.validate(key({ region: 'us-east-1', rotate: true }))).toEqual([{ object: 'kms.aws.m.upbound.io/v1beta1 Key n/k', path: 'spec.forProvider.rotate', message: 'unknown field' }]);
  });
});
