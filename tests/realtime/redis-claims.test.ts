import http from 'node:http';
import net from 'node:net';
import crypto from 'node:crypto';
import { createSocketServer, SocketServer } from '../../realtime/socket-server';
import { createLogger } from '../../core/logger';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function socketServer(redisUrl: string): Promise<{ sockets: SocketServer; close(): Promise<void> }> {
  const httpServer = http.createServer();
  const sockets = await createSocketServer({
    httpServer, redisUrl, logger: createLogger('silent'), reverifyMs: 60_000,
    verify: async () => { throw new Error('no consoles here'); },
    stillValid: async () => new Set(),
  });
  return { sockets, close: async () => { await sockets.close(); httpServer.close(); } };
}

/** A TCP proxy to Redis that can stop passing what clients send: a Redis that no longer answers. */
function partitionable(upstream: string): Promise<{ url: string; hang(): void; close(): void }> {
  const target = new URL(upstream);
  let hung = false;
  const conns = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const up = net.connect(Number(target.port || 6379), target.hostname);
    conns.add(client).add(up);
    up.on('data', (d) => client.write(d));
    client.on('data', (d) => hung || up.write(d));
    const end = () => { client.destroy(); up.destroy(); };
    client.on('close', end).on('error', end);
    up.on('close', end).on('error', end);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    url: `redis://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    hang: () => void (hung = true),
    close: () => { conns.forEach((c) => c.destroy()); server.close(); },
  })));
}

describe('claims of calls in Redis (several instances)', () => {
  test('the first claim of a key wins, the next loses', async () => {
    const { sockets, close } = await socketServer(REDIS_URL);
    try {
      const key = `test-${crypto.randomUUID()}`;
      expect(await sockets.claim(key, 5000)).toBe(true);
      expect(await sockets.claim(key, 5000)).toBe(false);
    } finally {
      await close();
    }
  });

  test('a Redis that never answers holds a claim 2 s at most, then the pop goes out anyway', async () => {
    const proxy = await partitionable(REDIS_URL);
    const { sockets, close } = await socketServer(proxy.url);
    try {
      expect(await sockets.claim(`test-${crypto.randomUUID()}`, 5000)).toBe(true);
      proxy.hang();
      const t0 = Date.now();
      // Better a pop told twice than one never told.
      expect(await sockets.claim(`test-${crypto.randomUUID()}`, 5000)).toBe(true);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(1900);
      expect(Date.now() - t0).toBeLessThan(4500);
    } finally {
      proxy.close();
      await close();
    }
  }, 15000);
});
