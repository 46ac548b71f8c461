/**
 * The composition function as Crossplane runs it in a cluster, but on loopback: the shipped bundle with the
 * production Node.js flags, serving gRPC with mutual TLS from a directory laid out like the TLS secret Crossplane
 * mounts into a function pod (tls.crt, tls.key, ca.crt). Crossplane's client certificate is signed by the same CA.
 */
import { join } from 'node:path';
import { buildFunction, FUNCTION_NODE_OPTIONS } from '../../functions/build';
import { PROJECT_ROOT } from '../../lib/crds';
import { startSupervised, type Supervised } from '../../lib/process';
import type { Pki } from './pki';

export interface MutualTlsFunction {
  /** host:port, what the FunctionRevision's status.endpoint holds. */
  readonly endpoint: string;
  /** Directory with Crossplane's client certificate (tls.crt, tls.key, ca.crt), for TLS_CLIENT_CERTS_DIR. */
  readonly crossplaneClientCertsDir: string;
  readonly process: Supervised;
}

export async function startMutualTlsFunction(pki: Pki, dir: string): Promise<MutualTlsFunction> {
  const server = pki.leaf('function', 'ca', 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  const client = pki.leaf('crossplane-client', 'ca', 'extendedKeyUsage=clientAuth\n');
  const serverDir = pki.tlsSecretDir(join(dir, 'function-tls'), server);
  const clientDir = pki.tlsSecretDir(join(dir, 'crossplane-client-tls'), client);
  const bundle = await buildFunction();
  const p = startSupervised(process.execPath, [...FUNCTION_NODE_OPTIONS, bundle, '--tls-certs-dir', serverDir, '--address', '127.0.0.1:0'], PROJECT_ROOT);
  const m = await p.waitFor(/^\{.*"port":(\d+).*"msg":"function serving".*\}$/m, 30_000);
  return { endpoint: `127.0.0.1:${m[1]}`, crossplaneClientCertsDir: clientDir, process: p };
}
