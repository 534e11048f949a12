import { z } from 'zod';

// The call token's claims carry an acceptance (call-token.ts imports this file): the same
// BCP 47 shape as its routing language, written out here rather than imported back.
const LanguageSchema = z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'must be a BCP 47 tag');
/** Lower-case hex SHA-256 of a notice's text (UTF-8), as the API computes it. */
const Sha256HexSchema = z.string().regex(/^[0-9a-f]{64}$/, 'must be a hex SHA-256');

/**
 * A site's notice the visitor must accept before calling (for example: calls are recorded),
 * in the sites file. Plain text, shown as it is written.
 */
export const ConsentNoticeSchema = z.strictObject({
  /**
   * Names this wording; change it whenever the text changes in substance. Each call record
   * keeps the version its visitor accepted, with the SHA-256 of the very text shown.
   */
  version: z.string().regex(/^[A-Za-z0-9._-]{1,32}$/, 'must be 1 to 32 of A-Z a-z 0-9 . _ -'),
  /** The text per language; every language the site offers needs one. */
  text: z.record(LanguageSchema, z.string().trim().min(1).max(1000)),
});
export type ConsentNotice = z.infer<typeof ConsentNoticeSchema>;

/** The languages a site offers that its notice has no text for (each one a sites-file error). */
export function languagesWithoutNotice(notice: ConsentNotice, languages: string[]): string[] {
  return languages.filter((language) => !Object.hasOwn(notice.text, language));
}

/** In the public site config: each language's text with the hash the widget sends back. */
export const PublicConsentNoticeSchema = z
  .strictObject({
    version: z.string(),
    texts: z.record(z.string(), z.strictObject({ text: z.string(), sha256: z.string() })),
  })
  .meta({ id: 'PublicConsentNotice' });
export type PublicConsentNotice = z.infer<typeof PublicConsentNoticeSchema>;

/** With POST /v1/calls: the notice the visitor accepted, as the public config gave it. */
export const ConsentAcceptanceSchema = z
  .strictObject({
    version: z.string().max(32),
    language: LanguageSchema,
    textSha256: Sha256HexSchema,
  })
  .meta({ id: 'ConsentAcceptance' });
export type ConsentAcceptance = z.infer<typeof ConsentAcceptanceSchema>;

/**
 * In the call token's claims and on the call record: the notice accepted, and when the API
 * took the acceptance (with the call request that carried it; the visitor's clock is not
 * trusted for it).
 */
export const AcceptedConsentSchema = z
  .strictObject({ ...ConsentAcceptanceSchema.shape, acceptedAt: z.iso.datetime() })
  .meta({ id: 'AcceptedConsent' });
export type AcceptedConsent = z.infer<typeof AcceptedConsentSchema>;
