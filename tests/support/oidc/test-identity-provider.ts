// A real OpenID provider for the sign-in tests: oidc-provider (a certified implementation) on
// loopback, with the API registered as its client and a few staff accounts. Its login is a
// custom interaction page the test fills in (over HTTP or in Chromium): which user signs in,
// and whether they also gave a one-time code (the `amr` it puts in the ID token).
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import Provider, { type Configuration } from 'oidc-provider';

/** What a test account's ID token says about them. */
export interface TestAccount {
  roles: string[];
  sites?: string[];
}

export interface TestIdentityProviderOptions {
  accounts: Record<string, TestAccount>;
  /** Where the provider may send the browser back (the API's callback). */
  redirectUri: string;
  /** The ID token's lifetime, seconds. */
  idTokenTtlS?: number;
  /** The client the API is; a second provider may register the same one. */
  client?: { id: string; secret: string };
}

export interface TestIdentityProvider {
  issuer: string;
  client: { id: string; secret: string };
  close(): Promise<void>;
}

export const newTestClient = () => ({
  id: 'click-to-call-api',
  secret: randomBytes(32).toString('base64url'),
});

export async function startTestIdentityProvider(
  options: TestIdentityProviderOptions,
): Promise<TestIdentityProvider> {
  const client = options.client ?? newTestClient();
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const signingKey = { ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig' };
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const configuration: Configuration = {
    clients: [
      {
        client_id: client.id,
        client_secret: client.secret,
        redirect_uris: [options.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    // The staff claims in the ID token itself, as Entra and Keycloak put roles and groups.
    conformIdTokenClaims: false,
    // The methods used (amr) in every ID token, as Entra, Okta and Keycloak send them:
    // oidc-provider by default only gives them when asked for by name.
    claims: {
      acr: null,
      auth_time: null,
      sid: null,
      iss: null,
      openid: ['sub', 'amr'],
      profile: ['preferred_username', 'roles', 'sites'],
    },
    features: { devInteractions: { enabled: false } },
    ttl: {
      IdToken: options.idTokenTtlS ?? 3600,
      AccessToken: 600,
      AuthorizationCode: 60,
      Grant: 600,
      Interaction: 600,
      Session: 600,
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx, id) => {
      const account = options.accounts[id];
      if (!account) return undefined;
      return {
        accountId: id,
        claims: () => ({
          sub: id,
          preferred_username: id,
          roles: account.roles,
          ...(account.sites && { sites: account.sites }),
        }),
      };
    },
  };
  const provider = new Provider(issuer, configuration);
  // A fault of the provider itself (not a refusal it means): shown, the test then fails.
  provider.on('server_error', (_ctx, error) => console.error('test provider:', error));
  const callback = provider.callback();

  server.on('request', (req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    if (!url.pathname.startsWith('/interaction/')) return void callback(req, res);
    void interact(provider, url, req, res).catch((error: unknown) => {
      res.statusCode = 500;
      res.end(String(error));
    });
  });
  return {
    issuer,
    client,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const loginForm = (action: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Test provider sign-in</title></head>
<body><main><form method="post" action="${action}">
<label>User <input name="user" data-testid="idp-user"></label>
<label><input type="checkbox" name="mfa" value="yes" data-testid="idp-mfa"> One-time code given</label>
<button type="submit" data-testid="idp-submit">Sign in</button>
</form></main></body></html>`;

const formOf = async (req: AsyncIterable<unknown>) => {
  let body = '';
  for await (const chunk of req) body += String(chunk);
  return new URLSearchParams(body);
};

/**
 * The login page a person fills in: POST `user=NAME` signs NAME in, with `mfa=yes` after a
 * one-time code too (amr pwd+otp), else with a password only. Consent to every scope the API
 * asked for is given at once.
 */
async function interact(
  provider: Provider,
  url: URL,
  req: Parameters<Provider['interactionDetails']>[0],
  res: Parameters<Provider['interactionDetails']>[1],
) {
  const details = await provider.interactionDetails(req, res);
  if (details.prompt.name === 'login') {
    if (req.method !== 'POST') {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(loginForm(url.pathname));
      return;
    }
    const form = await formOf(req);
    const amr = form.get('mfa') === 'yes' ? ['pwd', 'otp'] : ['pwd'];
    await provider.interactionFinished(req, res, {
      login: { accountId: form.get('user') ?? '', amr },
    });
    return;
  }
  const grant = new provider.Grant({
    accountId: details.session!.accountId,
    clientId: details.params.client_id as string,
  });
  grant.addOIDCScope(String(details.params.scope));
  const grantId = await grant.save();
  await provider.interactionFinished(
    req,
    res,
    { consent: { grantId } },
    {
      mergeWithLastSubmission: true,
    },
  );
}
