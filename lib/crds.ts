/**
 * Access to the pinned upstream CRDs. The files themselves are never committed: they are read from a directory
 * (SECURE_BASELINE_CRD_DIR, default ../shared/crds from the project root), and every file is checked against the
 * sha256 recorded in crds.lock.json before use, so a different or edited CRD cannot silently change what we
 * generate or validate against.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const LOCK_FILE = join(PROJECT_ROOT, 'crds.lock.json');
export const CRD_DIR_ENV = 'SECURE_BASELINE_CRD_DIR';

export interface CrdLockEntry {
  readonly url: string;
  readonly version: string;
  readonly sha256: string;
}
export interface CrdLock {
  files: Record<string, CrdLockEntry>;
}

/** The CRD directory: $SECURE_BASELINE_CRD_DIR, or ../shared/crds beside the project. */
export function crdDir(): string {
  return resolve(process.env[CRD_DIR_ENV] ?? join(PROJECT_ROOT, '..', 'shared', 'crds'));
}

let lockCache: CrdLock | undefined;
export function crdLock(): CrdLock {
  lockCache ??= JSON.parse(readFileSync(LOCK_FILE, 'utf8')) as CrdLock;
  return lockCache;
}

/**
 * Reads one pinned CRD file (path relative to the CRD directory, e.g. `provider-upjet-aws/kms.aws.m.upbound.io_keys.yaml`),
 * after checking its sha256 against the lock. Throws with the fetch URL when the file is missing or differs.
 */
export function readPinnedCrdFile(relPath: string): string {
  const entry = crdLock().files[relPath];
  if (!entry) throw new Error(`CRD file ${relPath} is not in crds.lock.json; add it with 'npm run crds:lock'`);
  const file = join(crdDir(), relPath);
  if (!existsSync(file)) {
    throw new Error(`CRD file ${file} is missing: set ${CRD_DIR_ENV} or fetch ${entry.url} (${entry.version})`);
  }
  const text = readFileSync(file);
  const sha = createHash('sha256').update(text).digest('hex');
  if (sha !== entry.sha256) {
    throw new Error(`CRD file ${file} has sha256 ${sha}, the lock pins ${entry.sha256} (${entry.url})`);
  }
  return text.toString('utf8');
}

/** A CustomResourceDefinition as parsed from YAML (only the parts we read are typed). */
export interface Crd {
  apiVersion: 'apiextensions.k8s.io/v1';
  kind: 'CustomResourceDefinition';
  metadata: { name: string };
  spec: {
    group: string;
    names: { kind: string; plural: string; [k: string]: unknown };
    scope: 'Namespaced' | 'Cluster';
    versions: Array<{ name: string; served: boolean; storage: boolean; schema?: { openAPIV3Schema: Record<string, unknown> } }>;
  };
}

/** Parses every CRD document in a pinned file. */
export function readPinnedCrds(relPath: string): Crd[] {
  return parseAllDocuments(readPinnedCrdFile(relPath))
    .map((d) => d.toJS() as Crd | null)
    .filter((d): d is Crd => d?.kind === 'CustomResourceDefinition');
}

/** Every locked file, parsed, keyed by `group/Kind`. Checks every sha256. */
export function allPinnedCrds(): Map<string, Crd> {
  const out = new Map<string, Crd>();
  for (const rel of Object.keys(crdLock().files)) {
    for (const crd of readPinnedCrds(rel)) out.set(`${crd.spec.group}/${crd.spec.names.kind}`, crd);
  }
  return out;
}
