/**
 * A one-shot timer armed only while there is work to do. A buffer that wakes on a fixed interval
 * costs an idle server a wake-up each time (about 0.1 ms of CPU on a VM) to find nothing to do;
 * a server at rest should sleep until something happens.
 */
export class WakeTimer {
  private timer: NodeJS.Timeout | null = null;
  private at = Infinity;

  constructor(private readonly run: () => void) {}

  /** Runs within `ms`; a wake armed for earlier stands. */
  arm(ms: number): void {
    const at = Date.now() + ms;
    if (this.timer) {
      if (this.at <= at) return;
      clearTimeout(this.timer);
    }
    this.at = at;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.at = Infinity;
      this.run();
    }, ms);
    this.timer.unref();
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.at = Infinity;
  }
}
