import { DateTime } from 'luxon';
import {
  buildOutageAnnouncement, buildOutagesAnnouncement, OutageAnnouncementInput, speakableArea,
} from '../../ivr/speech/outage-text';

const ZONE = 'Europe/Kyiv';
const kyiv = (iso: string): Date => DateTime.fromISO(iso, { zone: ZONE }).toJSDate();
const clock = { now: kyiv('2026-12-12T10:00'), zone: ZONE };

const coldWater: OutageAnnouncementInput = {
  utility: 'cold_water',
  kind: 'emergency',
  area: 'вулиця Шевченка',
  startsAt: kyiv('2026-12-12T08:00'),
  endsAt: kyiv('2026-12-13T18:00'),
  reason: 'пошкодження водогону',
};

describe('buildOutageAnnouncement', () => {
  test('emergency across two days, with a reason', () => {
    expect(buildOutageAnnouncement(coldWater, clock)).toBe(
      'Аварійне відключення холодного водопостачання: вулиця Шевченка. ' +
        'З восьмої години сьогодні до вісімнадцятої години завтра. Причина: пошкодження водогону.',
    );
  });

  test('planned, within one day, no reason', () => {
    const text = buildOutageAnnouncement(
      {
        utility: 'electricity', kind: 'planned', area: 'усе місто',
        startsAt: kyiv('2026-12-15T09:00'), endsAt: kyiv('2026-12-15T17:30'),
      },
      clock,
    );
    expect(text).toBe(
      'Планове відключення електропостачання: усе місто. П\'ятнадцятого грудня з дев\'ятої години до сімнадцятої тридцять.',
    );
  });

  test('no end time: restoration is being clarified', () => {
    const text = buildOutageAnnouncement({ ...coldWater, utility: 'heating', endsAt: null, reason: undefined }, clock);
    expect(text).toBe('Аварійне відключення опалення: вулиця Шевченка. З восьмої години сьогодні. Час відновлення уточнюється.');
  });

  test('every utility has its own words; "other" names none', () => {
    const say = (utility: OutageAnnouncementInput['utility']) =>
      buildOutageAnnouncement({ ...coldWater, utility, reason: undefined }, clock).split(':')[0];
    expect(say('hot_water')).toBe('Аварійне відключення гарячого водопостачання');
    expect(say('gas')).toBe('Аварійне відключення газопостачання');
    expect(say('other')).toBe('Аварійне відключення');
  });

  test('an outage that began earlier says when, and a reason keeps its own full stop', () => {
    const text = buildOutageAnnouncement(
      { ...coldWater, startsAt: kyiv('2026-12-10T07:00'), endsAt: kyiv('2026-12-20T20:00'), reason: 'ремонт мережі.' },
      clock,
    );
    expect(text).toContain('З сьомої години десятого грудня до двадцятої години двадцятого грудня.');
    expect(text).toMatch(/Причина: ремонт мережі\.$/);
  });

  test('house ranges are made speakable', () => {
    const text = buildOutageAnnouncement({ ...coldWater, area: 'вулиця Шевченка, будинки 1–15' }, clock);
    expect(text).toContain('вулиця Шевченка, будинки з першого по п\'ятнадцятий.');
  });
});

test('speakableArea leaves what is not a house range alone', () => {
  expect(speakableArea('будинки 2-4, 7')).toBe('будинки з другого по четвертий, 7');
  expect(speakableArea('будинок 12а')).toBe('будинок 12а');
  expect(speakableArea('будинки 12а–14')).toBe('будинки 12а–14');
  expect(speakableArea('будинки 15–3')).toBe('будинки 15–3');
});

describe('buildOutagesAnnouncement', () => {
  test('none → empty string', () => {
    expect(buildOutagesAnnouncement([], clock)).toBe('');
  });

  test('one → a warning and the outage', () => {
    expect(buildOutagesAnnouncement([coldWater], clock)).toBe(`Увага! ${buildOutageAnnouncement(coldWater, clock)}`);
  });

  test('several → intro with the count, emergencies first, then by start', () => {
    const planned: OutageAnnouncementInput = {
      utility: 'gas', kind: 'planned', area: 'провулок Тихий',
      startsAt: kyiv('2026-12-12T07:00'), endsAt: kyiv('2026-12-12T12:00'),
    };
    const laterEmergency: OutageAnnouncementInput = { ...coldWater, utility: 'electricity', startsAt: kyiv('2026-12-12T09:00') };
    const text = buildOutagesAnnouncement([planned, laterEmergency, coldWater], clock);
    expect(text.startsWith('Увага! Діють три відключення. ')).toBe(true);
    const order = ['холодного водопостачання', 'електропостачання', 'газопостачання'].map((w) => text.indexOf(w));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  test('the verb and noun agree with the count', () => {
    const many = (n: number) => buildOutagesAnnouncement(Array.from({ length: n }, () => coldWater), clock).split('. ')[0];
    expect(many(2)).toBe('Увага! Діють два відключення');
    expect(many(5)).toBe("Увага! Діють п'ять відключень");
    expect(many(11)).toBe('Увага! Діють одинадцять відключень');
    expect(many(21)).toBe('Увага! Діє двадцять одне відключення');
  });
});
