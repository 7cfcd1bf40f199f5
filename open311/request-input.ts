import type { RegistrationInput } from '../appeals/register-appeal';
import { DESCRIPTION_MAX } from '../appeals/context';
import { Open311Error } from './errors';

export type PostBody = Record<string, unknown>;

/** One form field as a string; a field sent twice is ambiguous, so it is refused rather than guessed. */
function field(body: PostBody, name: string): string | undefined {
  const value = body[name];
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

/**
 * Checks a POST requests body against the spec and Kontakt's rules and turns it into a
 * registration. Only what the domain cannot know is checked here (location, coordinates, the
 * phone Kontakt needs); the domain checks the rest (category, description, phone format).
 */
export function readRequestInput(body: PostBody): RegistrationInput & { categoryCode: string } {
  const serviceCode = field(body, 'service_code');
  if (!serviceCode) throw new Open311Error(400, 'Потрібен service_code');

  const latText = field(body, 'lat');
  const longText = field(body, 'long');
  if ((latText === undefined) !== (longText === undefined)) throw new Open311Error(400, 'Поля lat і long подаються разом');
  const lat = coordinate(latText, 'lat', 90);
  const long = coordinate(longText, 'long', 180);
  const addressString = field(body, 'address_string');
  if (lat === undefined && !addressString) {
    throw new Open311Error(400, 'Потрібне місце: lat і long або address_string (location required)');
  }

  const description = field(body, 'description') ?? '';
  if (description.length > DESCRIPTION_MAX) throw new Open311Error(400, `Опис довший за ${DESCRIPTION_MAX} символів`);

  const phone = field(body, 'phone');
  if (!phone) {
    throw new Open311Error(400, 'Потрібен phone: Контакт-центр телефонує заявникові, щоб перевірити виконання звернення');
  }
  const firstName = field(body, 'first_name');
  const lastName = field(body, 'last_name');
  if ((firstName?.length ?? 0) > NAME_MAX || (lastName?.length ?? 0) > NAME_MAX) {
    throw new Open311Error(400, `Ім'я та прізвище — не довші за ${NAME_MAX} символів`);
  }
  const applicantName = [lastName, firstName].filter(Boolean).join(' ') || null;

  const location = lat !== undefined && long !== undefined ? { lat, long } : null;
  // An appeal always has an address a dispatcher can read; a bare point is written as coordinates.
  const address = addressString ?? `Координати ${lat!.toFixed(6)}, ${long!.toFixed(6)}`;
  return { channel: 'open311', categoryCode: serviceCode, phone, applicantName, address, description, location };
}
