/**
 * Scaled time for the stand-in: every simulated delay (Wait(), ring timeouts, playback lengths)
 * goes through here so tests can run a 16 s prompt in 160 ms with timeScale 0.01.
 */
export class Clock {
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(public readonly timeScale = 1) {}

  /** Real milliseconds for a simulated duration. */
  scale(ms: number): number {
    return Math.max(0, Math.round(ms * this.timeScale));
  }

  /** Runs fn after a simulated delay; returns a cancel function. */
  after(ms: number, fn: () => void): () => void {
    if (this.stopped) return () => undefined;
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, this.scale(ms));
    this.timers.add(t);
    return () => {
      clearTimeout(t);
      this.timers.delete(t);
    };
  }

  /** Resolves after a simulated delay, or early (false) when the signal aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve(false);
      const cancel = this.after(ms, () => {
        signal?.removeEventListener('abort', onAbort);
        resolve(true);
      });
      const onAbort = (): void => {
        cancel();
        resolve(false);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
