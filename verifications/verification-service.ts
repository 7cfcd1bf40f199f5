import { Op, QueryTypes, UniqueConstraintError } from 'sequelize';
import { Appeal, Applicant, Category, Verification } from '../models';
import type { AttemptResult, VerificationStatus } from '../models/verification';
import type { Clock } from '../core/clock';
import type { Logger } from '../core/logger';
import { ConflictError, NotFoundError } from '../core/errors';
import type { AppealService } from '../appeals/appeal-service';
import type { AppealChange } from '../appeals/domain-events';
import { Actor, systemActor } from '../appeals/actor';
import { finishClaim } from '../jobs/row-claims';
import {
  VerificationRules, WAITING_STATUSES, afterUnsuccessfulAttempt, firstDue, noCallReason, statusWithoutCall, FOR_DISPATCHERS, type NoCallReason,
} from './verification-rules';

/** The system actor of the automated call: the appeal's history names it. */
export const VERIFICATION_ACTOR = systemActor('verification-call');
/** The resident answered on the residents' site instead of by phone. */
export const VERIFICATION_WEB_ACTOR = systemActor('verification-web');

export const VERIFICATION_COMMENTS = {
  confirmedByCall: 'Заявник підтвердив виконання під час дзвінка контролю виконання (натиснув 1).',
  returnedByCall: 'Під час дзвінка контролю виконання заявник повідомив, що проблему не вирішено (натиснув 2).',
  confirmedByHand: 'Диспетчер зателефонував заявнику (контроль виконання): виконання підтверджено.',
  returnedByHand: 'Диспетчер зателефонував заявнику (контроль виконання): проблему не вирішено.',
  confirmedOnline: 'Заявник підтвердив виконання на сайті для мешканців (контроль виконання: «виконано»).',
  returnedOnline: 'Заявник повідомив на сайті для мешканців, що проблему не вирішено (контроль виконання: «не виконано»).',
} as const;

/** Where the resident's answer came from: the keys of the callback, or the two buttons of the site. */
export type AnswerVia = 'call' | 'web';

/** What the dialer needs to call a resident about a verification. */
export type CallPlan =
  | { kind: 'call'; phone: string; appealId: number; appealNumber: string; categoryName: string }
  | { kind: 'drop' }
  | { kind: 'no_call'; status: 'not_reached' | 'online'; reason: NoCallReason };

/**
 * Verification callbacks (контроль виконання), the domain side: one verification per
 * completion of an appeal, when it is due, what an attempt or the resident's answer does to it
 * and to the appeal, and the dispatchers' list. The dialer job (jobs/) does the calling.
 */
export class VerificationService {
  constructor(private readonly o: { appeals: AppealService; clock: Clock; logger: Logger; rules: VerificationRules }) {}

  /** A domain event: a completion schedules a callback; the appeal leaving 'done' ends waiting ones. */
  async onAppealChanged(change: AppealChange & { type: string }): Promise<void> {
    if (change.type === 'complete') {
      await this.scheduleFor(change.appealId);
      return;
    }
    if (change.status === 'done') return;
    const now = this.o.clock.now();
    // Nobody calls about an appeal that is no longer done; a list entry someone acted on is closed.
    await Verification.update({ status: 'dropped', reason: 'appeal_changed', endedAt: now }, { where: { appealId: change.appealId, status: 'scheduled' } });
    await Verification.update({ status: 'resolved_by_hand', reason: 'appeal_changed', endedAt: now }, { where: { appealId: change.appealId, status: { [Op.in]: [...FOR_DISPATCHERS] } } });
  }

  /** Makes the verification of the appeal's current completion, unless there is one. */
  async scheduleFor(appealId: number): Promise<Verification | null> {
    const appeal = await Appeal.findByPk(appealId, { include: [{ model: Applicant, as: 'applicant' }] });
    if (!appeal || appeal.status !== 'done' || !appeal.doneAt) return null;
    const completedAt = appeal.doneAt;
    const existing = await Verification.findOne({ where: { appealId, completedAt } });
    if (existing) return existing;
    const now = this.o.clock.now();
    // An earlier completion's callback is about work that was redone since.
    await Verification.update(
      { status: 'dropped', reason: 'appeal_changed', endedAt: now },
      { where: { appealId, completedAt: { [Op.ne]: completedAt }, status: { [Op.in]: [...WAITING_STATUSES] } } },
    );
    const applicant = (appeal as Appeal & { applicant?: Applicant | null }).applicant ?? null;
    const skip = noCallReason(applicant, appeal.channel);
    try {
      return await Verification.create({
        appealId, completedAt, status: skip ? statusWithoutCall(skip) : 'scheduled', reason: skip, dueAt: firstDue(completedAt, this.o.rules),
        endedAt: skip ? now : null,
      });
    } catch (err) {
      // The event and a sweep (or two instances) made it at once: the other one stands.
      if (err instanceof UniqueConstraintError) return Verification.findOne({ where: { appealId, completedAt } });
      throw err;
    }
  }

