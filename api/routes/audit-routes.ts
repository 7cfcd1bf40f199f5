import { z } from 'zod';
import { Op, WhereOptions } from 'sequelize';
import { AuditLog } from '../../models';
import { route } from '../route-table';
import { q } from '../validation';

export function auditRoutes() {
  return [
    route({
      method: 'get', path: '/api/audit', tag: 'audit', roles: ['admin', 'head'],
      summary: 'Who read whose personal data, when and from where',
      query: z.object({
        userId: q.int().optional(),
        subjectType: z.enum(['applicant', 'appeal', 'user']).optional(),
        subjectId: q.int().optional(),
        from: z.iso.datetime({ offset: true }).optional(),
        to: z.iso.datetime({ offset: true }).optional(),
        page: q.int().default(1),
        pageSize: q.int().max(200).default(50),
      }),
      handler: async ({ query }) => {
        const where: WhereOptions<AuditLog> = {
          ...(query.userId ? { userId: query.userId } : {}),
          ...(query.subjectType ? { subjectType: query.subjectType } : {}),
          ...(query.subjectId ? { subjectId: query.subjectId } : {}),
          ...(query.from || query.to
            ? { createdAt: { ...(query.from ? { [Op.gte]: new Date(query.from) } : {}), ...(query.to ? { [Op.lte]: new Date(query.to) } : {}) } }
            : {}),
        };
        const { rows, count } = await AuditLog.findAndCountAll({
          where, order: [['createdAt', 'DESC'], ['id', 'DESC']], limit: query.pageSize, offset: (query.page - 1) * query.pageSize,
        });
        return {
          items: rows.map((r) => ({ id: r.id, userId: r.userId, action: r.action, subjectType: r.subjectType, subjectId: r.subjectId, ip: r.ip, context: r.context, at: r.createdAt.toISOString() })),
          total: count, page: query.page, pageSize: query.pageSize,
        };
      },
    }),
  ];
}
