/**
 * The Configuration package (dist/packages/configuration) builds with the Crossplane CLI, offline, and its
 * metadata depends on exactly what the platform installs: every provider family of charts/platform.ts at the
 * pinned version, and the composition function.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { providerServices } from '../charts/platform';
import { PLATFORM_APIS } from '../compositions';
import { platformConfig, type PlatformConfig } from '../config/platform';
import { PROJECT_ROOT } from '../lib/crds';
import { configurationPackageFiles, configurationPackageMetadata, pinnedDependency } from '../synth/package-metadata';
import { filesBelow } from './helpers';
import { installCrossplaneCli, OFFLINE_ENV } from './render/crossplane-cli';
import { describeRun, run } from '../lib/process';

const PACKAGE_ROOT = join(PROJECT_ROOT, 'dist', 'packages', 'configuration');
/** Given explicitly: the CLI's default (./examples of the working directory) would pick up the project's examples/ sources. */
const EXAMPLES_ROOT = join(PROJECT_ROOT, 'dist', 'examples');
const BUILD_TIMEOUT_MS = 60_000;
const temp: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'sb-xpkg-'));
  temp.push(d);
  return d;
};
afterAll(() => temp.forEach((d) => rmSync(d, { recursive: true, force: true })));

const build = (cli: string, root: string, file: string) =>
  run(cli, ['xpkg', 'build', '--package-root', root, '--examples-root', EXAMPLES_ROOT, '--package-file', file], { timeoutMs: BUILD_TIMEOUT_MS, env: OFFLINE_ENV });

describe('Configuration package metadata', () => {
  const meta = configurationPackageMetadata();

  it('is a meta.pkg.crossplane.io/v1 Configuration for Crossplane v2.2+', () => {
    expect(meta.apiVersion).toBe('meta.pkg.crossplane.io/v1');
    expect(meta.kind).toBe('Configuration');
    expect(meta.metadata.name).toBe('secure-baseline');
    for (const a of ['maintainer', 'source', 'license', 'description', 'readme']) {
      expect(meta.metadata.annotations[`meta.crossplane.io/${a}` as keyof typeof meta.metadata.annotations]).toEqual(expect.any(String));
    }
    expect(meta.spec.crossplane.version).toMatch(/^>=v2\.2\.0/);
  });

  it('depends on every provider family charts/platform.ts installs, pinned to its version, and on the function', () => {
    const config = platformConfig();
    const expected = [
      ...providerServices().map((s) => ({ apiVersion: 'pkg.crossplane.io/v1', kind: 'Provider', package: `${config.providerRegistry}/provider-aws-${s}`, version: `=${config.providerVersion}` })),
      { apiVersion: 'pkg.crossplane.io/v1', kind: 'Function', package: config.functionPackage.replace(/:[^:/]+$/, ''), version: `=${config.functionPackage.split(':').pop()}` },
    ];
    expect(meta.spec.dependsOn).toEqual(expected);
    expect(providerServices().length).toBeGreaterThan(0);
    // Exact versions only: a Configuration that floats would install different providers over time.
    for (const d of meta.spec.dependsOn) expect(d.version).toMatch(/^(=v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?|sha256:[0-9a-f]{64})$/);
  });

  it('follows the configured registry, provider version and function package', () => {
    const config: PlatformConfig = { ...platformConfig(), providerRegistry: 'registry.example.com/mirror', providerVersion: 'v2.7.1', functionPackage: `registry.example.com/fn@sha256:${'a'.repeat(64)}` };
    const deps = configurationPackageMetadata(config).spec.dependsOn;
    expect(deps.filter((d) => d.kind === 'Provider').map((d) => `${d.package}:${d.version}`)).toEqual(providerServices().map((s) => `registry.example.com/mirror/provider-aws-${s}:=v2.7.1`));
    expect(deps.filter((d) => d.kind === 'Function')).toEqual([{ apiVersion: 'pkg.crossplane.io/v1', kind: 'Function', package: 'registry.example.com/fn', version: `sha256:${'a'.repeat(64)}` }]);
  });

  it('refuses a package reference it cannot pin', () => {
    expect(() => pinnedDependency('Function', 'registry.example.com:5000/fn')).toThrow(/no tag or digest/);
    expect(pinnedDependency('Function', 'registry.example.com:5000/fn:v1.0.0')).toMatchObject({ package: 'registry.example.com:5000/fn', version: '=v1.0.0' });
  });
});

describe('dist/packages/configuration', () => {
  it('is what synth writes: crossplane.yaml and an XRD + Composition per API', () => {
    const files = configurationPackageFiles();
    expect(Object.keys(files).sort()).toEqual(['crossplane.yaml', ...PLATFORM_APIS.flatMap((a) => [`apis/${a.plural}/composition.yaml`, `apis/${a.plural}/definition.yaml`])].sort());
    expect(filesBelow(PACKAGE_ROOT)).toEqual(Object.keys(files).sort());
    const stale = Object.keys(files).filter((f) => readFileSync(join(PACKAGE_ROOT, f), 'utf8') !== files[f]);
    expect(stale).toEqual([]);
  });
});

describe('crossplane xpkg build (offline)', () => {
  let cli: string;
  beforeAll(async () => {
    cli = await installCrossplaneCli();
  }, 16 * 60_000);

  it('builds the Configuration package into a non-empty .xpkg holding every XRD and Composition', async () => {
    const out = tempDir();
    const file = join(out, 'secure-baseline.xpkg');
    const r = await build(cli, PACKAGE_ROOT, file);
    if (r.code !== 0) throw new Error(describeRun('crossplane xpkg build', r));
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).size).toBeGreaterThan(0);

    // Two layers: package.yaml (the metadata followed by every object of the package root) and the example claims.
    execFileSync('tar', ['-xf', file, '-C', out]);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as Array<{ Layers: string[] }>;
    expect(manifest[0].Layers).toHaveLength(2);
    const layerFile = (name: string) => {
      const layer = manifest[0].Layers.find((l) => execFileSync('tar', ['-tzf', join(out, l)]).toString('utf8').split('\n').includes(name));
      if (!layer) throw new Error(`no layer of the package holds ${name}`);
      return parseAllDocuments(execFileSync('tar', ['-xzOf', join(out, layer), name], { maxBuffer: 64 * 1024 * 1024 }).toString('utf8'))
        .map((d) => d.toJS() as { apiVersion: string; kind: string }).filter(Boolean);
    };
    const docs = layerFile('package.yaml');
    const count = (kind: string) => docs.filter((d) => d.kind === kind).length;
    expect(count('Configuration')).toBe(1);
    expect(count('CompositeResourceDefinition')).toBe(PLATFORM_APIS.length);
    expect(count('Composition')).toBe(PLATFORM_APIS.length);
    const examples = layerFile('.up/examples.yaml');
    expect(new Set(examples.map((e) => e.kind))).toEqual(new Set(PLATFORM_APIS.map((a) => a.kind)));
  }, BUILD_TIMEOUT_MS + 10_000);

  it('fails on a package root holding anything but XRDs and Compositions (the build really checks)', async () => {
    const out = tempDir();
    const root = join(out, 'root');
    cpSync(PACKAGE_ROOT, root, { recursive: true });
    writeFileSync(join(root, 'stray.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: stray\n');
    const r = await build(cli, root, join(out, 'bad.xpkg'));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/ConfigMap/);
  }, BUILD_TIMEOUT_MS + 10_000);
});
