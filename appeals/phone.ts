import { parsePhoneNumberFromString, CountryCode } from 'libphonenumber-js/max';
import { ValidationError } from '../core/errors';

/**
 * Normalises a phone number written any common way (`050 123 45 67`, `(050) 123-45-67`,
 * `+380501234567`, `380501234567`, `0501234567`) to E.164, so one resident is one applicant.
 * Throws a ValidationError for anything that is not a dialable number.
 */
export function normalizePhone(input: string, region: string = 'UA'): string {
  const cleaned = typeof input === 'string' ? input.trim() : '';
  if (!/^[+\d\s\-().]{5,25}$/.test(cleaned)) throw invalidPhone(input);
  // "380..." without the plus is common in Ukrainian forms.
  const candidate = /^380\d{9}$/.test(cleaned.replace(/\D/g, '')) && !cleaned.startsWith('+') ? `+${cleaned}` : cleaned;
  const parsed = parsePhoneNumberFromString(candidate, region as CountryCode);
  if (!parsed || !parsed.isValid()) throw invalidPhone(input);
  return parsed.number;
}

/** Like normalizePhone, but returns null for a hidden or garbled caller id instead of throwing. */
export function tryNormalizePhone(input: string | null | undefined, region = 'UA'): string | null {
  if (!input) return null;
  try {
    return normalizePhone(input, region);
  } catch {
    return null;
  }
}

function invalidPhone(input: unknown): ValidationError {
  return new ValidationError('invalid_phone', 'Невірний номер телефону', [
    { field: 'phone', message: `«${String(input).slice(0, 40)}» не є номером телефону` },
  ]);
}
