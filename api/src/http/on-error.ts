import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Logger } from 'pino';
import { ApiError } from '../errors.ts';

/** The one place errors become `{code, message}` responses. */
export function errorHandler(logger: Logger, countError: (code: string) => void) {
  return (error: Error, c: Context): Response => {
    if (error instanceof ApiError) {
      countError(error.code);
      // Our side failing (the database, the captcha service): the operator needs the cause.
      if (error.status >= 500) {
        logger.warn(
          { code: error.code, err: error.cause, method: c.req.method, path: c.req.path },
          error.message,
        );
      }
      for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
      return c.json({ code: error.code, message: error.message }, error.status);
    }
    if (error instanceof HTTPException && error.status === 413) {
      countError('payload_too_large');
      return c.json({ code: 'payload_too_large', message: 'The request body is too large' }, 413);
    }
    if (error instanceof HTTPException && error.status < 500) {
      // hono's validator says so when the body does not parse as JSON.
      const code = /Malformed JSON/.test(error.message) ? 'invalid_json' : 'bad_request';
      countError(code);
      return c.json({ code, message: error.message || 'Bad request' }, error.status);
    }
    countError('internal_error');
    logger.error({ err: error, method: c.req.method, path: c.req.path }, 'request failed');
    return c.json({ code: 'internal_error', message: 'Something went wrong on our side' }, 500);
  };
}
