/**
 * Test double: the one thing between the provider and the emulator that is not the emulator. S3 Control calls
 * (the Terraform AWS provider reads and writes bucket tags with S3 Control's ListTagsForResource/TagResource) go to
 * `<account-id>.<endpoint host>`, a host prefix the AWS SDK adds even to a static endpoint: with moto on
 * 127.0.0.1 that is `111111111111.127.0.0.1`, which no resolver knows. The provider runs with HTTP_PROXY pointing
 * here (Go never proxies loopback addresses, so everything else goes straight to moto), and this forwards each
 * request unchanged, Host header included (moto routes S3 Control by its /v20180820/ path), to the emulator.
 * Requests for any other host are refused, so nothing reaches the internet through it.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface AccountHostProxy {
  /** http://127.0.0.1:<port>, for HTTP_PROXY. */
  readonly url: string;
  /** Requests forwarded, as `METHOD host path`, and refused, for assertions and diagnostics. */
  readonly forwarded: string[];
  readonly refused: string[];
  close(): Promise<void>;
}

/** Forwards absolute-URI requests for `<12 digits>.<host of target>` to target (http://127.0.0.1:<port>). */
export async function startAccountHostProxy(target: string): Promise<AccountHostProxy> {
  const upstream = new URL(target);
  const forwarded: string[] = [];
  const refused: string[] = [];
  const server: Server = createServer((req, res) => {
    // Parsed by hand: WHATWG URL refuses `111111111111.127.0.0.1` (its last label is numeric, so it must be IPv4).
    const m = /^http:\/\/(\d{12})\.([^/:]+):(\d+)(\/[^?]*)?(\?.*)?$/.exec(req.url ?? '');
    if (!m || m[2] !== upstream.hostname || m[3] !== upstream.port) {
      refused.push(`${req.method} ${req.url}`);
      res.writeHead(403).end('only <account-id>.<emulator host> is proxied');
      return;
    }
    const [, account, host, port, path = '/', query = ''] = m;
    forwarded.push(`${req.method} ${account}.${host}:${port} ${path}`);
    const out = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: `${path}${query}`, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    out.on('error', (e) => res.writeHead(502).end(String(e)));
    req.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`, forwarded, refused,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
