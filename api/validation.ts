import { z } from 'zod';
import { ValidationError } from '../core/errors';

// Validation messages a person reads are in Ukrainian.
z.config(z.locales.uk());

/** Parses request input with a schema; a failure becomes one ValidationError listing every field. */
export function parseInput<T extends z.ZodType>(schema: T, data: unknown, where: 'body' | 'query' | 'params'): z.infer<T> {
  const result = schema.safeParse(data ?? {});
  if (result.success) return result.data;
  const errors = result.error.issues.map((i) => ({ field: i.path.join('.') || where, message: i.message }));
  const tooLong = result.error.issues.some((i) => i.code === 'too_big' && (i as { origin?: string }).origin === 'string');
  throw new ValidationError(tooLong ? 'text_too_long' : 'validation_failed', 'Перевірте введені дані', errors);
}

/** Query-string helpers: everything arrives as text. */
export const q = {
  int: () => z.coerce.number().int().positive(),
  bool: () => z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1'),
  date: () => z.iso.date().or(z.iso.datetime({ offset: true })),
  /** `?status=new,assigned` or `?status=new&status=assigned`. */
  list: <T extends [string, ...string[]]>(values: T) =>
    z.union([z.string(), z.array(z.string())])
      .transform((v) => (Array.isArray(v) ? v : v.split(',')))
      .pipe(z.array(z.enum(values))),
};
