/**
 * Bundles the composition function into one file (functions/bundle/function.mjs) with every dependency inside:
 * the container image and the local render harness run exactly this file, with no node_modules beside it.
 */
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FUNCTION_DIR = dirname(fileURLToPath(import.meta.url));
export const BUNDLE = join(FUNCTION_DIR, 'bundle', 'function.mjs');

export async function buildFunction(): Promise<string> {
  await build({
    entryPoints: [join(FUNCTION_DIR, 'src', 'main.ts')],
    outfile: BUNDLE,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    minify: true,
    sourcemap: 'linked',
    legalComments: 'linked',
    logLevel: 'warning',
    // Bundled CommonJS dependencies call require() for Node built-ins; give the ESM bundle one.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  });
  return BUNDLE;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(await buildFunction());
}
