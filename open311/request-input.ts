import type { RegistrationInput } from '../appeals/register-appeal';
import { DESCRIPTION_MAX } from '../appeals/context';
import { Open311Error } from './errors';

export type PostBody = Record<string, unknown>;

/** One form field as a string; a field sent twice is ambiguous, so it is refused rather than guessed. */
function field(body: PostBody, name: string): string | undefined {
  const value = Object.prototype.hasOwnProperty.call(body, name) ? body[name] : undefined;
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') throw new Open311Error(400, `Поле ${name} задано кілька разів або невірно`);
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

const DECIMAL = /^[+-]?\d{1,3}(\.\d{1,15})?$/;

function coordinate(text: string | undefined, name: 'lat' | 'long', limit: number): number | undefined {
  if (text === undefined) return undefined;
  const value = DECIMAL.test(text) ? Number(text) : NaN;
  if (!Number.isFinite(value) || Math.abs(value) > limit) {
    throw new Open311Error(400, `Поле ${name} має бути числом WGS-84 від −${limit} до ${limit}, отримано «${text.slice(0, 32)}»`);
  }
  return value;
}

const NAME_MAX = 100;
const MEDIA_URL_MAX = 2000;
const ATTRIBUTE_FIELD = /^attribute\[([^\]]{1,64})\]$/;

/** A photo's address: only http(s), so staff's link opens a page and never runs a script. */
function mediaUrl(text: string | undefined): string | null {
  if (text === undefined) return null;
  let url: URL | null = null;
  try {
    url = new URL(text);
  } catch {
    url = null;
  }
  if (!url || !/^https?:$/.test(url.protocol) || text.length > MEDIA_URL_MAX) {
    throw new Open311Error(400, `Поле media_url має бути адресою http:// або https:// до ${MEDIA_URL_MAX} символів`);
  }
  return text;
}

function attributeValue(code: string, value: unknown): string | string[] {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) return value.map(String);
  throw new Open311Error(400, `Атрибут ${code.slice(0, 64)} має бути рядком або списком рядків`);
}

/**
 * The spec's `attribute[code]=value` fields (a name repeated for a multi-value list), or, in a
 * JSON body, an `attribute` object. Which codes count and what they may hold is the category's
 * business (appeals/category-questions.ts).
 */
export function readAttributes(body: PostBody): Record<string, string | string[]> {
  const answers: Record<string, string | string[]> = Object.create(null);
  for (const [name, value] of Object.entries(body)) {
    const m = ATTRIBUTE_FIELD.exec(name);
    if (m) answers[m[1]!] = attributeValue(m[1]!, value);
  }
  const nested = Object.prototype.hasOwnProperty.call(body, 'attribute') ? body.attribute : undefined;
  if (nested !== undefined) {
    if (typeof nested !== 'object' || nested === null || Array.isArray(nested)) throw new Open311Error(400, 'Поле attribute має бути об’єктом {код: значення}');
    for (const [code, value] of Object.entries(nested)) answers[code.slice(0, 64)] = attributeValue(code, value);
  }
  return answers;
}

export interface Open311Input extends RegistrationInput {
  categoryCode: string;
  /** The spec's address_id, resolved against the city's addresses by the route. */
  addressIdText?: string;
}

/**
 * Checks a POST requests body against the spec and turns it into a registration. Only the spec's
 * own rules are checked here (location, coordinates, media_url); the domain checks the rest (the
 * category's questions, the e-mail, the phone's format, that someone is named).
 *
 * Every argument but service_code is optional, as the spec says, except that a location is one of
 * lat+long, address_string or address_id. An applicant is a new one with no consent to calls:
 * nobody asked them in Open311.
 */
export function readRequestInput(body: PostBody): Open311Input {
  const serviceCode = field(body, 'service_code');
  if (!serviceCode) throw new Open311Error(400, 'Потрібен service_code');

  const latText = field(body, 'lat');
  const longText = field(body, 'long');
  if ((latText === undefined) !== (longText === undefined)) throw new Open311Error(400, 'Поля lat і long подаються разом');
  const lat = coordinate(latText, 'lat', 90);
  const long = coordinate(longText, 'long', 180);
  const addressString = field(body, 'address_string');
  const addressId = field(body, 'address_id');
  if (lat === undefined && !addressString && !addressId) {
    throw new Open311Error(400, 'Потрібне місце: lat і long, address_string або address_id (location required)');
  }

  const description = field(body, 'description') ?? '';
  if (description.length > DESCRIPTION_MAX) throw new Open311Error(400, `Опис довший за ${DESCRIPTION_MAX} символів`);

  const firstName = field(body, 'first_name');
  const lastName = field(body, 'last_name');
  if ((firstName?.length ?? 0) > NAME_MAX || (lastName?.length ?? 0) > NAME_MAX) {
    throw new Open311Error(400, `Ім'я та прізвище — не довші за ${NAME_MAX} символів`);
  }
  const applicantName = [lastName, firstName].filter(Boolean).join(' ') || null;

  const location = lat !== undefined && long !== undefined ? { lat, long } : null;
  // An appeal always has an address a dispatcher can read; a bare point is written as coordinates.
  // An address_id replaces both with the city's own spelling (the route resolves it).
  const address = addressString ?? (location ? `Координати ${location.lat.toFixed(6)}, ${location.long.toFixed(6)}` : '');
  return {
    channel: 'open311',
    categoryCode: serviceCode,
    phone: field(body, 'phone') ?? null,
    applicantName,
    applicantEmail: field(body, 'email') ?? null,
    consentToCalls: false,
    address,
    addressIdText: addressId,
    description,
    location,
    mediaUrl: mediaUrl(field(body, 'media_url')),
    attributes: readAttributes(body),
  };
}
