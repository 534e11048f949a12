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
 * `siteId` narrows the queries that take a site filter (the calls list, ratings, the queue
 * summary) when the scope is a single site; `sees` keeps rows of the scope's sites, for the
 * queries that take none (callbacks) and for scopes of several sites.
 */
export interface SiteScope {
  siteId: string | undefined;
  sees: (siteId: string) => boolean;
}

export function siteScope(session: Signed): SiteScope {
  const sites = session.sites;
  if (!sites) return { siteId: undefined, sees: () => true };
  return {
    // No site at all: a site id no row carries, so the queries find nothing.
    siteId: sites.length === 1 ? sites[0] : sites.length === 0 ? '\u0000none' : undefined,
    sees: (siteId) => sites.includes(siteId),
  };
}
