/**
 * Entrypoint of the composition function.
 *   --address HOST:PORT      where to listen (default 0.0.0.0:9443, as Crossplane expects)
 *   --tls-certs-dir DIR      tls.crt, tls.key, ca.crt (default $TLS_SERVER_CERTS_DIR or /tls/server)
 *   --insecure               plain gRPC, for `crossplane composition render` on a workstation only
 *   --response-cache-mib N   memory for responses to unchanged requests (default 32; 0 turns it off)
 *   --debug                  debug logging
 */
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { DEFAULT_RESPONSE_CACHE_BYTES } from './cache';
import { startFunctionServer } from './server';

const { values } = parseArgs({
  options: {
    address: { type: 'string', default: '0.0.0.0:9443' },
    'tls-certs-dir': { type: 'string', default: process.env.TLS_SERVER_CERTS_DIR ?? '/tls/server' },
    insecure: { type: 'boolean', default: false },
    'response-cache-mib': { type: 'string', default: String(DEFAULT_RESPONSE_CACHE_BYTES / 1024 / 1024) },
    debug: { type: 'boolean', default: false },
  },
  strict: true,
});

const logger = pino({ level: values.debug ? 'debug' : 'info' });
const cacheMib = Number(values['response-cache-mib']);
if (!Number.isFinite(cacheMib) || cacheMib < 0) {
  logger.fatal(`--response-cache-mib must be a number of MiB >= 0, got "${values['response-cache-mib']}"`);
  process.exit(2);
}
const responseCacheBytes = Math.round(cacheMib * 1024 * 1024);
const { server } = await startFunctionServer(
  values.insecure
    ? { address: values.address, insecure: true, responseCacheBytes }
    : { address: values.address, tlsCertsDir: values['tls-certs-dir'], responseCacheBytes },
  logger,
).catch((e: unknown) => {
  logger.fatal({ err: e }, 'cannot start');
  process.exit(1);
});

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    logger.info({ signal }, 'shutting down');
    server.tryShutdown(() => process.exit(0));
    setTimeout(() => server.forceShutdown(), 5000).unref();
  });
}
