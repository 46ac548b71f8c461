/** The pinned CRDs are what we think they are, and the platform's declared kinds are real. */
import { describe, expect, it } from '@jest/globals';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PLATFORM_APIS } from '../compositions';
import { SYNTHESIZED_ENVIRONMENTS } from '../examples';
import { environmentXrs, exampleXrs } from '../synth/claims';
import { allPinnedCrds, crdDir, crdLock, readPinnedCrdFile } from '../lib/crds';
import { previewClaim } from '../synth/preview';
import { reconciled, settledXrs } from '../synth/steady-state';
import { API_GROUP_VERSION } from '../lib/platform';

describe('pinned CRDs', () => {
  it('every locked file is present with its recorded sha256, URL and version', () => {
    const crds = allPinnedCrds();
    expect(crds.size).toBeGreaterThan(350);
    for (const [file, entry] of Object.entries(crdLock().files)) {
      expect(entry.url).toMatch(/^https:\/\/raw\.githubusercontent\.com\/.+\/v\d+\.\d+\.\d+\//);
      expect(entry.url.endsWith(file.split('/').pop()!)).toBe(true);
      expect(entry.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('a file that differs from the lock is refused, naming where to fetch the pinned one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-crds-'));
    const rel = 'crossplane/protection.crossplane.io_usages.yaml';
    const saved = process.env.SECURE_BASELINE_CRD_DIR;
    try {
      const src = crdDir();
      process.env.SECURE_BASELINE_CRD_DIR = dir;
      expect(() => readPinnedCrdFile(rel)).toThrow(/is missing: set SECURE_BASELINE_CRD_DIR or fetch https:/);
      mkdirSync(join(dir, 'crossplane'));
      copyFileSync(join(src, rel), join(dir, rel));
      expect(() => readPinnedCrdFile(rel)).not.toThrow();
      writeFileSync(join(dir, rel), 'tampered');
      expect(() => readPinnedCrdFile(rel)).toThrow(/has sha256 .* the lock pins/);
    } finally {
      if (saved === undefined) delete process.env.SECURE_BASELINE_CRD_DIR; else process.env.SECURE_BASELINE_CRD_DIR = saved;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('managed-resource kinds', () => {
  const crds = allPinnedCrds();
  it.each(PLATFORM_APIS.flatMap((a) => a.managedResources.map((m) => [a.kind, m] as const)))('%s declares %j as in its CRD', (_api, mr) => {
    const crd = crds.get(`${mr.apiVersion.split('/')[0]}/${mr.kind}`);
    expect(crd?.spec.names.plural).toBe(mr.plural);
    expect(crd?.spec.versions.map((v) => v.name)).toContain(mr.apiVersion.split('/')[1]);
  });

  it('composers emit only declared kinds (examples with every optional part, and every environment)', () => {
    const claims = [
      ...exampleXrs(),
      ...SYNTHESIZED_ENVIRONMENTS.flatMap(({ env }) => environmentXrs(env)),
    ];
    const declared = new Set(PLATFORM_APIS.flatMap((a) => [...a.managedResources.map((m) => `${m.apiVersion}/${m.kind}`), 'protection.crossplane.io/v1beta1/Usage',
      // ConfigParameter keeps plain (non-secret) values in a Secret: SSM SecureStrings take values only from Secrets.
      'v1/Secret']));
    // Some parts exist only once another resource reports (SSM parameters once the key ARN is known): compose
    // in that world too.
    const keysReady = claims.map((c) => (c.kind === 'EncryptionKey' ? { ...c, status: { keyArn: `arn:aws:kms:${c.spec.region}:${c.spec.accountId}:key/${c.metadata!.name}`, aliasName: `alias/${c.metadata!.name}` } } : c));
    const emitted = new Set([claims, keysReady].flatMap((world) => claims.flatMap((c) => Object.values(previewClaim(c, world).resources).map((r) => `${r.apiVersion}/${r.kind}`))));
    // And once every XR has reported its ARNs and every composed resource its id (parts composed only then).
    const settled = settledXrs(claims);
    for (const c of settled) for (const r of Object.values(reconciled(c, settled))) emitted.add(`${r.apiVersion}/${r.kind}`);
    // Nested XRs (a SecureEnvironment's members) are platform APIs, not managed resources.
    const platformKinds = new Set(PLATFORM_APIS.map((a) => `${API_GROUP_VERSION}/${a.kind}`));
    expect([...emitted].filter((k) => !declared.has(k) && !platformKinds.has(k))).toEqual([]);
    // And the examples exercise every declared kind, so none is dead weight in the activation policy.
    expect([...declared].filter((k) => !emitted.has(k))).toEqual([]);
  });
});
