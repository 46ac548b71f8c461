import { createServer } from 'node:net';
import { freePort, portsBelowEphemeralRange } from './process';

describe('freePort', () => {
  it('returns ports below the ephemeral range, so no outgoing connection can take them before the server binds', async () => {
    const [low, high] = portsBelowEphemeralRange();
    const ports = await Promise.all(Array.from({ length: 20 }, () => freePort()));
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(low);
      expect(port).toBeLessThan(high);
    }
  });

  it('returns a port a server can listen on right away', async () => {
    const port = await freePort();
    const server = createServer();
    await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(port, '127.0.0.1', resolve); });
    await new Promise((resolve) => server.close(resolve));
  });
});
