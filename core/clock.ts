/** Time is injected so that deadlines, windows and jobs can be tested at any moment (and across DST). */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
