import { readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import { z } from 'zod';

/**
 * A secret read from a file at start-up. It prints as `[redacted]` (JSON, string, util.inspect),
 * so a config object that slips into a log call never shows it; `reveal()` is the one way out.
 */
export class SecretValue {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toJSON(): string {
    return '[redacted]';
  }

  toString(): string {
    return '[redacted]';
  }

  [inspect.custom](): string {
    return '[redacted]';
  }
}

/** What a generated shared secret looks like: `openssl rand -base64 48` or `-hex 32`. */
const secretPattern = /^[A-Za-z0-9+/=_-]{32,512}$/;

/**
 * The path of a file holding one secret (a trailing newline is fine), read and checked when
 * the config is parsed: a missing, unreadable or malformed file fails start-up naming the
 * variable. The message never quotes the file's content. `pattern` is what the secret must
 * match; `described(path)` says so when it does not.
 */
export function secretFileSchema(pattern: RegExp, described: (path: string) => string) {
  return z
    .string()
    .min(1)
    .transform((path, ctx) => {
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? 'error';
        ctx.addIssue({ code: 'custom', message: `cannot read ${path} (${code})` });
        return z.NEVER;
      }
      const secret = text.replace(/\r?\n$/, '');
      if (!pattern.test(secret)) {
        ctx.addIssue({ code: 'custom', message: described(path) });
        return z.NEVER;
      }
      return new SecretValue(secret);
    });
}

/** A shared secret the operator generated, e.g. with `openssl rand -base64 48`. */
export const SecretFileSchema = secretFileSchema(
  secretPattern,
  (path) =>
    `${path} must hold one secret of 32 to 512 characters from A-Z a-z 0-9 + / = _ - ` +
    '(e.g. the output of "openssl rand -base64 48")',
);
