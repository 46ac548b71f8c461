/** The validator itself: each check must be able to fail, with the offending path. */
import { describe, expect, it } from '@jest/globals';
import { KubeValidator, xrdToCrds } from '../../lib/validation';

const v = KubeValidator.fromPinnedCrds();
const key = (forProvider: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'kms.aws.m.upbound.io/v1beta1', kind: 'Key', metadata: { name: 'k', namespace: 'n' },
  spec: { forProvider, ...extra },
});
const issuesOf = (o: Record<string, unknown>) => v.validate(o).map((i) => `${i.path}: ${i.message}`);

describe('CRD schema (OpenAPI)', () => {
  it('accepts a valid managed resource', () => {
    expect(issuesOf(key({ region: 'us-east-1', enableKeyRotation: true }))).toEqual([]);
  });
  it('rejects an unknown field with its path', () => {
    expect(issuesOf(key({ region: 'us-east-1', rotate: true }))).toEqual(['spec.forProvider.rotate: unknown field']);
  });
  it('rejects a wrong type', () => {
    expect(issuesOf(key({ region: 'us-east-1', enableKeyRotation: 'yes' }))).toEqual(['spec.forProvider.enableKeyRotation: must be boolean']);
  });
  it('rejects a value outside an enum', () => {
    expect(issuesOf(key({ region: 'us-east-1' }, { managementPolicies: ['Destroy'] }))).toEqual([
      'spec.managementPolicies[0]: Unsupported value: must be one of "Observe", "Create", "Update", "Delete", "LateInitialize", "*"',
    ]);
  });
  it('rejects bad object metadata', () => {
    expect(issuesOf({ ...key({ region: 'us-east-1' }), metadata: { name: 'Bad_Name', labels: { a: 'x'.repeat(64) }, color: 'red' } })).toEqual([
      'metadata.color: unknown field', 'metadata.name: must be a lowercase RFC 1123 subdomain', `metadata.labels[a]: invalid label value "${'x'.repeat(64)}"`,
    ]);
  });
  it('a kind without a schema is an issue, not a pass', () => {
    expect(issuesOf({ apiVersion: 'example.org/v1', kind: 'Thing', metadata: { name: 'x' } })).toEqual(['<root>: no schema for example.org/v1 Thing']);
  });
  it('checks Crossplane core kinds: a Composition must be in Pipeline mode', () => {
    const composition = (mode: string) => ({
      apiVersion: 'apiextensions.crossplane.io/v1', kind: 'Composition', metadata: { name: 'c' },
      spec: { compositeTypeRef: { apiVersion: 'a.b/v1', kind: 'X' }, mode, pipeline: [{ step: 's', functionRef: { name: 'f' } }] },
    });
    expect(issuesOf(composition('Pipeline'))).toEqual([]);
    expect(issuesOf(composition('Resources'))).toEqual([
      'spec.mode: Unsupported value: must be one of "Pipeline"',
      'spec: an array of pipeline steps is required in Pipeline mode',
    ]);
  });
  it('checks core Kubernetes kinds: Namespace', () => {
    expect(issuesOf({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } })).toEqual([]);
    expect(issuesOf({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' }, spec: { finalizers: 'kubernetes' } })).toEqual(['spec.finalizers: must be array']);
    expect(issuesOf({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' }, extra: 1 })).toEqual(['extra: unknown field']);
  });
});

describe('CEL x-kubernetes-validations', () => {
  it('evaluates the provider CRD rules: a BucketVersioning needs its configuration (a CEL-only requirement)', () => {
    const versioning = (forProvider: Record<string, unknown>) => ({ apiVersion: 's3.aws.m.upbound.io/v1beta1', kind: 'BucketVersioning', metadata: { name: 'v', namespace: 'n' }, spec: { forProvider } });
    expect(issuesOf(versioning({ region: 'us-east-1', bucket: 'b', versioningConfiguration: { status: 'Enabled' } }))).toEqual([]);
    expect(issuesOf(versioning({ region: 'us-east-1', bucket: 'b' }))).toEqual(['spec: spec.forProvider.versioningConfiguration is a required parameter']);
  });
  it('a required field of the OpenAPI schema is reported as required', () => {
    expect(issuesOf(key({ enableKeyRotation: true }))).toEqual(['spec.forProvider.region: Required value']);
  });
  it('evaluates rules of Crossplane CRDs (functionRef name xor ...): a valid Usage passes, a broken one fails', () => {
    const usage = (of: Record<string, unknown>) => ({ apiVersion: 'protection.crossplane.io/v1beta1', kind: 'Usage', metadata: { name: 'u', namespace: 'n' }, spec: { of, reason: 'r' } });
    expect(issuesOf(usage({ apiVersion: 'a/v1', kind: 'K', resourceRef: { name: 'x' } }))).toEqual([]);
    expect(issuesOf(usage({ apiVersion: 'a/v1', kind: 'K' }))).toEqual(['spec.of: either a resource reference or a resource selector should be set.']);
  });

  const xrd = {
    apiVersion: 'apiextensions.crossplane.io/v2', kind: 'CompositeResourceDefinition', metadata: { name: 'ranges.test.example.org' },
    spec: {
      group: 'test.example.org', scope: 'Namespaced', names: { kind: 'Range', plural: 'ranges' },
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
                ],
                properties: {
                  code: { type: 'string', pattern: '^[A-Z]{3}$' },
                  minimum: { type: 'integer', minimum: 0, maximum: 100, default: 0 },
                  maximum: { type: 'integer', minimum: 0, maximum: 100 },
                },
                required: ['code', 'maximum'],
              },
            },
          },
        },
      }],
    },
  };
  const xv = new KubeValidator();
  xv.addXrd(xrd);
  const xr = (spec: Record<string, unknown>) => xv.validate({ apiVersion: 'test.example.org/v1', kind: 'Range', metadata: { name: 'r', namespace: 'n' }, spec }).map((i) => `${i.path}: ${i.message}`);

  it('an XR of an XRD: valid, with Crossplane fields, and oldSelf rules skipped', () => {
    expect(xr({ code: 'ABC', minimum: 1, maximum: 2 })).toEqual([]);
    expect(xr({ code: 'ABC', maximum: 2, crossplane: { compositionRef: { name: 'c' }, compositionUpdatePolicy: 'Manual' } })).toEqual([]);
  });
  it.each<[string, Record<string, unknown>, string]>([
    ['pattern', { code: 'abc', maximum: 2 }, 'spec.code: must match pattern "^[A-Z]{3}$"'],
    ['range', { code: 'ABC', maximum: 101 }, 'spec.maximum: must be <= 100'],
    ['CEL with fieldPath', { code: 'ABC', minimum: 5, maximum: 2 }, 'spec.minimum: minimum must not exceed maximum'],
    ['unknown field', { code: 'ABC', maximum: 2, extra: true }, 'spec.extra: unknown field'],
    ['required', { code: 'ABC' }, 'spec.maximum: Required value'],
    ['Crossplane field misuse', { code: 'ABC', maximum: 2, crossplane: { compositionUpdatePolicy: 'Sometimes' } }, 'spec.crossplane.compositionUpdatePolicy: Unsupported value: must be one of "Automatic", "Manual"'],
  ])('an XR violating %s is rejected', (_n, spec, want) => {
    expect(xr(spec)).toContain(want);
  });
  it('defaults apply before CEL, as in the API server', () => {
    // minimum defaults to 0, so the rule compares 0 <= 2 instead of failing on a missing key.
    expect(xr({ code: 'ABC', maximum: 2 })).toEqual([]);
  });
  it('converts the XRD to a CRD with the XR kind', () => {
    expect(xrdToCrds(xrd).spec.names.kind).toBe('Range');
  });
});
