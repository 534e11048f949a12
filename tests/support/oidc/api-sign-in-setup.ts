// How the API is set up against the test provider, in one place for the tests that build the
// API in process (its OidcSignInOptions) and those that spawn it (its environment, as a
// deployment sets it): the client the provider registered, the scopes and claims asked for,
// and a second factor required, read from the ID token's `amr` (the provider's login page
// gives pwd+otp when its one-time code box is ticked).
import { writeFileSync } from 'node:fs';
import { SecretValue } from '../../../protocol/config/secret-file.ts';
import {
  supervisorSignInEnvNames as envNames,
  type OidcSignInOptions,
} from '../../../protocol/config/supervisor-sign-in-config.ts';
import type { TestIdentityProvider } from './test-identity-provider.ts';

/** What every test asks of the provider: the claims test-identity-provider.ts puts in. */
const policy = {
  scopes: 'openid profile',
  rolesClaim: 'roles',
  sitesClaim: 'sites',
  requireMfa: true,
} as const;

/** The API's sign-in options for `idp`, the browser sent back to `redirectUri`. */
export function apiSignInOptions(
  idp: TestIdentityProvider,
  redirectUri: string,
): OidcSignInOptions {
  return {
    issuer: new URL(idp.issuer),
    clientId: idp.client.id,
    clientSecret: new SecretValue(idp.client.secret),
    redirectUrl: new URL(redirectUri),
    ...policy,
    mfaAcr: undefined,
  };
}

/**
 * The same as a spawned API's environment (API_OIDC_*); the client secret is written to
 * `secretFile`, as a deployment mounts it, and only its path is in the environment.
 */
export function apiSignInEnv(
  idp: TestIdentityProvider,
  redirectUri: string,
  secretFile: string,
): Record<string, string> {
  writeFileSync(secretFile, `${idp.client.secret}\n`, { mode: 0o600 });
  return {
    [envNames.oidcIssuer]: idp.issuer,
    [envNames.oidcClientId]: idp.client.id,
    [envNames.oidcClientSecretFile]: secretFile,
    [envNames.oidcRedirectUrl]: redirectUri,
    [envNames.oidcScopes]: policy.scopes,
    [envNames.oidcRolesClaim]: policy.rolesClaim,
    [envNames.oidcSitesClaim]: policy.sitesClaim,
    [envNames.oidcRequireMfa]: String(policy.requireMfa),
  };
}
