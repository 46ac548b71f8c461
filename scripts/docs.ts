/**
 * `npm run docs`: writes the API reference generated from the XRD schemas (synth/docs.ts) to docs/api/ and
 * removes pages of APIs that no longer exist. test/docs.test.ts fails when the committed files are stale.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DOCS_DIR, renderApiDocs } from '../synth/docs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const files = renderApiDocs();
mkdirSync(join(root, DOCS_DIR), { recursive: true });
for (const f of readdirSync(join(root, DOCS_DIR))) {
  const path = `${DOCS_DIR}/${f}`;
  if (f.endsWith('.md') && !(path in files)) rmSync(join(root, path));
}
for (const [path, content] of Object.entries(files)) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), content);
}
console.log(`wrote ${Object.keys(files).length} files to ${relative(process.cwd(), join(root, DOCS_DIR)) || '.'}`);
