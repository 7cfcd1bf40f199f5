import type { Request, Response } from 'express';
import { z } from 'zod';
import { Notice, NOTICE_STATUSES, Street } from '../../models';
import { UnavailableError, ValidationError } from '../../core/errors';
import type { AreaSpec } from '../../models';
import { auditApplicantRead } from '../../appeals/audit';
import { NOTICE_TEXT_MAX, type NoticeActor, type NoticeService } from '../../notices/notice-service';
import type { SubscriptionService } from '../../notices/subscription-service';
import { noticeReport, noticeReportCsv, noticeReportHtml } from '../../notices/notice-report';
import { REPORT_CSP } from '../../reports/report-html';
import type { ApiIdentity } from '../../auth/api-keys';
import type { ApiDeps } from '../deps';
import { route } from '../route-table';
import { q } from '../validation';
import { areaSchema } from './outage-routes';
import { REPORT_STYLESHEET_PATH } from './reports';

const HANDLERS = ['dispatcher', 'head'] as const;
const idParams = z.object({ id: z.coerce.number().int().positive() });
const text = z.string().trim().min(1, 'Вкажіть текст оповіщення').max(NOTICE_TEXT_MAX, `Не довше за ${NOTICE_TEXT_MAX} символів`);
const phone = z.string().trim().min(3).max(40);

const noticeActor = (user: ApiIdentity | null): NoticeActor => ({ userId: user?.id ?? null, role: user?.role ?? 'system' });

