import { z } from 'zod';
import { Op, WhereOptions } from 'sequelize';
import { Appeal, Applicant, Category, Verification } from '../../models';
import { VERIFICATION_STATUSES, type AttemptResult } from '../../models/verification';
import { UnavailableError } from '../../core/errors';
import type { Actor } from '../../appeals/actor';
import { applicantVisibility } from '../../appeals/access';
import { auditApplicantRead } from '../../appeals/audit';
import { STATUS_NAMES as APPEAL_STATUS_NAMES } from '../../appeals/state-machine';
import { REASON_NAMES, RESULT_NAMES, STATUS_NAMES } from '../../verifications/verification-rules';
import type { VerificationService } from '../../verifications/verification-service';
import type { ApiDeps } from '../deps';
import { route } from '../route-table';
import { q } from '../validation';

const HANDLERS = ['dispatcher', 'head'] as const;

type Row = Verification & { appeal?: (Appeal & { applicant?: Applicant | null; category?: Category | null }) | null };

/** One verification as the dispatchers' list shows it; the applicant only for roles that may see them. */
function view(v: Row, showApplicant: boolean) {
  const a = v.appeal ?? null;
  return {
    id: v.id,
    status: v.status,
    statusName: STATUS_NAMES[v.status],
    appeal: a ? { id: a.id, number: a.number, status: a.status, statusName: APPEAL_STATUS_NAMES[a.status], category: a.category?.name ?? null, address: a.address } : null,
    applicant: showApplicant && a?.applicant ? { id: a.applicant.id, fullName: a.applicant.fullName, phone: a.applicant.phone } : null,
    attempts: v.attempts,
    lastResult: v.lastResult ?? null,
    lastResultName: v.lastResult ? RESULT_NAMES[v.lastResult as AttemptResult] : null,
    lastCause: v.lastCause ?? null,
    lastAttemptAt: v.lastAttemptAt?.toISOString() ?? null,
    reason: v.reason ?? null,
    reasonName: v.reason ? (REASON_NAMES[v.reason] ?? null) : null,
    dueAt: v.dueAt.toISOString(),
    completedAt: v.completedAt.toISOString(),
    endedAt: v.endedAt?.toISOString() ?? null,
    resolvedByUserId: v.resolvedByUserId ?? null,
  };
}

const INCLUDE = [{
  model: Appeal, as: 'appeal', attributes: ['id', 'number', 'status', 'address', 'applicantId'],
  include: [{ model: Applicant, as: 'applicant', attributes: ['id', 'fullName', 'phone'] }, { model: Category, as: 'category', attributes: ['name'] }],
}];

/** Reads rows with their appeals; the applicants' personal data is audited before it is returned. */
async function viewsFor(actor: Actor, rows: Row[], context: string) {
  const full = applicantVisibility(actor) === 'full';
  if (full) await auditApplicantRead(actor, rows.map((r) => r.appeal?.applicant?.id).filter((id): id is number => id != null), context);
  return rows.map((r) => view(r, full));
}

function service(deps: ApiDeps): VerificationService {
  if (!deps.verifications) throw new UnavailableError('verifications_unavailable', 'Контроль виконання недоступний');
  return deps.verifications;
}

/** Verification callbacks (контроль виконання): the dispatchers' list and answers recorded by hand. */
export function verificationRoutes(deps: ApiDeps) {
  return [
    route({
      method: 'get', path: '/api/verifications', tag: 'verifications', roles: HANDLERS,
      summary: 'Verification callbacks, oldest due first; status=not_reached,disputed is the list to call by hand (applicants audited)',
      query: z.object({
        status: q.list([...VERIFICATION_STATUSES]).optional(),
        appealId: q.int().optional(),
        page: q.int().default(1),
        pageSize: q.int().max(100).default(20),
      }),
      handler: async ({ actor, query }) => {
        const where: WhereOptions<Verification> = {
          ...(query.status?.length ? { status: { [Op.in]: query.status } } : {}),
          ...(query.appealId ? { appealId: query.appealId } : {}),
        };
        const { rows, count } = await Verification.findAndCountAll({
          where, include: INCLUDE, order: [['dueAt', 'ASC'], ['id', 'ASC']], limit: query.pageSize, offset: (query.page - 1) * query.pageSize, distinct: true,
        });
        return { items: await viewsFor(actor, rows as Row[], 'verifications list'), total: count, page: query.page, pageSize: query.pageSize };
      },
    }),
    route({
      method: 'post', path: '/api/verifications/:id/resolve', tag: 'verifications', roles: HANDLERS,
      summary: 'A dispatcher called the resident by hand: confirmed → the appeal is confirmed, returned → back to the executor',
      params: z.object({ id: z.coerce.number().int().positive() }),
      body: z.strictObject({
        result: z.enum(['confirmed', 'returned'], { error: 'Вкажіть результат: confirmed або returned' }),
        comment: z.string().trim().max(1000).optional(),
      }),
      handler: async ({ actor, params, body }) => {
        await service(deps).resolveByHand(actor, params.id, body.result, body.comment);
        const row = await Verification.findByPk(params.id, { include: INCLUDE });
        return (await viewsFor(actor, [row as Row], `verification ${params.id}`))[0];
      },
    }),
  ];
}
