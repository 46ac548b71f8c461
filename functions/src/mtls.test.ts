/**
 * The function in cluster mode must refuse any client that does not present a certificate signed by the
 * configured CA (Crossplane always does). Real certificates, real TLS handshakes, on loopback.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as grpc from '@grpc/grpc-js';
import { FunctionRunnerServiceService, RunFunctionRequest, RunFunctionResponse } from '@crossplane-org/function-sdk-typescript';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { DEV_COMMON, xrObject } from '../../test/support/xr';
import { startFunctionServer } from './server';

let dir: string;
let server: grpc.Server;
let address: string;

function openssl(...args: string[]) {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}
function ca(name: string) {
  openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1', '-subj', `/CN=${name}`, '-keyout', `${name}.key`, '-out', `${name}.crt`);
}
function leaf(name: string, signer: string, ext: string) {
  writeFileSync(join(dir, `${name}.ext`), ext);
  openssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', `/CN=${name}`, '-keyout', `${name}.key`, '-out', `${name}.csr`);
  openssl('x509', '-req', '-in', `${name}.csr`, '-CA', `${signer}.crt`, '-CAkey', `${signer}.key`, '-CAcreateserial', '-days', '1', '-extfile', `${name}.ext`, '-out', `${name}.crt`);
}
const read = (f: string) => readFileSync(join(dir, f));

const Client = grpc.makeGenericClientConstructor(FunctionRunnerServiceService as never, 'FunctionRunnerService');
function call(credentials: grpc.ChannelCredentials): Promise<RunFunctionResponse> {
  const client = new Client(address, credentials, { 'grpc.ssl_target_name_override': 'localhost' }) as unknown as {
    runFunction(req: RunFunctionRequest, opts: grpc.CallOptions, cb: (e: grpc.ServiceError | null, r: RunFunctionResponse) => void): void;
    close(): void;
  };
  const req = RunFunctionRequest.fromPartial({ observed: { composite: { resource: xrObject('EncryptionKey', 'k', { ...DEV_COMMON, description: 'd' }) as never } } });
  return new Promise<RunFunctionResponse>((resolve, reject) => {
    client.runFunction(req, { deadline: Date.now() + 5000 }, (e, r) => (e ? reject(e) : resolve(r)));
  }).finally(() => client.close());
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sb-mtls-'));
  ca('ca');
  ca('rogue-ca');
  leaf('server', 'ca', 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  leaf('crossplane', 'ca', 'extendedKeyUsage=clientAuth\n');
  leaf('intruder', 'rogue-ca', 'extendedKeyUsage=clientAuth\n');
  // The layout Crossplane mounts into a function pod.
  const tls = join(dir, 'tls');
  mkdirSync(tls);
  writeFileSync(join(tls, 'tls.crt'), read('server.crt'));
  writeFileSync(join(tls, 'tls.key'), read('server.key'));
  writeFileSync(join(tls, 'ca.crt'), read('ca.crt'));
  const started = await startFunctionServer({ address: '127.0.0.1:0', tlsCertsDir: tls }, pino({ level: 'silent' }));
  server = started.server;
  address = `127.0.0.1:${started.port}`;
});

afterAll(() => {
  server?.forceShutdown();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('mutual TLS', () => {
  it('serves a client whose certificate the CA signed', async () => {
    const rsp = await call(grpc.credentials.createSsl(read('ca.crt'), read('crossplane.key'), read('crossplane.crt')));
    expect(Object.keys(rsp.desired?.resources ?? {}).sort()).toEqual(['alias', 'key']);
  });

  it('refuses a TLS client without a certificate', async () => {
    await expect(call(grpc.credentials.createSsl(read('ca.crt')))).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE });
  });

  it('refuses a client whose certificate another CA signed', async () => {
    await expect(call(grpc.credentials.createSsl(read('ca.crt'), read('intruder.key'), read('intruder.crt')))).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE });
  });

  it('refuses a plaintext client', async () => {
    await expect(call(grpc.credentials.createInsecure())).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE });
  });
});
