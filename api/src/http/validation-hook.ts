import type { z } from 'zod';
import { ValidationError } from '../errors.ts';
import { formatIssues } from '../format-issues.ts';

/**
 * zod-openapi's hook after validation: a 400 naming each bad field. Valid input is refused too
 * when a string in it is not text PostgreSQL can store: a lone UTF-16 surrogate or a NUL
 * character, which JSON's `\u` escapes can write and zod lets through, but which PostgreSQL
 * refuses in a text or json column (a 500 the client caused) and no client has a reason to
 * send.
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
    throw new ValidationError(
      `Invalid ${result.target}: ${where || '(root)'}: not text that can be stored (a lone surrogate or a NUL character)`,
    );
  }
}

/**
 * A lone surrogate (with the `u` flag a pair reads as one code point, outside this class) or
 * U+0000, which PostgreSQL's text cannot hold.
 */
const loneSurrogate = /\p{Cs}/u;
const notStorable = { test: (text: string) => loneSurrogate.test(text) || text.includes('\0') };

/** The path of the first string (value or key) that cannot be stored as text, if any. */
function notUnicodeAt(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return notStorable.test(value) ? path : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, item] of Object.entries(value)) {
    const at = path ? `${path}.${key}` : key;
    if (notStorable.test(key)) return at;
    const found = notUnicodeAt(item, at);
    if (found !== undefined) return found;
  }
  return undefined;
}
