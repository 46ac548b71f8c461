/**
 * Helpers to run the Crossplane CLI (crank v2.2.0, built by scripts/install-crank.sh) offline:
 * `crank render` against the function server running locally, and `crank beta validate` with its schema cache
 * pre-seeded from the pinned (sha256-checked) Crossplane CRDs, so it never needs the network.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { toYaml as writeYaml } from '../../lib/yaml';
import type { KubeObject } from '../../lib/composer';
import { crdLock, PROJECT_ROOT, readPinnedCrdFile, readPinnedCrds } from '../../lib/crds';
import { describeRun, run, type RunResult } from '../../lib/process';

export const CROSSPLANE_VERSION = 'v2.2.0';
export const CROSSPLANE_IMAGE = `xpkg.crossplane.io/crossplane/crossplane:${CROSSPLANE_VERSION}`;
export const RENDER_TIMEOUT_MS = 60_000;
export const VALIDATE_TIMEOUT_MS = 60_000;
export const COMPOSITION_RESOURCE_NAME = 'crossplane.io/composition-resource-name';

/** The CRD files of Crossplane itself: what `crank beta validate` would download from the Crossplane image. */
const CROSSPLANE_CRD_PREFIX = 'crossplane/';

/**
 * Every download attempt goes to a closed port, so it fails at once and loudly instead of hanging on a closed
 * network. Go never proxies loopback addresses, so the function server on 127.0.0.1 is still reached directly.
 */
export const OFFLINE_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  HTTPS_PROXY: 'http://127.0.0.1:1',
  HTTP_PROXY: 'http://127.0.0.1:1',
  https_proxy: 'http://127.0.0.1:1',
  http_proxy: 'http://127.0.0.1:1',
  NO_PROXY: '',
  no_proxy: '',
};

export const toYaml = writeYaml;
export const parseYaml = (text: string): KubeObject[] =>
  parseAllDocuments(text).map((d) => {
    if (d.errors.length > 0) throw new Error(`invalid YAML: ${d.errors.map((e) => e.message).join('; ')}`);
    return d.toJS() as KubeObject;
  }).filter((o): o is KubeObject => o !== null && o !== undefined);

/** Path of crank, installing it if needed (the script prints the path on its last stdout line). */
export async function installCrank(): Promise<string> {
  // Building crank from the Go module proxy takes minutes on a cold machine; a warm cache answers at once.
  const r = await run('bash', [join(PROJECT_ROOT, 'scripts', 'install-crank.sh')], { timeoutMs: 15 * 60_000, cwd: PROJECT_ROOT });
  if (r.code !== 0) throw new Error(describeRun('scripts/install-crank.sh', r));
  const path = r.stdout.trim().split('\n').pop() ?? '';
  if (!path) throw new Error(describeRun('scripts/install-crank.sh printed no path:', r));
  return path;
}

/** The Function object crank render dials instead of running a package: the function server at host:port. */
export function developmentFunction(fn: KubeObject, target: string): KubeObject {
  return {
    apiVersion: 'pkg.crossplane.io/v1',
    kind: 'Function',
    metadata: {
      name: fn.metadata!.name,
      annotations: { 'render.crossplane.io/runtime': 'Development', 'render.crossplane.io/runtime-development-target': target },
    },
    spec: { package: fn.spec.package },
  };
}

export interface RenderInput {
  readonly dir: string;
  readonly xr: KubeObject;
  readonly composition: KubeObject;
  readonly xrd: KubeObject;
  readonly functions: readonly KubeObject[];
  readonly required: readonly KubeObject[];
}

export interface Rendered {
  readonly run: RunResult;
  /** The XR as render returns it (with -x: its spec and metadata, defaulted from the XRD, plus the new status). */
  readonly xr: KubeObject;
  readonly composed: KubeObject[];
  /** Every document of the output, in order. */
  readonly docs: KubeObject[];
  readonly args: readonly string[];
}

