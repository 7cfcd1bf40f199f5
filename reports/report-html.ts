import type { ReportFigures } from './figures';
import { escapeHtml as e } from './html-escape';
import { barChart } from './svg-bars';
import { generatedForPeople, reportTitle } from './report-title';
import { APPEAL_LEGEND, CALL_LEGEND, RATING_LEGEND } from './labels';

/**
 * The report's stylesheet, served beside it (GET /api/reports/report.css) rather than inline: the
 * page then renders under the console's policy (style-src 'self') too, where an inline <style>
 * would be refused. Without it the page still reads: the charts carry their colours and sizes as
 * SVG attributes.
 */
export const REPORT_STYLESHEET = [
  'body{font-family:system-ui,sans-serif;margin:24px;color:#222;background:#fff}',
  'h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ccc}',
  'table{border-collapse:collapse;margin:.5rem 0 1rem}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}',
  'td.n,th.n{text-align:right}.muted{color:#666}.chart{display:block;max-width:100%;height:auto;margin:.5rem 0}',
  '@media print{.chart{break-inside:avoid}}',
].join('\n');

/** The policy the HTML report is served with: its own origin's stylesheet, no scripts at all. */
export const REPORT_CSP = ["default-src 'none'", "style-src 'self'", "img-src 'none'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'"].join('; ');

const fmt = (n: number | null, suffix = '') => (n == null ? '—' : `${Number.isInteger(n) ? n : n.toFixed(1).replace('.', ',')}${suffix}`);

function table(head: string[], rows: Array<Array<string | number | null>>, numeric: boolean[] = []): string {
  const cell = (tag: 'td' | 'th', v: string | number | null, i: number) =>
    `<${tag}${numeric[i] ? ' class="n"' : ''}>${e(typeof v === 'number' || v == null ? fmt(v as number | null) : v)}</${tag}>`;
  return (
    `<table><thead><tr>${head.map((h, i) => cell('th', h, i)).join('')}</tr></thead>` +
    `<tbody>${rows.map((r) => `<tr>${r.map((v, i) => cell('td', v, i)).join('')}</tr>`).join('')}</tbody></table>`
  );
}

const legend = (lines: string[]) => `<ul class="muted">${lines.map((l) => `<li>${e(l)}</li>`).join('')}</ul>`;

/** The report as one self-contained page for the head: tables, inline SVG charts, the legend. */
/**
 * `stylesheetUrl` is absolute: a console opens the page from a blob: URL, against which a
 * relative link would not resolve.
 */
export function reportHtml(f: ReportFigures, o: { stylesheetUrl: string }): string {
  const a = f.appeals;
  const c = f.calls;
  const title = reportTitle(f.period);
  const generated = generatedForPeople(f.generatedAt, f.period.timeZone);
  const yes = [false, true, true, true, true, true, true];

  const appeals =
    `<section><h2>Звернення</h2>` +
    table(['Показник', 'Значення'], [
      ['Надійшло', a.received], ['З них повторних', a.repeated], ['Строк виконання у періоді', a.due],
      ['Виконано вчасно', a.closedInTime], ['Прострочено', a.overdue], ['Повернуто на доопрацювання', a.returned],
      ['Підтверджено виконання', a.confirmed], ['Частка підтверджень, %', a.confirmationRatePercent],
    ], yes) +
    `<h3>За каналами</h3>` + barChart(a.byChannel.map((x) => ({ label: x.label, value: x.count })), { title: 'Звернення за каналами' }) +
    `<h3>За категоріями</h3>` + barChart(a.byCategory.map((x) => ({ label: x.label, value: x.count })), { title: 'Звернення за категоріями (15 найчастіших)', limit: 15 }) +
    table(['Категорія', 'Надійшло'], a.byCategory.map((x) => [x.label, x.count]), yes) +
    `<h3>За виконавцями</h3>` + barChart(a.byExecutor.map((x) => ({ label: x.label, value: x.count })), { title: 'Звернення за виконавцями', color: '#5b8c3a' }) +
    table(['Виконавець', 'Надійшло'], a.byExecutor.map((x) => [x.label, x.count]), yes) +
    legend(APPEAL_LEGEND) + `</section>`;

  const calls =
    `<section><h2>Дзвінки</h2>` +
    table(['Показник', 'Значення'], [
      ['Надійшло до черги', c.offered], ['Прийнято', c.answered], ['Втрачено', c.abandoned],
      ['Прийнято протягом 20 с', c.answeredWithin20s], ['Рівень обслуговування, %', c.serviceLevelPercent], ['Середнє очікування, с', c.averageWaitSeconds],
    ], yes) +
    barChart([
      { label: 'Прийнято протягом 20 с', value: c.answeredWithin20s },
      { label: 'Прийнято пізніше', value: c.answered - c.answeredWithin20s },
      { label: 'Втрачено', value: c.abandoned },
    ], { title: 'Дзвінки до черги', color: '#8a5bb3', max: c.offered }) +
    `<h3>Диспетчери</h3>` + barChart(c.byDispatcher.map((d) => ({ label: d.name, value: d.answered })), { title: 'Прийняті дзвінки за диспетчерами', color: '#8a5bb3' }) +
    table(['Диспетчер', 'Прийнято дзвінків', 'Середня розмова, с'], c.byDispatcher.map((d) => [d.name, d.answered, d.averageTalkSeconds]), yes) +
    legend(CALL_LEGEND) + `</section>`;

  const executors =
    `<section><h2>Рейтинг виконавців</h2>` +
    barChart(f.executors.filter((x) => x.rating != null).map((x) => ({ label: x.name, value: x.rating!, text: fmt(x.rating) })), { title: 'Рейтинг виконавців (0–100)', color: '#c07a1a', max: 100 }) +
    table(['Виконавець', 'До строку', 'Вчасно', 'Підтверджено', 'Повернуто', 'Прострочено', 'Рейтинг'],
      f.executors.map((x) => [x.name, x.due, x.inTime, x.confirmed, x.returned, x.overdue, x.rating]), yes) +
    `<h3>Як обчислено рейтинг</h3>` + legend(RATING_LEGEND) + `</section>`;

  return (
    `<!doctype html><html lang="uk"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"><title>${e(title)}</title><link rel="stylesheet" href="${e(o.stylesheetUrl)}"></head>` +
    `<body><main class="report"><h1>${e(title)}</h1>` +
    `<p class="muted">Сформовано ${e(generated)} за місцевим часом; дні періоду — теж за місцевим часом.</p>` +
    appeals + calls + executors + `</main></body></html>`
  );
}
