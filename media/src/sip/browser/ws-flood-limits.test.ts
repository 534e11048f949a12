import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from 'sip.js';
import { trustedProxies } from '../../../../protocol/client-address/trusted-proxies.ts';
import { SipBrowserLeg } from '../../call/sip-browser-leg.ts';
import {
  buildRequest,
  gatewayUri,
  newBranch,
  newCallIdentity,
} from '../../../../tests/support/caller/sip-message-builder.ts';
import {
  openSipWs,
  type SipWsConnection,
} from '../../../../tests/support/caller/sip-ws-connection.ts';
import { refusedUpgrade } from '../../../../tests/support/sip/raw-ws-client.ts';
import {
  recordingLogger,
  startTestWsSipServer,
  unlimitedFlood,
} from '../../../../tests/support/sip/ws-sip-test-server.ts';
import type { CallEndReason } from '../../../../protocol/call-end-reason.ts';
import type { BrowserConnection } from './browser-connection.ts';
import type { WsSipServerOptions } from './ws-sip-server.ts';
import { addressBannedLog } from './ws-sip-server.ts';

const origin = 'https://www.acme.example';
// Two visitors behind a trusted reverse proxy (loopback), told apart by X-Forwarded-For.
const attacker = { 'X-Forwarded-For': '203.0.113.5' };
const visitor = { 'X-Forwarded-For': '198.51.100.7' };

/** Sends one request; resolves with its final status, or undefined if the socket closed first. */
function finalStatus(socket: SipWsConnection, text: string, callId: string) {
  const answer = new Promise<number>((resolve) =>
    socket.onMessage((message) => {
      const status = (message as Core.IncomingResponseMessage).statusCode ?? 0;
      if (message.callId === callId && status >= 200) resolve(status);
    }),
  );
  socket.send(text);
  return Promise.race([answer, socket.closed.then(() => undefined)]);
}

const request = (method: 'OPTIONS' | 'INVITE') => {
  const identity = newCallIdentity();
  const text = buildRequest({
    method,
    requestUri: gatewayUri,
    identity,
    cseq: 1,
    branch: newBranch(),
    ...(method === 'INVITE' ? { body: { type: 'application/sdp', content: 'v=0\r\n' } } : {}),
  });
  return { text, callId: identity.callId };
};

const limits = (over: Partial<typeof unlimitedFlood.limits>, banMs = 60_000) => ({
  limits: { ...unlimitedFlood.limits, ...over },
  banMs,
});

