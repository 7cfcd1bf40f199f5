import type { Outage } from '../models';

export type OutageState = 'cancelled' | 'upcoming' | 'active' | 'ended';

/** Derived from time on every read, never stored, so it cannot go stale. */
export function outageState(o: Pick<Outage, 'startsAt' | 'endsAt' | 'cancelledAt'>, now: Date): OutageState {
  if (o.cancelledAt) return 'cancelled';
  if (o.startsAt.getTime() > now.getTime()) return 'upcoming';
  if (o.endsAt && o.endsAt.getTime() <= now.getTime()) return 'ended';
  return 'active';
}
