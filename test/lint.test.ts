/**
 * The layering rule of eslint.config.mjs refuses what it is there to refuse: an import from a layer above, and
 * a test helper imported outside tests; and allows imports downwards. (The whole project is linted by `npm test`.)
 */
import { describe, expect, it } from '@jest/globals';
import { ESLint } from 'eslint';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../lib/crds';

const eslint = new ESLint({ cwd: PROJECT_ROOT });

async function importErrors(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: join(PROJECT_ROOT, file) });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layering (eslint.config.mjs)', () => {
  it.each([
    ['lib/example.ts', "import { PLATFORM_APIS } from '../compositions';", /core must not import from a layer above it/],
    ['lib/validation/example.ts', "import { previewClaim } from '../../synth/preview';", /core must not import from a layer above it/],
    ['compositions/secure-bucket/example.ts', "import { RULES } from '../../compliance/rules';", /platform APIs must not import/],
    ['compliance/rules/example.ts', "import { composePlatformXr } from '../../runtime/compose';", /compliance must not import/],
    ['runtime/example.ts', "import { environmentXrs } from '../synth/claims';", /runtime must not import/],
    ['synth/example.ts', "import { runFunction } from '../functions/src/handler';", /synth must not import/],
    ['scripts/example.ts', "import { DEV_COMMON } from '../test/support/xr';", /only tests import test helpers/],
  ])('refuses in %s: %s', async (file, source, message) => {
    expect(await importErrors(file, source)).toEqual([expect.stringMatching(message)]);
  });

  it.each([
    ['runtime/example.ts', "import { PLATFORM_APIS } from '../compositions';"],
    ['synth/example.ts', "import { composePlatformXr } from '../runtime/compose';"],
    ['lib/validation/example.ts', "import { obj } from '../schema';"],
    ['compositions/secure-bucket/example.test.ts', "import { DEV_COMMON } from '../../test/support/xr';"],
  ])('allows in %s: %s', async (file, source) => {
    expect(await importErrors(file, source)).toEqual([]);
  });
});
