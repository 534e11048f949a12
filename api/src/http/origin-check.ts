import type { SiteConfig } from '../../../protocol/api/site-config.ts';
import { ForbiddenError } from '../errors.ts';

/** Browser requests must come from one of the site's pages. */
export function checkOrigin(site: SiteConfig, siteId: string, origin: string | undefined): void {
  if (origin === undefined) {
    throw new ForbiddenError('origin_not_allowed', 'The Origin header is missing');
  }
  if (!site.allowedOrigins.includes(origin)) {
    throw new ForbiddenError('origin_not_allowed', `Origin ${origin} may not use site ${siteId}`);
  }
}
