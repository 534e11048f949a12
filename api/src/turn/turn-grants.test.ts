import { randomBytes } from 'node:crypto';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallGrantSchema } from '../../../protocol/api/call-request.ts';
import { ConnectionTestGrantSchema } from '../../../protocol/api/connection-test.ts';
import { PublicSiteConfigSchema } from '../../../protocol/api/public-site-config.ts';
import type { SitesFile } from '../../../protocol/api/site-config.ts';
import { SecretValue } from '../../../protocol/config/secret-file.ts';
import { startTestApi, type TestApi } from '../../../tests/support/api/test-api.ts';
import { bearer, post, startSession, supportEn } from '../../../tests/support/api/visitor.ts';
import { turnRestCredential } from './turn-credentials.ts';
import { missingTurnSecret } from './visitor-ice-servers.ts';

const secret = randomBytes(32).toString('base64');
const turnUrls = ['turns:turn.acme.example:443?transport=tcp', 'turn:turn.acme.example:3478'];
const stun = 'stun:stun.acme.example:3478';
const withTurn = (file: SitesFile) => {
  const acme = file.sites.acme!;
  acme.media.iceServers = [{ urls: stun }];
  acme.media.turn = { urls: turnUrls };
  acme.limits = { ...acme.limits, callsPerIpPerMinute: 100, connectionTestsPerIpPerMinute: 100 };
};
const sessionId = (sessionToken: string) => decodeJwt(sessionToken).jti!;
const grantTest = (api: TestApi, session: string) =>
  post(api, '/v1/connection-tests', '', { headers: bearer(session) });
const grantCall = (api: TestApi, session: string) =>
  post(api, '/v1/calls', { routing: supportEn }, { headers: bearer(session) });

describe('with a TURN secret', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(withTurn, {
      turn: { secret: new SecretValue(secret), credentialLifetimeS: 600 },
    });
  }, 60_000);
  afterAll(() => api.close());

  it('gives the connection test the STUN servers and TURN with a credential minted for it', async () => {
    const session = await startSession(api);
    const res = await grantTest(api, session);
    expect(res.status).toBe(201);
    const { iceServers } = ConnectionTestGrantSchema.parse(await res.json());
    const expiresAt = api.clock.now.getTime() / 1000 + 600;
    const minted = turnRestCredential(secret, sessionId(session), expiresAt);
    expect(iceServers).toEqual([
      { urls: [stun] },
      { urls: turnUrls, username: minted.username, credential: minted.credential },
    ]);
  });

  it('mints a fresh credential with the call grant, valid from the call on', async () => {
    const session = await startSession(api);
    const atTest = ConnectionTestGrantSchema.parse(await (await grantTest(api, session)).json());
    // The visitor lingers on the sound check: the call's credential starts from the call.
    api.clock.now = new Date(api.clock.now.getTime() + 240_000);
    const res = await grantCall(api, session);
    expect(res.status).toBe(201);
    const { iceServers } = CallGrantSchema.parse(await res.json());
    const turn = iceServers.find((server) => server.username);
    expect(turn?.username).toBe(`${api.clock.now.getTime() / 1000 + 600}:${sessionId(session)}`);
    expect(turn?.username).not.toBe(atTest.iceServers[1]?.username);
  });

  it('publishes no ICE servers, and so no credential, in the public site config', async () => {
    const res = await api.app.request('/v1/sites/acme/config');
    const config = PublicSiteConfigSchema.parse(await res.json());
    expect(config.media).toEqual({ gatewayUrl: 'ws://127.0.0.1:8090/sip' });
  });

  it('keeps the secret and the credentials out of the logs', async () => {
    const session = await startSession(api);
    const grant = CallGrantSchema.parse(await (await grantCall(api, session)).json());
    const logs = api.logs.join('\n');
    expect(logs).not.toContain(secret);
    for (const server of grant.iceServers)
      if (server.credential) expect(logs).not.toContain(server.credential);
  });

  it('describes the ICE servers in the OpenAPI document', async () => {
    const doc = await (await api.app.request('/openapi.json')).json();
    expect(doc.components.schemas.IceServer.required).toEqual(['urls']);
    for (const grant of ['CallGrant', 'ConnectionTestGrant'])
      expect(doc.components.schemas[grant].required).toContain('iceServers');
  });
});

describe('without a TURN secret', () => {
  it('answers grants for a site without TURN with its STUN servers only', async () => {
    const api = await startTestApi(
      (file) => (file.sites.acme!.media.iceServers = [{ urls: stun }]),
    );
    try {
      const session = await startSession(api);
      const grant = CallGrantSchema.parse(await (await grantCall(api, session)).json());
      expect(grant.iceServers).toEqual([{ urls: [stun] }]);
    } finally {
      await api.close();
    }
  }, 60_000);

  it('refuses to grant for a site that lists TURN (503), rather than a call that cannot relay', async () => {
    const api = await startTestApi(withTurn);
    try {
      const session = await startSession(api);
      for (const res of [await grantTest(api, session), await grantCall(api, session)]) {
        expect(res.status).toBe(503);
        expect(await res.json()).toMatchObject({ code: 'turn_not_configured' });
      }
    } finally {
      await api.close();
    }
  }, 60_000);

  it('names the sites and the variable at start-up', () => {
    const sites = {
      acme: { media: { turn: { urls: turnUrls } } },
    } as unknown as SitesFile['sites'];
    expect(missingTurnSecret(sites, false)).toBe(
      'site acme lists media.turn but API_TURN_SECRET_FILE is unset',
    );
    expect(missingTurnSecret(sites, true)).toBeUndefined();
  });
});
