import { randomBytes, randomUUID } from 'node:crypto';
import { DigestAuthentication, LoggerFactory } from 'sip.js/lib/core/index.js';
import type { OutgoingRequestMessage } from 'sip.js/lib/core/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TrunkCredentialsSchema } from '../../protocol/config/trunk-credentials.ts';
import { startTrunkClient } from '../../media/src/sip/trunk/trunk-client.ts';
import type { TrunkClient, TrunkClientOptions } from '../../media/src/sip/trunk/trunk-client.ts';
import { waitFor } from '../../infra/rig/wait.ts';
import { recordCall, testLogger } from '../support/sip/call-recorder.ts';
import { reinviteSdp, startSipResponder } from '../support/sip/sip-responder.ts';
import type { SipMessage, SipResponder } from '../support/sip/sip-responder.ts';

// Digest challenges kamailio and SIPp are not told to make, from a scripted peer on a real
// UDP socket: RFC 2069's form (no qop), a session refresh challenged inside the dialog, an
// OPTIONS ping challenged. Each site's credentials, or the default, from the parsed file.

const passwords = { acme: randomBytes(9).toString('hex'), other: randomBytes(9).toString('hex') };
const credentials = TrunkCredentialsSchema.parse({
  default: { username: 'gw-default', password: passwords.other },
  sites: { acme: { username: 'gw-acme', password: passwords.acme } },
});
const OFFER = reinviteSdp.replace('m=audio 9', 'm=audio 10');

let responder: SipResponder;
const clients: TrunkClient[] = [];
const startClient = async (options: Partial<TrunkClientOptions> = {}) => {
  const client = await startTrunkClient({
    trunk: { host: '127.0.0.1', port: responder.port, transport: 'udp' },
    bindIp: '127.0.0.1',
    logger: testLogger(),
    credentials,
    ...options,
  });
  clients.push(client);
  return client;
};

beforeAll(async () => {
  responder = await startSipResponder();
});
afterAll(async () => {
  for (const client of clients) await client.close();
  responder.close();
});

const requestsOf = (callId: string, method: string) =>
  responder.requests.filter((r) => r.method === method && r.header('call-id') === callId);
const nth = (callId: string, method: string, n: number) =>
  waitFor(() => requestsOf(callId, method)[n - 1], {
    timeoutMs: 5000,
    what: `${method} #${n} of ${callId}`,
  });
const param = (header: string | undefined, name: string) =>
  new RegExp(`${name}=(?:"([^"]*)"|([^,\\s]+))`)
    .exec(header ?? '')
    ?.slice(1)
    .find(Boolean);

describe('digest challenges from a scripted PBX', () => {
  it("answers a challenge without qop (RFC 2069) with the site's credentials, as sip.js's own MD5 digest would", async () => {
    const client = await startClient();
    const target = `sip:queue-sales@127.0.0.1:${responder.port}`;
    responder.onInvite = (invite) =>
      invite.header('authorization')
        ? responder.reply(invite, 200, { sdp: reinviteSdp })
        : responder.reply(invite, 401, {
            headers: ['WWW-Authenticate: Digest realm="pbx.acme", nonce="nonce-2069"'],
          });
    const events = recordCall();
    const callId = randomUUID();
    const call = client.placeCall(
      { callId, target, callerDisplayName: 'Web', headers: {}, sdpOffer: OFFER, site: 'acme' },
      events,
    );
    await events.answered;
    const authorization = (await nth(callId, 'INVITE', 2)).header('authorization');
    expect(param(authorization, 'username')).toBe('gw-acme');
    expect(authorization).not.toMatch(/qop=|nc=|cnonce=/);
    // sip.js's DigestAuthentication, an implementation apart from ours, as the oracle.
    const oracle = new DigestAuthentication(
      new LoggerFactory(),
      undefined,
      'gw-acme',
      passwords.acme,
    );
    oracle.authenticate(
      { method: 'INVITE', ruri: { toString: () => target } } as unknown as OutgoingRequestMessage,
      { realm: 'pbx.acme', nonce: 'nonce-2069' },
    );
    expect(param(authorization, 'response')).toBe(param(oracle.toString(), 'response'));
    call.hangUp();
    await nth(callId, 'BYE', 1);
  });

  it('authenticates a session refresh challenged in the dialog, its CSeq going on in order', async () => {
    const client = await startClient();
    responder.onInvite = (invite) =>
      responder.reply(invite, 200, {
        sdp: reinviteSdp,
        headers: ['Session-Expires: 4;refresher=uac', 'Require: timer'],
      });
    responder.onReInvite = (invite) =>
      invite.header('proxy-authorization')
        ? responder.reply(invite, 200, { sdp: reinviteSdp })
        : responder.reply(invite, 407, {
            headers: [
              'Proxy-Authenticate: Digest realm="pbx.acme", nonce="nonce-refresh", qop="auth", algorithm=SHA-256',
            ],
          });
    const events = recordCall();
    const callId = randomUUID();
    const call = client.placeCall(
      {
        callId,
        target: `sip:queue-sales@127.0.0.1:${responder.port}`,
        callerDisplayName: 'Web',
        headers: {},
        sdpOffer: OFFER,
        site: 'acme',
      },
      events,
    );
    await events.answered;
    const [challenged, authenticated] = [
      await nth(callId, 'INVITE', 2),
      await nth(callId, 'INVITE', 3),
    ];
    const seq = (m: SipMessage) => Number.parseInt(m.header('cseq') ?? '', 10);
    expect(seq(authenticated)).toBe(seq(challenged) + 1);
    const authorization = authenticated.header('proxy-authorization');
    expect(authorization).toMatch(
      /^Digest username="gw-acme", realm="pbx\.acme", nonce="nonce-refresh"/,
    );
    expect(authorization).toMatch(
      /response="[0-9a-f]{64}", algorithm=SHA-256, cnonce="[0-9a-f]{32}", qop=auth, nc=00000001/,
    );
    call.hangUp();
    const bye = await nth(callId, 'BYE', 1);
    expect(seq(bye)).toBeGreaterThan(seq(authenticated));
  });

  it('authenticates an OPTIONS ping with the default credentials (a ping has no site)', async () => {
    responder.onOtherRequest = (request) =>
      request.method !== 'OPTIONS' || request.header('authorization')
        ? responder.reply(request, 200)
        : responder.reply(request, 401, {
            headers: ['WWW-Authenticate: Digest realm="pbx", nonce="nonce-ping", qop="auth"'],
          });
    const pinged = responder.requests.length;
    await startClient({ timers: { optionsIntervalMs: 200 } });
    const ping = await waitFor(
      () =>
        responder.requests
          .slice(pinged)
          .find((r) => r.method === 'OPTIONS' && r.header('authorization')),
      { timeoutMs: 5000, what: 'an authenticated OPTIONS' },
    );
    expect(param(ping.header('authorization'), 'username')).toBe('gw-default');
    expect(param(ping.header('authorization'), 'algorithm')).toBe('MD5');
  });
});
