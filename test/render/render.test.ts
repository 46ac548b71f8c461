/**
 * The committed previews are what Crossplane really composes, and everything we ship passes Crossplane's own
 * validation:
 *   1. every claim of every environment is rendered with `crossplane composition render` (Crossplane CLI v2.5.0,
 *      rendering with the reconciler of the Crossplane core the live control plane runs) through its Composition
 *      and the function bundle, served locally; the composed resources must equal the committed
 *      dist/preview/<env>/<kind>-<name>.yaml, less only what Crossplane adds, and the XR status must match;
 *   2. `crossplane resource validate`, offline, checks claims, XRDs, Compositions and every rendered resource
 *      against the XRDs, the pinned provider CRDs and that core's own CRDs (OpenAPI, unknown fields, defaults, CEL),
 *      and fails on broken input.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SYNTHESIZED_ENVIRONMENTS } from '../../examples';
import { environmentClaims, environmentXrs, EXAMPLES_NAMESPACE, exampleClaims, exampleXrs } from '../../synth/claims';
import type { KubeObject } from '../../lib/composer';
import { PROJECT_ROOT, readPinnedCrdFile } from '../../lib/crds';
import { previewClaim } from '../../synth/preview';
import { filesBelow, readYamlDocs } from '../helpers';
import {
  COMPOSITION_RESOURCE_NAME, crdFilesFor, crossplaneImageKinds, developmentFunction, installCrossplaneTools, parseValidateSummary,
  render, seedValidateCache, toYaml, validate, type CrossplaneTools, type Rendered,
} from './crossplane-cli';
import { startFunction, type RunningFunction } from './function-server';
import { describeRun } from '../../lib/process';

const DIST = join(PROJECT_ROOT, 'dist');
const platformApis = readYamlDocs(join(DIST, 'platform', 'platform-apis.k8s.yaml'));
const packages = readYamlDocs(join(DIST, 'platform', 'crossplane-packages.k8s.yaml'));
const xrds = platformApis.filter((o) => o.kind === 'CompositeResourceDefinition');
const compositions = platformApis.filter((o) => o.kind === 'Composition');

function only<T>(items: readonly T[], what: string): T {
  if (items.length !== 1) throw new Error(`expected exactly one ${what}, found ${items.length}`);
  return items[0];
}
const xrdFor = (kind: string) => only(xrds.filter((x) => x.spec.names.kind === kind), `XRD of ${kind} in dist/platform/platform-apis.k8s.yaml`);
const compositionFor = (kind: string) => only(compositions.filter((c) => c.spec.compositeTypeRef.kind === kind), `Composition of ${kind} in dist/platform/platform-apis.k8s.yaml`);

/** The pipeline's functions, as installed by dist/platform/crossplane-packages.k8s.yaml. */
function pipelineFunctions(composition: KubeObject): KubeObject[] {
  const names = [...new Set((composition.spec.pipeline as Array<{ functionRef: { name: string } }>).map((s) => s.functionRef.name))];
  return names.map((n) => only(packages.filter((p) => p.kind === 'Function' && p.metadata?.name === n), `Function ${n} in dist/platform/crossplane-packages.k8s.yaml`));
}

interface Case {
  readonly id: string;
  readonly env: string;
  readonly claim: KubeObject;
  /** Set on the extra cases of a claim: the state of the world they render in. */
  readonly variant?: 'key-ready';
  readonly preview: ReturnType<typeof previewClaim>;
  /** Where the expected composed resources come from, for messages. */
  readonly expectedFrom: string;
  readonly expected: () => KubeObject[];
}

