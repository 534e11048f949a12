import { timingSafeEqual } from 'node:crypto';
import { UnauthorizedError } from '../errors.ts';

/** The token of an `Authorization: Bearer ...` header, or a 401 naming what is missing. */
export function bearerToken(header: string | undefined): string {
  const match = header?.match(/^Bearer ([A-Za-z0-9._~+/=-]+)$/);
  if (!match?.[1]) {
    throw new UnauthorizedError('unauthorized', 'An Authorization: Bearer token is required');
  }
  return match[1];
}

/** Constant-time comparison of a presented secret with the expected one. */
export function sameSecret(presented: string, expected: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
