import { describe, expect, it } from 'vitest';
import { ForbiddenError } from '../errors.ts';
import { requireAdministrator, siteScope } from './supervisor-access.ts';

describe('supervisor access', () => {
  it('lets administrators only onto the administrators pages', () => {
    expect(() => requireAdministrator({ roles: ['supervisor'] })).toThrow(ForbiddenError);
    expect(() => requireAdministrator({ roles: ['supervisor', 'administrator'] })).not.toThrow();
  });

  it('scopes a supervisor to their sites', () => {
    const all = siteScope({ roles: ['supervisor'] });
    expect([all.siteIds, all.sees('acme'), all.sees('beta')]).toEqual([undefined, true, true]);
    const one = siteScope({ roles: ['supervisor'], sites: ['acme'] });
    expect([one.siteIds, one.sees('acme'), one.sees('beta')]).toEqual([['acme'], true, false]);
    const two = siteScope({ roles: ['supervisor'], sites: ['acme', 'beta'] });
    expect([two.siteIds, two.sees('beta'), two.sees('gamma')]).toEqual([
      ['acme', 'beta'],
      true,
      false,
    ]);
    // No site at all: the queries find nothing, not everything.
    const none = siteScope({ roles: ['supervisor'], sites: [] });
    expect([none.siteIds, none.sees('acme')]).toEqual([[], false]);
  });
});
