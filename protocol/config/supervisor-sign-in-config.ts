import { z } from 'zod';
import { secretFileSchema, type SecretValue } from './secret-file.ts';

/**
 * The file holding the OpenID client secret, read at start-up. Identity providers mint their
 * own secrets (Entra's carry `~` and `.`), so any printable text of 16 characters or more.
 */
const ClientSecretFileSchema = secretFileSchema(
  /^[\x21-\x7e]{16,1024}$/,
  (path) => `${path} must hold one client secret of 16 to 1024 printable characters`,
);

const claimName = z
  .string()
  .regex(/^[A-Za-z0-9_:./-]{1,100}$/, 'must be a claim name such as roles or groups');

/**
 * Single sign-on of supervisors through an OpenID Connect provider (docs/supervisor-sign-in.md),
 * spread into the API's config. Unset issuer: local passwords only.
 */
export const supervisorSignInFields = {
  /** The provider's issuer URL; its discovery document is read from it. */
  oidcIssuer: z.url({ protocol: /^https?$/ }).optional(),
  /** The client id the provider registered for the API. */
  oidcClientId: z.string().min(1).max(256).optional(),
  /** File holding the client secret (never the secret itself in the environment). */
  oidcClientSecretFile: ClientSecretFileSchema.optional(),
  /** Where the provider sends the browser back: https://HOST/supervisor/sso/callback. */
  oidcRedirectUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** Scopes asked for, space-separated; `openid` always among them. */
  oidcScopes: z
    .string()
    .regex(/^[\x21-\x7e]+( [\x21-\x7e]+)*$/, 'must be scopes separated by single spaces')
    .refine((scopes) => scopes.split(' ').includes('openid'), 'must include openid')
    .default('openid profile email'),
  /** The claim listing the user's roles or groups; `supervisor` and `administrator` count. */
  oidcRolesClaim: claimName.default('roles'),
  /** The claim listing the site ids a supervisor is limited to; absent: every site. */
  oidcSitesClaim: claimName.default('sites'),
  /**
   * Refuse a sign-in the provider did not do with a second factor: its ID token's `amr` must
   * name one (mfa, otp, hwk, swk, sms, fpt...), or its `acr` equal API_OIDC_MFA_ACR.
   */
  oidcRequireMfa: z.stringbool().default(true),
  /** An `acr` value that means the provider did multi-factor (asked for with acr_values). */
  oidcMfaAcr: z.string().min(1).max(256).optional(),
} as const;

export const supervisorSignInEnvNames = {
  oidcIssuer: 'API_OIDC_ISSUER',
  oidcClientId: 'API_OIDC_CLIENT_ID',
  oidcClientSecretFile: 'API_OIDC_CLIENT_SECRET_FILE',
  oidcRedirectUrl: 'API_OIDC_REDIRECT_URL',
  oidcScopes: 'API_OIDC_SCOPES',
  oidcRolesClaim: 'API_OIDC_ROLES_CLAIM',
  oidcSitesClaim: 'API_OIDC_SITES_CLAIM',
  oidcRequireMfa: 'API_OIDC_REQUIRE_MFA',
  oidcMfaAcr: 'API_OIDC_MFA_ACR',
} as const;

type Fields = z.infer<z.ZodObject<typeof supervisorSignInFields>>;

/** What the OpenID sign-in needs, once the config says there is a provider. */
export interface OidcSignInOptions {
  issuer: URL;
  clientId: string;
  clientSecret: SecretValue | undefined;
  redirectUrl: URL;
  scopes: string;
  rolesClaim: string;
  sitesClaim: string;
  requireMfa: boolean;
  mfaAcr: string | undefined;
}

/** An issuer needs its client id and redirect URL: a half-configured sign-in fails start-up. */
export function checkSupervisorSignIn(config: Fields, ctx: z.RefinementCtx): void {
  if (!config.oidcIssuer) return;
  for (const field of ['oidcClientId', 'oidcRedirectUrl'] as const) {
    if (!config[field]) {
      ctx.addIssue({
        code: 'custom',
        path: [field],
        message: `must be set when ${supervisorSignInEnvNames.oidcIssuer} is`,
      });
    }
  }
}

export function oidcSignInOptions(config: Fields): OidcSignInOptions | undefined {
  if (!config.oidcIssuer || !config.oidcClientId || !config.oidcRedirectUrl) return undefined;
  return {
    issuer: new URL(config.oidcIssuer),
    clientId: config.oidcClientId,
    clientSecret: config.oidcClientSecretFile,
    redirectUrl: new URL(config.oidcRedirectUrl),
    scopes: config.oidcScopes,
    rolesClaim: config.oidcRolesClaim,
    sitesClaim: config.oidcSitesClaim,
    requireMfa: config.oidcRequireMfa,
    mfaAcr: config.oidcMfaAcr,
  };
}
