import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadApiConfig } from './api-config.ts';
import { oidcSignInOptions } from './supervisor-sign-in-config.ts';

describe('supervisor single sign-on config', () => {
  it('is off without an issuer, and needs a client id and redirect URL with one', () => {
    expect(oidcSignInOptions(loadApiConfig({}))).toBeUndefined();
    expect(() => loadApiConfig({ API_OIDC_ISSUER: 'https://id.example.com' })).toThrow(
      /API_OIDC_CLIENT_ID: must be set when API_OIDC_ISSUER is.*API_OIDC_REDIRECT_URL/s,
    );
    expect(() =>
      loadApiConfig({
        API_OIDC_ISSUER: 'https://id.example.com',
        API_OIDC_CLIENT_ID: 'ctc',
        API_OIDC_REDIRECT_URL: 'https://ctc.example.com/supervisor/sso/callback',
        API_OIDC_SCOPES: 'profile email',
      }),
    ).toThrow(/API_OIDC_SCOPES: must include openid/);
  });

  it('reads the client secret from its file, and never prints it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'oidc-config-'));
    const secretFile = join(dir, 'client-secret');
    const secret = `Az~.${'x'.repeat(30)}`;
    writeFileSync(secretFile, `${secret}\n`);
    const options = oidcSignInOptions(
      loadApiConfig({
        API_OIDC_ISSUER: 'https://id.example.com/realms/acme',
        API_OIDC_CLIENT_ID: 'ctc',
        API_OIDC_CLIENT_SECRET_FILE: secretFile,
        API_OIDC_REDIRECT_URL: 'https://ctc.example.com/supervisor/sso/callback',
        API_OIDC_ROLES_CLAIM: 'groups',
        API_OIDC_MFA_ACR: 'urn:acme:mfa',
      }),
    );
    expect(options?.clientSecret?.reveal()).toBe(secret);
    expect(JSON.stringify(options)).not.toContain(secret);
    expect(options).toMatchObject({
      rolesClaim: 'groups',
      requireMfa: true,
      mfaAcr: 'urn:acme:mfa',
    });
    expect(() => loadApiConfig({ API_OIDC_CLIENT_SECRET_FILE: join(dir, 'missing') })).toThrow(
      /API_OIDC_CLIENT_SECRET_FILE: cannot read/,
    );
  });
});
