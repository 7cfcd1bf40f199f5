import { NoticeCall, type Notice } from '../models';
import type { NoticeCallStatus, NoticeAttemptResult } from '../models/notice';
import { maskPhone } from '../core/logger';
import { toCsv, type CsvValue } from '../reports/csv';
import { escapeHtml as e } from '../reports/html-escape';
import { barChart } from '../reports/svg-bars';
import { generatedForPeople } from '../reports/report-title';
import { ATTEMPT_RESULT_NAMES, CALL_STATUS_NAMES, NOTICE_STATUS_NAMES, type NoticeProgress } from './notice-rules';
import { DateTime } from 'luxon';

/** The final report of a notice: the counts by progress category and every phone (masked) with its attempts. */
export interface NoticeReport {
  notice: { id: number; text: string; area: string; urgent: boolean; status: string; approvedAt: string | null; finishedAt: string | null };
  progress: NoticeProgress;
  calls: Array<{ phone: string; status: NoticeCallStatus; statusName: string; attempts: number; repeats: number; lastResult: string | null; lastAttemptAt: string | null }>;
  generatedAt: string;
  timeZone: string;
}

const ORDER: NoticeCallStatus[] = ['listened', 'hung_up', 'unanswered', 'failed', 'unsubscribed', 'queued', 'calling'];

export async function noticeReport(notice: Notice, progress: NoticeProgress, now: Date, timeZone: string): Promise<NoticeReport> {
  const rows = await NoticeCall.findAll({ where: { noticeId: notice.id }, order: [['id', 'ASC']], raw: true });
  return {
    notice: {
      id: notice.id, text: notice.text, area: notice.area, urgent: notice.urgent, status: NOTICE_STATUS_NAMES[notice.status],
      approvedAt: notice.approvedAt?.toISOString() ?? null, finishedAt: notice.finishedAt?.toISOString() ?? null,
    },
    progress,
    // Phones are personal data: the report names them masked, as the logs do.
    calls: rows.map((r) => ({
      phone: maskPhone(r.phone), status: r.status, statusName: CALL_STATUS_NAMES[r.status], attempts: r.attempts, repeats: r.repeats,
      lastResult: r.lastResult ? ATTEMPT_RESULT_NAMES[r.lastResult as NoticeAttemptResult] : null,
      lastAttemptAt: r.lastAttemptAt ? new Date(r.lastAttemptAt).toISOString() : null,
    })),
    generatedAt: now.toISOString(),
    timeZone,
  };
}

const local = (iso: string | null, zone: string) => (iso ? DateTime.fromISO(iso).setZone(zone).toFormat('dd.MM.yyyy HH:mm') : '—');

export function noticeReportCsv(r: NoticeReport): string {
  const rows: CsvValue[][] = [
    [`Оповіщення № ${r.notice.id}`], ['Текст', r.notice.text], ['Територія', r.notice.area], ['Терміновість', r.notice.urgent ? 'термінове' : 'звичайне'],
    ['Стан', r.notice.status], ['Затверджено', local(r.notice.approvedAt, r.timeZone)], ['Завершено', local(r.notice.finishedAt, r.timeZone)], [],
    ['Результат', 'Телефонів'], ...ORDER.map((s) => [CALL_STATUS_NAMES[s], r.progress[s]]), ['Усього', r.progress.total], [],
    ['Телефон', 'Результат', 'Спроб', 'Повторів (1)', 'Остання спроба', 'Час останньої спроби'],
    ...r.calls.map((c) => [c.phone, c.statusName, c.attempts, c.repeats, c.lastResult ?? '', local(c.lastAttemptAt, r.timeZone)]),
  ];
  return toCsv(rows);
}

export function noticeReportHtml(r: NoticeReport, o: { stylesheetUrl: string }): string {
  const title = `Звіт про оповіщення № ${r.notice.id}`;
  const cell = (v: string | number, n = false) => `<td${n ? ' class="n"' : ''}>${e(v)}</td>`;
  return '<!doctype html><html lang="uk"><head><meta charset="utf-8">' +
    `<title>${e(title)}</title><link rel="stylesheet" href="${e(o.stylesheetUrl)}"></head><body>` +
    `<h1>${e(title)}</h1><p class="muted">Сформовано ${e(generatedForPeople(r.generatedAt, r.timeZone))}</p>` +
    `<table><tbody><tr><th>Текст</th>${cell(r.notice.text)}</tr><tr><th>Територія</th>${cell(r.notice.area)}</tr>` +
    `<tr><th>Терміновість</th>${cell(r.notice.urgent ? 'термінове' : 'звичайне')}</tr><tr><th>Стан</th>${cell(r.notice.status)}</tr>` +
    `<tr><th>Затверджено</th>${cell(local(r.notice.approvedAt, r.timeZone))}</tr><tr><th>Завершено</th>${cell(local(r.notice.finishedAt, r.timeZone))}</tr></tbody></table>` +
    '<h2>Результати</h2>' +
    barChart(ORDER.map((s) => ({ label: CALL_STATUS_NAMES[s], value: r.progress[s] })), { title: 'Телефони за результатом' }) +
    `<table><thead><tr><th>Результат</th><th class="n">Телефонів</th></tr></thead><tbody>${ORDER.map((s) => `<tr>${cell(CALL_STATUS_NAMES[s])}${cell(r.progress[s], true)}</tr>`).join('')}` +
    `<tr><th>Усього</th>${cell(r.progress.total, true)}</tr></tbody></table>` +
    '<h2>Телефони</h2><table><thead><tr><th>Телефон</th><th>Результат</th><th class="n">Спроб</th><th class="n">Повторів</th><th>Остання спроба</th><th>Час</th></tr></thead><tbody>' +
    r.calls.map((c) => `<tr>${cell(c.phone)}${cell(c.statusName)}${cell(c.attempts, true)}${cell(c.repeats, true)}${cell(c.lastResult ?? '—')}${cell(local(c.lastAttemptAt, r.timeZone))}</tr>`).join('') +
    '</tbody></table><p class="muted">Номери телефонів у звіті приховано частково (персональні дані).</p></body></html>';
}
