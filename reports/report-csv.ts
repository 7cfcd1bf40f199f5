import type { ReportFigures } from './figures';
import { toCsv, CsvValue } from './csv';
import { generatedForPeople, reportTitle } from './report-title';
import { APPEAL_LEGEND, CALL_LEGEND, RATING_LEGEND } from './labels';

/** A report as one CSV sheet: sections one under another, each with its own header row. */
export function reportCsv(f: ReportFigures): string {
  const a = f.appeals;
  const c = f.calls;
  const rows: CsvValue[][] = [
    [reportTitle(f.period)],
    ['Сформовано', generatedForPeople(f.generatedAt, f.period.timeZone), `Часовий пояс: ${f.period.timeZone}`],
    [],
    ['Звернення', 'Значення'],
    ['Надійшло', a.received],
    ['З них повторних', a.repeated],
    ['Строк виконання у періоді', a.due],
    ['Виконано вчасно', a.closedInTime],
    ['Прострочено', a.overdue],
    ['Повернуто на доопрацювання', a.returned],
    ['Підтверджено виконання', a.confirmed],
    ['Частка підтверджень, %', a.confirmationRatePercent],
    [],
    ['Канал', 'Надійшло'],
    ...a.byChannel.map((x) => [x.label, x.count]),
    [],
    ['Категорія', 'Надійшло'],
    ...a.byCategory.map((x) => [x.label, x.count]),
    [],
    ['Виконавець', 'Надійшло'],
    ...a.byExecutor.map((x) => [x.label, x.count]),
    [],
    ['Дзвінки', 'Значення'],
    ['Надійшло до черги', c.offered],
    ['Прийнято', c.answered],
    ['Втрачено', c.abandoned],
    ['Прийнято протягом 20 с', c.answeredWithin20s],
    ['Рівень обслуговування, %', c.serviceLevelPercent],
    ['Середнє очікування, с', c.averageWaitSeconds],
    [],
    ['Диспетчер', 'Прийнято дзвінків', 'Середня розмова, с'],
    ...c.byDispatcher.map((d) => [d.name, d.answered, d.averageTalkSeconds]),
    [],
    ['Виконавець', 'До строку', 'Вчасно', 'Підтверджено', 'Повернуто', 'Прострочено', 'Рейтинг'],
    ...f.executors.map((e) => [e.name, e.due, e.inTime, e.confirmed, e.returned, e.overdue, e.rating]),
    [],
    ['Пояснення'],
    ...[...APPEAL_LEGEND, ...CALL_LEGEND, ...RATING_LEGEND].map((line) => [line]),
  ];
  return toCsv(rows);
}
