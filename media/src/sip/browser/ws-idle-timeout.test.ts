import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { Core } from 'sip.js';
import { SipBrowserLeg } from '../../call/sip-browser-leg.ts';
import {
  buildRequest,
  gatewayUri,
  newBranch,
  newCallIdentity,
} from '../../../../tests/support/caller/sip-message-builder.ts';
import { openSipWs } from '../../../../tests/support/caller/sip-ws-connection.ts';
import {
  closeCodeOf,
  rawSipWebSocket,
  textFrameHeader,
} from '../../../../tests/support/sip/raw-ws-client.ts';
import {
  recordingLogger,
  startTestWsSipServer,
} from '../../../../tests/support/sip/ws-sip-test-server.ts';
import type { BrowserConnection } from './browser-connection.ts';

// Long enough that a loaded machine starts the call before it runs out.
const idleTimeoutMs = 1000;
const offerSdp = 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 RTP/AVP 0\r\n';
const answerSdp = 'v=0\r\no=gateway 7 7 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n';

const invite = (identity = newCallIdentity()) =>
  buildRequest({
    method: 'INVITE',
    requestUri: gatewayUri,
    identity,
    cseq: 1,
    branch: newBranch(),
    body: { type: 'application/sdp', content: offerSdp },
  });

// MEDIA_WS_IDLE_TIMEOUT_MS against sockets that try to stay open without a call: the timer
// runs on the connection, so neither a refused INVITE nor a frame never finished holds it.
describe('the SIP WebSocket idle timeout', () => {
  let close = async () => {};
  afterEach(() => close());

  const start = async (
    onInvite: (request: Core.IncomingInviteRequest, connection: BrowserConnection) => void,
  ) => {
    const server = await startTestWsSipServer({
      onInvite,
      logger: recordingLogger(),
      settings: { idleTimeoutMs, pingIntervalMs: 600_000 },
    });
    close = () => server.close();
    return server;
  };

  it('closes a socket stuck in a frame that announces 200 bytes and sends 20 (slow-loris)', async () => {
    const server = await start(() => {});
    const { socket, received } = await rawSipWebSocket(server.port);
    socket.write(Buffer.concat([textFrameHeader(200), Buffer.alloc(20, 0x41)]));

    await once(socket, 'close');

    // Told why (1008, policy), then cut although it never answers the close.
    expect(closeCodeOf(received())).toBe(1008);
    await expect.poll(() => server.connections).toBe(0);
  });

  it('closes a socket whose only INVITE was refused (a bad token), then silent', async () => {
    const server = await start((request, connection) =>
      new SipBrowserLeg(request, connection).refuse({
        code: 'unauthorized',
        sipStatus: 403,
        cause: 'token_invalid',
      }),
    );
    const socket = await openSipWs(server.url);
    const refused = new Promise<number>((resolve) =>
      socket.onMessage((message) => {
        const status = (message as Core.IncomingResponseMessage).statusCode ?? 0;
        if (status >= 200) resolve(status);
      }),
    );
    socket.send(invite());

    expect(await refused).toBe(403);
    expect(await socket.closed).toBe(1008);
  });

  it('keeps a socket open while its call goes on, and closes it once the call ended', async () => {
    const server = await start((request) =>
      request.accept({
        statusCode: 200,
        body: { contentDisposition: 'session', contentType: 'application/sdp', content: answerSdp },
      }),
    );
    const call = await openSipWs(server.url);
    const identity = newCallIdentity();
    const answered = new Promise<Core.IncomingResponseMessage>((resolve) =>
      call.onMessage((message) => {
        if (message instanceof Core.IncomingResponseMessage && message.statusCode === 200)
          resolve(message);
      }),
    );
    call.send(invite(identity));
    const ok = await answered;
    const toTag = ok.toTag ?? '';
    const target = /<([^>]+)>/.exec(ok.getHeader('Contact') ?? '')?.[1] ?? '';
    call.send(
      buildRequest({
        method: 'ACK',
        requestUri: target,
        identity,
        cseq: 1,
        branch: newBranch(),
        toTag,
      }),
    );

    // A socket opened after the call's, without a call, is the clock: by the time the
    // timeout closed it, the call's socket has had its own timeout pass too.
    const clock = await openSipWs(server.url);
    expect(await clock.closed).toBe(1008);
    expect(call.isOpen).toBe(true);

    call.send(
      buildRequest({
        method: 'BYE',
        requestUri: target,
        identity,
        cseq: 2,
        branch: newBranch(),
        toTag,
      }),
    );
    expect(await call.closed).toBe(1008);
  });
});
