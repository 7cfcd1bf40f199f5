import { Street } from '../models';
import { ValidationError, FieldIssue } from '../core/errors';

export interface AddressInput {
  street: string;
  building: string;
  entrance?: string;
  flat?: string;
}

// As a building is numbered: 12, 12а, 12/2.
const HOUSE = /^(\d{1,4})([\p{L}]?)(\/\d{1,3})?$/u;
const SMALL = /^[\p{L}\d/-]{1,8}$/u;
// Residents type apostrophes every way; the street list writes ’.
const key = (name: string) => name.trim().toLowerCase().replace(/\s+/g, ' ').replace(/['’ʼ`]/g, '’');

/** The city's streets, for the form's list (`<datalist>`) and the cut-off search. */
export async function streetNames(): Promise<string[]> {
  return (await Street.findAll({ attributes: ['name'], order: [['name', 'ASC']] })).map((s) => s.name);
}

/** A street of the city's list by its name as typed ("шевченка" finds "вулиця Шевченка"), or null. */
export async function findStreet(typed: string): Promise<Street | null> {
  const wanted = key(typed);
  if (!wanted) return null;
  const all = await Street.findAll();
  return all.find((s) => key(s.name) === wanted)
    ?? all.find((s) => key(s.name).replace(/^\S+\s/, '') === wanted)
    ?? null;
}

/**
 * Checks a resident's address against the street list (the street must exist, the building must
 * be one of its numbers) and writes it as the rest of the system reads addresses:
 * "вулиця Шевченка, 12, під’їзд 2, кв. 5" (outagesAtAddress and the pop find street and house in it).
 */
export async function composeAddress(input: AddressInput): Promise<string> {
  const issues: FieldIssue[] = [];
  const street = input.street.trim() ? await findStreet(input.street) : null;
  if (!input.street.trim()) issues.push({ field: 'street', message: 'Вкажіть вулицю' });
  else if (!street) issues.push({ field: 'street', message: 'Такої вулиці немає в переліку вулиць міста: оберіть зі списку' });
  const building = input.building.trim().toLowerCase();
  const m = HOUSE.exec(building);
  if (!building) issues.push({ field: 'building', message: 'Вкажіть номер будинку' });
  else if (!m) issues.push({ field: 'building', message: 'Номер будинку пишуть так: 12, 12а або 12/2' });
  else if (street && Number(m[1]) > street.buildings) issues.push({ field: 'building', message: `На вулиці «${street.name}» немає будинку № ${building}` });
  const entrance = input.entrance?.trim() ?? '';
  const flat = input.flat?.trim() ?? '';
  if (entrance && !SMALL.test(entrance)) issues.push({ field: 'entrance', message: 'Під’їзд — число до 8 знаків' });
  if (flat && !SMALL.test(flat)) issues.push({ field: 'flat', message: 'Квартира — число до 8 знаків' });
  if (issues.length) throw new ValidationError('invalid_address', issues[0]!.message, issues);
  return [street!.name, building, entrance && `під’їзд ${entrance}`, flat && `кв. ${flat}`].filter(Boolean).join(', ');
}
