import { Appeal, Applicant, Organization } from '../models';
import { NotFoundError } from '../core/errors';
import { STATUS_NAMES } from './state-machine';
import type { AppealStatus } from '../models/appeal';

/** What anyone holding an appeal's number and the applicant's phone's last four digits may learn. */
export interface PublicAppealStatus {
  number: string;
  status: AppealStatus;
  statusName: string;
  executor: string | null;
  deadlineAt: string;
}

/** The same answer for an unknown number and for wrong digits, so neither can be probed. */
const notFound = () => new NotFoundError('appeal_not_found', 'Звернення з таким номером і телефоном не знайдено');

/**
 * The status of an appeal for its applicant, checked by the last four digits of their phone.
 *
 * No audit row is written: the answer carries no personal data (no name, phone, address or
 * description: only the number, state, executor and deadline), and it is asked by the applicant
 * about their own appeal, not by staff reading someone's data. Abuse is held back by the rate limit.
 */
export async function publicAppealStatus(number: string, phoneLast4: string): Promise<PublicAppealStatus> {
  const appeal = await Appeal.findOne({
    where: { number },
    include: [
      { model: Applicant, as: 'applicant', attributes: ['phone'] },
      { model: Organization, as: 'executor', attributes: ['name'] },
    ],
  }) as (Appeal & { applicant?: Applicant | null; executor?: Organization | null }) | null;
  // Appeals without an applicant (CCTV) have no phone to prove, so nobody can look them up.
  const phone = appeal?.applicant?.phone;
  if (!appeal || !phone || !/^\d{4}$/.test(phoneLast4) || phone.slice(-4) !== phoneLast4) throw notFound();
  return {
    number: appeal.number,
    status: appeal.status,
    statusName: STATUS_NAMES[appeal.status],
    executor: appeal.executor?.name ?? null,
    deadlineAt: appeal.deadlineAt.toISOString(),
  };
}
