import type { PublicConsentNotice } from '../../../protocol/api/consent-notice.ts';
import { VisitorApiError, type VisitorApi } from '../api/visitor-api.ts';

/**
 * The API refused the call because the notice accepted is no longer the site's: the sites
 * file changed since the widget loaded it (api/src/calls/accepted-consent.ts).
 */
const noticeOutdated = (error: unknown) =>
  error instanceof VisitorApiError && error.status === 409 && error.code === 'consent_outdated';

/**
 * After a refused call request: the site's notice as it is now (absent if the site dropped
 * it), asked for past the browser's copy of the config, which may still hold the old one.
 * Any other refusal, or a config that cannot be had, is thrown for the call screen to tell.
 */
export async function currentNoticeAfter(
  error: unknown,
  api: Pick<VisitorApi, 'siteConfig'>,
  siteId: string,
): Promise<{ notice?: PublicConsentNotice }> {
  if (!noticeOutdated(error)) throw error;
  const site = await api.siteConfig(siteId, { fresh: true });
  return site.consentNotice ? { notice: site.consentNotice } : {};
}
