import { Op, Transaction, WhereOptions } from 'sequelize';
import { JobLease, Verification } from '../models';
import { claimRows } from './row-claims';
import { ensureLeaseRow } from './job-lease';

/** Row of job_leases locked (never leased) to make "count live calls, then claim" one step across instances. */
const SLOTS_LOCK = 'verification-call-slots';

/**
 * Claims due verifications for calling, so that never more than `maxCalls` are live across all
 * instances: the count of rows 'calling' with a live claim and the claim of the rest happen under
 * one row lock; due rows are read with SKIP LOCKED on MySQL (SQLite serializes transactions).
 * Claimed rows become 'calling'.
 */
export async function claimDueVerifications(owner: string, now: Date, maxCalls: number, leaseMs: number): Promise<Verification[]> {
  const db = Verification.sequelize!;
  const mysql = db.getDialect() === 'mysql';
  await ensureLeaseRow(SLOTS_LOCK);
  // READ COMMITTED on MySQL, as claimRows: no gap locks between the claimers of 'calling' rows and these.
  const options = mysql ? { isolationLevel: Transaction.ISOLATION_LEVELS.READ_COMMITTED } : {};
  return db.transaction(options, async (transaction) => {
    await JobLease.findByPk(SLOTS_LOCK, { transaction, lock: transaction.LOCK.UPDATE });
    const live = await Verification.count({ where: { status: 'calling', claimedUntil: { [Op.gt]: now } }, transaction });
    const free = maxCalls - live;
    if (free <= 0) return [];
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
