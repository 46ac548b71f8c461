/**
 * Bundles the composition function into one file (functions/bundle/function.mjs) with every dependency inside:
 * the container image and the local render harness run exactly this file, with no node_modules beside it.
 */
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FUNCTION_DIR = dirname(fileURLToPath(import.meta.url));

/**
 * Node.js flags the function runs with (the image sets them as NODE_OPTIONS; functions/Dockerfile, checked by
 * functions/src/image.test.ts). Measured with `npm run bench` (README, Performance): with V8's defaults the young
 * generation grows to 3 x 16 MiB and old space collects lazily, so the server peaks near 200 MB under load. A 1 MiB
 * semi-space and a 160 MB old-space limit keep it near 120 MB at the cost of more frequent collections (about a
 * third of the throughput of unchanged requests). The live heap is a few tens of MB (one request is composed at a
 * time; cached responses are Buffers outside the V8 heap), so 160 MB leaves ample headroom.
 */
export const FUNCTION_NODE_OPTIONS: readonly string[] = ['--max-semi-space-size=1', '--max-old-space-size=160'];
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
