/**
 * The shipped artifact is functions/bundle/function.mjs alone: the container image and the render harness run that
 * file with no node_modules beside it. Here it is copied (with the files the build writes next to it) into an empty
 * temporary directory, started from there with a clean environment, and asked to compose a real EncryptionKey over
 * gRPC. Any import the bundle failed to inline would make it crash on start, as no node_modules is reachable.
 * scripts/test.sh builds the bundle before jest runs; run `npx tsx functions/build.ts` when running this alone.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as grpc from '@grpc/grpc-js';
import { FunctionRunnerServiceService, RunFunctionRequest, Severity, type RunFunctionResponse } from '@crossplane-org/function-sdk-typescript';
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, parse } from 'node:path';
import { DEV_COMMON, xrObject } from '../../test/support/xr';
import { BUNDLE } from '../build';

const START_TIMEOUT_MS = 30_000;

let dir: string | undefined;
let child: ChildProcess | undefined;
let output = '';
let target: string;

/** Every directory from dir up to the filesystem root that holds a node_modules. */
function nodeModulesAbove(start: string): string[] {
  const found: string[] = [];
  for (let d = start; ; d = dirname(d)) {
    if (existsSync(join(d, 'node_modules'))) found.push(join(d, 'node_modules'));
    if (d === parse(d).root) return found;
  }
}

function kill(): void {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}
// Should jest die before afterAll runs, the server must not outlive it.
process.on('exit', kill);

/** Resolves with the port once the server logs that it is serving; rejects if it exits or stays silent first. */
function waitForServing(p: ChildProcess): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const done = (f: () => void) => {
      clearTimeout(timer);
      p.stdout?.off('data', check);
      p.off('exit', exited);
      f();
    };
    const check = () => {
      // pino logs one JSON line: {..."port":N,...,"msg":"function serving"}
      const m = /^\{.*"port":(\d+).*"msg":"function serving".*\}$/m.exec(output);
      if (m) done(() => resolve(Number(m[1])));
    };
    const exited = (code: number | null, signal: string | null) =>
      done(() => reject(new Error(`the bundle exited (${signal ?? code}) before serving; a dependency may be missing from it\n${output}`)));
    const timer = setTimeout(() => done(() => reject(new Error(`the bundle did not serve within ${START_TIMEOUT_MS} ms\n${output}`))), START_TIMEOUT_MS);
    p.stdout?.on('data', check);
    p.on('exit', exited);
    check();
  });
}

const Client = grpc.makeGenericClientConstructor(FunctionRunnerServiceService as never, 'FunctionRunnerService');
function runFunction(req: RunFunctionRequest): Promise<RunFunctionResponse> {
  const client = new Client(target, grpc.credentials.createInsecure()) as unknown as {
    runFunction(req: RunFunctionRequest, opts: grpc.CallOptions, cb: (e: grpc.ServiceError | null, r: RunFunctionResponse) => void): void;
    close(): void;
  };
  return new Promise<RunFunctionResponse>((resolve, reject) => {
    client.runFunction(req, { deadline: Date.now() + 10_000 }, (e, r) => (e ? reject(e) : resolve(r)));
  }).finally(() => client.close());
}

beforeAll(async () => {
  if (!existsSync(BUNDLE)) {
    throw new Error(`${BUNDLE} does not exist: build it first with \`npx tsx functions/build.ts\` (scripts/test.sh does so before jest)`);
  }
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'sb-bundle-')));
  // The bundle and whatever the build wrote beside it (source map, legal comments), nothing else.
  const prefix = basename(BUNDLE);
  for (const f of readdirSync(dirname(BUNDLE)).filter((n) => n.startsWith(prefix))) copyFileSync(join(dirname(BUNDLE), f), join(dir, f));

  // No Node.js module search path, no loader flags inherited from jest (--experimental-vm-modules).
  const env = { ...process.env };
  delete env.NODE_PATH;
  delete env.NODE_OPTIONS;
  child = spawn(process.execPath, [join(dir, prefix), '--insecure', '--address', '127.0.0.1:0'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (b: Buffer) => (output += b.toString('utf8')));
  child.stderr!.on('data', (b: Buffer) => (output += b.toString('utf8')));
  const port = await waitForServing(child);
  target = `127.0.0.1:${port}`;
});

afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(kill, 5000);
    await exited;
    clearTimeout(timer);
  }
  process.off('exit', kill);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the function bundle, alone in a directory', () => {
  it('runs from a directory with nothing but the bundle, and no node_modules reachable', () => {
    expect(readdirSync(dir!).every((f) => f.startsWith(basename(BUNDLE)))).toBe(true);
    expect(nodeModulesAbove(dir!)).toEqual([]);
  });

  it('composes an EncryptionKey: desired key and alias, no fatal result', async () => {
    const xr = xrObject('EncryptionKey', 'orders-key', { ...DEV_COMMON, description: 'orders' });
    const rsp = await runFunction(RunFunctionRequest.fromPartial({ meta: { tag: 't' }, observed: { composite: { resource: xr as never }, resources: {} } }));
    expect(rsp.results.filter((r) => r.severity === Severity.SEVERITY_FATAL)).toEqual([]);
    expect(Object.keys(rsp.desired?.resources ?? {}).sort()).toEqual(['alias', 'key']);
    expect(rsp.desired!.resources.key.resource).toMatchObject({ apiVersion: 'kms.aws.m.upbound.io/v1beta1', kind: 'Key' });
    expect(rsp.desired!.resources.alias.resource).toMatchObject({ apiVersion: 'kms.aws.m.upbound.io/v1beta1', kind: 'Alias' });
  });
});