/** Notices to residents (оповіщення), their approval, calling and report; subscriptions of phones to them. */
export function noticeRoutes(deps: ApiDeps) {
  const notices = (): NoticeService => {
    if (!deps.notices) throw new UnavailableError('notices_unavailable', 'Оповіщення тимчасово недоступні');
    return deps.notices.service;
  };
  const subscriptions = (): SubscriptionService => {
    if (!deps.notices) throw new UnavailableError('notices_unavailable', 'Оповіщення тимчасово недоступні');
    return deps.notices.subscriptions;
  };
  const viewOf = async (n: Notice) => notices().view(n);
  const report = async (id: number, format: 'json' | 'csv' | 'html', req: Request, res: Response) => {
    const n = await notices().get(id);
    const r = await noticeReport(n, await notices().progress(id), deps.clock.now(), deps.config.CITY_TIME_ZONE);
    res.setHeader('Cache-Control', 'no-store');
    if (format === 'csv') {
      res.status(200).type('text/csv; charset=utf-8').setHeader('Content-Disposition', `attachment; filename="opovishchennia-${id}.csv"`);
      res.send(noticeReportCsv(r));
      return undefined;
    }
    if (format === 'html') {
      res.status(200).type('text/html; charset=utf-8').setHeader('Content-Security-Policy', REPORT_CSP);
      res.send(noticeReportHtml(r, { stylesheetUrl: `${req.protocol}://${req.get('host') ?? 'localhost'}${REPORT_STYLESHEET_PATH}` }));
      return undefined;
    }
    return r;
  };

  return [
    route({
      method: 'get', path: '/api/streets', tag: 'notices', roles: HANDLERS,
      summary: 'The city\'s street list (names and the highest building number), for areas and subscriptions',
      handler: async () => ({ items: (await Street.findAll({ attributes: ['id', 'name', 'buildings'], order: [['name', 'ASC']] })).map((s) => ({ id: s.id, name: s.name, buildings: s.buildings })) }),
    }),
    route({
      method: 'post', path: '/api/notices/speech-check', tag: 'notices', roles: HANDLERS,
      summary: 'How the TTS will say a notice: its length in seconds and how numbers, dates and times are read',
      body: z.strictObject({ text }),
      handler: ({ body }) => notices().speechCheck(body.text),
    }),
    route({
      method: 'get', path: '/api/notices', tag: 'notices', roles: HANDLERS,
      summary: 'Notices, newest first, with their calling progress',
      query: z.object({ status: q.list([...NOTICE_STATUSES]).optional(), pageSize: q.int().max(100).default(50) }),
      handler: async ({ query }) => {
        const rows = await Notice.findAll({ where: query.status?.length ? { status: query.status } : {}, order: [['id', 'DESC']], limit: query.pageSize });
        return { items: await Promise.all(rows.map(viewOf)) };
      },
    }),
    route({
      method: 'get', path: '/api/notices/:id', tag: 'notices', roles: HANDLERS,
      summary: 'One notice with its progress',
      params: idParams,
      handler: async ({ params }) => viewOf(await notices().get(params.id)),
    }),
    route({
      method: 'post', path: '/api/notices', tag: 'notices', roles: HANDLERS, status: 201,
      summary: 'Compose a notice (text, area: streets with buildings or the city, urgency); it waits for the head\'s approval',
      body: z.strictObject({ text, area: areaSchema, urgent: z.boolean().default(false), outageId: z.number().int().positive().nullish() }),
      handler: async ({ user, body }) => viewOf(await notices().compose(noticeActor(user), { ...body, area: body.area as AreaSpec })),
    }),
    route({
      method: 'get', path: '/api/outages/:id/notice-draft', tag: 'notices', roles: HANDLERS,
      summary: 'A notice prefilled from an outage (text, area, urgency), not saved',
      params: idParams,
      handler: ({ params }) => notices().draftFromOutage(params.id),
    }),
    route({
      method: 'post', path: '/api/outages/:id/notice', tag: 'notices', roles: HANDLERS, status: 201,
      summary: 'Compose a notice from an outage in one step (prefilled); it waits for the head\'s approval',
      params: idParams,
      handler: async ({ user, params }) => viewOf(await notices().composeFromOutage(noticeActor(user), params.id)),
    }),
    route({
      method: 'post', path: '/api/notices/:id/approve', tag: 'notices', roles: ['head'],
      summary: 'The head approves: the phones subscribed in the area are called, organizations there get the webhook; an urgent notice may be allowed to call outside the calling hours',
      params: idParams,
      body: z.strictObject({ allowOutsideCallingHours: z.boolean().default(false) }),
      handler: async ({ user, params, body }) => viewOf(await notices().approve(noticeActor(user), params.id, body)),
    }),
    route({
      method: 'post', path: '/api/notices/:id/reject', tag: 'notices', roles: ['head'],
      summary: 'The head rejects a notice awaiting approval',
      params: idParams,
      body: z.strictObject({ reason: z.string().trim().max(1000).default('') }),
      handler: async ({ user, params, body }) => viewOf(await notices().reject(noticeActor(user), params.id, body.reason)),
    }),
    route({
      method: 'post', path: '/api/notices/:id/stop', tag: 'notices', roles: HANDLERS,
      summary: 'Stop calling (calls under way finish); resume goes on where it stopped',
      params: idParams,
      handler: async ({ params }) => viewOf(await notices().stop(params.id)),
    }),
    route({
      method: 'post', path: '/api/notices/:id/resume', tag: 'notices', roles: HANDLERS,
      summary: 'Resume a stopped notice',
      params: idParams,
      handler: async ({ params }) => viewOf(await notices().resume(params.id)),
    }),
    route({
      method: 'get', path: '/api/notices/:id/report', tag: 'notices', roles: HANDLERS,
      summary: 'The notice\'s report: JSON, CSV (?format=csv) or an HTML page (?format=html); phones masked',
      params: idParams,
      query: z.object({ format: z.enum(['json', 'csv', 'html']).default('json') }),
      handler: ({ params, query, req, res }) => report(params.id, query.format, req, res),
    }),
    route({
      method: 'get', path: '/api/notice-subscriptions', tag: 'notices', roles: HANDLERS,
      summary: 'A phone\'s subscriptions to notices (the applicant\'s read is audited), and the address of their latest appeal',
      query: z.object({ phone, includeEnded: q.bool().optional() }),
      handler: async ({ actor, query }) => {
        const list = await subscriptions().listForPhone(query.phone, query.includeEnded ?? false);
        if (list.applicantId) await auditApplicantRead(actor, [list.applicantId], 'notice subscriptions');
        const latest = await subscriptions().latestAddressOf(list.phone);
        return { ...list, latestAddress: latest };
      },
    }),
    route({
      method: 'post', path: '/api/notice-subscriptions', tag: 'notices', roles: HANDLERS, status: 201,
      summary: 'Subscribe a phone (consent given to the dispatcher): to a street and building, to the address of the caller\'s latest appeal (fromLatestAppeal), or to the whole city',
      body: z.strictObject({
        phone,
        fromLatestAppeal: z.boolean().optional(),
        streetId: z.number().int().positive().nullish(),
        streetName: z.string().trim().max(255).nullish(),
        building: z.string().trim().max(20).nullish(),
      }),
      handler: async ({ user, body }) => {
        let target = { streetId: body.streetId ?? null, streetName: body.streetName ?? null, building: body.building ?? null };
        if (body.fromLatestAppeal) {
          const latest = await subscriptions().latestAddressOf((await subscriptions().listForPhone(body.phone)).phone);
          if (!latest) {
            throw new ValidationError('no_known_address', 'Адреса останнього звернення абонента невідома або її немає в довіднику вулиць', [{ field: 'fromLatestAppeal', message: 'Немає адреси' }]);
          }
          target = { streetId: latest.street?.id ?? null, streetName: null, building: latest.building };
        }
        const r = await subscriptions().subscribe({ phone: body.phone, ...target, channel: 'console', userId: user?.id ?? null });
        return { ...r.subscription, created: r.created };
      },
    }),
    route({
      method: 'post', path: '/api/notice-subscriptions/:id/unsubscribe', tag: 'notices', roles: HANDLERS,
      summary: 'End one subscription on the resident\'s request',
      params: idParams,
      handler: ({ user, params }) => subscriptions().unsubscribe(params.id, user?.id ?? null),
    }),
  ];
}
