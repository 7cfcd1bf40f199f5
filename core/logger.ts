import pino, { Logger } from 'pino';

export type { Logger };

/** Keeps the country code and the last two digits: enough to tell calls apart, not to dial. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 5) return '***';
  return `${phone.startsWith('+') ? '+' : ''}${digits.slice(0, 3)}*****${digits.slice(-2)}`;
}

// Anything that looks like a phone number (7+ digits, optionally with +, spaces, dashes, brackets),
// but not an Asterisk channel id such as 1795929397.12, which logs must keep whole.
const PHONE_PATTERN = /(?<![\d.])\+?\d[\d\s\-()]{5,}\d(?!\d|\.\d)/g;
/** An appeal number, `2026-000123`, is no personal data, and the log is useless without it. */
const APPEAL_NUMBER = /^20\d{2}-\d{6}$/;

/** Masks phone numbers wherever they appear in a string. */
export function maskPhonesIn(text: string): string {
  return text.replace(PHONE_PATTERN, (m) => (m.replace(/\D/g, '').length >= 7 && !APPEAL_NUMBER.test(m) ? maskPhone(m) : m));
}

function maskDeep(value: unknown, depth = 0): unknown {
  if (depth > 6) return value;
  if (typeof value === 'string') return maskPhonesIn(value);
  // An error's message and fields (a database error's SQL and parameters) may hold a phone too:
  // mask a copy that stays an Error, so that it is still serialized as one.
  if (value instanceof Error) {
    const copy = Object.create(Object.getPrototypeOf(value)) as Record<string, unknown>;
    for (const key of Object.getOwnPropertyNames(value)) copy[key] = maskDeep((value as unknown as Record<string, unknown>)[key], depth + 1);
    return copy;
  }
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = maskDeep(v, depth + 1);
    return out;
  }
  return value;
}

const SECRET_PATHS = [
  'password', '*.password', 'secret', '*.secret', 'token', '*.token', 'authorization', '*.authorization',
  'req.headers.authorization', 'req.headers.cookie', 'apiKey', '*.apiKey',
];

/**
 * The root logger. Phone numbers are masked in every logged field and message, and secret-named
 * fields are redacted, so that personal data and credentials never reach the log.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const logger = pino(
    {
      level,
      redact: { paths: SECRET_PATHS, censor: '***' },
      formatters: { log: (obj) => maskDeep(obj) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          // `logger.error(err)` takes the message from the error, past the masking below.
          if (args[0] instanceof Error && typeof args[1] !== 'string') args = [{ err: args[0] }, args[0].message, ...args.slice(1)] as typeof args;
          const masked = args.map((a) => (typeof a === 'string' ? maskPhonesIn(a) : a));
          return method.apply(this, masked as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
  // A child logger's fields (the caller of a call) are serialized once at creation, past the `log`
  // formatter (pino gives children no bindings formatter). Children inherit this method.
  type ChildFn = (this: unknown, bindings: pino.Bindings, options?: unknown) => unknown;
  const child = logger.child as unknown as ChildFn;
  const maskedChild: ChildFn = function (bindings, options) {
    return child.call(this, maskDeep(bindings) as pino.Bindings, options);
  };
  logger.child = maskedChild as unknown as typeof logger.child;
  return logger;
}

/**
 * An error as it may be logged: a database error's message, SQL and parameters can hold what a
 * client sent (personal data, or the very text that broke the statement), so only its kind,
 * the driver's code and where it was thrown are kept.
 */
export function loggableError(err: unknown): unknown {
  const e = err as { name?: string; sql?: unknown; original?: { code?: unknown; errno?: unknown }; parent?: unknown; stack?: string } | null;
  if (!e || typeof e !== 'object' || (e.sql === undefined && e.parent === undefined)) return err;
  return {
    type: e.name,
    code: e.original?.code ?? null,
    errno: e.original?.errno ?? null,
    stack: e.stack?.split('\n').slice(1).join('\n'),
  };
}
