import pino, { Logger } from 'pino';

export type { Logger };

/** Keeps the country code and the last two digits: enough to tell calls apart, not to dial. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 5) return '***';
  return `${phone.startsWith('+') ? '+' : ''}${digits.slice(0, 3)}*****${digits.slice(-2)}`;
}

// Anything that looks like a phone number (7+ digits, optionally with +, spaces, dashes, brackets).
const PHONE_PATTERN = /\+?\d[\d\s\-()]{5,}\d/g;

/** Masks phone numbers wherever they appear in a string. */
export function maskPhonesIn(text: string): string {
  return text.replace(PHONE_PATTERN, (m) => (m.replace(/\D/g, '').length >= 7 ? maskPhone(m) : m));
}

function maskDeep(value: unknown, depth = 0): unknown {
  if (depth > 6) return value;
  if (typeof value === 'string') return maskPhonesIn(value);
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, depth + 1));
  if (value && typeof value === 'object' && !(value instanceof Error)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = maskDeep(v, depth + 1);
    return out;
  }
  return value;
}

const SECRET_PATHS = [
  'password', '*.password', 'secret', '*.secret', 'token', '*.token', 'authorization',
  'req.headers.authorization', 'req.headers.cookie', 'apiKey', '*.apiKey',
];

/**
 * The root logger. Phone numbers are masked in every logged field and message, and secret-named
 * fields are redacted, so that personal data and credentials never reach the log.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: SECRET_PATHS, censor: '***' },
      formatters: { log: (obj) => maskDeep(obj) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          const masked = args.map((a) => (typeof a === 'string' ? maskPhonesIn(a) : a));
          return method.apply(this, masked as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}
