import { DateTime } from 'luxon';
import { buildAppealStatusText } from '../../ivr/speech/appeal-status-text';

const ZONE = 'Europe/Kyiv';
const kyiv = (iso: string): Date => DateTime.fromISO(iso, { zone: ZONE }).toJSDate();
const clock = { now: kyiv('2026-12-01T10:00'), zone: ZONE };
const NUMBER_WORDS = 'дві тисячі двадцять шість, нуль нуль нуль, один два три';

describe('buildAppealStatusText', () => {
  test('in progress, with the deadline', () => {
    expect(buildAppealStatusText({ number: '2026-000123', status: 'in_progress', deadline: kyiv('2026-12-12T18:00') }, clock)).toBe(
      `Звернення номер ${NUMBER_WORDS} перебуває на виконанні. Термін виконання — до вісімнадцятої години дванадцятого грудня.`,
    );
  });

  test('a deadline at the end of a day is said as that day', () => {
    const at = (iso: string) =>
      buildAppealStatusText({ number: '2026-000123', status: 'assigned', deadline: kyiv(iso) }, clock).split('. ')[1];
    expect(at('2026-12-15T23:59:59')).toBe("Термін виконання — до кінця дня п'ятнадцятого грудня.");
    expect(at('2026-12-02T23:59:00')).toBe('Термін виконання — завтра до кінця дня.');
  });

  test('an overdue open appeal says the term has passed', () => {
    const text = buildAppealStatusText({ number: '2026-000123', status: 'returned', deadline: kyiv('2026-11-30T18:00') }, clock);
    expect(text).toBe(
      `Звернення номер ${NUMBER_WORDS} повернуте виконавцю на доопрацювання. Термін виконання минув вчора. Звернення перебуває на контролі.`,
    );
  });

  test.each([
    ['new', 'зареєстроване й очікує на призначення виконавця', true],
    ['assigned', 'передане виконавцю', true],
    ['done', 'виконане й очікує на ваше підтвердження', false],
    ['confirmed', 'виконане, виконання підтверджено', false],
    ['rejected', 'розглянуте й відхилене', false],
    ['duplicate', "об'єднане з раніше поданим зверненням з того самого питання", false],
  ] as const)('%s', (status, predicate, saysDeadline) => {
    const text = buildAppealStatusText({ number: '2026-000123', status, deadline: kyiv('2026-12-12T18:00') }, clock);
    expect(text.startsWith(`Звернення номер ${NUMBER_WORDS} ${predicate}.`)).toBe(true);
    expect(text.includes('Термін виконання')).toBe(saysDeadline);
  });
});
