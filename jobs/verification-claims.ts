import { Op, WhereOptions } from 'sequelize';
import { Verification } from '../models';
import { claimRows } from './row-claims';
import { withOutboundSlots } from './outbound-slots';

/**
 * Claims due verifications for calling, so that never more than `maxCalls` outbound calls are live
 * across all instances (see withOutboundSlots); due rows are read with SKIP LOCKED on MySQL (SQLite
 * serializes transactions). Claimed rows become 'calling'.
 */
export async function claimDueVerifications(owner: string, now: Date, maxCalls: number, leaseMs: number): Promise<Verification[]> {
  const mysql = Verification.sequelize!.getDialect() === 'mysql';
  return withOutboundSlots(now, maxCalls, async (free, transaction) => {
    const rows = await Verification.findAll({
      where: { status: 'scheduled', dueAt: { [Op.lte]: now }, [Op.or]: [{ claimedUntil: null }, { claimedUntil: { [Op.lt]: now } }] } as WhereOptions,
      order: [['dueAt', 'ASC'], ['id', 'ASC']],
      limit: free,
      transaction,
      ...(mysql ? { lock: transaction.LOCK.UPDATE, skipLocked: true } : {}),
    });
    if (!rows.length) return rows;
    const claimedUntil = new Date(now.getTime() + leaseMs);
    await Verification.update({ status: 'calling', claimedBy: owner, claimedUntil }, { where: { id: rows.map((r) => r.id) }, transaction });
    for (const r of rows) {
      r.setDataValue('status', 'calling');
      r.setDataValue('claimedBy', owner);
      r.setDataValue('claimedUntil', claimedUntil);
    }
    return rows;
  });
}

/** Rows left 'calling' by an instance that stopped (its claim lapsed), claimed for this one. */
export function claimLapsedCalls(owner: string, now: Date, limit = 50): Promise<Verification[]> {
  return claimRows(Verification, { status: 'calling' }, { owner, now, leaseMs: 60_000, limit });
}
