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
    expect([all.siteId, all.sees('acme'), all.sees('beta')]).toEqual([undefined, true, true]);
    const one = siteScope({ roles: ['supervisor'], sites: ['acme'] });
    expect([one.siteId, one.sees('acme'), one.sees('beta')]).toEqual(['acme', true, false]);
    const two = siteScope({ roles: ['supervisor'], sites: ['acme', 'beta'] });
    expect([two.siteId, two.sees('beta'), two.sees('gamma')]).toEqual([undefined, true, false]);
    const none = siteScope({ roles: ['supervisor'], sites: [] });
    expect(none.sees('acme')).toBe(false);
    expect(none.siteId).not.toBe(undefined);
  });
});
