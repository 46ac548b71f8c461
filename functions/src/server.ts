/**
 * The function's gRPC server. In cluster mode it requires mutual TLS: Crossplane presents a client certificate
 * signed by the CA in the function's TLS secret, and anything else is refused during the handshake. (The SDK's
 * own TLS helper makes client certificates optional, so we build the credentials here.) `insecure` is for local
 * rendering with `crank render` only.
 */
import * as grpc from '@grpc/grpc-js';
import { fromCompose, FunctionRunner, newGrpcServer, type FunctionHandler } from '@crossplane-org/function-sdk-typescript';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { runFunction } from './handler';

export type ServerConfig =
  | { readonly address: string; readonly insecure: true }
  | { readonly address: string; readonly insecure?: false; /** Directory with tls.crt, tls.key and ca.crt. */ readonly tlsCertsDir: string };

/** Server credentials that require a client certificate signed by ca.crt. */
export function mutualTlsCredentials(tlsCertsDir: string): grpc.ServerCredentials {
  const read = (f: string) => readFileSync(join(tlsCertsDir, f));
  return grpc.ServerCredentials.createSsl(read('ca.crt'), [{ private_key: read('tls.key'), cert_chain: read('tls.crt') }], true);
}

export const handler: FunctionHandler = fromCompose((req) => runFunction(req));

/** Starts serving; resolves with the server and the port it bound (useful with port 0 in tests). */
export async function startFunctionServer(config: ServerConfig, logger: Logger): Promise<{ server: grpc.Server; port: number }> {
  const server = newGrpcServer(new FunctionRunner(handler, logger), logger);
  const credentials = config.insecure ? grpc.ServerCredentials.createInsecure() : mutualTlsCredentials(config.tlsCertsDir);
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(config.address, credentials, (err, p) => (err ? reject(err) : resolve(p)));
  });
  logger.info({ address: config.address, port, mutualTls: !config.insecure }, 'function serving');
  return { server, port };
}
