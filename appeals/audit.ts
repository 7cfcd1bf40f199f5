import { AuditLog } from '../models';
import { Actor, actorName } from './actor';

/**
 * Records that someone read applicants' personal data. Written before the data is returned:
 * if the audit row cannot be written, the data is not shown. The one exception is the
 * screen-pop, on the path of a ringing phone: its rows follow it (appeals/audit-buffer.ts).
 */
/**
 * Records that someone read the contact given with an appeal that has no applicant card (an
 * Open311 resident with no phone: a name and an e-mail).
 */
export async function auditAppealContactRead(actor: Actor, appealId: number, context: string): Promise<void> {
  await AuditLog.create({
    userId: actor.kind === 'user' ? actor.userId : null,
    action: 'read_personal_data',
    subjectType: 'appeal',
    subjectId: appealId,
    ip: actor.kind === 'user' ? (actor.ip ?? null) : null,
    context: (actor.kind === 'system' || actor.apiKeyId ? `${actorName(actor)}: ${context}` : context).slice(0, 255),
  });
}

export async function auditApplicantRead(actor: Actor, applicantIds: number[], context: string): Promise<void> {
  return auditRead(actor, 'read_personal_data', 'applicant', applicantIds, context);
}

/** The same record for another kind of personal data (a resident's photo: subject 'appeal_photo'). */
export async function auditRead(actor: Actor, action: string, subjectType: string, subjectIds: number[], context: string): Promise<void> {
  const unique = [...new Set(subjectIds)];
  if (unique.length === 0) return;
  await AuditLog.bulkCreate(
    unique.map((subjectId) => ({
      userId: actor.kind === 'user' ? actor.userId : null,
      action,
      subjectType,
      subjectId,
      ip: actor.kind === 'user' ? (actor.ip ?? null) : null,
      context: (actor.kind === 'system' || actor.apiKeyId ? `${actorName(actor)}: ${context}` : context).slice(0, 255),
    })),
  );
}
