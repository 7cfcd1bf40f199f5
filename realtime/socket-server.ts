import type http from 'node:http';
import { Server, Socket } from 'socket.io';
import type { createClient } from 'redis';
import { withTimeout } from '../core/with-timeout';
import type { Logger } from '../core/logger';
import type { AuthenticatedUser } from '../auth/session-tokens';
import { AppError } from '../core/errors';
import { rooms, type ClientToServerEvents, type ServerToClientEvents } from './contracts';

/** What instances tell each other (only through the Redis adapter): pops replicated for `calls:ringing-now`, and that users changed. */
export interface InterServerEvents {
  'ringing:set': (userId: number, pop: import('./contracts').CallRinging) => void;
  'ringing:clear': (uniqueid: string) => void;
  /** A user was written on another instance: who sits at which phone is read again. */
  'seats:changed': () => void;
}

export interface SocketData {
  user: AuthenticatedUser;
  token: string;
}

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export interface SocketServerOptions {
  httpServer: http.Server;
  verify: (token: string | undefined | null) => Promise<AuthenticatedUser>;
  /** Of these tokens, those still valid (one query for every live socket). */
  stillValid: (tokens: string[]) => Promise<Set<string>>;
  logger: Logger;
  /** How often live sockets' tokens are checked again (sign-out, deactivation, expiry). */
  reverifyMs: number;
  redisUrl?: string;
}

type RedisClient = ReturnType<typeof createClient>;
/** How long Kontakt waits for Redis: a claim before the pop goes out anyway, a stop before the connection is dropped. */
const REDIS_WAIT_MS = 2000;

export interface SocketServer {
  io: RealtimeServer;
  /** True when events pass through Redis to other instances. */
  shared: boolean;
  /** Checks every live socket's token now; disconnects those no longer valid. Returns how many. */
  reverify(): Promise<number>;
  /**
   * True for the first instance that claims `key` (Redis SET NX), always true alone. Every
   * instance hears the same AMI events; the claim makes one of them tell the consoles.
   */
  claim(key: string, ttlMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * The Socket.IO server on Kontakt's HTTP server. Every handshake (the first connect and every
 * reconnect) is authenticated with the API's bearer token, so a revoked or expired session
 * cannot come back; live sockets are checked again periodically, because a sign-out on another
 * instance or a deactivated user must also end sockets that are already open.
 */
export async function createSocketServer(o: SocketServerOptions): Promise<SocketServer> {
  const log = o.logger.child({ part: 'realtime' });
  const io: RealtimeServer = new Server(o.httpServer, {
    // The console is served by this same server; no cross-origin access is needed.
    serveClient: false,
    pingInterval: 20_000,
    pingTimeout: 15_000,
  });

  let redis: { pub: RedisClient; sub: RedisClient } | null = null;
  if (o.redisUrl) {
    // Loaded only with several instances: one alone carries no Redis client in memory.
    const [{ createClient: connectRedis }, { createAdapter }] = await Promise.all([import('redis'), import('@socket.io/redis-adapter')]);
    // The client gives every command a 5 s AbortSignal.timeout unless told otherwise, which only
    // bounds the wait to be written (not for the answer), and whose timer runs out and builds a
    // DOMException even when the answer came at once: 20-35 µs more for each of the adapter's
    // PUBLISHes. None is set; a claim bounds its own wait for the answer.
    const pub: RedisClient = connectRedis({ url: o.redisUrl, commandOptions: { timeout: 0 } });
    const sub = pub.duplicate();
    pub.on('error', (err) => log.warn({ err: err.message }, 'Redis (publish) error'));
    sub.on('error', (err) => log.warn({ err: err.message }, 'Redis (subscribe) error'));
    await Promise.all([pub.connect(), sub.connect()]);
    io.adapter(createAdapter(pub, sub));
    redis = { pub, sub };
    log.info('Socket.IO shares events through Redis');
  }

  io.use(async (socket, next) => {
    const token = typeof socket.handshake.auth?.token === 'string' ? socket.handshake.auth.token : null;
    try {
      socket.data.user = await o.verify(token);
      socket.data.token = token!;
      next();
    } catch (err) {
      // The console reads err.data.code to tell "sign in again" from "server trouble".
      const refused = new Error(err instanceof AppError ? err.message : 'Не вдалося перевірити сеанс') as Error & { data?: unknown };
      refused.data = { code: err instanceof AppError ? err.code : 'auth_unavailable' };
      if (!(err instanceof AppError)) log.warn({ err }, 'socket authentication failed');
      next(refused);
    }
  });

  io.on('connection', (socket) => {
    const { user } = socket.data;
    const joined = [rooms.user(user.id), rooms.role(user.role)];
    if (user.organizationId != null) joined.push(rooms.organization(user.organizationId));
    void socket.join(joined);
    log.debug({ userId: user.id, role: user.role }, 'console connected');
  });

  const reverify = async (): Promise<number> => {
    const sockets = [...io.of('/').sockets.values()];
    if (!sockets.length) return 0;
    let valid: Set<string>;
    try {
      valid = await o.stillValid([...new Set(sockets.map((s) => s.data.token))]);
    } catch (err) {
      // The database away is no reason to cut every console: the next pass decides.
      log.debug({ err: (err as Error).message }, 'live sockets not checked again');
      return 0;
    }
    let ended = 0;
    for (const socket of sockets) {
      if (valid.has(socket.data.token)) continue;
      socket.disconnect(true);
      ended++;
    }
    if (ended) log.info({ ended }, 'sockets of ended sessions disconnected');
    return ended;
  };
  let running: Promise<number> | null = null;
  const timer = setInterval(() => {
    running ??= reverify().finally(() => (running = null));
  }, o.reverifyMs);
  timer.unref();

  return {
    io,
    shared: redis !== null,
    reverify,
    async claim(key, ttlMs = 10 * 60_000) {
      if (!redis) return true;
      try {
        const set = redis.pub.set(`kontakt:claim:${key}`, String(process.pid), { condition: 'NX', expiration: { type: 'PX', value: ttlMs } });
        return (await withTimeout(set, REDIS_WAIT_MS, () => new Error(`Redis did not answer in ${REDIS_WAIT_MS} ms`))) === 'OK';
      } catch (err) {
        // Better a duplicate pop than a lost one.
        log.warn({ err: (err as Error).message }, 'Redis claim failed; telling the consoles anyway');
        return true;
      }
    },
    async close() {
      clearInterval(timer);
      // Only this instance's consoles: through Redis the request would cut every instance's.
      io.local.disconnectSockets(true);
      // io.close() would also close the HTTP server, which the composition root owns.
      io.engine.close();
      if (!redis) return;
      // What is on its way may finish; a Redis that no longer answers must not hold a stop.
      const clients = [redis.pub, redis.sub];
      await withTimeout(Promise.all(clients.map((c) => c.close())), REDIS_WAIT_MS, () => new Error('Redis did not close')).catch(() => {
        for (const c of clients) {
          try {
            c.destroy();
          } catch {
            // closed already
          }
        }
      });
    },
  };
}
