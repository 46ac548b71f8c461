/** imports/ is generated from the pinned CRDs; a stale or hand-edited import fails here. */
import { afterAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { filesBelow, PROJECT_ROOT } from './helpers';

const out = mkdtempSync(join(tmpdir(), 'sb-imports-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('imports/', () => {
  it('equals a fresh `npm run import` (run it and commit imports/ when this fails)', () => {
    execFileSync(join(PROJECT_ROOT, 'node_modules/.bin/tsx'), [join(PROJECT_ROOT, 'scripts/import.ts'), '--out', out], { cwd: PROJECT_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    const committed = join(PROJECT_ROOT, 'imports');
    expect(filesBelow(committed)).toEqual(filesBelow(out));
    for (const f of filesBelow(out)) expect([f, readFileSync(join(committed, f), 'utf8') === readFileSync(join(out, f), 'utf8')]).toEqual([f, true]);
  }, 120000);
});
