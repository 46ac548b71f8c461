/** `npm run diff`: the AWS-level changes between dist/ at a git ref and the working tree. */
import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { KubeObject } from '../lib/composer';
import { diffFields, diffObjects, formatChanges, isAwsManagedResource } from '../lib/dist-diff';
import { PROJECT_ROOT } from './helpers';

const mr = (crn: string, kind: string, forProvider: Record<string, unknown>, owner = 'securebucket/app-data'): KubeObject => ({
  apiVersion: 's3.aws.m.upbound.io/v1beta1', kind,
  metadata: {
    namespace: 'prod',
    labels: { 'platform.secure-baseline.io/kind': owner.split('/')[0], 'platform.secure-baseline.io/name': owner.split('/')[1] },
    annotations: { 'crossplane.io/composition-resource-name': crn },
  },
  spec: { forProvider: forProvider },
});

describe('diffObjects', () => {
  const before = [
    mr('bucket', 'Bucket', { region: 'us-east-1', tags: { Owner: 'a' } }),
    mr('bucket-versioning', 'BucketVersioning', { versioningConfiguration: [{ status: 'Enabled' }] }),
    mr('bucket', 'Bucket', { region: 'us-east-1' }, 'securebucket/other'),
  ];
  const after = [
    mr('bucket', 'Bucket', { region: 'us-east-1', tags: { Owner: 'b', Extra: 'x' } }),
    mr('bucket', 'Bucket', { region: 'us-east-1' }, 'securebucket/other'),
    mr('bucket-policy', 'BucketPolicy', { policy: '{}' }),
  ];
  const changes = diffObjects(before, after);

  it('finds added, removed and changed resources, keyed by namespace, XR, composition resource name and kind', () => {
    expect(changes.map((c) => [c.type, c.owner, c.name, c.kind])).toEqual([
      ['changed', 'securebucket/app-data', 'bucket', 'Bucket'],
      ['added', 'securebucket/app-data', 'bucket-policy', 'BucketPolicy'],
      ['removed', 'securebucket/app-data', 'bucket-versioning', 'BucketVersioning'],
    ]);
  });

  it('lists the changed fields with old and new values', () => {
    expect(changes[0].fields).toEqual([
      { path: 'spec.forProvider.tags.Extra', before: undefined, after: 'x' },
      { path: 'spec.forProvider.tags.Owner', before: 'a', after: 'b' },
    ]);
  });

  it('diffs JSON documents held in strings (policies) by statement', () => {
    const a = JSON.stringify({ Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'] }] });
    const b = JSON.stringify({ Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'] }] });
    expect(diffFields({ policy: a }, { policy: b })).toEqual([{ path: 'policy<json>.Statement[0].Action[1]', before: undefined, after: 's3:PutObject' }]);
  });

  it('reports nothing for identical inputs', () => {
    expect(diffObjects(before, structuredClone(before))).toEqual([]);
  });

  it('formats compactly', () => {
    expect(formatChanges(changes)).toBe([
      'AWS managed resources: 1 added, 1 removed, 1 changed',
      '~ Bucket prod securebucket/app-data bucket (s3.aws.m.upbound.io/v1beta1)',
      '    spec.forProvider.tags.Extra: (absent) → "x"',
      '    spec.forProvider.tags.Owner: "a" → "b"',
      '+ BucketPolicy prod securebucket/app-data bucket-policy (s3.aws.m.upbound.io/v1beta1)',
      '- BucketVersioning prod securebucket/app-data bucket-versioning (s3.aws.m.upbound.io/v1beta1)',
      '',
    ].join('\n'));
  });

  it('tells AWS managed resources from the rest', () => {
    expect(isAwsManagedResource(before[0])).toBe(true);
    expect(isAwsManagedResource({ apiVersion: 'platform.secure-baseline.io/v1alpha1', kind: 'SecureBucket' })).toBe(false);
    expect(isAwsManagedResource({ apiVersion: 'protection.crossplane.io/v1beta1', kind: 'Usage' })).toBe(false);
  });
});

describe('scripts/diff.ts', () => {
  it('compares the working tree dist/ with HEAD and exits 0', () => {
    const out = execFileSync(join(PROJECT_ROOT, 'node_modules/.bin/tsx'), [join(PROJECT_ROOT, 'scripts/diff.ts'), 'HEAD'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
    expect(out).toContain('dist/ compared with HEAD');
    expect(out).toMatch(/AWS managed resources: \d+ added, \d+ removed, \d+ changed/);
  });
});
