import { ValidationError } from '../core/errors';
import { toE164 } from '../core/phone';

/** A phone number in E.164, or a ValidationError for anything that is not a dialable number. */
export function normalizePhone(input: string, region: string = 'UA'): string {
  const e164 = toE164(input, region);
  if (!e164) {
    throw new ValidationError('invalid_phone', 'Невірний номер телефону', [
      { field: 'phone', message: `«${String(input).slice(0, 40)}» не є номером телефону` },
    ]);
  }
  return e164;
}

/** Like normalizePhone, but null for a hidden or garbled caller id instead of an error. */
export const tryNormalizePhone = toE164;
