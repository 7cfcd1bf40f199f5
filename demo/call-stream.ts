import type { Standin, InboundCall } from '../standin/scenario';

/** What a demo caller does, and how often (weights). */
const BEHAVIOURS: Array<{ weight: number; make: (from: string) => InboundCall }> = [
  // Reports an accident as soon as the menu starts (barge-in), then talks to a dispatcher.
  { weight: 35, make: (from) => ({ from, script: [{ afterAnswerMs: 7000, dtmf: '1' }, { afterAnswerMs: 120_000, hangup: true }] }) },
  // Asks about their appeals, then wants a dispatcher.
  { weight: 20, make: (from) => ({ from, script: [{ afterAnswerMs: 8000, dtmf: '2' }, { afterAnswerMs: 25_000, dtmf: '0' }, { afterAnswerMs: 150_000, hangup: true }] }) },
  // Hears the cut-offs again and hangs up.
  { weight: 15, make: (from) => ({ from, script: [{ afterAnswerMs: 8000, dtmf: '3' }, { afterAnswerMs: 30_000, hangup: true }] }) },
  // Straight to a dispatcher, but gives up after a while in the queue.
  { weight: 15, make: (from) => ({ from, script: [{ afterAnswerMs: 6000, dtmf: '0' }, { afterAnswerMs: 40_000, hangup: true }] }) },
  // Hangs up during the greeting.
  { weight: 10, make: (from) => ({ from, script: [{ afterAnswerMs: 2500, hangup: true }] }) },
  // Presses a key the menu does not know, then nothing: reaches a dispatcher after three tries.
  { weight: 5, make: (from) => ({ from, script: [{ afterAnswerMs: 8000, dtmf: '7' }, { afterAnswerMs: 180_000, hangup: true }] }) },
];

export interface CallStreamOptions {
  standin: Standin;
  /** Residents' numbers to call from (national format, as phones present them). */
  numbers: string[];
  /** Mean seconds between new calls. */
  meanIntervalSec: number;
  random?: () => number;
}

/** Keeps realistic calls coming at random (Poisson) intervals until stopped. */
export function startCallStream(o: CallStreamOptions): { stop(): void; placed(): number } {
  const random = o.random ?? Math.random;
  let timer: NodeJS.Timeout | null = null;
  let placed = 0;
  const total = BEHAVIOURS.reduce((s, b) => s + b.weight, 0);
  const pick = () => {
    let r = random() * total;
    for (const b of BEHAVIOURS) if ((r -= b.weight) < 0) return b;
    return BEHAVIOURS[0];
  };
  const next = () => {
    const delayMs = -Math.log(1 - random()) * o.meanIntervalSec * 1000;
    timer = setTimeout(() => {
      const from = o.numbers[Math.floor(random() * o.numbers.length)];
      o.standin.placeCall(pick().make(from));
      placed++;
      next();
    }, delayMs);
  };
  next();
  return {
    stop: () => timer && clearTimeout(timer),
    placed: () => placed,
  };
}
