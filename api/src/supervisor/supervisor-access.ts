import { ForbiddenError } from '../errors.ts';

/**
 * Who may do what on the supervisor pages, in one place. A supervisor reads the review and
 * works the callbacks; an administrator also sees the webhook deliveries and the audit log.
 */
export const staffRoles = ['supervisor', 'administrator'] as const;
export type StaffRole = (typeof staffRoles)[number];

/** How someone signed in: a local password (with TOTP when enrolled), or single sign-on. */
export type SignInMethod = 'password' | 'password+totp' | 'oidc';

interface Signed {
  roles: readonly StaffRole[];
  sites?: readonly string[];
}

export function requireAdministrator(session: Signed): void {
  if (!session.roles.includes('administrator')) {
    throw new ForbiddenError('administrators_only', 'This page is for administrators only');
  }
}

/**
 * The one site-scoping rule: a supervisor limited to sites sees only rows of those sites.
 * `siteIds` goes into every query they read (in SQL, so a page holds a page of their rows and
 * a count counts only theirs); `sees` decides one row already in hand (a callback acted on,
 * a call on the live view's board, which every watcher shares).
 */
export interface SiteScope {
  /** The sites whose rows the queries return; undefined: every site, empty: none. */
  siteIds: readonly string[] | undefined;
  sees: (siteId: string) => boolean;
}

export function siteScope(session: Signed): SiteScope {
  const sites = session.sites;
  if (!sites) return { siteIds: undefined, sees: () => true };
  return { siteIds: sites, sees: (siteId) => sites.includes(siteId) };
}
