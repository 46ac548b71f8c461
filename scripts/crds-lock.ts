/**
 * Regenerates crds.lock.json: upstream URL, version and sha256 of every CRD file the project may read.
 * Run it only when deliberately moving to new pinned CRDs; lib/crds.ts refuses files that do not match.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { crdDir, LOCK_FILE, type CrdLock } from '../lib/crds';
import { CRD_SOURCES } from './crd-sources';

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return yamlFiles(p);
    return name.endsWith('.yaml') ? [p] : [];
  });
}

const root = crdDir();
const lock: CrdLock = { files: {} };
for (const source of CRD_SOURCES) {
  const folder = join(root, source.folder);
  for (const file of yamlFiles(folder)) {
    const inFolder = relative(folder, file);
    lock.files[`${source.folder}/${inFolder}`] = {
      url: source.url(inFolder),
      version: source.version,
      sha256: createHash('sha256').update(readFileSync(file)).digest('hex'),
    };
  }
}
writeFileSync(LOCK_FILE, JSON.stringify(lock, null, 2) + '\n');
console.log(`wrote ${Object.keys(lock.files).length} entries to ${LOCK_FILE}`);
