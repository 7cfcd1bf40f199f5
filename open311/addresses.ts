import { Street } from '../models';
import { streetOf, houseOf } from '../outages/outages-at-address';
import { Open311Error } from './errors';

/**
 * The city's addresses as Open311 address_id values: a building of a street of the city's list,
 * written `<street id>-<building>` ("12-5"). A street's id never changes (streets are renamed, not
 * re-created), so an id a client stored stays valid. Found through GET addresses.{format}?q=,
 * an extension the discovery and the README describe.
 */
export type CityAddress = {
  address_id: string;
  street: string;
  building: number;
  address_string: string;
};

/** At most this many addresses per answer: a client narrows with a house number. */
export const MAX_ADDRESSES = 100;
const ID = /^(\d{1,9})-(\d{1,5})$/;

function view(street: Street, building: number): CityAddress {
  return { address_id: `${street.id}-${building}`, street: street.name, building, address_string: `${street.name}, ${building}` };
}

/** The address an id names, or a 400 that says where ids come from. */
export async function resolveAddressId(id: string): Promise<CityAddress> {
  const m = ID.exec(id);
  const street = m ? await Street.findByPk(Number(m[1])) : null;
  const building = m ? Number(m[2]) : 0;
  if (!street || building < 1 || building > street.buildings) {
    throw new Open311Error(400, `address_id «${id.slice(0, 32)}» не знайдено; id адрес дає GET addresses.json?q=<вулиця> <будинок>`);
  }
  return view(street, building);
}

/**
 * Addresses whose street matches the query ("Шевченка 5", "вул. Шевченка", "шевч"), with the
 * house number when one is given. The street list is short (about a hundred), so it is matched
 * here rather than with SQL LIKE, which folds the case of Latin letters only.
 */
export async function searchAddresses(q: unknown): Promise<CityAddress[]> {
  const text = typeof q === 'string' ? q.trim().slice(0, 200) : '';
  const needle = streetOf(text) ?? (text.length >= 2 && !/^\d/.test(text) ? text.toLowerCase() : null);
  if (!needle) throw new Open311Error(400, 'Потрібен параметр q: назва вулиці (щонайменше 3 літери), за бажання з номером будинку');
  const house = houseOf(text);
  const wanted = house === null ? null : /^\d+$/.test(house) ? Number(house) : NaN;
  const streets = (await Street.findAll({ order: [['name', 'ASC']] })).filter((s) => (streetOf(s.name) ?? s.name.toLowerCase()).includes(needle));
  const found: CityAddress[] = [];
  for (const street of streets) {
    if (wanted !== null) {
      if (wanted >= 1 && wanted <= street.buildings) found.push(view(street, wanted));
      continue;
    }
    for (let b = 1; b <= street.buildings && found.length < MAX_ADDRESSES; b++) found.push(view(street, b));
  }
  return found.slice(0, MAX_ADDRESSES);
}
