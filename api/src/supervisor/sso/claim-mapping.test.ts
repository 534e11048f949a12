import { describe, expect, it } from 'vitest';
import { mapClaims } from './claim-mapping.ts';
import { SignInRefused } from './sign-in-refused.ts';

const options = { rolesClaim: 'roles', sitesClaim: 'sites', requireMfa: true, mfaAcr: undefined };

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (error instanceof SignInRefused) return error.code;
    throw error;
  }
  return 'signed in';
};

describe('mapping the provider claims to a supervisor', () => {
  it('takes the roles, the sites and the name from the configured claims', () => {
    expect(
      mapClaims(
        {
          sub: 'u1',
          preferred_username: 'ada',
          roles: ['supervisor', 'other'],
          sites: ['acme'],
          amr: ['pwd', 'otp'],
        },
        options,
      ),
    ).toEqual({ username: 'ada', roles: ['supervisor'], sites: ['acme'] });
    // Entra and Keycloak style: groups as the roles claim, one string of sites.
    expect(
      mapClaims(
        {
          sub: 'u2',
          email: 'bo@acme.example',
          groups: ['administrator'],
          site_ids: 'acme beta',
          amr: ['mfa'],
        },
        { ...options, rolesClaim: 'groups', sitesClaim: 'site_ids' },
      ),
    ).toEqual({
      username: 'bo@acme.example',
      roles: ['supervisor', 'administrator'],
      sites: ['acme', 'beta'],
    });
  });

  it('leaves a supervisor without a sites claim unscoped', () => {
    expect(mapClaims({ sub: 'u3', roles: 'supervisor', amr: ['hwk'] }, options)).toEqual({
      username: 'u3',
      roles: ['supervisor'],
    });
  });

  it('refuses whoever has no staff role', () => {
    expect(refusal(() => mapClaims({ sub: 'u4', roles: ['visitor'], amr: ['otp'] }, options))).toBe(
      'no_staff_role',
    );
    expect(refusal(() => mapClaims({ sub: 'u4', amr: ['otp'] }, options))).toBe('no_staff_role');
  });

  it('requires a second factor by amr, or by the configured acr', () => {
    const user = { sub: 'u5', roles: ['supervisor'] };
    expect(refusal(() => mapClaims({ ...user, amr: ['pwd'] }, options))).toBe('mfa_required');
    expect(refusal(() => mapClaims(user, options))).toBe('mfa_required');
    expect(refusal(() => mapClaims({ ...user, acr: 'urn:acme:mfa' }, options))).toBe(
      'mfa_required',
    );
    expect(
      refusal(() =>
        mapClaims({ ...user, acr: 'urn:acme:mfa' }, { ...options, mfaAcr: 'urn:acme:mfa' }),
      ),
    ).toBe('signed in');
    expect(
      refusal(() => mapClaims({ ...user, amr: ['pwd'] }, { ...options, requireMfa: false })),
    ).toBe('signed in');
  });
});
