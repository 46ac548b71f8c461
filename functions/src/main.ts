/**
 * Entrypoint of the composition function.
 *   --address HOST:PORT      where to listen (default 0.0.0.0:9443, as Crossplane expects)
 *   --tls-certs-dir DIR      tls.crt, tls.key, ca.crt (default $TLS_SERVER_CERTS_DIR or /tls/server)
 *   --insecure               plain gRPC, for `crank render` on a workstation only
 *   --debug                  debug logging
 */
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { startFunctionServer } from './server';

const { values } = parseArgs({
  options: {
    address: { type: 'string', default: '0.0.0.0:9443' },
    'tls-certs-dir': { type: 'string', default: process.env.TLS_SERVER_CERTS_DIR ?? '/tls/server' },
    insecure: { type: 'boolean', default: false },
    debug: { type: 'boolean', default: false },
  },
  strict: true,
});

const logger = pino({ level: values.debug ? 'debug' : 'info' });
const { server } = await startFunctionServer(
  values.insecure
    ? { address: values.address, insecure: true }
    : { address: values.address, tlsCertsDir: values['tls-certs-dir'] },
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
