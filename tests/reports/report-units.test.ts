import { appealFigures, callFigures, executorFigures, rating, Names } from '../../reports/figures';
import { toCsv } from '../../reports/csv';
import { periodOf, yesterdayIn } from '../../reports/period';
import { barChart } from '../../reports/svg-bars';
import { dailyCron } from '../../jobs/daily-report';
import { ValidationError } from '../../core/errors';
import { readCsv } from './csv-reader';

const names: Names = {
  categories: new Map([[1, 'Вода'], [2, 'Тепло']]),
  organizations: new Map([[10, 'Водоканал'], [20, 'Тепломережа']]),
  users: new Map([[7, 'Олена']]),
};

describe('figures from rows', () => {
  test('appeals: totals, every channel listed, confirmation rate of verification outcomes', () => {
    const f = appealFigures(
      [
        { channel: 'phone', categoryId: 1, executorId: 10, count: 3, repeated: 1 },
        { channel: 'phone', categoryId: 2, executorId: null, count: 2, repeated: 0 },
        { channel: 'cctv', categoryId: 1, executorId: 10, count: 1, repeated: 1 },
      ],
      [{ executorId: 10, due: 4, inTime: 3, overdue: 1, confirmed: 2, returned: 1 }, { executorId: null, due: 1, inTime: 0, overdue: 1, confirmed: 0, returned: 0 }],
      [{ toStatus: 'confirmed', count: 2 }, { toStatus: 'returned', count: 1 }],
      names,
    );
    expect(f).toMatchObject({ received: 6, repeated: 2, due: 5, closedInTime: 3, overdue: 2, confirmed: 2, returned: 1, confirmationRatePercent: 66.7 });
    expect(f.byChannel).toEqual([
      { key: 'phone', label: 'Телефон', count: 5 }, { key: 'online', label: 'Онлайн', count: 0 }, { key: 'open311', label: 'Зовнішні системи', count: 0 },
      { key: 'cctv', label: 'Відеонагляд', count: 1 }, { key: 'dispatcher', label: 'Диспетчер', count: 0 },
      { key: 'web', label: 'Сайт для мешканців', count: 0 },
    ]);
    expect(f.byCategory).toEqual([{ key: '1', label: 'Вода', count: 4 }, { key: '2', label: 'Тепло', count: 2 }]);
    expect(f.byExecutor).toEqual([{ key: '10', label: 'Водоканал', count: 4 }, { key: 'none', label: 'Без виконавця', count: 2 }]);
    expect(appealFigures([], [], [], names).confirmationRatePercent).toBeNull();
  });

  test('calls: service level over offered, average wait of answered calls, dispatchers by name only', () => {
    const f = callFigures(
      [
        { dispatcherUserId: 7, disposition: 'answered', count: 3, within20: 2, waitSum: 45, waitCount: 3, talkSum: 300, talkCount: 3 },
        { dispatcherUserId: null, disposition: 'answered', count: 1, within20: 1, waitSum: 5, waitCount: 1, talkSum: 0, talkCount: 0 },
        { dispatcherUserId: null, disposition: 'abandoned', count: 2, within20: 2, waitSum: 10, waitCount: 2, talkSum: 0, talkCount: 0 },
      ],
      names,
    );
    expect(f).toEqual({
      offered: 6, answered: 4, abandoned: 2, answeredWithin20s: 3, serviceLevelPercent: 50, averageWaitSeconds: 12.5,
      byDispatcher: [{ userId: 7, name: 'Олена', answered: 3, averageTalkSeconds: 100 }, { userId: null, name: 'Диспетчер не визначений', answered: 1, averageTalkSeconds: null }],
    });
    expect(callFigures([], names)).toMatchObject({ offered: 0, serviceLevelPercent: null, averageWaitSeconds: null, byDispatcher: [] });
  });

  test('rating = 100 × in time × confirmed × not returned (shares of the due), best first, none without due', () => {
    expect(rating({ due: 4, inTime: 3, confirmed: 2, returned: 1 })).toBe(28.1); // 100 × .75 × .5 × .75
    expect(rating({ due: 2, inTime: 2, confirmed: 2, returned: 0 })).toBe(100);
    expect(rating({ due: 0, inTime: 0, confirmed: 0, returned: 0 })).toBeNull();
    const list = executorFigures(
      [
        { executorId: 10, due: 4, inTime: 3, overdue: 1, confirmed: 2, returned: 1 },
        { executorId: 20, due: 2, inTime: 2, overdue: 0, confirmed: 2, returned: 0 },
        { executorId: null, due: 3, inTime: 0, overdue: 3, confirmed: 0, returned: 0 },
      ],
      names,
    );
    expect(list.map((e) => [e.name, e.rating])).toEqual([['Тепломережа', 100], ['Водоканал', 28.1]]);
  });
});

