/** The composition function, bundled exactly as shipped, served locally with plain gRPC for `crossplane composition render`. */
import { existsSync } from 'node:fs';
import { buildFunction } from '../../functions/build';
import { PROJECT_ROOT } from '../../lib/crds';
import { startSupervised, type Supervised } from '../../lib/process';

export const FUNCTION_START_TIMEOUT_MS = 30_000;

export interface RunningFunction {
  /** gRPC target, host:port. */
  readonly target: string;
  readonly process: Supervised;
}

/**
 * Builds functions/bundle/function.mjs and starts it with --insecure on 127.0.0.1 and a port the OS picks;
 * resolves once it logs that it is serving. The caller must stop() it (it also dies with the test process).
 */
export async function startFunction(): Promise<RunningFunction> {
  const bundle = await buildFunction();
  if (!existsSync(bundle)) throw new Error(`the function build did not write ${bundle}`);
  const p = startSupervised(process.execPath, [bundle, '--insecure', '--address', '127.0.0.1:0'], PROJECT_ROOT);
  try {
    // pino logs one JSON line: {..."port":N,...,"msg":"function serving"}
    const m = await p.waitFor(/^\{.*"port":(\d+).*"msg":"function serving".*\}$/m, FUNCTION_START_TIMEOUT_MS);
    return { target: `127.0.0.1:${m[1]}`, process: p };
  } catch (e) {
    await p.stop();
    throw e;
  }
}
