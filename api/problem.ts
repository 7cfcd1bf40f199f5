import type { ErrorRequestHandler, RequestHandler } from 'express';
import { UniqueConstraintError, ForeignKeyConstraintError, ConnectionError } from 'sequelize';
import { AppError } from '../core/errors';
import { type Logger, loggableError } from '../core/logger';
import { asClientError } from './request-decoding';

const STATUS: Record<AppError['kind'], number> = {
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  unavailable: 503,
  too_large: 413,
  unsupported_media: 415,
};

interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  errors?: unknown;
}

function problem(status: number, code: string, detail: string, errors?: unknown): Problem {
  return { type: `urn:kontakt:problem:${code}`, title: detail, status, code, detail, ...(errors ? { errors } : {}) };
}

/** Maps any error to an RFC 9457 problem+json answer. The only place that decides error statuses. */
export function toProblem(raw: unknown): Problem {
  // Decoding errors from parsers outside the edge's wrappers are still the client's.
  const err = asClientError(raw);
  if (err instanceof AppError) return problem(STATUS[err.kind], err.code, err.message, err.details);
  if (err instanceof UniqueConstraintError) return problem(409, 'already_exists', 'Такий запис уже існує');
  if (err instanceof ForeignKeyConstraintError) return problem(409, 'in_use', 'Запис пов’язаний з іншими даними');
  if (err instanceof ConnectionError) return problem(503, 'database_unavailable', 'База даних тимчасово недоступна');
  return problem(500, 'internal_error', 'Внутрішня помилка сервера');
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const body = toProblem(err);
    if (body.status >= 500) logger.error({ err: loggableError(err), method: req.method, path: req.path }, 'request failed');
    else logger.debug({ code: body.code, method: req.method, path: req.path }, 'request refused');
    if (res.headersSent) return;
    res.status(body.status).type('application/problem+json').send(JSON.stringify(body));
  };
}

export const notFoundHandler: RequestHandler = (_req, res) => {
  res.status(404).type('application/problem+json').send(JSON.stringify(problem(404, 'route_not_found', 'Такого ресурсу немає')));
};
