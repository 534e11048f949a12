import { createHash } from 'node:crypto';
import type { ConsentNotice, PublicConsentNotice } from '../../../protocol/api/consent-notice.ts';

/** The hash a call record keeps of the notice text its visitor was shown (UTF-8, hex). */
export const noticeTextSha256 = (text: string) =>
  createHash('sha256').update(text, 'utf8').digest('hex');

/** A site's notice as the widget gets it: each language's text with its hash to send back. */
export function publicConsentNotice(notice: ConsentNotice): PublicConsentNotice {
  return {
    version: notice.version,
    texts: Object.fromEntries(
      Object.entries(notice.text).map(([language, text]) => [
        language,
        { text, sha256: noticeTextSha256(text) },
      ]),
    ),
  };
}
