import { Op } from 'sequelize';
import { NoticeCall, Verification } from '../models';
import { claimRows } from './row-claims';
import { withOutboundSlots } from './outbound-slots';

/**
 * Claims due notice calls of the given notices, under the same outbound limit as verifications
 * (withOutboundSlots). Verifications are never starved: while `verificationsDialing` (inside the
 * calling hours), the slots that due verifications could use are left to them, so a notice takes
 * a slot only when no verification is waiting for it. Claimed rows become 'calling'.
 */
export function claimDueNoticeCalls(owner: string, now: Date, o: { maxCalls: number; leaseMs: number; noticeIds: number[]; verificationsDialing: boolean }): Promise<NoticeCall[]> {
  if (!o.noticeIds.length) return Promise.resolve([]);
  return withOutboundSlots(now, o.maxCalls, async (free, transaction) => {
    const waiting = o.verificationsDialing
      ? Number(await Verification.count({ where: { status: 'scheduled', dueAt: { [Op.lte]: now } }, transaction }))
      : 0;
    const take = free - waiting;
    if (take <= 0) return [];
    return claimRows(NoticeCall, { status: 'queued', dueAt: { [Op.lte]: now }, noticeId: { [Op.in]: o.noticeIds } }, {
      owner, now, leaseMs: o.leaseMs, limit: take, transaction, set: { status: 'calling' }, order: [['dueAt', 'ASC'], ['id', 'ASC']],
    });
  });
}

/** Rows left 'calling' by an instance that stopped (its claim lapsed), claimed for this one. */
export function claimLapsedNoticeCalls(owner: string, now: Date, limit = 50): Promise<NoticeCall[]> {
  return claimRows(NoticeCall, { status: 'calling' }, { owner, now, leaseMs: 60_000, limit });
}
