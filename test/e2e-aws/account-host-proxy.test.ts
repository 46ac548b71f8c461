import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startAccountHostProxy, type AccountHostProxy } from './account-host-proxy';

/** A request through the proxy, as Go's HTTP client sends it to an HTTP_PROXY: the absolute URI as the path. */
function viaProxy(proxy: string, absoluteUrl: string, method = 'GET', body = ''): Promise<{ status: number; body: string }> {
  const p = new URL(proxy);
  return new Promise((resolve, reject) => {
    const r = request({ host: p.hostname, port: p.port, method, path: absoluteUrl, headers: { host: absoluteUrl.split('/')[2] } }, (res) => {
      let b = '';
      res.on('data', (d) => (b += d));
      res.on('end', () => resolve({ status: res.statusCode!, body: b }));
    });
    r.on('error', reject);
    r.end(body);
  });
}

describe('the account-host proxy (test double of the AWS-level tests)', () => {
  let emulator: Server;
  let proxy: AccountHostProxy;
  let target: string;
  const seen: Array<{ method?: string; url?: string; headers: IncomingHttpHeaders; body: string }> = [];

  beforeAll(async () => {
    emulator = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, headers: req.headers, body });
        res.writeHead(200, { 'x-emulator': 'yes' }).end('<Tags/>');
      });
    });
    await new Promise<void>((r) => emulator.listen(0, '127.0.0.1', r));
    target = `http://127.0.0.1:${(emulator.address() as AddressInfo).port}`;
    proxy = await startAccountHostProxy(target);
  });
  afterAll(async () => {
    await proxy.close();
    await new Promise((r) => emulator.close(r));
  });

  it('forwards an account-prefixed request to the emulator unchanged: method, path, query, Host header and body', async () => {
    const port = new URL(target).port;
    const r = await viaProxy(proxy.url, `http://111111111111.127.0.0.1:${port}/v20180820/tags/arn%3Aaws%3As3%3A%3A%3Ab?x=1`, 'PUT', '<Tagging/>');
    expect(r).toEqual({ status: 200, body: '<Tags/>' });
    expect(seen.at(-1)).toMatchObject({ method: 'PUT', url: '/v20180820/tags/arn%3Aaws%3As3%3A%3A%3Ab?x=1', body: '<Tagging/>', headers: { host: `111111111111.127.0.0.1:${port}` } });
    expect(proxy.forwarded.at(-1)).toBe(`PUT 111111111111.127.0.0.1:${port} /v20180820/tags/arn%3Aaws%3As3%3A%3A%3Ab`);
  });

  it.each([
    ['a real AWS host', 'http://111111111111.s3-control.us-east-1.amazonaws.com/v20180820/tags/x'],
    ['another port on loopback', 'http://111111111111.127.0.0.1:1/v20180820/tags/x'],
    ['a prefix that is not an account id', 'http://evil.127.0.0.1:PORT/'],
  ])('refuses %s (nothing but the emulator is reachable through it)', async (_what, url) => {
    const before = seen.length;
    const r = await viaProxy(proxy.url, url.replace('PORT', new URL(target).port));
    expect(r.status).toBe(403);
    expect(seen.length).toBe(before);
    expect(proxy.refused.at(-1)).toContain(url.replace('PORT', new URL(target).port).replace(/^http:\/\/[^/]+/, ''));
  });
});
