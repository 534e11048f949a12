import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Core } from 'sip.js';
import { SipBrowserLeg } from '../../call/sip-browser-leg.ts';
import type { BrowserLegEvents } from '../../call/browser-leg.ts';
import {
  buildRequest,
  gatewayUri,
  newBranch,
  newCallIdentity,
  type CallIdentity,
} from '../../../../tests/support/caller/sip-message-builder.ts';
import {
  openSipWs,
  type SipWsConnection,
} from '../../../../tests/support/caller/sip-ws-connection.ts';
import {
  recordingLogger,
  startTestWsSipServer,
} from '../../../../tests/support/sip/ws-sip-test-server.ts';

const offerSdp = [
  'v=0',
  'o=- 4611731400430051336 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111',
  'c=IN IP4 0.0.0.0',
  'a=rtpmap:111 opus/48000/2',
  '',
].join('\r\n');
const answerSdp = 'v=0\r\no=gateway 7 7 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n';

// An answered call from a JsSIP-like browser, which then refreshes its session by UPDATE
// (RFC 4028; JsSIP's default), with and without SDP, through the real SIP WebSocket, the
// sip.js core and SipBrowserLeg.
describe("the browser's UPDATE in an answered call", () => {
  let socket: SipWsConnection;
  let close = async () => {};
  let identity: CallIdentity;
  let toTag = '';
  let target = '';
  let cseq = 1;
  let hungUp = 0;

  const send = async (
    method: 'UPDATE' | 'BYE',
    options: { headers?: string[]; body?: string; toTag?: string } = {},
  ) => {
    cseq += 1;
    const answer = new Promise<Core.IncomingResponseMessage>((resolve) =>
      socket.onMessage((message) => {
        if (message instanceof Core.IncomingResponseMessage && message.cseq === cseq)
          resolve(message);
      }),
    );
    socket.send(
      buildRequest({
        method,
        requestUri: target,
        identity,
        cseq,
        branch: newBranch(),
        toTag: options.toTag ?? toTag,
        ...(options.headers ? { headers: options.headers } : {}),
        ...(options.body === undefined
          ? {}
          : { body: { type: 'application/sdp', content: options.body } }),
      }),
    );
    return answer;
  };

  beforeEach(async () => {
    hungUp = 0;
    cseq = 1;
    const events: BrowserLegEvents = {
      browserCancelled() {},
      browserHungUp: () => void (hungUp += 1),
      browserClosed() {},
      browserDigit: () => false,
      browserAckTimeout() {},
    };
    const server = await startTestWsSipServer({
      logger: recordingLogger(),
      onInvite: (request, connection) => {
        const leg = new SipBrowserLeg(request, connection);
        leg.listen(events);
        leg.answer(answerSdp, undefined);
      },
    });
    socket = await openSipWs(server.url);
    close = async () => {
      socket.close();
      await server.close();
    };
    identity = newCallIdentity();
    const answered = new Promise<Core.IncomingResponseMessage>((resolve) =>
      socket.onMessage((message) => {
        if (message instanceof Core.IncomingResponseMessage && message.statusCode === 200)
          resolve(message);
      }),
    );
    socket.send(
      buildRequest({
        method: 'INVITE',
        requestUri: gatewayUri,
        identity,
        cseq: 1,
        branch: newBranch(),
        body: { type: 'application/sdp', content: offerSdp },
      }),
    );
    const ok = await answered;
    toTag = ok.toTag ?? '';
    target = /<([^>]+)>/.exec(ok.getHeader('Contact') ?? '')?.[1] ?? '';
    socket.send(
      buildRequest({
        method: 'ACK',
        requestUri: target,
        identity,
        cseq: 1,
        branch: newBranch(),
        toTag,
      }),
    );
  });
  afterEach(() => close());

  it('accepts a refresh without SDP, confirming the timer so the browser keeps refreshing', async () => {
    const response = await send('UPDATE', {
      headers: ['Session-Expires: 90;refresher=uac', 'Supported: timer, ice, outbound'],
    });
    expect(response.statusCode).toBe(200);
    expect(response.getHeader('Session-Expires')).toBe('90;refresher=uac');
    expect(response.getHeader('Require')).toBe('timer');
    expect(response.getHeader('Contact')).toContain('sip:gateway@');
    expect(response.body).toBe('');
    // The call goes on: the browser's BYE ends it.
    expect((await send('BYE')).statusCode).toBe(200);
    expect(hungUp).toBe(1);
    // Nothing left to refresh.
    expect((await send('UPDATE')).statusCode).toBe(481);
  });

  it('sets no timer of ours when the browser asks us to refresh, or has none', async () => {
    const asksUs = await send('UPDATE', {
      headers: ['Session-Expires: 90;refresher=uas', 'Supported: timer'],
    });
    expect(asksUs.statusCode).toBe(200);
    expect(asksUs.getHeader('Session-Expires')).toBeUndefined();
    const plain = await send('UPDATE');
    expect(plain.statusCode).toBe(200);
    expect(plain.getHeader('Require')).toBeUndefined();
  });

  it('answers an unchanged SDP offer with our answer again', async () => {
    const response = await send('UPDATE', { body: offerSdp });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe(answerSdp);
  });

  it('refuses an offer that changes the session 488, and the call goes on', async () => {
    const changed = offerSdp.replace(' 2 IN IP4', ' 3 IN IP4');
    expect((await send('UPDATE', { body: changed })).statusCode).toBe(488);
    expect((await send('UPDATE')).statusCode).toBe(200);
    expect(hungUp).toBe(0);
  });

  it('answers an UPDATE for another dialog 481', async () => {
    expect((await send('UPDATE', { toTag: 'not-ours' })).statusCode).toBe(481);
  });
});
