import { Op } from 'sequelize';
import { Verification } from '../models';
import { claimRows } from './row-claims';
import { withOutboundSlots } from './outbound-slots';

/**
 * Claims due verifications for calling, so that never more than `maxCalls` outbound calls are live
 * across all instances (see withOutboundSlots); due rows are read with SKIP LOCKED on MySQL (SQLite
 * serializes transactions). Claimed rows become 'calling'.
 */
export function claimDueVerifications(owner: string, now: Date, maxCalls: number, leaseMs: number): Promise<Verification[]> {
  return withOutboundSlots(now, maxCalls, (free, transaction) =>
    claimRows(Verification, { status: 'scheduled', dueAt: { [Op.lte]: now } }, {
      owner, now, leaseMs, limit: free, transaction, set: { status: 'calling' }, order: [['dueAt', 'ASC'], ['id', 'ASC']],
    }),
  );
}

/** Rows left 'calling' by an instance that stopped (its claim lapsed), claimed for this one. */
export function claimLapsedCalls(owner: string, now: Date, limit = 50): Promise<Verification[]> {
  return claimRows(Verification, { status: 'calling' }, { owner, now, leaseMs: 60_000, limit });
}
