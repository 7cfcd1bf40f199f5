import { ValidationError } from '../core/errors';
import type { AreaSpec, Street } from '../models';

/** The text people read and the IVR says for the whole city; outagesAtAddress matches it. */
export const WHOLE_CITY = 'усе місто';
export const AREA_TEXT_MAX = 1000;

type StreetRef = Pick<Street, 'name' | 'buildings'>;

// Names are compared as people type them: any case, extra spaces, any apostrophe sign.
const key = (name: string) => name.trim().toLowerCase().replace(/\s+/g, ' ').replace(/['’ʼ`]/g, '’');

const RANGE = /^\s*(\d{1,4})\s*[-–—]\s*(\d{1,4})\s*$/u;
// A house number as written on a building: 12, 12а, 12/2.
const HOUSE = /^(\d{1,4})[\p{L}]?(\/\d{1,3})?$/u;

function invalid(code: string, field: string, message: string): never {
  throw new ValidationError(code, message, [{ field, message }]);
}

/** Checks buildings against the street and returns them written one way: '1–15' or ['3', '5а']. */
function normalizeBuildings(b: string | string[], street: StreetRef, field: string): string | string[] {
  if (typeof b === 'string') {
    const m = RANGE.exec(b);
    if (!m) invalid('invalid_buildings', field, `Будинки вказуються як «з–по» (наприклад, 1–15) або списком: «${b}»`);
    const [from, to] = [Number(m[1]), Number(m[2])];
    if (from < 1 || to <= from) invalid('invalid_buildings', field, `Неправильний діапазон будинків: «${b}»`);
    if (to > street.buildings) invalid('unknown_building', field, `На вулиці «${street.name}» немає будинку № ${to}`);
    return `${from}–${to}`;
  }
  if (b.length === 0 || b.length > 200) invalid('invalid_buildings', field, 'Список будинків порожній або задовгий');
  const list = b.map((h) => h.trim().toLowerCase());
  for (const h of list) {
    const m = HOUSE.exec(h);
    if (!m) invalid('invalid_buildings', field, `Неправильний номер будинку: «${h}»`);
    if (Number(m[1]) < 1 || Number(m[1]) > street.buildings) invalid('unknown_building', field, `На вулиці «${street.name}» немає будинку № ${h}`);
  }
  if (new Set(list).size !== list.length) invalid('invalid_buildings', field, 'Будинки у списку повторюються');
  return list;
}

/**
 * Checks an area against the city's street list and writes it one canonical way (the street's
 * own name, buildings as '1–15' or a list). Unknown streets and buildings are refused here,
 * so the IVR never announces a place that does not exist.
 */
export function normalizeArea(spec: AreaSpec, streets: readonly StreetRef[]): AreaSpec {
  if ('wholeCity' in spec) return { wholeCity: true };
  if (spec.streets.length === 0) invalid('invalid_area', 'area', 'Вкажіть усе місто або хоча б одну вулицю');
  const known = new Map(streets.map((s) => [key(s.name), s]));
  const seen = new Set<string>();
  const out = spec.streets.map((entry, i) => {
    const street = known.get(key(entry.name));
    if (!street) invalid('unknown_street', `area.streets.${i}.name`, `Невідома вулиця: «${entry.name}». Оберіть вулицю з довідника міста`);
    if (seen.has(street.name)) invalid('invalid_area', `area.streets.${i}.name`, `Вулиця «${street.name}» указана двічі`);
    seen.add(street.name);
    return entry.buildings === undefined
      ? { name: street.name }
      : { name: street.name, buildings: normalizeBuildings(entry.buildings, street, `area.streets.${i}.buildings`) };
  });
  const area = { streets: out };
  if (areaText(area).length > AREA_TEXT_MAX) invalid('invalid_area', 'area', 'Опис території задовгий: розділіть відключення на кілька');
  return area;
}

/** The area as a person says it: 'вулиця Шевченка, будинки 1–15; бульвар Миру, будинок 3'. */
export function areaText(spec: AreaSpec): string {
  if ('wholeCity' in spec) return WHOLE_CITY;
  return spec.streets
    .map(({ name, buildings }) => {
      if (buildings === undefined) return name;
      if (typeof buildings === 'string') return `${name}, будинки ${buildings}`;
      return `${name}, ${buildings.length === 1 ? 'будинок' : 'будинки'} ${buildings.join(', ')}`;
    })
    .join('; ');
}
