import type { Request, Response } from 'express';
import { z } from 'zod';
import type { ApiDeps } from '../deps';
import { route } from '../route-table';
import { q } from '../validation';
import { ValidationError } from '../../core/errors';
import { ReportService } from '../../reports/report-service';
import type { ReportFigures } from '../../reports/figures';
import { reportCsv } from '../../reports/report-csv';
import { reportHtml, REPORT_CSP, REPORT_STYLESHEET } from '../../reports/report-html';
import { yesterdayIn } from '../../reports/period';
import { reportFileName } from '../../reports/report-title';

const FORMATS = ['json', 'csv', 'html'] as const;
type Format = (typeof FORMATS)[number];

const READERS = ['admin', 'head'] as const;
const formatQuery = z.enum(FORMATS).optional();

export const REPORT_STYLESHEET_PATH = '/api/reports/report.css';

/** Writes a report as CSV or HTML; JSON is left to the route table (returns the body). */
function render(req: Request, res: Response, figures: ReportFigures, format: Format, extra: Record<string, unknown> = {}): unknown {
  res.setHeader('Cache-Control', 'no-store');
  if (format === 'csv') {
    res.status(200)
      .type('text/csv; charset=utf-8')
      .setHeader('Content-Disposition', `attachment; filename="${reportFileName(figures.period, 'csv')}"`);
    res.send(reportCsv(figures));
    return undefined;
  }
  if (format === 'html') {
    res.status(200)
      .type('text/html; charset=utf-8')
      .setHeader('Content-Security-Policy', REPORT_CSP);
    res.setHeader('Content-Disposition', `inline; filename="${reportFileName(figures.period, 'html')}"`);
    res.send(reportHtml(figures, { stylesheetUrl: `${req.protocol}://${req.get('host') ?? 'localhost'}${REPORT_STYLESHEET_PATH}` }));
    return undefined;
  }
  return { ...figures, ...extra };
}

/** `2026-03-09`, `2026-03-09.csv` or `2026-03-09.html`: the suffix picks the format unless ?format= does. */
function splitSuffix(value: string): { date: string; format: Format | undefined } {
  const m = /^(.*)\.(csv|html|json)$/.exec(value);
  return m ? { date: m[1], format: m[2] as Format } : { date: value, format: undefined };
}

export function reportRoutes(deps: ApiDeps) {
  const reports = new ReportService({ db: deps.db, timeZone: deps.config.CITY_TIME_ZONE });
  const rangeQuery = z.object({ from: z.string().optional(), to: z.string().optional(), format: formatQuery });
  const range = async (query: z.infer<typeof rangeQuery>, req: Request, res: Response, format: Format) => {
    const period = reports.period(query.from, query.to);
    return render(req, res, await reports.compute(period, deps.clock.now()), format);
  };
  return [
    route({
      method: 'get', path: REPORT_STYLESHEET_PATH, tag: 'reports', roles: 'public',
      summary: 'The stylesheet of the HTML reports (no data)',
      handler: ({ res }) => {
        res.setHeader('Cache-Control', 'public, max-age=3600');
        res.status(200).type('text/css; charset=utf-8').send(REPORT_STYLESHEET);
      },
    }),
    route({
      method: 'get', path: '/api/reports', tag: 'reports', roles: READERS,
      summary: 'Stored reports (the daily ones), newest first',
      query: z.object({ page: q.int().default(1), pageSize: q.int().max(400).default(100) }),
      handler: async ({ query }) => ({ ...(await reports.list(query.page, query.pageSize)), page: query.page, pageSize: query.pageSize }),
    }),
    route({
      method: 'get', path: '/api/reports/daily/:date', tag: 'reports', roles: READERS,
      summary: 'A day\'s report (YYYY-MM-DD or "yesterday"; the stored one, or computed now): JSON, CSV (.csv or ?format=csv) or an HTML page (?format=html)',
      params: z.object({ date: z.string() }),
      query: z.object({ format: formatQuery }),
      handler: async ({ params, query, req, res }) => {
        const split = splitSuffix(params.date);
        const suffix = split.format;
        // "yesterday" (city time) lets the console link to the latest daily report without a calendar.
        const date = split.date === 'yesterday' ? yesterdayIn(deps.clock.now(), deps.config.CITY_TIME_ZONE) : split.date;
        if (suffix && query.format && suffix !== query.format) {
          throw new ValidationError('format_conflict', 'Формат у назві й у параметрі format різні', [{ field: 'format', message: 'Оберіть один формат' }]);
        }
        const daily = await reports.daily(date, deps.clock.now());
        return render(req, res, daily.figures, query.format ?? suffix ?? 'json', { stored: daily.stored });
      },
    }),
    route({
      method: 'get', path: '/api/reports/range', tag: 'reports', roles: READERS,
      summary: 'A report for any period of city-local dates (from ≤ to, at most 366 days), computed on request',
      query: rangeQuery,
      handler: ({ query, req, res }) => range(query, req, res, query.format ?? 'json'),
    }),
    route({
      method: 'get', path: '/api/reports/range.csv', tag: 'reports', roles: READERS,
      summary: 'The same period report as CSV (UTF-8 with BOM, ";" separated)',
      query: rangeQuery,
      handler: ({ query, req, res }) => range(query, req, res, 'csv'),
    }),
  ];
}