/** Writes the inputs into dir and runs `crank render` on them. Throws (with crank's output) unless it succeeds. */
export async function render(crank: string, input: RenderInput): Promise<Rendered> {
  mkdirSync(input.dir, { recursive: true });
  const file = (name: string, docs: readonly KubeObject[]) => {
    const p = join(input.dir, name);
    writeFileSync(p, toYaml(docs));
    return p;
  };
  const args = [
    'render', file('xr.yaml', [input.xr]), file('composition.yaml', [input.composition]), file('functions.yaml', input.functions),
    '--xrd', file('xrd.yaml', [input.xrd]),
    '--include-full-xr',
    `--timeout=${Math.floor(RENDER_TIMEOUT_MS / 1000) - 5}s`,
  ];
  if (input.required.length > 0) args.push('--required-resources', file('required.yaml', input.required));
  const r = await run(crank, args, { timeoutMs: RENDER_TIMEOUT_MS, env: OFFLINE_ENV });
  if (r.code !== 0) throw new Error(describeRun(`crank ${args.join(' ')}`, r));
  writeFileSync(join(input.dir, 'rendered.yaml'), r.stdout);
  const docs = parseYaml(r.stdout);
  const [xr, ...rest] = docs;
  if (!xr || xr.kind !== input.xr.kind) throw new Error(`crank render output does not start with the ${input.xr.kind} XR:\n${r.stdout}`);
  return { run: r, xr, composed: rest.filter((d) => d.metadata?.annotations?.[COMPOSITION_RESOURCE_NAME] !== undefined), docs, args };
}

/**
 * Seeds crank's validate cache with the Crossplane image's CRDs (the pinned files, sha-checked), where crank
 * looks for them (<cache>/<image with : as @>/), so that it does not download the image.
 */
export function seedValidateCache(cacheDir: string): string {
  const dir = join(cacheDir, CROSSPLANE_IMAGE.replace(':', '@'));
  mkdirSync(dir, { recursive: true });
  const files = Object.keys(crdLock().files).filter((f) => f.startsWith(CROSSPLANE_CRD_PREFIX));
  if (files.length === 0) throw new Error('crds.lock.json has no Crossplane CRDs (crossplane/*) to seed the validate cache with');
  for (const f of files) writeFileSync(join(dir, basename(f)), readPinnedCrdFile(f));
  return dir;
}

/** `group/Kind` of every CRD the seeded Crossplane image provides. */
export function crossplaneImageKinds(): Set<string> {
  const out = new Set<string>();
  for (const f of Object.keys(crdLock().files).filter((k) => k.startsWith(CROSSPLANE_CRD_PREFIX))) {
    for (const crd of readPinnedCrds(f)) out.add(`${crd.spec.group}/${crd.spec.names.kind}`);
  }
  return out;
}

const groupOf = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.split('/')[0] : '');

/**
 * The pinned CRD files (paths relative to the CRD directory) that define the given objects' kinds, leaving out
 * what the Crossplane image provides. Throws naming every kind no pinned CRD defines.
 */
export function crdFilesFor(objects: readonly KubeObject[], exclude: ReadonlySet<string>): string[] {
  const wanted = new Set(objects.map((o) => `${groupOf(o.apiVersion)}/${o.kind}`).filter((gk) => !exclude.has(gk)));
  const found = new Map<string, string>();
  const groups = new Set([...wanted].map((gk) => gk.split('/')[0]));
  for (const rel of Object.keys(crdLock().files)) {
    if (rel.startsWith(CROSSPLANE_CRD_PREFIX)) continue;
    const group = basename(rel).split('_')[0];
    if (!groups.has(group)) continue;
    for (const crd of readPinnedCrds(rel)) {
      const gk = `${crd.spec.group}/${crd.spec.names.kind}`;
      if (wanted.has(gk)) found.set(gk, rel);
    }
  }
  const missing = [...wanted].filter((gk) => !found.has(gk));
  if (missing.length > 0) throw new Error(`no pinned CRD defines ${missing.join(', ')}`);
  return [...new Set(found.values())].sort();
}

export interface ValidateSummary {
  readonly total: number;
  readonly missing: number;
  readonly success: number;
  readonly failure: number;
  readonly line: string;
}

/** Parses crank beta validate's last line: "Total N resources: N missing schemas, N success cases, N failure cases". */
export function parseValidateSummary(output: string): ValidateSummary | undefined {
  const m = output.match(/^Total (\d+) resources: (\d+) missing schemas, (\d+) success cases, (\d+) failure cases$/m);
  if (!m) return undefined;
  return { total: Number(m[1]), missing: Number(m[2]), success: Number(m[3]), failure: Number(m[4]), line: m[0] };
}

/** `crank beta validate` offline: the cache must have been seeded (seedValidateCache); never cleans it. */
export function validate(crank: string, extensions: string, resources: string, cacheDir: string): Promise<RunResult> {
  return run(crank, [
    'beta', 'validate', extensions, resources,
    '--cache-dir', cacheDir,
    '--crossplane-image', CROSSPLANE_IMAGE,
    '--error-on-missing-schemas',
  ], { timeoutMs: VALIDATE_TIMEOUT_MS, env: OFFLINE_ENV });
}
