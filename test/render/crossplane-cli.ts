/**
 * Helpers to run the Crossplane CLI (`crossplane` v2.5.0 of github.com/crossplane/cli/v2, built by
 * scripts/install-crossplane-cli.sh) offline:
 * - `crossplane composition render` against the function server running locally. The CLI renders with a Crossplane
 *   core binary (`--crossplane-binary`: it runs `crossplane internal render`, the real composite reconciler), and the
 *   one given is the core the live control plane runs (scripts/install-crossplane.sh), so a preview is rendered by
 *   the same reconciler as the cluster's.
 * - `crossplane resource validate` with its schema cache pre-seeded with that core's own CRDs, so it never needs
 *   the network and validates against the Crossplane version that runs.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { toYaml as writeYaml } from '../../lib/yaml';
import type { KubeObject } from '../../lib/composer';
import { crdLock, PROJECT_ROOT, readPinnedCrds, type Crd } from '../../lib/crds';
import { describeRun, run, type RunResult } from '../../lib/process';

export const RENDER_TIMEOUT_MS = 60_000;
export const VALIDATE_TIMEOUT_MS = 60_000;
export const COMPOSITION_RESOURCE_NAME = 'crossplane.io/composition-resource-name';

/** The pinned CRD files of Crossplane itself (v2.2.0, for imports and lib/validation): never a composed kind. */
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

/** The Crossplane CLI and the core it renders with. */
export interface CrossplaneTools {
  readonly cli: string;
  /** Crossplane core (`crossplane internal render` for the CLI's render). */
  readonly core: string;
  /** What the core reports (`crossplane --version`), e.g. v2.4.0: the tag of the image validate is told it has. */
  readonly coreVersion: string;
  /** The core's own CRDs (its module's cluster/crds): the schemas of the Crossplane image for validate. */
  readonly coreCrdDir: string;
}

/** Paths printed by an install script, one a line (logs go to stderr). */
async function installed(script: string): Promise<string[]> {
  // Building from the Go module proxy takes minutes on a cold machine; a warm cache answers at once.
  const r = await run('bash', [join(PROJECT_ROOT, 'scripts', script)], { timeoutMs: 20 * 60_000, cwd: PROJECT_ROOT });
  if (r.code !== 0) throw new Error(describeRun(`scripts/${script}`, r));
  return r.stdout.trim().split('\n').filter(Boolean);
}

/** Installs (if needed) the Crossplane CLI; its path. */
export async function installCrossplaneCli(): Promise<string> {
  const [cli] = await installed('install-crossplane-cli.sh');
  if (!cli) throw new Error('scripts/install-crossplane-cli.sh printed no path');
  return cli;
}

/** Installs (if needed) the Crossplane CLI and Crossplane core. */
export async function installCrossplaneTools(): Promise<CrossplaneTools> {
  const [cli, [core, coreCrdDir]] = await Promise.all([installCrossplaneCli(), installed('install-crossplane.sh')]);
  if (!core || !coreCrdDir) throw new Error('scripts/install-crossplane.sh printed no core and CRD directory');
  const version = await run(core, ['--version'], { timeoutMs: 10_000 });
  const coreVersion = version.stdout.trim();
  if (version.code !== 0 || !/^v\d+\.\d+\.\d+/.test(coreVersion)) throw new Error(describeRun(`${core} --version`, version));
  return { cli, core, coreVersion, coreCrdDir };
}

/** The Function object render dials instead of running a package: the function server at host:port. */
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

/**
 * Writes the inputs into dir and runs `crossplane composition render` on them with the given core. Throws (with the
 * CLI's output) unless it succeeds.
 */
