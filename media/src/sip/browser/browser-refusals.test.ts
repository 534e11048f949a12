import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from 'sip.js';
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
import {
  recordingLogger,
  startTestWsSipServer,
} from '../../../../tests/support/sip/ws-sip-test-server.ts';
import type { BrowserConnection } from './browser-connection.ts';
import { inviteRefusedLog } from './ws-sip-server.ts';

// A token of the right shape: the verdict must refuse the body before anyone looks at it.
const token = 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJl';

/** Sends one request on a fresh socket; resolves with the final response to it. */
async function finalAnswer(socket: SipWsConnection, text: string, callId: string) {
  const answer = new Promise<Core.IncomingResponseMessage>((resolve) =>
    socket.onMessage((message) => {
      const response = message as Core.IncomingResponseMessage;
      if (message.callId === callId && (response.statusCode ?? 0) >= 200) resolve(response);
    }),
  );
  socket.send(text);
  return answer;
}

const invite = (body: { type: string; content: string }) => {
  const identity = newCallIdentity();
  const text = buildRequest({
    method: 'INVITE',
    requestUri: gatewayUri,
    identity,
    cseq: 1,
    branch: newBranch(),
    headers: [`Authorization: Bearer ${token}`],
    body,
  });
  return { text, callId: identity.callId };
};

describe('refused browser INVITEs', () => {
  let close = async () => {};
  afterEach(() => close());

  const start = async (
    onInvite: (request: Core.IncomingInviteRequest, connection: BrowserConnection) => void,
  ) => {
    const logger = recordingLogger();
    const server = await startTestWsSipServer({ onInvite, logger });
    const socket = await openSipWs(server.url);
    close = async () => {
      socket.close();
      await server.close();
    };
    return { socket, logger };
  };

  it('answers a text/plain body 415 with Accept, and logs it once with the client label', async () => {
    const calls: string[] = [];
    const { socket, logger } = await start((request) => calls.push(request.message.callId));
    const { text, callId } = invite({ type: 'text/plain', content: 'hello' });

    const response = await finalAnswer(socket, text, callId);

    expect(response.statusCode).toBe(415);
    expect(response.getHeader('Accept')).toBe('application/sdp');
    expect(calls).toEqual([]);
    const warnings = logger.lines.filter((line) => line.level === 'warn');
    expect(warnings).toEqual([
      {
        level: 'warn',
        message: inviteRefusedLog,
        details: {
          client: expect.stringMatching(/^client-[\w-]{12}$/),
          sipStatus: 415,
          reason: 'body is not SDP',
        },
      },
    ]);
    // A label, never the address (protocol/log-redaction.ts).
    expect(JSON.stringify(logger.lines)).not.toContain('127.0.0.1');
  });

  it('logs an INVITE the call refuses (a bad token) the same way, with its reason', async () => {
    const { socket, logger } = await start((request, connection) =>
      new SipBrowserLeg(request, connection).refuse({
        code: 'unauthorized',
        sipStatus: 403,
        cause: 'token_invalid',
      }),
    );
    const { text, callId } = invite({ type: 'application/sdp', content: 'v=0\r\n' });

    const response = await finalAnswer(socket, text, callId);

    expect(response.statusCode).toBe(403);
    const warnings = logger.lines.filter((line) => line.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({
      message: inviteRefusedLog,
      details: { sipStatus: 403, reason: 'unauthorized: token_invalid' },
    });
  });

  it('gives one client the same label on each refusal, to follow it through the logs', async () => {
    const { socket, logger } = await start(() => {});
    const first = invite({ type: 'text/plain', content: 'a' });
    const second = invite({ type: 'text/plain', content: 'b' });
    await finalAnswer(socket, first.text, first.callId);
    await finalAnswer(socket, second.text, second.callId);
    const labels = logger.lines.filter((l) => l.level === 'warn').map((l) => l.details.client);
    expect(labels).toHaveLength(2);
    expect(labels[0]).toBe(labels[1]);
  });

  // Found by the long trunk fuzz run: this threw in the socket's listener, before any token,
  // and would have ended the gateway (request-verdict.ts, 'Malformed Call-ID').
  it('answers 400 to a Call-ID line sip.js folds into the field above, and serves on', async () => {
    const { socket } = await start(() => {});
    const { text, callId } = invite({ type: 'application/sdp', content: 'v=0\r\n' });
    const folded = text.replace(
      `Call-ID: ${callId}\r\n`,
      `Subject: hi\r\n\u000bCall-ID: ${callId}\r\n`,
    );
    expect(folded).not.toBe(text);
    const response = await finalAnswer(socket, folded, callId);
    expect([response.statusCode, response.reasonPhrase]).toEqual([400, 'Malformed Call-ID']);
    const next = invite({ type: 'text/plain', content: 'still there?' });
    expect((await finalAnswer(socket, next.text, next.callId)).statusCode).toBe(415);
  });

  it('refuses REGISTER 405 without a warning: only INVITEs are attack signals', async () => {
    const { socket, logger } = await start(() => {});
    const identity = newCallIdentity();
    const text = buildRequest({
      method: 'REGISTER',
      requestUri: gatewayUri,
      identity,
      cseq: 1,
      branch: newBranch(),
    });
    const response = await finalAnswer(socket, text, identity.callId);
    expect(response.statusCode).toBe(405);
    expect(response.getHeader('Allow')).not.toContain('REGISTER');
    expect(logger.lines.filter((line) => line.level === 'warn')).toEqual([]);
  });

  it('never answers an ACK, not even a tagless one matching an INVITE in progress', async () => {
    // sip.js's merged-request check (RFC 3261 8.2.2.2) answered it 482: an ACK is never
    // answered (17.2.1). The INVITE is left ringing, so its transaction is in progress.
    let ringing: () => void = () => {};
    const invited = new Promise<void>((resolve) => (ringing = resolve));
    const { socket } = await start(() => ringing());
    const identity = newCallIdentity();
    const answers: Core.IncomingResponseMessage[] = [];
    socket.onMessage((message) => answers.push(message as Core.IncomingResponseMessage));
    const request = (method: 'INVITE' | 'ACK', body?: { type: string; content: string }) =>
      buildRequest({
        method,
        requestUri: gatewayUri,
        identity,
        cseq: 1,
        branch: newBranch(),
        headers: [`Authorization: Bearer ${token}`],
        body,
      });
    socket.send(request('INVITE', { type: 'application/sdp', content: 'v=0\r\n' }));
    await invited;
    socket.send(request('ACK'));
    // A request sent after it: its answer comes after anything the ACK would have caused.
    const probe = newCallIdentity();
    const probeText = buildRequest({
      method: 'OPTIONS',
      requestUri: gatewayUri,
      identity: probe,
      cseq: 1,
      branch: newBranch(),
    });
    await finalAnswer(socket, probeText, probe.callId);
    expect(answers.filter((answer) => answer.cseq === 1 && answer.method === 'ACK')).toEqual([]);
    expect(
      answers.filter(
        (answer) => answer.callId === identity.callId && (answer.statusCode ?? 0) >= 200,
      ),
    ).toEqual([]);
  });
});
