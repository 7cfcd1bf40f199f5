/**
 * Errors that carry a machine-readable code and a message a person can read (in Ukrainian).
 * The HTTP layer maps each kind to its status in one place (api/problem.ts); nothing else
 * decides status codes.
 */
export abstract class AppError extends Error {
  abstract readonly kind:
    | 'validation' | 'not_found' | 'conflict' | 'forbidden' | 'unauthorized' | 'rate_limited' | 'unavailable'
    | 'too_large' | 'unsupported_media';
  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  readonly kind = 'validation' as const;
}
export class NotFoundError extends AppError {
  readonly kind = 'not_found' as const;
}
/** A request that is well-formed but not allowed by the current state (an illegal move). */
export class ConflictError extends AppError {
  readonly kind = 'conflict' as const;
}
export class ForbiddenError extends AppError {
  readonly kind = 'forbidden' as const;
}
export class UnauthorizedError extends AppError {
  readonly kind = 'unauthorized' as const;
}
export class RateLimitedError extends AppError {
  readonly kind = 'rate_limited' as const;
}
export class UnavailableError extends AppError {
  readonly kind = 'unavailable' as const;
}
/** A body over the size the route takes. */
export class TooLargeError extends AppError {
  readonly kind = 'too_large' as const;
}
/** A body in an encoding or charset the server does not read. */
export class UnsupportedMediaError extends AppError {
  readonly kind = 'unsupported_media' as const;
}

export interface FieldIssue {
  field: string;
  message: string;
}
