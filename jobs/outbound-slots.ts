import { Op, Transaction } from 'sequelize';
import { CallbackTask, JobLease, NoticeCall, Verification } from '../models';
import { ensureLeaseRow } from './job-lease';
import { claimTransactionOptions } from './row-claims';

/** Row of job_leases locked (never leased) to make "count live calls, then claim" one step across instances. */
const SLOTS_LOCK = 'outbound-call-slots';

/**
 * Outbound calls of every kind (verifications, automatic call-backs, notices) share the trunk's
 * OUTBOUND_MAX_CALLS. Counting the live ones and claiming more happen in one transaction under one
 * row lock, so instances claiming together cannot both see the same free slot. `take` claims up
 * to `free` rows in that transaction (claimRows with `transaction`).
 */
export async function withOutboundSlots<T>(now: Date, maxCalls: number, take: (free: number, transaction: Transaction) => Promise<T[]>): Promise<T[]> {
  const db = JobLease.sequelize!;
  await ensureLeaseRow(SLOTS_LOCK);
  return db.transaction(claimTransactionOptions(db), async (transaction) => {
    await JobLease.findByPk(SLOTS_LOCK, { transaction, lock: transaction.LOCK.UPDATE });
    const live = Number(await Verification.count({ where: { status: 'calling', claimedUntil: { [Op.gt]: now } }, transaction }))
      + Number(await CallbackTask.count({ where: { status: 'open', claimedBy: { [Op.ne]: null }, claimedUntil: { [Op.gt]: now } }, transaction }))
      + Number(await NoticeCall.count({ where: { status: 'calling', claimedUntil: { [Op.gt]: now } }, transaction }));
    const free = maxCalls - live;
    return free > 0 ? take(free, transaction) : [];
  });
}
