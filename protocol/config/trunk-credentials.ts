import { readFileSync, statSync } from 'node:fs';
import { z } from 'zod';
import { SiteIdSchema } from '../api/ids.ts';
import { SecretValue } from './secret-file.ts';

/** One set of digest credentials the gateway answers a PBX's 401/407 challenge with. */
export const TrunkCredentialSchema = z.strictObject({
  /** The digest username (the PBX's trunk or endpoint user). */
  username: z
    .string()
    .min(1)
    .max(128)
    .regex(/^[^"\\\r\n]+$/, 'must not hold quotes, backslashes or line breaks'),
  /** The digest password; held as a SecretValue, so it never prints. */
  password: z
    .string()
    .min(1)
    .max(512)
    .transform((password) => new SecretValue(password)),
  /**
   * Answer only challenges of this realm (the PBX's realm, e.g. `asterisk`): a challenge
   * from any other realm is not answered, so the password's digest never reaches a stranger.
   * Unset: any realm.
   */
  realm: z.string().min(1).max(256).optional(),
});
export type TrunkCredential = z.infer<typeof TrunkCredentialSchema>;

/**
 * The trunk credentials file (MEDIA_TRUNK_CREDENTIALS_FILE), JSON:
 * `{"default": {...}, "sites": {"acme": {"username": ..., "password": ..., "realm": ...}}}`.
 * A site's call authenticates with its own entry, else the default; OPTIONS pings (no site)
 * with the default.
 */
export const TrunkCredentialsSchema = z
  .strictObject({
    default: TrunkCredentialSchema.optional(),
    sites: z.record(SiteIdSchema, TrunkCredentialSchema).default({}),
  })
  .refine((file) => file.default || Object.keys(file.sites).length > 0, {
    message: 'holds no credentials: give "default" or at least one entry in "sites"',
  });
export type TrunkCredentials = z.infer<typeof TrunkCredentialsSchema>;

/** The credentials a call of `site` (undefined: not a call, e.g. an OPTIONS ping) answers with. */
export function trunkCredentialFor(
  credentials: TrunkCredentials | undefined,
  site: string | undefined,
): TrunkCredential | undefined {
  return (site === undefined ? undefined : credentials?.sites[site]) ?? credentials?.default;
}

/**
 * The path of the credentials file, read and checked when the config is parsed: a missing,
 * unreadable or malformed file fails start-up naming the file and the field at fault (never
 * quoting a value). A file others may read is accepted with a warning in `warnings`.
 */
export const TrunkCredentialsFileSchema = z
  .string()
  .min(1)
  .transform((path, ctx) => {
    let text: string;
    let warnings: string[] = [];
    try {
      text = readFileSync(path, 'utf8');
      if ((statSync(path).mode & 0o077) !== 0)
        warnings = [`${path} can be read by others than its owner: chmod 600 it`];
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      ctx.addIssue({ code: 'custom', message: `cannot read ${path} (${code})` });
      return z.NEVER;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      ctx.addIssue({ code: 'custom', message: `${path} is not JSON` });
      return z.NEVER;
    }
    const parsed = TrunkCredentialsSchema.safeParse(json);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path.join('.') || '(top level)';
        ctx.addIssue({ code: 'custom', message: `${path}: ${field}: ${issue.message}` });
      }
      return z.NEVER;
    }
    return { path, credentials: parsed.data, warnings };
  });
