import { io as connect, Socket } from 'socket.io-client';
import type { Ack, ClientToServerEvents, ServerToClientEvents } from '../../realtime/contracts';

export type ConsoleSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A console's socket that records every event it receives, in order. */
export interface Console {
  socket: ConsoleSocket;
  events: Array<{ name: string; data: any }>;
  /** Resolves with the first recorded event (past or future) of that name matching `match`. */
  next(name: keyof ServerToClientEvents, match?: (data: any) => boolean, timeoutMs?: number): Promise<any>;
  of(name: keyof ServerToClientEvents): any[];
  /** A request with an acknowledgement: also a barrier (events sent before it have arrived). */
  ask<T = any>(event: keyof ClientToServerEvents, ...args: unknown[]): Promise<Ack<T>>;
  close(): void;
}

export function openConsole(baseUrl: string, token: string | undefined, opts: { reconnection?: boolean } = {}): Console {
  const socket: ConsoleSocket = connect(baseUrl, { auth: token === undefined ? {} : { token }, transports: ['websocket'], reconnection: opts.reconnection ?? false, forceNew: true });
  const events: Console['events'] = [];
  socket.onAny((name, data) => events.push({ name, data }));
  const c: Console = {
    socket,
    events,
    of: (name) => events.filter((e) => e.name === name).map((e) => e.data),
    next: (name, match = () => true, timeoutMs = 15000) =>
      new Promise((resolve, reject) => {
        const until = Date.now() + timeoutMs;
        const poll = () => {
          const hit = events.find((e) => e.name === name && match(e.data));
          if (hit) return resolve(hit.data);
          if (Date.now() > until) return reject(new Error(`no ${name} within ${timeoutMs} ms; got ${JSON.stringify(events.map((e) => e.name))}`));
          setTimeout(poll, 10);
        };
        poll();
      }),
    ask: (event, ...args) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no answer to ${event}`)), 15000);
        (socket.emit as (...a: unknown[]) => void)(event, ...args, (r: Ack<any>) => {
          clearTimeout(timer);
          resolve(r);
        });
      }),
    close: () => socket.close(),
  };
  return c;
}

/** Waits for the socket to connect; rejects with the server's refusal (err.data.code). */
export function connected(c: Console): Promise<void> {
  return new Promise((resolve, reject) => {
    if (c.socket.connected) return resolve();
    c.socket.once('connect', () => resolve());
    c.socket.once('connect_error', (err) => reject(err));
  });
}

/** The code the server refused a handshake with. */
export async function refusal(c: Console): Promise<string> {
  try {
    await connected(c);
    return 'connected';
  } catch (err) {
    return (err as { data?: { code?: string } }).data?.code ?? `no code: ${(err as Error).message}`;
  } finally {
    c.close();
  }
}

export async function until<T>(check: () => T | Promise<T>, what: string, timeoutMs = 20000): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
