/**
 * The state of one Asterisk connection as /readyz and the metrics see it. Kept in one small
 * class so ARI and AMI report it the same way.
 */
export interface ConnectionStatus {
  ready: boolean;
  /** When `ready` last changed (or when the connection was created). */
  since: Date;
  /** Successful connects after the first one. */
  reconnects: number;
  /** The reason of the last failure or drop; null until something went wrong. */
  lastError: string | null;
}

export class StatusTracker {
  private state: ConnectionStatus;
  private connectedOnce = false;

  constructor(private readonly now: () => Date = () => new Date()) {
    this.state = { ready: false, since: now(), reconnects: 0, lastError: null };
  }

  get ready(): boolean {
    return this.state.ready;
  }

  /** Marks the connection up; returns true when this is a reconnect (not the first connect). */
  up(): boolean {
    const reconnect = this.connectedOnce;
    this.connectedOnce = true;
    if (reconnect) this.state.reconnects += 1;
    this.state = { ...this.state, ready: true, since: this.now() };
    return reconnect;
  }

  /** Records a failure; returns true when the connection was up until now. */
  down(reason: string): boolean {
    const wasReady = this.state.ready;
    this.state = { ...this.state, ready: false, lastError: reason, since: wasReady ? this.now() : this.state.since };
    return wasReady;
  }

  /** A deliberate stop: not an error. */
  stopped(): void {
    if (this.state.ready) this.state = { ...this.state, ready: false, since: this.now() };
  }

  snapshot(): ConnectionStatus {
    return { ...this.state };
  }
}
