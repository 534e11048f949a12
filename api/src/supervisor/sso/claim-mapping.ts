import type { OidcSignInOptions } from '../../../../protocol/config/supervisor-sign-in-config.ts';
import { staffRoles, type StaffRole } from '../supervisor-access.ts';
import { SignInRefused } from './sign-in-refused.ts';

/** The `amr` values (RFC 8176) that mean a factor beyond a password was used. */
const secondFactorMethods = new Set([
  'mfa',
  'otp',
  'hwk',
  'swk',
  'sms',
  'fpt',
  'face',
  'iris',
  'sc',
]);

/** What the API keeps of a provider's user. */
export interface StaffIdentity {
  username: string;
  roles: StaffRole[];
  /** Absent: every site. */
  sites?: string[];
}

type MappingOptions = Pick<
  OidcSignInOptions,
  'rolesClaim' | 'sitesClaim' | 'requireMfa' | 'mfaAcr'
>;

/** A claim as a list of strings: an array, or one string of space- or comma-separated values. */
function listClaim(value: unknown): string[] | undefined {
  if (typeof value === 'string') return value.split(/[\s,]+/).filter(Boolean);
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return undefined;
}

/**
 * Maps an ID token's verified claims to a supervisor: the roles from the roles claim (values
 * `supervisor` and `administrator`; an administrator also supervises), the sites from the
 * sites claim, and the second factor from `amr` or `acr`. Refuses whoever has no role, or
 * signed in with one factor when the deployment requires two.
 */
export function mapClaims(claims: Record<string, unknown>, options: MappingOptions): StaffIdentity {
  const username = [claims.preferred_username, claims.email, claims.sub].find(
    (value): value is string => typeof value === 'string' && value.length > 0,
  );
  if (!username) throw new SignInRefused('no_subject', 'The provider did not say who you are');
  if (options.requireMfa && !usedSecondFactor(claims, options.mfaAcr)) {
    throw new SignInRefused(
      'mfa_required',
      'Sign-in needs a second factor: sign in again at your provider with your authenticator',
      { actor: username },
    );
  }
  const granted = new Set(listClaim(claims[options.rolesClaim]) ?? []);
  const roles = staffRoles.filter((role) => granted.has(role));
  if (roles.length === 0) {
    throw new SignInRefused(
      'no_staff_role',
      'Your account has no supervisor or administrator role here; ask your administrator',
      { actor: username },
    );
  }
  if (roles.includes('administrator') && !roles.includes('supervisor')) roles.unshift('supervisor');
  const sites = listClaim(claims[options.sitesClaim]);
  return { username: username.slice(0, 128), roles, ...(sites && { sites }) };
}

function usedSecondFactor(claims: Record<string, unknown>, mfaAcr: string | undefined): boolean {
  const amr = listClaim(claims.amr) ?? [];
  if (amr.some((method) => secondFactorMethods.has(method))) return true;
  return mfaAcr !== undefined && claims.acr === mfaAcr;
}
