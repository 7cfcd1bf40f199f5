import type { Socket } from 'node:net';
import { encodeMessage, type AmiFields } from './framing';
import type { FaultState } from '../context';

/** One AMI TCP connection: login state, event filter, and writes (split on demand). */
export class AmiSession {
  authenticated = false;
  username = '';
  /** 'off', or the event classes wanted ('all' takes everything). */
  events: 'off' | Set<string> = new Set(['all']);
  readonly sessionId = `0x${Math.floor(Math.random() * 0xffffffffff).toString(16)}`;
  readonly connectedAt = new Date();
  closed = false;
  /** A failed login is being answered; further actions are ignored. */
  refusing = false;

  constructor(
    readonly socket: Socket,
    private readonly faults: FaultState,
  ) {}

  write(text: string): void {
    if (this.closed || this.socket.destroyed) return;
    if (!this.faults.splitAmiWrites) {
      this.socket.write(text);
      return;
    }
    // Small random pieces, each in its own turn of the event loop, so a client reads messages
    // cut anywhere (a coalesced write would arrive whole on loopback).
    for (let i = 0; i < text.length; ) {
      const n = 1 + Math.floor(Math.random() * 40);
      this.pending.push(text.slice(i, i + n));
      i += n;
    }
    if (!this.flushing) this.flush();
  }

  private pending: string[] = [];
  private flushing = false;

  private flush(): void {
    const piece = this.pending.shift();
    if (piece === undefined || this.closed || this.socket.destroyed) {
      this.flushing = false;
      return;
    }
    this.flushing = true;
    this.socket.write(piece, () => setImmediate(() => this.flush()));
  }

  send(fields: AmiFields): void {
    if (this.flushing && !this.faults.splitAmiWrites) {
      // Keep order behind pieces still being flushed.
      this.pending.push(encodeMessage(fields));
      return;
    }
    this.write(encodeMessage(fields));
  }

  /** Filters added with the `Filter` action: events must match one include (if any) and no exclude. */
  readonly filters: { include: RegExp[]; exclude: RegExp[] } = { include: [], exclude: [] };

  wantsEvent(privilege: string, text: string): boolean {
    if (!this.authenticated || this.events === 'off') return false;
    const classes = privilege.split(',');
    if (!this.events.has('all') && !this.events.has('on') && !classes.some((c) => c !== 'all' && (this.events as Set<string>).has(c))) return false;
    if (this.filters.include.length && !this.filters.include.some((r) => r.test(text))) return false;
    return !this.filters.exclude.some((r) => r.test(text));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.end();
  }
}
