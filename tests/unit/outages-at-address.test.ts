import { outagesAtAddress, houseOf, streetOf } from '../../outages/outages-at-address';
import type { AreaSpec } from '../../models';

const outage = (id: string, areaSpec: AreaSpec | null, area = '') => ({ id, area, areaSpec });

describe('which outages touch an address', () => {
  const outages = [
    outage('range', { streets: [{ name: 'вулиця Тараса Шевченка', buildings: '1–15' }] }),
    outage('list', { streets: [{ name: 'бульвар Миру', buildings: ['3', '5а'] }] }),
    outage('street', { streets: [{ name: 'проспект Незалежності' }, { name: 'площа Соборна', buildings: '2–4' }] }),
    outage('city', { wholeCity: true }),
    outage('legacy', null, 'вулиця Лесі Українки, будинки 2–8'),
  ];
  const at = (address: string | null) => outagesAtAddress(outages, address).map((o) => o.id).sort();

  test.each([
    ['вул. Тараса Шевченка, 5', ['city', 'range']],
    ['вул. Шевченка, 15, кв. 7', ['city', 'range']],
    ['вулиця Шевченка, 16', ['city']],
    ['Шевченка 1', ['city', 'range']],
    ['бульв. Миру, 5А', ['city', 'list']],
    ['бульвар Миру, 5', ['city']],
    ['бульвар Миру, буд. 3', ['city', 'list']],
    ['просп. Незалежності, 40', ['city', 'street']],
    ['пл. Соборна, 5', ['city']],
    ['вул. Лесі Українки, 30', ['city', 'legacy']],
    ['вул. Садова, 1', ['city']],
  ])('%s → %j', (address, expected) => {
    expect(at(address)).toEqual(expected);
  });

  test('an address without a house number may be in any building of the street', () => {
    expect(at('вул. Шевченка')).toEqual(['city', 'range']);
  });

  test('no address: only what touches the whole city', () => {
    expect(at(null)).toEqual(['city']);
    expect(outagesAtAddress([outage('old-city', null, 'усе місто')], null).map((o) => o.id)).toEqual(['old-city']);
  });

  test('street and house are read the ways residents write them', () => {
    expect(streetOf('вул. Тараса Шевченка, 5, кв. 2')).toBe('тараса шевченка');
    expect(houseOf('вул. Тараса Шевченка, 5А, кв. 2')).toBe('5а');
    expect(houseOf('шевченка 12/2')).toBe('12/2');
    expect(houseOf('вул. Шевченка, будинок 7')).toBe('7');
    expect(houseOf('вул. Шевченка')).toBeNull();
  });
});
