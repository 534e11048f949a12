import type { z } from 'zod';
import { ValidationError } from '../errors.ts';
import { formatIssues } from '../format-issues.ts';

/**
 * zod-openapi's hook after validation: a 400 naming each bad field. Valid input is refused too
 * when a string in it is not Unicode text: a lone UTF-16 surrogate, which JSON's `\u` escapes
 * can write and zod lets through, but which PostgreSQL refuses in a json column (a 500 the
 * client caused) and no client has a reason to send.
 */
export function validationHook(
  result: { target: string } & (
    { success: true; data: unknown } | { success: false; error: z.ZodError }
  ),
): void {
  if (!result.success) {
    throw new ValidationError(`Invalid ${result.target}: ${formatIssues(result.error.issues)}`);
  }
  const where = notUnicodeAt(result.data);
  if (where !== undefined) {
    throw new ValidationError(`Invalid ${result.target}: ${where || '(root)'}: not Unicode text`);
  }
}

/** A lone surrogate: with the `u` flag a pair reads as one code point, outside this class. */
const loneSurrogate = /\p{Cs}/u;

/** The path of the first string (value or key) that is not well-formed UTF-16, if any. */
function notUnicodeAt(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return loneSurrogate.test(value) ? path : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, item] of Object.entries(value)) {
    const at = path ? `${path}.${key}` : key;
    if (loneSurrogate.test(key)) return at;
    const found = notUnicodeAt(item, at);
    if (found !== undefined) return found;
  }
  return undefined;
}