describe('flood limits on the SIP WebSocket', () => {
  let close = async () => {};
  afterEach(() => close());

  const start = async (
    options: Partial<Pick<WsSipServerOptions, 'maxConnections' | 'floodLimits'>>,
    onInvite: (
      request: Core.IncomingInviteRequest,
      connection: BrowserConnection,
    ) => void = () => {},
  ) => {
    const logger = recordingLogger();
    const server = await startTestWsSipServer({
      onInvite,
      logger,
      settings: { ...options, trustedProxies: trustedProxies(['127.0.0.1/32']) },
    });
    const sockets: SipWsConnection[] = [];
    const open = async (headers: Record<string, string>) => {
      const socket = await openSipWs(server.url, origin, headers);
      sockets.push(socket);
      return socket;
    };
    close = async () => {
      for (const socket of sockets) socket.close();
      await server.close();
    };
    return { server, logger, open };
  };

  it('refuses a socket beyond the global cap with 503 and Retry-After, logged once', async () => {
    const { server, logger, open } = await start({ maxConnections: 2 });
    await open(visitor);
    await open(attacker);

    expect(await refusedUpgrade(server.url, visitor)).toEqual({ status: 503, retryAfter: '10' });

    const refusals = logger.lines.filter((line) => /most connections/.test(line.message ?? ''));
    expect(refusals).toEqual([
      expect.objectContaining({ level: 'warn', details: expect.objectContaining({ limit: 2 }) }),
    ]);
    expect(refusals[0]?.details.client).toMatch(/^client-/);
  });

  it('bans an address opening sockets too fast: 429 with Retry-After, its sockets closed', async () => {
    const { server, logger, open } = await start({
      floodLimits: limits({ connection: { limit: 3, windowMs: 10_000 } }),
    });
    const held = [await open(attacker), await open(attacker), await open(attacker)];
    const bystander = await open(visitor);

    expect(await refusedUpgrade(server.url, attacker)).toEqual({ status: 429, retryAfter: '60' });
    expect(await Promise.all(held.map((socket) => socket.closed))).toEqual([1008, 1008, 1008]);
    expect(await refusedUpgrade(server.url, attacker)).toMatchObject({ status: 429 });

    // The visitor behind another address goes on, and may open more.
    const { text, callId } = request('OPTIONS');
    expect(await finalStatus(bystander, text, callId)).toBe(200);
    expect(await refusedUpgrade(server.url, visitor)).toBe('opened');
    const bans = logger.lines.filter((line) => line.message === addressBannedLog);
    expect(bans).toEqual([
      expect.objectContaining({
        level: 'warn',
        details: expect.objectContaining({ over: 'connection' }),
      }),
    ]);
    expect(JSON.stringify(logger.lines)).not.toContain('203.0.113.5');
  });

  it('counts IPv6 clients by their /64: new addresses in a banned /64 are refused too', async () => {
    const { server, open } = await start({
      floodLimits: limits({ connection: { limit: 2, windowMs: 10_000 } }),
    });
    const fromV6 = (address: string) => ({ 'X-Forwarded-For': address });
    const held = [await open(fromV6('2001:db8:5:6::1')), await open(fromV6('2001:db8:5:6::2'))];

    // A third address of the same /64 is the same subscriber: over the limit, banned.
    expect(await refusedUpgrade(server.url, fromV6('2001:db8:5:6:ffff::3'))).toMatchObject({
      status: 429,
    });
    expect(await Promise.all(held.map((socket) => socket.closed))).toEqual([1008, 1008]);
    expect(await refusedUpgrade(server.url, fromV6('2001:db8:5:6::9'))).toMatchObject({
      status: 429,
    });
    // The neighbouring /64 is another subscriber.
    expect(await refusedUpgrade(server.url, fromV6('2001:db8:5:7::1'))).toBe('opened');
  });

  it('bans an address sending SIP too fast over its sockets, and reads nothing more of it', async () => {
    const { server, open } = await start({
      floodLimits: limits({ request: { limit: 5, windowMs: 60_000 } }),
    });
    const [first, second] = [await open(attacker), await open(attacker)];
    const answers: number[] = [];
    first.onMessage((message) =>
      answers.push((message as Core.IncomingResponseMessage).statusCode ?? 0),
    );
    // A burst split over two sockets counts as one.
    for (let i = 0; i < 3; i += 1) first.send(request('OPTIONS').text);
    for (let i = 0; i < 10; i += 1) second.send(request('OPTIONS').text);

    expect(await Promise.all([first.closed, second.closed])).toEqual([1008, 1008]);
    expect(answers).toEqual([200, 200, 200]);
    expect(await refusedUpgrade(server.url, attacker)).toMatchObject({ status: 429 });
  });

  it("bans an address after refused INVITEs that are its own fault, not after a call's outcome", async () => {
    const outcomes: CallEndReason[] = [
      { code: 'no_agent' },
      { code: 'busy' },
      { code: 'gateway_draining', cause: 'draining' },
      { code: 'unauthorized', sipStatus: 403, cause: 'token_invalid' },
      { code: 'unauthorized', sipStatus: 403, cause: 'token_invalid' },
      { code: 'unauthorized', sipStatus: 403, cause: 'token_invalid' },
    ];
    const { open } = await start(
      { floodLimits: limits({ refusedInvite: { limit: 2, windowMs: 60_000 } }) },
      (invite, connection) => {
        const reason = outcomes.shift();
        if (reason) new SipBrowserLeg(invite, connection).refuse(reason);
      },
    );
    const socket = await open(attacker);
    const statuses: (number | undefined)[] = [];
    for (let i = 0; i < 6; i += 1) {
      const { text, callId } = request('INVITE');
      statuses.push(await finalStatus(socket, text, callId));
    }

    // 480, 486 and 503 are not counted; the third 403 goes over the limit.
    expect(statuses).toEqual([480, 486, 503, 403, 403, 403]);
    expect(await socket.closed).toBe(1008);
  });
});