  /** Done appeals whose completion has no verification (a crash between commit and event): made now. */
  async sweep(limit = 200): Promise<number> {
    const db = Appeal.sequelize!;
    const rows = await db.query<{ id: number }>(
      `SELECT a.id AS id FROM appeals a
         LEFT JOIN verifications v ON v.appeal_id = a.id AND v.completed_at = a.done_at
        WHERE a.status = 'done' AND a.done_at IS NOT NULL AND v.id IS NULL
        ORDER BY a.done_at LIMIT ${Math.max(1, Math.floor(limit))}`,
      { type: QueryTypes.SELECT },
    );
    let made = 0;
    for (const r of rows) if (await this.scheduleFor(Number(r.id))) made++;
    return made;
  }

  /** Re-reads the appeal just before dialing: still done, the same completion, a phone we may call. */
  async planCall(v: Verification): Promise<CallPlan> {
    const appeal = await Appeal.findByPk(v.appealId, {
      include: [{ model: Applicant, as: 'applicant' }, { model: Category, as: 'category', attributes: ['name'] }],
    });
    if (!appeal || appeal.status !== 'done' || !appeal.doneAt || appeal.doneAt.getTime() !== v.completedAt.getTime()) return { kind: 'drop' };
    const a = appeal as Appeal & { applicant?: Applicant | null; category?: Category | null };
    const skip = noCallReason(a.applicant ?? null, appeal.channel);
    if (skip) return { kind: 'no_call', status: statusWithoutCall(skip), reason: skip };
    return { kind: 'call', phone: a.applicant!.phone, appealId: appeal.id, appealNumber: appeal.number, categoryName: a.category?.name ?? '' };
  }

  /** Notes the channel of the attempt under way (the call's uniqueid). */
  async noteChannel(v: Verification, owner: string, channelId: string): Promise<void> {
    await Verification.update({ channelId }, { where: { id: v.id, claimedBy: owner } });
  }

  /** Gives a claimed row back untouched: the call was not placed (the PBX is away). */
  async release(v: Verification, owner: string): Promise<void> {
    await this.finish(v, owner, { status: 'scheduled', channelId: null });
  }

  /** Ends a claimed row without a call (appeal changed, may not be called). */
  async endWithoutCall(v: Verification, owner: string, status: 'dropped' | 'not_reached' | 'online', reason: string): Promise<void> {
    await this.finish(v, owner, { status, reason, endedAt: this.o.clock.now() });
  }

  /** An attempt that got no answer from the resident: due again later, or onto the dispatchers' list. */
  async recordUnsuccessful(v: Verification, owner: string, result: AttemptResult, cause: number | null, now = this.o.clock.now()): Promise<VerificationStatus> {
    const attempts = v.attempts + 1;
    const next = afterUnsuccessfulAttempt(attempts, now, this.o.rules);
    await this.finish(v, owner, {
      attempts, lastResult: result, lastCause: cause, lastAttemptAt: now,
      ...(next.status === 'scheduled' ? { status: 'scheduled', dueAt: next.dueAt } : { status: 'not_reached', reason: next.reason, endedAt: now }),
    });
    return next.status;
  }

  /**
   * The resident answered and chose: 1 confirms the appeal, 2 returns it to the executor (both
   * by the system actor 'verification-call', so the history says so), 0 asked for a dispatcher.
   * Done the moment the key is pressed; the row is written when the call is over (its slot is
   * busy until then). An appeal that changed meanwhile is not moved: the verification is dropped.
   */
  async applyChoice(v: Verification, choice: 'confirmed' | 'returned' | 'dispute', via: AnswerVia = 'call'): Promise<{ status: VerificationStatus; reason: string | null }> {
    if (choice === 'dispute') return { status: 'disputed', reason: null };
    const actor = via === 'web' ? VERIFICATION_WEB_ACTOR : VERIFICATION_ACTOR;
    const words = via === 'web'
      ? { confirmed: VERIFICATION_COMMENTS.confirmedOnline, returned: VERIFICATION_COMMENTS.returnedOnline }
      : { confirmed: VERIFICATION_COMMENTS.confirmedByCall, returned: VERIFICATION_COMMENTS.returnedByCall };
    try {
      if (choice === 'confirmed') await this.o.appeals.move(actor, v.appealId, 'confirm', { comment: words.confirmed });
      else await this.o.appeals.move(actor, v.appealId, 'return', { reason: words.returned });
      return { status: choice, reason: null };
    } catch (err) {
      if (!(err instanceof ConflictError || err instanceof NotFoundError)) throw err;
      return { status: 'dropped', reason: 'appeal_changed' };
    }
  }

