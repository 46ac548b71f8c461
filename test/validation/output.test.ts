/**
 * Everything we hand to a cluster, checked as its API server would check it: every object in dist/ and every
 * resource the composers compose for every claim and example (as Crossplane creates it: in the XR's
 * namespace with a generated name), against the pinned CRDs: OpenAPI with unknown fields rejected, and CEL.
 */
import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { SYNTHESIZED_ENVIRONMENTS } from '../../examples';
import { environmentXrs, exampleXrs } from '../../synth/claims';
import type { KubeObject } from '../../lib/composer';
import { previewClaim } from '../../synth/preview';
import { KubeValidator } from '../../lib/validation';
import { distObjects, PROJECT_ROOT, readYamlDocs } from '../helpers';

const validator = KubeValidator.fromPinnedCrds();
for (const xrd of readYamlDocs(join(PROJECT_ROOT, 'dist/platform/platform-apis.k8s.yaml')).filter((o) => o.kind === 'CompositeResourceDefinition')) {
  validator.addXrd(xrd);
}
const problems = (objects: KubeObject[]) => objects.flatMap((o) => validator.validate(o)).map((i) => `${i.object}: ${i.path}: ${i.message}`);

/** A composed resource as Crossplane creates it from the function's desired state. */
const asCreated = (xr: KubeObject, r: KubeObject): KubeObject => ({ ...r, metadata: { ...r.metadata, generateName: `${xr.metadata!.name}-` } });

/** The claims of a world, and the same world once every EncryptionKey has reported its ARN. */
function worlds(claims: KubeObject[]): KubeObject[][] {
  const keysReady = claims.map((c) => (c.kind === 'EncryptionKey' ? { ...c, status: { keyArn: `arn:aws:kms:${c.spec.region}:${c.spec.accountId}:key/${c.metadata!.name}` } } : c));
  return [claims, keysReady];
}

describe('every object in dist/', () => {
  const all = distObjects();
  // Package metadata (meta.pkg.crossplane.io) has no CRD: crossplane xpkg build checks it when the package is built
  // (test/package.test.ts). The Configuration package's XRDs and Compositions are validated like the others.
  const objects = all.filter(({ object }) => !object.apiVersion.startsWith('meta.pkg.crossplane.io/'));

  it('is accepted by its CRD or the Kubernetes schema', () => {
    // The function's and the Configuration's package metadata.
    expect(all.filter(({ file }) => file.startsWith('packages/') && file.endsWith('crossplane.yaml')).length).toBe(2);
    expect(all.length - objects.length).toBe(2);
    expect(objects.filter(({ file }) => file.startsWith('preview/')).length).toBeGreaterThan(60);
    // Preview documents are composed resources: validate them as Crossplane creates them (generated name).
    const asApplied = objects.map(({ file, object }) => (file.startsWith('preview/')
      ? asCreated({ apiVersion: '', kind: '', metadata: { name: object.metadata!.labels!['platform.secure-baseline.io/name'] } }, object)
      : object));
    expect(problems(asApplied)).toEqual([]);
  });
});

describe('every composed resource', () => {
  const sets: Array<[string, KubeObject[]]> = [
    ...SYNTHESIZED_ENVIRONMENTS.map(({ env }): [string, KubeObject[]] => [env.name, environmentXrs(env)]),
    ['examples', exampleXrs()],
  ];
  it.each(sets)('%s: valid as created, before and after the keys report their ARNs', (_name, claims) => {
    const composed = worlds(claims).flatMap((world) => claims.flatMap((c) => Object.values(previewClaim(c, world).resources).map((r) => asCreated(c, r))));
    expect(composed.length).toBeGreaterThanOrEqual(claims.length * 2);
    expect(problems(composed)).toEqual([]);
  });

  it('the check can fail: a composed bucket without region, and one with an unknown field, are rejected', () => {
    const [claim] = exampleXrs().filter((c) => c.kind === 'SecureBucket');
    const bucket = asCreated(claim, previewClaim(claim, exampleXrs()).resources.bucket);
    const { region: _r, ...noRegion } = bucket.spec.forProvider;
    // As the API server: a missing required field also stops the CEL rules from being evaluated, and says so.
    expect(problems([{ ...bucket, spec: { ...bucket.spec, forProvider: noRegion } }])).toEqual([
      expect.stringContaining('spec.forProvider.region: Required value'),
      expect.stringContaining('<root>: some validation rules were not checked'),
    ]);
    expect(problems([{ ...bucket, spec: { ...bucket.spec, forProvider: { ...bucket.spec.forProvider, acl: 'public-read' } } }])).toEqual([expect.stringContaining('spec.forProvider.acl: unknown field')]);
  });
});
