/** The API reference in docs/api/ is generated from the XRD schemas and must match them; the schemas must be documented. */
import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PLATFORM_APIS } from '../compositions';
import { xrdProps } from '../synth/definitions';
import { DOCS_DIR, renderApiDocs, undocumentedFields, xrdSchemaOf } from '../synth/docs';
import { API_CATEGORY } from '../lib/platform';
import { PROJECT_ROOT } from './helpers';

describe('API reference docs', () => {
  it('docs/api/ is what `npm run docs` generates from the XRDs', () => {
    const expected = renderApiDocs();
    const dir = join(PROJECT_ROOT, DOCS_DIR);
    const committed = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.md')).map((f) => `${DOCS_DIR}/${f}`) : [];
    const stale = [
      ...Object.keys(expected).filter((f) => !committed.includes(f)).map((f) => `${f} (missing)`),
      ...committed.filter((f) => !(f in expected)).map((f) => `${f} (no such API)`),
      ...committed.filter((f) => f in expected && readFileSync(join(PROJECT_ROOT, f), 'utf8') !== expected[f]).map((f) => `${f} (differs)`),
    ];
    if (stale.length) throw new Error(`API docs are stale; run \`npm run docs\`:\n${stale.join('\n')}`);
  });

  it('is deterministic, with \\n line endings', () => {
    const a = renderApiDocs();
    const b = renderApiDocs();
    expect(a).toEqual(b);
    for (const [f, content] of Object.entries(a)) {
      expect([f, content.includes('\r')]).toEqual([f, false]);
      expect([f, content.endsWith('\n')]).toEqual([f, true]);
    }
  });

  it('every field of every XRD has a description', () => {
    const offenders = PLATFORM_APIS.flatMap((api) => undocumentedFields(xrdSchemaOf(api), api.kind));
    expect(offenders).toEqual([]);
  });

  it('every XRD has printer columns and the shared category', () => {
    const offenders = PLATFORM_APIS.flatMap((api) => {
      const spec = xrdProps(api).spec!;
      return [
        ...((spec.versions[0].additionalPrinterColumns ?? []).length ? [] : [`${api.kind}: no printer columns`]),
        ...((spec.names.categories ?? []).includes(API_CATEGORY) ? [] : [`${api.kind}: not in category ${API_CATEGORY}`]),
      ];
    });
    expect(offenders).toEqual([]);
  });
});
