import { parsePhoneNumberFromString, CountryCode } from 'libphonenumber-js/max';

/**
 * A phone number written any common way (`050 123 45 67`, `(050) 123-45-67`, `+380501234567`,
 * `380501234567`, `0501234567`, `8 050 123 45 67`) in E.164, or null for a hidden caller id, garbage, or a number
 * that cannot be dialled. One rule for the whole system, so one resident is one applicant.
 */
export function toE164(input: string | null | undefined, region = 'UA'): string | null {
  const raw = typeof input === 'string' ? input.trim() : '';
  if (!/^[+\d\s\-().]{5,25}$/.test(raw)) return null;
  // A call's number is normalised at each of its steps (IVR, recorder, pop, presence): parsing
  // with the full metadata is the costly part, so recent answers are kept.
  const key = `${region}|${raw}`;
  const known = recent.get(key);
  if (known !== undefined) return known;
  if (recent.size >= RECENT_MAX) recent.clear();
  const e164 = parse(raw, region);
  recent.set(key, e164);
  return e164;
}

const RECENT_MAX = 10_000;
const recent = new Map<string, string | null>();

function parse(raw: string, region: string): string | null {
  const digits = raw.replace(/\D/g, '');
  // "380..." without the plus is common in Ukrainian forms and caller ids; older residents still
  // dial the Soviet-era trunk prefix "8" before the operator code ("8 050 ...").
  const candidate =
    /^380\d{9}$/.test(digits) && !raw.startsWith('+') ? `+${raw}`
    : region === 'UA' && /^80\d{9}$/.test(digits) && !raw.startsWith('+') ? digits.slice(1)
    : raw;
  const parsed = parsePhoneNumberFromString(candidate, region as CountryCode);
  return parsed && parsed.isValid() ? parsed.number : null;
}

/**
 * How a trunk in `region` dials an E.164 number: the national number with its trunk prefix
 * (+380501234567 → 0501234567), or 00 + country code + number for a number of another country.
 */
export function dialableNumber(e164: string, region = 'UA'): string | null {
  const parsed = parsePhoneNumberFromString(e164, region as CountryCode);
  if (!parsed || !parsed.isValid()) return null;
  if (parsed.country === region) return parsed.formatNational().replace(/\D/g, '');
  return `00${parsed.countryCallingCode}${parsed.nationalNumber}`;
}