describe('CSV', () => {
  test('BOM, ";" and CRLF; quotes only where needed; decimal commas; formulas neutralised; round trip', () => {
    const csv = toCsv([['Назва', 'Число'], ['Вода; "гаряча"', 12.5], ['рядок\nдругий', 3], ['=1+2', null]]);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.slice(1)).toBe('Назва;Число\r\n"Вода; ""гаряча""";12,5\r\n"рядок\nдругий";3\r\n\'=1+2;\r\n');
    expect(readCsv(csv.slice(1))).toEqual([['Назва', 'Число'], ['Вода; "гаряча"', '12,5'], ['рядок\nдругий', '3'], ["'=1+2", '']]);
  });
});

describe('periods in the city zone', () => {
  const hours = (p: { startUtc: Date; endUtc: Date }) => (p.endUtc.getTime() - p.startUtc.getTime()) / 3_600_000;

  test('days are 24 h, and 23 h / 25 h on the DST changes', () => {
    expect(periodOf('2026-03-03', '2026-03-03', 'Europe/Kyiv')).toMatchObject({ startUtc: new Date('2026-03-02T22:00:00Z'), endUtc: new Date('2026-03-03T22:00:00Z') });
    expect(hours(periodOf('2026-03-29', '2026-03-29', 'Europe/Kyiv'))).toBe(23);
    expect(hours(periodOf('2026-10-25', '2026-10-25', 'Europe/Kyiv'))).toBe(25);
    expect(periodOf('2026-10-25', '2026-10-25', 'Europe/Kyiv').endUtc).toEqual(new Date('2026-10-25T22:00:00Z'));
  });

  test('bad input is a ValidationError with a Ukrainian message', () => {
    for (const [from, to, code] of [['2026-02-29', '2026-03-01', 'invalid_date'], ['', '2026-03-01', 'invalid_date'], ['2026-03-02', '2026-03-01', 'invalid_period'], ['2024-01-01', '2025-01-01', 'period_too_long']]) {
      let caught: unknown;
      try {
        periodOf(from, to, 'Europe/Kyiv');
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(ValidationError);
      expect((caught as ValidationError).code).toBe(code);
      expect((caught as ValidationError).message).toMatch(/[а-яіїєґ]/i);
    }
    expect(periodOf('2024-01-01', '2024-12-31', 'Europe/Kyiv').to).toBe('2024-12-31');
  });

  test('yesterday is the city\'s, and the cron expression comes from DAILY_REPORT_TIME', () => {
    expect(yesterdayIn(new Date('2026-03-04T06:00:00Z'), 'Europe/Kyiv')).toBe('2026-03-03');
    expect(yesterdayIn(new Date('2026-03-04T22:30:00Z'), 'Europe/Kyiv')).toBe('2026-03-04');
    expect(dailyCron('08:00')).toBe('0 8 * * *');
    expect(dailyCron('07:45')).toBe('45 7 * * *');
  });
});

describe('SVG bar chart', () => {
  test('escapes labels, carries only presentation attributes, and scales bars to the largest value', () => {
    const svg = barChart([{ label: '<script>alert(1)</script>', value: 10 }, { label: 'Друга', value: 5 }], { title: 'Графік "1"' });
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(svg).toContain('aria-label="Графік &quot;1&quot;"');
    expect(svg).not.toMatch(/\sstyle=/);
    const widths = [...svg.matchAll(/<rect [^>]*width="(\d+)"/g)].map((m) => Number(m[1]));
    expect(widths).toHaveLength(2);
    expect(widths[0]).toBe(2 * widths[1]);
    expect(barChart([], { title: 'Порожньо' })).toContain('Немає даних');
  });
});
