/** Shared pieces of the telephony tests: loggers, connections to a stand-in, waiting for events. */
import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../core/logger';
import { AriConnection, type AriConnectionOptions } from '../../telephony/ari-connection';
import { AmiConnection, type AmiConnectionOptions } from '../../telephony/ami-connection';
import type { Standin } from '../../standin/scenario';

export { standin, sleep, TIME_SCALE } from '../standin/helpers';

/** A logger that keeps its lines for assertions (level, msg). */
export function capturingLogger(level = 'debug'): { logger: Logger; lines: Array<{ level: number; msg: string; [k: string]: unknown }> } {
  const lines: Array<{ level: number; msg: string }> = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const l of chunk.toString('utf8').split('\n')) if (l.trim()) lines.push(JSON.parse(l));
      cb();
    },
  });
  return { logger: createLogger(level, sink), lines };
}

export const silentLogger = (): Logger => createLogger('silent');

export const FAST_BACKOFF = { initialMs: 20, maxMs: 100 };

export function ariConnection(s: Standin, opts: Partial<AriConnectionOptions> = {}): AriConnection {
  return new AriConnection({
    url: s.ariUrl,
    username: 'kontakt',
    password: 'kontakt-secret',
    app: 'kontakt',
    requestTimeoutMs: 1000,
    connectTimeoutMs: 2000,
    backoff: FAST_BACKOFF,
    logger: silentLogger(),
    ...opts,
  });
}

export function amiConnection(s: Standin, opts: Partial<AmiConnectionOptions> = {}): AmiConnection {
  return new AmiConnection({
    host: '127.0.0.1',
    port: s.amiPort,
    username: 'kontakt',
    secret: 'kontakt-secret',
    actionTimeoutMs: 1000,
    backoff: FAST_BACKOFF,
    logger: silentLogger(),
    ...opts,
  });
}

/** Resolves with the next event `name` whose payload matches; rejects after timeoutMs. */
export function nextEvent<T = unknown>(em: EventEmitter, name: string, match: (p: T) => boolean = () => true, timeoutMs = 5000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const on = (p: T): void => {
      if (!match(p)) return;
      clearTimeout(timer);
      em.off(name, on);
      resolve(p);
    };
    const timer = setTimeout(() => {
      em.off(name, on);
      reject(new Error(`timed out after ${timeoutMs} ms waiting for '${name}'`));
    }, timeoutMs);
    em.on(name, on);
  });
}

/** Collects every payload of the named events, in order. */
export function record<T = unknown>(em: EventEmitter, ...names: string[]): Array<{ name: string; payload: T }> {
  const out: Array<{ name: string; payload: T }> = [];
  for (const name of names) em.on(name, (payload: T) => out.push({ name, payload }));
  return out;
}
