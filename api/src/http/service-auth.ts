import { createMiddleware } from 'hono/factory';
import { UnauthorizedError } from '../errors.ts';
import { bearerToken, sameSecret } from './bearer.ts';

/**
 * Lets through only media/, which presents the shared service token (API_SERVICE_TOKEN) as a
 * bearer token; unset, everyone is refused. It runs before validation, so an unauthenticated
 * caller learns nothing of the route's schema.
 */
export function serviceAuth(serviceToken: string | undefined) {
  return createMiddleware(async function serviceAuthenticated(c, next) {
    const presented = bearerToken(c.req.header('authorization'));
    if (!serviceToken || !sameSecret(presented, serviceToken)) {
      throw new UnauthorizedError('unauthorized', 'The service token is not valid');
    }
    await next();
  });
}
