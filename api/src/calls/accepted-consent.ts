import type {
  AcceptedConsent,
  ConsentAcceptance,
  ConsentNotice,
} from '../../../protocol/api/consent-notice.ts';
import { ApiError, ConflictError } from '../errors.ts';
import { noticeTextSha256 } from '../sites/public-consent-notice.ts';

/** The site has a notice to accept before calling, and the request accepted none. */
export class ConsentRequiredError extends ApiError {
  constructor() {
    super('consent_required', 422, "This site's notice must be accepted before calling");
  }
}

/**
 * What the call record keeps of the visitor's acceptance of the site's notice; undefined for
 * a site without one (an acceptance sent anyway is not recorded: there was nothing to accept).
 * Refused when none was sent, or when it names another version or text than the site's now
 * (the sites file changed since the widget loaded it): the record must name what was shown.
 */
export function acceptedConsent(
  notice: ConsentNotice | undefined,
  acceptance: ConsentAcceptance | undefined,
  now: Date,
): AcceptedConsent | undefined {
  if (!notice) return undefined;
  if (!acceptance) throw new ConsentRequiredError();
  const text = Object.hasOwn(notice.text, acceptance.language)
    ? notice.text[acceptance.language]
    : undefined;
  if (
    acceptance.version !== notice.version ||
    text === undefined ||
    noticeTextSha256(text) !== acceptance.textSha256
  ) {
    throw new ConflictError(
      'consent_outdated',
      "The accepted notice is not this site's current one: load the widget again",
    );
  }
  return { ...acceptance, acceptedAt: now.toISOString() };
}
