import type { Outage } from '../models';

// Street-type words as people write them, full and abbreviated, so "вул. Шевченка, 5" and
// "вулиця Шевченка, будинки 1–15" meet on "шевченка".
const STREET_TYPES = /^(вулиця|вул\.?|проспект|просп\.?|пр-т|пр\.|провулок|пров\.?|бульвар|бульв\.?|бул\.?|площа|пл\.?|шосе|узвіз|набережна|наб\.?|майдан|тупик|проїзд)\s+/u;

/** The street name of an address, lower-cased: "вул. Тараса Шевченка, 5, кв. 2" → "тараса шевченка". */
export function streetOf(address: string | null | undefined): string | null {
  if (!address) return null;
  let head = address.split(',')[0].trim().toLowerCase().replace(/\s+/g, ' ');
  head = head.replace(/^(м\.|місто)\s*[^ ]+\s+/u, '').replace(STREET_TYPES, '');
  // A house number written without a comma: "шевченка 5а".
  head = head.replace(/\s+\d+[\p{L}]?(\/\d+)?$/u, '').trim();
  return head.length >= 3 ? head : null;
}

/** The house number of an address, lower-cased: "вул. Шевченка, 5А, кв. 2" → "5а"; null when none is written. */
export function houseOf(address: string | null | undefined): string | null {
  if (!address) return null;
  const parts = address.toLowerCase().split(',').map((p) => p.trim());
  const house = (text: string | undefined) => text?.match(/^(?:буд\.?\s*|будинок\s+)?(\d{1,4}[\p{L}]?(?:\/\d{1,3})?)$/u)?.[1] ?? null;
  // "шевченка, 5" or, without a comma, "шевченка 5а".
  return house(parts[1]) ?? parts[0].match(/\s(\d{1,4}[\p{L}]?(?:\/\d{1,3})?)$/u)?.[1] ?? null;
}

/** Whether a street's buildings ('1–15' or ['3', '5а']) include a house; an unknown house may be affected. */
export function buildingsInclude(buildings: string | string[] | undefined, house: string | null): boolean {
  if (buildings === undefined || house === null) return true;
  if (Array.isArray(buildings)) return buildings.includes(house);
  const [from, to] = buildings.split('–').map(Number);
  const n = Number(house.match(/^\d+/)![0]);
  return n >= from! && n <= to!;
}

/** Same street: the full name, or its last word ("Шевченка" for "Тараса Шевченка"), as residents shorten it. */
export function sameStreet(a: string, b: string): boolean {
  const [lastA, lastB] = [a.split(' ').pop()!, b.split(' ').pop()!];
  return a === b || (lastA === lastB && lastA.length >= 4);
}

/**
 * The outages that touch an address, for the screen-pop: the whole city, or a street of the
 * address with its building in the outage's range or list (or any building when the outage names
 * none, or the address gives no house number: better a warning too many than a dispatcher who
 * does not know). Outages written before areas were structured are matched on their text.
 */
export function outagesAtAddress<T extends Pick<Outage, 'area' | 'areaSpec'>>(outages: readonly T[], address: string | null | undefined): T[] {
  const street = streetOf(address);
  const house = houseOf(address);
  return outages.filter((o) => {
    const spec = o.areaSpec;
    if (spec) {
      if ('wholeCity' in spec) return true;
      return street !== null && spec.streets.some((s) => sameStreet(streetOf(s.name) ?? '', street) && buildingsInclude(s.buildings, house));
    }
    const area = o.area.toLowerCase();
    if (/усе місто|все місто|всьому місту|по всьому місту/u.test(area)) return true;
    if (!street) return false;
    const last = street.split(' ').pop()!;
    return area.includes(street) || (last.length >= 4 && area.includes(last));
  });
}
