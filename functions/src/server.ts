/**
 * The function's gRPC server. In cluster mode it requires mutual TLS: Crossplane presents a client certificate
 * signed by the CA in the function's TLS secret, and anything else is refused during the handshake. (The SDK's
 * own TLS helper makes client certificates optional, so we build the credentials here.) `insecure` is for local
 * rendering with `crossplane composition render` only.
 *
 * RunFunction is registered with the SDK's service definition, except that requests arrive and responses leave as
 * bytes: an unchanged request is answered from the response cache (cache.ts) without decoding or encoding anything.
 * A cache miss decodes and encodes with the SDK's own protobuf codecs, as its server would.
 */
import * as grpc from '@grpc/grpc-js';
import {
  FunctionRunnerServiceService, RunFunctionRequest, RunFunctionResponse, Severity, fatal, to,
} from '@crossplane-org/function-sdk-typescript';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { DEFAULT_RESPONSE_CACHE_BYTES, ResponseCache, type Computed } from './cache';
import { runFunction } from './handler';

export type ServerConfig = (
  | { readonly address: string; readonly insecure: true }
  | { readonly address: string; readonly insecure?: false; /** Directory with tls.crt, tls.key and ca.crt. */ readonly tlsCertsDir: string }
) & {
  /** Bytes of encoded responses kept for unchanged requests; 0 turns the cache off. @default DEFAULT_RESPONSE_CACHE_BYTES */
  readonly responseCacheBytes?: number;
};

/** Server credentials that require a client certificate signed by ca.crt. */
export function mutualTlsCredentials(tlsCertsDir: string): grpc.ServerCredentials {
  const read = (f: string) => readFileSync(join(tlsCertsDir, f));
  return grpc.ServerCredentials.createSsl(read('ca.crt'), [{ private_key: read('tls.key'), cert_chain: read('tls.crt') }], true);
}

/** Decodes, composes and encodes one request; never throws (a malformed request gets a fatal response). */
export function runEncoded(request: Uint8Array, logger?: Logger): Computed {
  let rsp: RunFunctionResponse;
  let xr: string | undefined;
  try {
    const req = RunFunctionRequest.decode(request);
    xr = identityOf(req);
    rsp = runFunction(req);
  } catch (e) {
    logger?.error({ err: e }, 'cannot decode RunFunctionRequest');
    rsp = fatal(to(RunFunctionRequest.fromPartial({})), `cannot decode the request: ${e instanceof Error ? e.message : String(e)}`);
  }
  const failed = rsp.results.some((r) => r.severity === Severity.SEVERITY_FATAL);
  return { response: Buffer.from(RunFunctionResponse.encode(rsp).finish()), cacheable: !failed, xr };
}

/** The XR a request is about; undefined when the request does not say. */
function identityOf(req: RunFunctionRequest): string | undefined {
  const xr = req.observed?.composite?.resource as { apiVersion?: string; kind?: string; metadata?: { namespace?: string; name?: string; uid?: string } } | undefined;
  return xr?.kind && xr.metadata?.name ? [xr.apiVersion, xr.kind, xr.metadata.namespace, xr.metadata.name, xr.metadata.uid].join('/') : undefined;
}

const identity = (b: Buffer): Buffer => b;

/** The SDK's RunFunction method, carrying bytes instead of decoded messages. */
const RAW_RUN_FUNCTION: grpc.ServiceDefinition = {
  runFunction: {
    ...FunctionRunnerServiceService.runFunction,
    requestDeserialize: identity,
    requestSerialize: identity,
    responseSerialize: identity,
    responseDeserialize: identity,
  },
};

/** A gRPC server with RunFunction registered (not yet bound). */
export function newFunctionServer(cache: ResponseCache, logger: Logger): grpc.Server {
  const server = new grpc.Server();
  server.addService(RAW_RUN_FUNCTION, {
    runFunction: (call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) => {
      callback(null, cache.respond(call.request, (req) => runEncoded(req, logger)));
    },
  });
  return server;
}

/** Starts serving; resolves with the server, the port it bound (useful with port 0 in tests) and the cache. */
export async function startFunctionServer(config: ServerConfig, logger: Logger): Promise<{ server: grpc.Server; port: number; cache: ResponseCache }> {
  const cache = new ResponseCache({ maxBytes: config.responseCacheBytes ?? DEFAULT_RESPONSE_CACHE_BYTES });
  const server = newFunctionServer(cache, logger);
  const credentials = config.insecure ? grpc.ServerCredentials.createInsecure() : mutualTlsCredentials(config.tlsCertsDir);
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(config.address, credentials, (err, p) => (err ? reject(err) : resolve(p)));
  });
  logger.info({ address: config.address, port, mutualTls: !config.insecure, responseCacheBytes: config.responseCacheBytes ?? DEFAULT_RESPONSE_CACHE_BYTES }, 'function serving');
  return { server, port, cache };
}
