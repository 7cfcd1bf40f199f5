import { Op } from 'sequelize';
import type { AreaSpec } from '../models';
import { NoticeSubscription, Street } from '../models';
import { buildingsInclude, houseOf, outagesAtAddress, sameStreet, streetOf } from '../outages/outages-at-address';

/** A place a phone can subscribe to: a street of the list (optionally one building), or the city (null). */
export interface SubscriptionTarget {
  street: { id: number; name: string } | null;
  building: string | null;
}

/** The street of the city's list and the building an address names ("вул. Шевченка, 5"), or null. */
export function addressTarget(address: string | null | undefined, streets: readonly Pick<Street, 'id' | 'name' | 'buildings'>[]): SubscriptionTarget | null {
  const street = streetOf(address);
  if (!street) return null;
  const found = streets.find((s) => sameStreet(streetOf(s.name) ?? '', street));
  if (!found) return null;
  const house = houseOf(address);
  const n = house ? Number(/^\d+/.exec(house)?.[0]) : NaN;
  return { street: { id: found.id, name: found.name }, building: house && n >= 1 && n <= found.buildings ? house : null };
}

/** The subscription's place as a person reads it. */
export function targetText(t: { street: { name: string } | null; building: string | null }): string {
  if (!t.street) return 'усе місто';
  return t.building ? `${t.street.name}, будинок ${t.building}` : t.street.name;
}

/**
 * The distinct phones to call about a notice for `spec`: city-wide subscribers always; address
 * subscribers whose street is in the area and whose building is in its range or list (a
 * subscription to a whole street is in when any of it is).
 */
export async function phonesInArea(spec: AreaSpec): Promise<string[]> {
  const active = { unsubscribedAt: null };
  if ('wholeCity' in spec) {
    const rows = await NoticeSubscription.findAll({ where: active, attributes: ['phone'], raw: true });
    return [...new Set(rows.map((r) => r.phone))];
  }
  const streets = await Street.findAll({ where: { name: { [Op.in]: spec.streets.map((s) => s.name) } }, attributes: ['id', 'name'], raw: true });
  const byId = new Map(streets.map((s) => [s.id, spec.streets.find((x) => x.name === s.name)!]));
  const rows = await NoticeSubscription.findAll({
    where: { ...active, [Op.or]: [{ streetId: null }, { streetId: { [Op.in]: [...byId.keys()] } }] },
    attributes: ['phone', 'streetId', 'building'],
    raw: true,
  });
  const phones = new Set<string>();
  for (const r of rows) {
    if (r.streetId === null) phones.add(r.phone);
    else if (buildingsInclude(byId.get(r.streetId)?.buildings, r.building ?? null)) phones.add(r.phone);
  }
  return [...phones];
}

/** Whether an organization's address lies in the area (the city: every organization). */
export function addressInArea(spec: AreaSpec, area: string, address: string | null): boolean {
  if ('wholeCity' in spec) return true;
  return outagesAtAddress([{ areaSpec: spec, area }], address).length > 0 && streetOf(address) !== null;
}
