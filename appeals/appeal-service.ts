import type { AppealContext } from './context';
import type { Actor } from './actor';
import type { Move } from './state-machine';
import { registerAppeal, RegistrationInput } from './register-appeal';
import { moveAppeal, extendDeadline, reportProgress, addApplicantNote, MoveInput } from './change-appeal';
import { searchAppeals, getAppeal, applicantHistory, getApplicant, updateApplicant, AppealFilters, ApplicantPatch } from './appeal-queries';

/**
 * The one entry to the appeals domain for the API, the IVR and the jobs. It holds the context so
 * that callers pass only who acts and what they ask.
 */
export class AppealService {
  constructor(readonly ctx: AppealContext) {}

  register(actor: Actor, input: RegistrationInput) {
    return registerAppeal(this.ctx, actor, input);
  }
  move(actor: Actor, appealId: number, move: Move, input?: MoveInput) {
    return moveAppeal(this.ctx, actor, appealId, move, input);
  }
  extend(actor: Actor, appealId: number, deadline: Date, reason: string, expectedVersion?: number | null) {
    return extendDeadline(this.ctx, actor, appealId, deadline, reason, expectedVersion);
  }
  progress(actor: Actor, appealId: number, comment: string, expectedVersion?: number | null) {
    return reportProgress(this.ctx, actor, appealId, comment, expectedVersion);
  }
  /** The applicant's own comment on an open appeal (the residents' site acts as a system actor). */
  applicantNote(actor: Actor, appealId: number, text: string) {
    return addApplicantNote(this.ctx, actor, appealId, text);
  }
  search(actor: Actor, filters: AppealFilters) {
    return searchAppeals(this.ctx, actor, filters);
  }
  get(actor: Actor, ref: number | string) {
    return getAppeal(this.ctx, actor, ref);
  }
  historyByPhone(actor: Actor, phone: string, limit?: number) {
    return applicantHistory(this.ctx, actor, phone, limit);
  }
  applicant(actor: Actor, id: number) {
    return getApplicant(this.ctx, actor, id);
  }
  updateApplicant(actor: Actor, id: number, patch: ApplicantPatch) {
    return updateApplicant(this.ctx, actor, id, patch);
  }
}
