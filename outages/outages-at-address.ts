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

/**
 * The outages that touch an address. Deliberately simple (issue 7 will match buildings): an
 * outage touches the address when its area text names the address's street, or the whole city.
 * The last word of the street is enough ("Шевченка" for "Тараса Шевченка").
 */
export function outagesAtAddress<T extends Pick<Outage, 'area'>>(outages: readonly T[], address: string | null | undefined): T[] {
  const street = streetOf(address);
  return outages.filter((o) => {
    const area = o.area.toLowerCase();
    if (/усе місто|все місто|всьому місту|по всьому місту/u.test(area)) return true;
    if (!street) return false;
    const last = street.split(' ').pop()!;
    return area.includes(street) || (last.length >= 4 && area.includes(last));
  });
}