  /**
   * The resident answers the verification on the residents' site («виконано» / «не виконано»)
   * instead of waiting for the call: the same moves as keys 1 and 2 (applyChoice), by the actor
   * 'verification-web'. The row is taken from whoever waits on it (the dialer's schedule, the
   * dispatchers' list) in one update; a call under way keeps it, so nobody answers twice.
   */
  async answerOnline(appealId: number, choice: 'confirmed' | 'returned'): Promise<VerificationStatus> {
    const appeal = await Appeal.findByPk(appealId);
    if (!appeal || appeal.status !== 'done' || !appeal.doneAt) {
      throw new ConflictError('verification_not_open', 'Звернення зараз не очікує підтвердження виконання');
    }
    const v = (await Verification.findOne({ where: { appealId, completedAt: appeal.doneAt } })) ?? (await this.scheduleFor(appealId));
    if (!v) throw new ConflictError('verification_not_open', 'Звернення зараз не очікує підтвердження виконання');
    const now = this.o.clock.now();
    const [taken] = await Verification.update(
      { status: choice, reason: 'web', endedAt: now, claimedBy: null, claimedUntil: null },
      { where: { id: v.id, status: { [Op.in]: [...WAITING_STATUSES] } } },
    );
    if (taken !== 1) throw new ConflictError('verification_not_open', 'Відповідь щодо виконання вже отримано або саме триває дзвінок');
    const outcome = await this.applyChoice(v, choice, 'web');
    if (outcome.status !== choice) await Verification.update({ status: outcome.status, reason: outcome.reason }, { where: { id: v.id } });
    return outcome.status;
  }

  /** Writes an answered attempt's outcome (from applyChoice) and frees the row. */
  async recordAnswer(v: Verification, owner: string, outcome: { status: VerificationStatus; reason: string | null }, cause: number | null): Promise<void> {
    const now = this.o.clock.now();
    await this.finish(v, owner, {
      attempts: v.attempts + 1, lastResult: 'answered', lastCause: cause, lastAttemptAt: now,
      status: outcome.status, reason: outcome.reason, endedAt: outcome.status === 'disputed' ? null : now,
    });
  }

  /**
   * A dispatcher called the resident by hand (a not-reached or disputed verification) and records
   * the answer: the appeal is confirmed or returned as that dispatcher, the verification ends
   * 'resolved_by_hand'. The row is taken first, so two dispatchers cannot both resolve it.
   */
  async resolveByHand(actor: Actor, id: number, outcome: 'confirmed' | 'returned', comment?: string | null): Promise<Verification> {
    const v = await Verification.findByPk(id);
    if (!v) throw new NotFoundError('verification_not_found', 'Контроль виконання не знайдено');
    const now = this.o.clock.now();
    const userId = actor.kind === 'user' ? actor.userId : null;
    const [taken] = await Verification.update(
      { status: 'resolved_by_hand', resolvedByUserId: userId, endedAt: now, reason: outcome },
      { where: { id, status: { [Op.in]: [...FOR_DISPATCHERS] } } },
    );
    if (taken !== 1) {
      throw new ConflictError('verification_not_open', 'Цей контроль виконання вже опрацьовано або дзвінок ще триває', { status: v.status });
    }
    const note = comment?.trim() || null;
    try {
      if (outcome === 'confirmed') await this.o.appeals.move(actor, v.appealId, 'confirm', { comment: note ?? VERIFICATION_COMMENTS.confirmedByHand });
      else await this.o.appeals.move(actor, v.appealId, 'return', { reason: note ?? VERIFICATION_COMMENTS.returnedByHand });
    } catch (err) {
      // Nothing changed on the appeal: the entry goes back onto the list.
      await Verification.update({ status: v.status, resolvedByUserId: null, endedAt: v.endedAt, reason: v.reason }, { where: { id } });
      throw err;
    }
    return (await Verification.findByPk(id))!;
  }

  /** Writes a claimed row and lets the claim go, only while the claim is still this owner's. */
  private async finish(v: Verification, owner: string, values: Partial<Verification['_attributes']>): Promise<boolean> {
    const ours = await finishClaim(Verification, v.id, owner, values);
    if (!ours) this.o.logger.warn({ verification: v.id }, 'a verification claim was lost before its attempt was written');
    return ours;
  }
}
