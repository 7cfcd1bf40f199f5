/**
 * Capped exponential backoff with jitter, for retrying a lost peer (the PBX, the database)
 * forever without hammering it: many server instances that lost it at the same moment must not
 * all come back at the same millisecond (hence the jitter), and a peer that is down for an hour
 * must still be tried every `maxMs` (hence the cap, and no retry limit).
 */
export interface BackoffOptions {
  /** First delay. */
  initialMs: number;
  /** Largest delay; the sequence stays here once it gets there. */
  maxMs: number;
  /** Growth per failure (default 2). */
  factor?: number;
  /**
   * Share of each delay that is random (default 0.2): the delay is drawn from
   * [d * (1 - jitter), d]. 0 gives a fixed sequence (tests).
   */
  jitter?: number;
  /** Random source in [0, 1) (tests inject a fixed one). */
  random?: () => number;
}

export class Backoff {
  private attempt = 0;
  private readonly factor: number;
  private readonly jitter: number;
  private readonly random: () => number;

  constructor(private readonly opts: BackoffOptions) {
    if (!(opts.initialMs > 0) || !(opts.maxMs >= opts.initialMs)) {
      throw new RangeError(`backoff: need 0 < initialMs <= maxMs (got ${opts.initialMs}, ${opts.maxMs})`);
    }
    this.factor = opts.factor ?? 2;
    this.jitter = Math.min(Math.max(opts.jitter ?? 0.2, 0), 1);
    this.random = opts.random ?? Math.random;
  }

  /** How many failures since the last success. */
  get failures(): number {
    return this.attempt;
  }

  /** The delay before the next attempt; each call counts one more failure. */
  next(): number {
    // Computed from the attempt number (not by multiplying a running value) so that the cap is
    // exact and a long outage cannot overflow to Infinity.
    const raw = this.opts.initialMs * Math.pow(this.factor, Math.min(this.attempt, 64));
    const capped = Math.min(raw, this.opts.maxMs);
    this.attempt += 1;
    const delay = capped * (1 - this.jitter * this.random());
    return Math.max(1, Math.round(delay));
  }

  /** A success: the next failure starts again from `initialMs`. */
  reset(): void {
    this.attempt = 0;
  }
}
