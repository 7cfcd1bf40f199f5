import type { Appeal, Applicant, Category, Organization, AppealEvent } from '../models';
import { STATUS_NAMES, isOverdue } from './state-machine';
import { describeAnswers } from './category-questions';

export interface ApplicantView {
  id?: number;
  fullName: string | null;
  phone: string;
  address?: string | null;
  consentToCalls?: boolean;
  doNotCall?: boolean;
}

export type LoadedAppeal = Appeal & {
  applicant?: Applicant | null;
  category?: Category | null;
  executor?: Organization | null;
  events?: AppealEvent[];
};

/** The JSON shape of an appeal. Applicant data appears only at the visibility the caller decided. */
export function appealView(a: LoadedAppeal, now: Date, applicant: 'full' | 'contact' | 'none' = 'none') {
  return {
    id: a.id,
    number: a.number,
    channel: a.channel,
    status: a.status,
    statusName: STATUS_NAMES[a.status],
    category: a.category ? { id: a.category.id, code: a.category.code, name: a.category.name } : { id: a.categoryId },
    executor: a.executor ? { id: a.executor.id, code: a.executor.code, name: a.executor.name, shortName: a.executor.shortName } : a.executorId ? { id: a.executorId } : null,
    address: a.address,
    description: a.description,
    emergency: a.emergency,
    registeredAt: a.registeredAt.toISOString(),
    deadlineAt: a.deadlineAt.toISOString(),
    originalDeadlineAt: a.originalDeadlineAt.toISOString(),
    overdue: isOverdue(a.status, a.deadlineAt, now),
    /** When the deadline watch first saw it overdue; stays after it is closed. */
    overdueAt: a.overdueAt?.toISOString() ?? null,
    repeated: a.repeated,
    repeatOfId: a.repeatOfId ?? null,
    repeatOfResolved: a.repeatOfResolved,
    duplicateOfId: a.duplicateOfId ?? null,
    rejectionReason: a.rejectionReason ?? null,
    result: a.result ?? null,
    doneAt: a.doneAt?.toISOString() ?? null,
    closedAt: a.closedAt?.toISOString() ?? null,
    sourceCallId: a.sourceCallId ?? null,
    addressId: a.addressId ?? null,
    mediaUrl: a.mediaUrl ?? null,
    attributes: describeAnswers(a.category?.code, a.attributes),
    /** Send it back with a move (`version` or `If-Match`): a move made on an older version answers 409. */
    version: a.version,
    ...(applicant !== 'none' && a.applicant ? { applicant: applicantView(a.applicant, applicant) } : {}),
    ...(applicant !== 'none' && hasContact(a) ? { contact: contactView(a, applicant) } : {}),
    ...(a.events ? { history: a.events.map(eventView) } : {}),
  };
}

export type AppealView = ReturnType<typeof appealView>;

/** Whether the appeal names who filed it (a CCTV incident names no one). */
export function hasContact(a: Appeal & { applicant?: Applicant | null }): boolean {
  return Boolean(a.applicant || a.applicantName || a.applicantEmail);
}

/**
 * Who filed this appeal, as given with it. The name may differ from the applicant's card (someone
 * else using the same phone, a new surname): both are shown then. A resident with no phone (filed
 * through Open311) follows the appeal online by its number and is never called.
 */
export function contactView(a: Appeal & { applicant?: Applicant | null }, level: 'full' | 'contact') {
  const phone = a.applicant?.phone ?? null;
  const cardName = a.applicant?.fullName ?? null;
  return {
    name: a.applicantName ?? cardName,
    ...(level === 'full' ? { email: a.applicantEmail ?? null } : {}),
    phone,
    reachedOnline: !phone,
    nameOnCard: cardName && a.applicantName && cardName !== a.applicantName ? cardName : null,
  };
}

export function applicantView(p: Applicant, level: 'full' | 'contact'): ApplicantView {
  if (level === 'contact') return { fullName: p.fullName, phone: p.phone };
  return { id: p.id, fullName: p.fullName, phone: p.phone, address: p.address, consentToCalls: p.consentToCalls, doNotCall: p.doNotCall };
}

export function eventView(e: AppealEvent) {
  return {
    id: e.id,
    type: e.type,
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    userId: e.userId,
    actor: e.actor,
    comment: e.comment,
    data: e.data ?? null,
    at: e.createdAt.toISOString(),
  };
}
