/**
 * Timing of the validator (not a test): `npx tsx test/validation/bench.ts`. Constructs a validator over every
 * pinned CRD, validates 100 objects of 10 kinds (cold: schemas compiled on first use; then warm), then every
 * object in dist/ as output.test.ts does.
 */
import { join } from 'node:path';
import { KubeValidator } from '../../lib/validation';
import { distObjects, PROJECT_ROOT, readYamlDocs } from '../helpers';

const meta = (i: number) => ({ name: `o-${i}`, namespace: 'team-a' });
const KINDS: Array<(i: number) => Record<string, unknown>> = [
  (i) => ({ apiVersion: 'kms.aws.m.upbound.io/v1beta1', kind: 'Key', metadata: meta(i), spec: { forProvider: { region: 'us-east-1', enableKeyRotation: true, deletionWindowInDays: 30 } } }),
  (i) => ({ apiVersion: 's3.aws.m.upbound.io/v1beta1', kind: 'Bucket', metadata: meta(i), spec: { forProvider: { region: 'us-east-1', tags: { a: 'b' } } } }),
  (i) => ({ apiVersion: 's3.aws.m.upbound.io/v1beta1', kind: 'BucketVersioning', metadata: meta(i), spec: { forProvider: { region: 'us-east-1', bucket: 'b', versioningConfiguration: { status: 'Enabled' } } } }),
  (i) => ({ apiVersion: 'iam.aws.m.upbound.io/v1beta1', kind: 'Policy', metadata: meta(i), spec: { forProvider: { policy: '{}' } } }),
  (i) => ({ apiVersion: 'iam.aws.m.upbound.io/v1beta1', kind: 'Role', metadata: meta(i), spec: { forProvider: { assumeRolePolicy: '{}' } } }),
  (i) => ({ apiVersion: 'ec2.aws.m.upbound.io/v1beta1', kind: 'Instance', metadata: meta(i), spec: { forProvider: { region: 'us-east-1', instanceType: 't3.micro' } } }),
  (i) => ({ apiVersion: 'apiextensions.crossplane.io/v1', kind: 'Composition', metadata: { name: `c-${i}` }, spec: { compositeTypeRef: { apiVersion: 'a.b/v1', kind: 'X' }, mode: 'Pipeline', pipeline: [{ step: 's', functionRef: { name: 'f' } }] } }),
  (i) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `ns-${i}` } }),
  (i) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta(i), spec: { selector: { matchLabels: { app: 'x' } }, template: { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } } }),
  (i) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: meta(i), roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'x' }, subjects: [{ kind: 'ServiceAccount', name: 'x' }] }),
];
const objects = KINDS.flatMap((f) => Array.from({ length: 10 }, (_, i) => f(i)));
const ms = (a: number, b: number) => `${(b - a).toFixed(0)} ms`;

const t0 = performance.now();
const v = KubeValidator.fromPinnedCrds();
const t1 = performance.now();
const cold = v.validateAll(objects);
const t2 = performance.now();
const warm = v.validateAll(objects);
const t3 = performance.now();
console.log(`construct ${ms(t0, t1)}; ${objects.length} objects of ${KINDS.length} kinds: cold ${ms(t1, t2)}, warm ${ms(t2, t3)}; issues ${cold.length + warm.length}`);

for (const xrd of readYamlDocs(join(PROJECT_ROOT, 'dist/platform/platform-apis.k8s.yaml')).filter((o) => o.kind === 'CompositeResourceDefinition')) v.addXrd(xrd as never);
// Preview documents are composed resources, named by Crossplane: give them a generateName as output.test.ts does.
const dist = distObjects().filter(({ file }) => !file.startsWith('packages/')).map(({ object }) => (object.metadata?.name || object.metadata?.generateName ? object : { ...object, metadata: { ...object.metadata, generateName: 'x-' } }));
const t4 = performance.now();
const distIssues = v.validateAll(dist);
const t5 = performance.now();
console.log(`dist/: ${dist.length} objects of ${new Set(dist.map((o) => `${o.apiVersion}/${o.kind}`)).size} kinds in ${ms(t4, t5)}; issues ${distIssues.length}`);
for (const i of distIssues) console.log(`  ${i.object}: ${i.path}: ${i.message}`);