/** A KMS key ARN as the EncryptionKey reports it once AWS has created the key. */
function keyArnOf(key: KubeObject): string {
  const h = createHash('sha256').update(`${key.metadata?.namespace}/${key.metadata?.name}`).digest('hex'); // distinct per key, stable
  return `arn:aws:kms:${key.spec.region}:${key.spec.accountId}:key/${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const CASES: Case[] = SYNTHESIZED_ENVIRONMENTS.flatMap(({ env }) => {
  const claims = environmentXrs(env);
  // Once the EncryptionKeys have reported their ARNs, SecureBuckets compose differently (policy pinned to the key).
  const keysReady = claims.map((o) => (o.kind === 'EncryptionKey' ? { ...o, status: { keyArn: keyArnOf(o) } } : o));
  return claims.flatMap((claim): Case[] => {
    const file = `${claim.kind.toLowerCase()}-${claim.metadata!.name}`;
    const previewFile = join('dist', 'preview', env.name, `${file}.yaml`);
    const created: Case = {
      id: `${env.name}/${file}`, env: env.name, claim, preview: previewClaim(claim, claims),
      expectedFrom: previewFile, expected: () => readYamlDocs(join(PROJECT_ROOT, previewFile)),
    };
    const keyed = previewClaim(claim, keysReady);
    if (JSON.stringify(keyed.required) === JSON.stringify(created.preview.required)) return [created];
    return [created, {
      id: `${env.name}/${file}@key-ready`, env: env.name, claim, variant: 'key-ready', preview: keyed,
      expectedFrom: 'previewClaim with the EncryptionKey reporting its ARN', expected: () => Object.values(keyed.resources),
    }];
  });
});

// The APIs' examples (dist/examples/): no committed preview, so render must equal the in-memory preview.
const EXAMPLES = exampleXrs();
CASES.push(...EXAMPLES.map((claim): Case => {
  const preview = previewClaim(claim, EXAMPLES);
  return {
    id: `examples/${claim.kind.toLowerCase()}-${claim.metadata!.name}`, env: EXAMPLES_NAMESPACE, claim, preview,
    expectedFrom: 'previewClaim of the example', expected: () => Object.values(preview.resources),
  };
}));

let tmp = '';
let tools: CrossplaneTools;
let fn: RunningFunction | undefined;
const rendered = new Map<string, Rendered | Error>();

function renderedOf(c: Case): Rendered {
  const r = rendered.get(c.id);
  if (r === undefined) throw new Error(`${c.id} was not rendered (beforeAll failed)`);
  if (r instanceof Error) throw r;
  return r;
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'sb-render-'));
  const [installed, started] = await Promise.allSettled([installCrossplaneTools(), startFunction()]);
  if (started.status === 'fulfilled') fn = started.value;
  if (installed.status === 'rejected') throw installed.reason;
  if (started.status === 'rejected') throw started.reason;
  tools = installed.value;
  const running = fn!;
  await Promise.all(CASES.map(async (c) => {
    const composition = compositionFor(c.claim.kind);
    try {
      rendered.set(c.id, await render(tools, {
        dir: join(tmp, 'render', c.id),
        xr: c.claim,
        composition,
        xrd: xrdFor(c.claim.kind),
        functions: pipelineFunctions(composition).map((f) => developmentFunction(f, running.target)),
        required: Object.values(c.preview.required).flat(),
      }));
    } catch (e) {
      rendered.set(c.id, e instanceof Error ? e : new Error(String(e)));
    }
  }));
}, 16 * 60_000);

afterAll(async () => {
  await fn?.process.stop();
  if (tmp && !process.env.SB_KEEP_RENDER_TMP) rmSync(tmp, { recursive: true, force: true });
  else if (tmp) console.log(`render inputs and outputs kept in ${tmp}`);
});

/** The composed resource less what Crossplane (and render) add to it, to compare with the preview. */
function withoutCrossplaneMetadata(rendered: KubeObject, preview: KubeObject | undefined): KubeObject {
  const { generateName, ownerReferences: _owners, labels, ...metadata } = rendered.metadata ?? {};
  const ours = Object.fromEntries(Object.entries((labels ?? {}) as Record<string, string>).filter(([k]) => !k.startsWith('crossplane.io/')));
  if (Object.keys(ours).length > 0 || preview?.metadata?.labels !== undefined) metadata.labels = ours;
  // A name Crossplane generated from generateName is Crossplane's; a name the composer set is ours and compared.
  if (typeof generateName === 'string' && typeof metadata.name === 'string' && metadata.name.startsWith(generateName) && preview?.metadata?.name === undefined) {
    delete metadata.name;
  }
  return { ...rendered, metadata };
}

const withoutConditions = (status: Record<string, unknown> | undefined) => {
  const { conditions: _conditions, ...rest } = status ?? {};
  return rest;
};

describe('crossplane composition render: the composition function composes what the committed preview says', () => {
  it('renders every claim of every environment and every API example', () => {
    expect(CASES.length).toBeGreaterThan(0);
    for (const { env } of SYNTHESIZED_ENVIRONMENTS) expect(CASES.filter((c) => c.env === env.name && !c.variant).length).toBe(environmentXrs(env).length);
    // Every claim whose composition depends on its EncryptionKey is also rendered as it is once the key exists.
    expect(CASES.filter((c) => c.variant === 'key-ready').length).toBeGreaterThanOrEqual(CASES.filter((c) => c.claim.kind === 'SecureBucket' && !c.variant && c.env !== EXAMPLES_NAMESPACE).length);
    // And every example of every API.
    expect(CASES.filter((c) => c.env === EXAMPLES_NAMESPACE).length).toBe(EXAMPLES.length);
  });

  describe.each(CASES.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    it(`composes the resources of ${c.expectedFrom}: same names, same content`, () => {
      const out = renderedOf(c);
      const committed = c.expected();
      const byName = (docs: readonly KubeObject[], what: string) => {
        const m = new Map<string, KubeObject>();
        for (const d of docs) {
          const n = d.metadata?.annotations?.[COMPOSITION_RESOURCE_NAME];
          if (typeof n !== 'string') throw new Error(`${what}: a ${d.kind} has no ${COMPOSITION_RESOURCE_NAME} annotation`);
          if (m.has(n)) throw new Error(`${what}: two resources named ${n}`);
          m.set(n, d);
        }
        return m;
      };
      const expected = byName(committed, c.expectedFrom);
      const actual = byName(out.composed, 'render output');
      expect(out.composed.length).toBe(out.docs.length - 1); // nothing but the XR and composed resources
      expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
      for (const [name, want] of expected) {
        const got = actual.get(name)!;
        // Render adds exactly this, derived from the XR; checked here, then removed before comparing.
        const owners = (got.metadata?.ownerReferences ?? []) as Array<{ kind: string; name: string; controller?: boolean }>;
        expect({
          name, namespace: got.metadata?.namespace, generateName: got.metadata?.generateName, composite: got.metadata?.labels?.['crossplane.io/composite'],
          owners: owners.map((o) => `${o.kind}/${o.name} controller=${o.controller}`),
        }).toEqual({
          // A resource the composer named keeps its name; the others get one generated from the XR's.
          name, namespace: c.claim.metadata!.namespace, generateName: want.metadata?.name ? undefined : `${c.claim.metadata!.name}-`, composite: c.claim.metadata!.name,
          owners: [`${c.claim.kind}/${c.claim.metadata!.name} controller=true`],
        });
        expect({ name, resource: withoutCrossplaneMetadata(got, want) }).toEqual({ name, resource: want });
      }
    });

    it('sets the XR status the preview computes', () => {
      const out = renderedOf(c);
      expect(withoutConditions(out.xr.status)).toEqual(withoutConditions(c.preview.status));
    });
  });
});

describe('crossplane resource validate (offline)', () => {
  /** Writes the extensions: our XRDs and the pinned CRDs of the composed kinds the Crossplane image lacks. */
  function writeExtensions(dir: string, composed: readonly KubeObject[]): string[] {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'xrds.yaml'), toYaml(xrds));
    const exclude = new Set([...crossplaneImageKinds(tools), ...xrds.map((x) => `${x.spec.group}/${x.spec.names.kind}`)]);
    const files = crdFilesFor(composed, exclude);
    for (const f of files) writeFileSync(join(dir, f.replaceAll('/', '__')), readPinnedCrdFile(f));
    return files;
  }

  function freshCache(): string {
    const cache = mkdtempSync(join(tmp, 'validate-cache-'));
    seedValidateCache(cache, tools);
    return cache;
  }

  it('finds no fault in claims, XRDs, Compositions and every rendered resource', async () => {
    const renders = CASES.map((c) => ({ c, r: rendered.get(c.id) }));
    const failed = renders.filter(({ r }) => !r || r instanceof Error).map(({ c }) => c.id);
    if (failed.length > 0) throw new Error(`render failed for ${failed.join(', ')}: see their tests`);
    const outputs = renders.map(({ c, r }) => ({ c, r: r as Rendered }));

    const dir = join(tmp, 'validate');
    // Core Kubernetes kinds (a Secret ConfigParameter composes) have no CRD for the CLI to read: lib/validation
    // checks them (test/validation/output.test.ts); the CLI validates everything else.
    const isCore = (o: KubeObject) => !o.apiVersion.includes('/');
    const extensionFiles = writeExtensions(join(dir, 'extensions'), outputs.flatMap(({ r }) => r.composed).filter((o) => !isCore(o)));
    // The claims as committed (what Argo CD applies), without the Namespaces beside them.
    const group = (xrds[0].spec.group as string);
    const claims = [
      ...SYNTHESIZED_ENVIRONMENTS.flatMap(({ dir, env }) => readYamlDocs(join(DIST, dir, `${env.name}.k8s.yaml`))),
      ...filesBelow(join(DIST, 'examples')).flatMap((f) => readYamlDocs(join(DIST, 'examples', f))),
    ].filter((o) => o.apiVersion.startsWith(`${group}/`));
    // Only the top-level claims are committed; nested XRs are in the rendered output of what composes them.
    expect(claims.length).toBe(SYNTHESIZED_ENVIRONMENTS.flatMap(({ env }) => environmentClaims(env)).length + exampleClaims().length);
    const resources = join(dir, 'resources');
    mkdirSync(resources, { recursive: true });
    writeFileSync(join(resources, 'claims.yaml'), toYaml(claims));
    expect(platformApis.length).toBe(xrds.length + compositions.length); // the file holds nothing else
    writeFileSync(join(resources, 'platform-apis.yaml'), toYaml(platformApis));
    for (const { c, r } of outputs) writeFileSync(join(resources, `rendered-${c.id.replace('/', '-')}.yaml`), toYaml(r.docs.filter((o) => !isCore(o))));
    const expectedTotal = claims.length + platformApis.length + outputs.reduce((n, { r }) => n + r.docs.filter((o) => !isCore(o)).length, 0);

    const result = await validate(tools, join(dir, 'extensions'), resources, freshCache());
    const output = result.stdout + result.stderr;
    const summary = parseValidateSummary(result.stdout);
    console.log(`crossplane resource validate: ${summary?.line ?? '(no summary line)'}\n  extensions: XRDs + ${extensionFiles.join(', ')}`);
    expect(output).not.toMatch(/downloading/);
    if (result.code !== 0 || !summary) throw new Error(describeRun('crossplane resource validate', result));
    expect(output.split('\n').filter((l) => l.startsWith('[x]') || l.startsWith('[!]'))).toEqual([]);
    expect(summary).toEqual({ total: expectedTotal, missing: 0, success: expectedTotal, failure: 0, line: summary.line });
    // Each resource was checked against exactly one schema (a kind defined twice would be checked twice).
    expect(output.split('\n').filter((l) => l.startsWith('[✓]')).length).toBe(expectedTotal);
  });

  it('fails on broken resources: OpenAPI bounds, unknown fields, CEL rules, provider schemas', async () => {
    const bucketCase = CASES.find((c) => c.claim.kind === 'SecureBucket' && c.env !== 'prod' && !c.variant);
    const prodBucket = CASES.find((c) => c.claim.kind === 'SecureBucket' && c.env === 'prod' && !c.variant);
    if (!bucketCase || !prodBucket) throw new Error('the environments have no SecureBucket in prod and elsewhere');
    const broken = (c: Case, name: string, spec: Record<string, unknown>): KubeObject =>
      ({ ...c.claim, metadata: { ...c.claim.metadata, name }, spec: { ...c.claim.spec, ...spec } });
    const composedBucket = renderedOf(bucketCase).composed.find((o) => o.kind === 'Bucket');
    if (!composedBucket) throw new Error(`${bucketCase.id} composes no Bucket`);
    const bad: KubeObject[] = [
      broken(bucketCase, 'broken-retention-minimum', { accessLogRetentionDays: 30 }),
      broken(bucketCase, 'broken-unknown-field', { notAField: true }),
      broken(prodBucket, 'broken-prod-retention-cel', { accessLogRetentionDays: 100 }),
      { ...composedBucket, metadata: { ...composedBucket.metadata, name: 'broken-provider-field' }, spec: { ...composedBucket.spec, forProvider: { ...composedBucket.spec.forProvider, notAField: 'x' } } },
    ];
    const dir = join(tmp, 'validate-broken');
    writeExtensions(join(dir, 'extensions'), [composedBucket]);
    mkdirSync(join(dir, 'resources'), { recursive: true });
    writeFileSync(join(dir, 'resources', 'broken.yaml'), toYaml(bad));

    const result = await validate(tools, join(dir, 'extensions'), join(dir, 'resources'), freshCache());
    const output = result.stdout + result.stderr;
    expect(result.timedOut).toBe(false);
    expect(result.code).not.toBe(0);
    expect(parseValidateSummary(result.stdout)).toMatchObject({ total: bad.length, missing: 0, success: 0, failure: bad.length });
    const errors = output.split('\n').filter((l) => l.startsWith('[x]'));
    expect(errors.filter((l) => l.includes('broken-retention-minimum') && l.includes('spec.accessLogRetentionDays'))).not.toEqual([]);
    expect(errors.filter((l) => l.includes('broken-unknown-field') && l.includes('unknown field: "notAField"'))).not.toEqual([]);
    expect(errors.filter((l) => l.includes('broken-prod-retention-cel') && l.startsWith('[x] CEL validation error'))).not.toEqual([]);
    expect(errors.filter((l) => l.includes('broken-provider-field') && l.includes('spec.forProvider.notAField'))).not.toEqual([]);
  });

  it('fails loudly, not by hanging, when a schema would have to be downloaded', async () => {
    const dir = join(tmp, 'validate-uncached');
    mkdirSync(join(dir, 'extensions'), { recursive: true });
    writeFileSync(join(dir, 'extensions', 'xrds.yaml'), toYaml(xrds));
    writeFileSync(join(dir, 'claims.yaml'), toYaml([CASES[0].claim]));
    const empty = mkdtempSync(join(tmp, 'validate-cache-empty-'));
    const started = Date.now();
    const result = await validate(tools, join(dir, 'extensions'), join(dir, 'claims.yaml'), empty);
    expect(result.timedOut).toBe(false);
    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).toMatch(/cannot download/);
    expect(Date.now() - started).toBeLessThan(30_000);
  });

});