export async function render(tools: CrossplaneTools, input: RenderInput): Promise<Rendered> {
  mkdirSync(input.dir, { recursive: true });
  const file = (name: string, docs: readonly KubeObject[]) => {
    const p = join(input.dir, name);
    writeFileSync(p, toYaml(docs));
    return p;
  };
  const args = [
    'composition', 'render', file('xr.yaml', [input.xr]), file('composition.yaml', [input.composition]), file('functions.yaml', input.functions),
    '--xrd', file('xrd.yaml', [input.xrd]),
    '--include-full-xr',
    '--crossplane-binary', tools.core,
    `--timeout=${Math.floor(RENDER_TIMEOUT_MS / 1000) - 5}s`,
  ];
  if (input.required.length > 0) args.push('--required-resources', file('required.yaml', input.required));
  // The working directory holds nothing else: the CLI reads ./crossplane-project.yaml when there is one.
  const r = await run(tools.cli, args, { timeoutMs: RENDER_TIMEOUT_MS, env: OFFLINE_ENV, cwd: input.dir });
  if (r.code !== 0) throw new Error(describeRun(`crossplane ${args.join(' ')}`, r));
  writeFileSync(join(input.dir, 'rendered.yaml'), r.stdout);
  const docs = parseYaml(r.stdout);
  const [xr, ...rest] = docs;
  if (!xr || xr.kind !== input.xr.kind) throw new Error(`crossplane composition render output does not start with the ${input.xr.kind} XR:\n${r.stdout}`);
  return { run: r, xr, composed: rest.filter((d) => d.metadata?.annotations?.[COMPOSITION_RESOURCE_NAME] !== undefined), docs, args };
}

/** The image `crossplane resource validate` is told to take Crossplane's own schemas from. */
const crossplaneImage = (tools: CrossplaneTools) => `xpkg.crossplane.io/crossplane/crossplane:${tools.coreVersion}`;

function coreCrdFiles(tools: CrossplaneTools): string[] {
  const files = readdirSync(tools.coreCrdDir).filter((f) => f.endsWith('.yaml')).sort();
  if (files.length === 0) throw new Error(`no Crossplane CRDs in ${tools.coreCrdDir}`);
  return files;
}

/**
 * Seeds the validate cache with the core's own CRDs where the CLI looks for the Crossplane image's schemas
 * (<cache>/<image with : as @>/), so that it does not download the image.
 */
export function seedValidateCache(cacheDir: string, tools: CrossplaneTools): string {
  const dir = join(cacheDir, crossplaneImage(tools).replace(':', '@'));
  mkdirSync(dir, { recursive: true });
  for (const f of coreCrdFiles(tools)) writeFileSync(join(dir, f), readFileSync(join(tools.coreCrdDir, f)));
  return dir;
}

/** `group/Kind` of every CRD the seeded Crossplane image provides. */
export function crossplaneImageKinds(tools: CrossplaneTools): Set<string> {
  const out = new Set<string>();
  for (const f of coreCrdFiles(tools)) {
    for (const d of parseAllDocuments(readFileSync(join(tools.coreCrdDir, f), 'utf8'))) {
      const crd = d.toJS() as Crd | null;
      if (crd?.kind === 'CustomResourceDefinition') out.add(`${crd.spec.group}/${crd.spec.names.kind}`);
    }
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

/** Parses `crossplane resource validate`'s last line (text output): "Total N resources: N missing schemas, N success cases, N failure cases". */
export function parseValidateSummary(output: string): ValidateSummary | undefined {
  const m = output.match(/^Total (\d+) resources: (\d+) missing schemas, (\d+) success cases, (\d+) failure cases$/m);
  if (!m) return undefined;
  return { total: Number(m[1]), missing: Number(m[2]), success: Number(m[3]), failure: Number(m[4]), line: m[0] };
}

/** `crossplane resource validate` offline: the cache must have been seeded (seedValidateCache); never cleans it. */
export function validate(tools: CrossplaneTools, extensions: string, resources: string, cacheDir: string): Promise<RunResult> {
  return run(tools.cli, [
    'resource', 'validate', extensions, resources,
    '--cache-dir', cacheDir,
    '--crossplane-image', crossplaneImage(tools),
    '--error-on-missing-schemas',
  ], { timeoutMs: VALIDATE_TIMEOUT_MS, env: OFFLINE_ENV });
}
