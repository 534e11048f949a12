import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * Every error the API answers with on purpose: a stable `code` clients can branch on, the
 * HTTP status, and a message safe to show (never a token, secret or personal data).
 */
export class ApiError extends Error {
  readonly code: string;
  readonly status: ContentfulStatusCode;
  /** Extra response headers, e.g. Retry-After. */
  readonly headers: Record<string, string>;

  constructor(
    code: string,
    status: ContentfulStatusCode,
    message: string,
    headers: Record<string, string> = {},
  ) {
    super(message);
    this.code = code;
    this.status = status;
    this.headers = headers;
  }
}

export class ValidationError extends ApiError {
  constructor(message: string) {
    super('invalid_request', 400, message);
  }
}

export class UnauthorizedError extends ApiError {
  constructor(code: string, message: string) {
    super(code, 401, message);
  }
}

export class ForbiddenError extends ApiError {
  constructor(code: string, message: string) {
    super(code, 403, message);
  }
}

export class NotFoundError extends ApiError {
  constructor(code: string, message: string) {
    super(code, 404, message);
  }
}

export class ConflictError extends ApiError {
  constructor(code: string, message: string) {
    super(code, 409, message);
  }
}

export class RateLimitedError extends ApiError {
  constructor(message: string, retryAfterS: number) {
    super('rate_limited', 429, message, {
      'Retry-After': String(Math.max(1, Math.ceil(retryAfterS))),
    });
  }
}

export class UpstreamError extends ApiError {
  constructor(code: string, message: string) {
    super(code, 503, message);
  }
}

/**
 * The database cannot be reached (it restarts, fails over, refuses connections): nothing the
 * request did wrong, and the same request will succeed once it is back. The storage layer
 * classifies connection failures into this (storage/pg-connection-loss.ts).
 */
export class DatabaseUnavailableError extends ApiError {
  constructor(cause: unknown) {
    super('database_unavailable', 503, 'The database is unavailable; try again shortly', {
      'Retry-After': '5',
    });
    this.cause = cause;
  }
}
