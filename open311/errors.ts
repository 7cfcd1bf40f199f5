import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError } from '../core/errors';
import { type Logger, loggableError } from '../core/logger';
import { parseFormat, send, SHAPES, Format } from './respond';
import { asClientError } from '../api/request-decoding';

/** A GeoReport error with the HTTP status the spec expects (400, 403, 404). */
export class Open311Error extends Error {
  constructor(
    readonly status: 400 | 403 | 404,
    message: string,
  ) {
    super(message);
  }
}

const KIND_STATUS: Record<AppError['kind'], number> = {
  validation: 400,
  unauthorized: 403,
  forbidden: 403,
  not_found: 404,
  // A conflict or a full queue is still the client's request not being taken: the spec knows only these codes.
  conflict: 400,
  rate_limited: 429,
  unavailable: 503,
  too_large: 413,
  unsupported_media: 415,
};

function describe(raw: unknown): { status: number; description: string } {
  const err = asClientError(raw);
  if (err instanceof Open311Error) return { status: err.status, description: err.message };
  if (err instanceof AppError) {
    // The domain's field issues say which field and why; the spec has one description per error.
    const issues = Array.isArray(err.details) ? (err.details as { field?: string; message?: string }[]) : [];
    const extra = issues.map((i) => i.message).filter((m) => m && m !== err.message);
    return { status: KIND_STATUS[err.kind], description: [err.message, ...extra].join(': ') };
  }
  const e = err as { type?: string; status?: number; expose?: boolean };
  if (e?.type === 'entity.parse.failed') return { status: 400, description: 'Тіло запиту не є коректним JSON' };
  if (e?.type === 'entity.too.large') return { status: 413, description: 'Запит завеликий' };
  if (e?.type === 'parameters.too.many') return { status: 413, description: 'Забагато параметрів у запиті' };
  if (e?.type === 'encoding.unsupported') return { status: 415, description: 'Таке стиснення тіла запиту (Content-Encoding) не підтримується' };
  // Any other client error the body reader found (a body shorter than its length, a bad gzip).
  if (e?.expose && typeof e.status === 'number' && e.status >= 400 && e.status < 500) return { status: e.status, description: 'Тіло запиту не вдалося прочитати' };
  return { status: 500, description: 'Внутрішня помилка сервера' };
}

/** The format an erring request asked for; a request without one still gets JSON. */
function formatOf(path: string, param: unknown): Format {
  return parseFormat(param) ?? (path.endsWith('.xml') ? 'xml' : 'json');
}

/** Answers every error under /open311 as the spec writes them: [{code, description}] or <errors>. */
export function open311ErrorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const { status, description } = describe(err);
    if (status >= 500) logger.error({ err: loggableError(err), method: req.method, path: req.path }, 'open311 request failed');
    if (res.headersSent) return;
    send(res, formatOf(req.path, req.params?.format), status, SHAPES.errors, [{ code: status, description }]);
  };
}

export const open311NotFound: RequestHandler = (req, _res, next) => {
  next(new Open311Error(404, `Такого ресурсу Open311 немає: ${req.path}`));
};
