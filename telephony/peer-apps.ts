import type { Logger } from '../core/logger';
import type { Clock } from '../core/clock';

/** What the watch needs of the instance leases (the database) and of ARI. */
export interface PeerAppsDeps {
  /** Takes or renews the lease `name` for `ms`; false when another holder's lease is still running. */
  acquire(name: string, ms: number): Promise<boolean>;
  release(name: string): Promise<void>;
  /** Channels in an application's Stasis now ([] when the application does not exist). */
  channelsOf(app: string): Promise<string[]>;
  /** Sends a dead instance's calls to the dispatchers from here. */
  adopt(channelIds: string[]): Promise<void>;
  /** Whether this instance's own ARI connection is up. */
  connected(): boolean;
}

export interface PeerAppsOptions {
  ownApp: string;
  peerApps: string[];
  clock: Clock;
  logger: Logger;
  intervalMs?: number;
  leaseMs?: number;
}

const leaseName = (app: string) => `ari-app:${app}`;

/**
 * Several instances each have their own Stasis application (Asterisk gives one application to one
 * WebSocket), and the dialplan tries them in turn, so new calls skip a dead instance by themselves.
 * The calls already in a dead instance's IVR would wait for it for ever: every instance holds a
 * lease on its application's name while its ARI is up, and the others, finding a peer's lease
 * lapsed, take it for one pass and send the calls still in that application to the dispatchers.
 * A channel is taken only if it was there on the previous pass too, so a peer that has just come
 * back (and will renew its lease within one interval) keeps the calls it has just answered.
 */
export class PeerApps {
  private timer: NodeJS.Timeout | null = null;
  private readonly seen = new Map<string, Set<string>>();
  private running: Promise<void> | null = null;

  constructor(
    private readonly o: PeerAppsOptions,
    private readonly deps: PeerAppsDeps,
  ) {}

  get intervalMs(): number {
    return this.o.intervalMs ?? 5000;
  }

  start(): void {
    this.timer ??= setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
    // Going away on purpose: the peers need not wait for the lease to lapse (SIGTERM drains our calls).
    await this.deps.release(leaseName(this.o.ownApp)).catch(() => undefined);
  }

  /** One pass: renew our lease, then look after the peers whose lease lapsed. */
  tick(): Promise<void> {
    this.running ??= this.pass()
      .catch((err) => this.o.logger.warn({ err: (err as Error).message }, 'peer application watch failed'))
      .finally(() => (this.running = null));
    return this.running;
  }

  private async pass(): Promise<void> {
    if (!this.deps.connected()) return;
    const leaseMs = this.o.leaseMs ?? this.intervalMs * 3;
    if (!(await this.deps.acquire(leaseName(this.o.ownApp), leaseMs))) {
      this.o.logger.error({ app: this.o.ownApp }, 'the lease of this ARI application is held by another instance: each instance needs its own ARI_APP');
      return;
    }
    for (const peer of this.o.peerApps) {
      // A live peer renews its lease: ours to take only when it lapsed. Held for one pass only.
      if (!(await this.deps.acquire(leaseName(peer), this.intervalMs))) {
        this.seen.delete(peer);
        continue;
      }
      try {
        const now = new Set(await this.deps.channelsOf(peer));
        const before = this.seen.get(peer) ?? new Set<string>();
        const orphans = [...now].filter((id) => before.has(id));
        this.seen.set(peer, now);
        if (orphans.length) {
          this.o.logger.warn({ peer, calls: orphans.length }, 'calls left in a dead instance\'s IVR: sending them to the dispatchers');
          await this.deps.adopt(orphans);
        }
      } finally {
        await this.deps.release(leaseName(peer));
      }
    }
  }
}
