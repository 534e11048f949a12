import fc from 'fast-check';
import { WebSocket } from 'ws';
import type { Core } from 'sip.js';
import { SipBrowserLeg } from '../../../media/src/call/sip-browser-leg.ts';
import type { BrowserConnection } from '../../../media/src/sip/browser/browser-connection.ts';
import { maxSipMessageBytes } from '../../../media/src/sip/core/incoming-message.ts';
import type { ServiceLogger } from '../../../media/src/sip/core/sip-logger.ts';
import { trustedProxies } from '../../../protocol/client-address/trusted-proxies.ts';
import { startTestWsSipServer } from '../../support/sip/ws-sip-test-server.ts';
import { junkText } from '../arbitraries/junk.ts';
import { sipMessageArbitrary } from '../arbitraries/sip-message.ts';
import {
  browserSeeds,
  freshen,
  gatewayTagPlaceholder,
  goodToken,
  rfc4475Seeds,
} from '../arbitraries/sip-seeds.ts';
import {
  check,
  within,
  watchEscapedErrors,
  type FuzzSession,
  type FuzzTarget,
} from '../fuzz-target.ts';
import {
  answersProblem,
  newAnswers,
  callIdOf,
  expectationFor,
  statusOf,
  writtenHead,
  sipTransactionLingerMs,
} from '../oracles/sip-answers.ts';

/** A frame as a client may send it: text (valid UTF-8 or not) or binary (RFC 7118 allows both). */
interface Frame {
  bytes: Buffer;
  as: 'text' | 'binary' | 'as-a-browser';
}

interface Run {
  /** X-Forwarded-For on the upgrade, read because the test's proxy (loopback) is trusted. */
  forwardedFor: string | undefined;
  /** Half the runs start with a call the gateway answers, for the frames after to reach. */
  call: boolean;
  frames: Frame[];
}

const limits = { sizeLimit: maxSipMessageBytes, answerLimit: Infinity };
/** A busy two-core machine answers in milliseconds; this is a ceiling for a hang. */
const answerBoundMs = 10_000;
const quiet: ServiceLogger = { info() {}, warn() {}, error() {}, debug() {} };

const isUtf8 = (bytes: Buffer) => {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
};

/** What a header value may hold on the wire (Node refuses to send anything else). */
const headerSafe = (value: string) => value.replace(/[^\t\x20-\x7e]/g, '');

const forwardedFor = fc.oneof(
  fc.ipV4(),
  fc.ipV6(),
  fc.ipV4Extended(),
  junkText.map(headerSafe),
  fc
    .array(fc.oneof(fc.ipV4(), fc.ipV6(), junkText.map(headerSafe)), { maxLength: 5 })
    .map((hops) => hops.join(', ')),
);

/** What the gateway answers an INVITE it takes with (the browser never checks it here). */
const answerSdp = [
  'v=0',
  'o=- 1 1 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'm=audio 9 UDP/TLS/RTP/SAVPF 0',
  'c=IN IP4 127.0.0.1',
  'a=rtpmap:0 PCMU/8000',
  'a=sendrecv',
  '',
].join('\r\n');

/** The call admission's part, as the gateway plays it: the good token gets a call, others 403. */
function admit(invite: Core.IncomingInviteRequest, connection: BrowserConnection) {
  const leg = new SipBrowserLeg(invite, connection);
  if (leg.bearerToken !== goodToken) {
    return leg.refuse({ code: 'unauthorized', sipStatus: 403, cause: 'token_invalid' });
  }
  leg.listen({
    browserCancelled() {},
    browserHungUp() {},
    browserClosed() {},
    browserDigit: () => true,
    browserAckTimeout() {},
  });
  leg.answer(answerSdp, 'Agent "Smith"');
}

/**
 * The browsers' SIP WebSocket (ws-sip-server.ts, the gateway's real endpoint) and the browser
 * leg of a call (sip-browser-leg.ts): an INVITE with the good token is answered, so the
 * run's later requests reach its dialog (BYE, INFO with DTMF, UPDATE, re-INVITE); any other
 * is refused as a bad token is. Each run opens a socket (with a fuzzed X-Forwarded-For) and
 * sends 1-4 frames, each followed by an OPTIONS probe, which must be answered 200 on the same
 * socket unless the server closed it for a reason a frame gave (over 64 KiB, a text frame
 * that is not UTF-8). What came back before each probe answers its frame: well-formed
 * responses, a final one to every request that can be answered (oracles/sip-answers.ts).
 */
export const sipWebSocketTarget: FuzzTarget = {
  name: 'sip-websocket',
  lingerMs: sipTransactionLingerMs,
  async start(): Promise<FuzzSession> {
    const server = await startTestWsSipServer({
      logger: quiet,
      onInvite: admit,
      // Flood limits stay out of the way (the test server's); the proxy is trusted so that
      // the fuzzed X-Forwarded-For is read.
      settings: { trustedProxies: trustedProxies(['127.0.0.1']) },
    });
    const escaped = watchEscapedErrors();
    let inputs = 0;
    let fresh = 0;

    // What a browser sends weighs as much as the 49 torture messages.
    const seeds = browserSeeds();
    const frame: fc.Arbitrary<Frame> = fc.record({
      bytes: sipMessageArbitrary({
        seeds: [...Array<Buffer[]>(6).fill(seeds).flat(), ...rfc4475Seeds()],
        requestUris: [
          'sip:gateway@click-to-call.invalid',
          'sip:queue@127.0.0.1',
          'sips:gateway@h',
          'tel:+15550100',
        ],
        sizeLimit: maxSipMessageBytes,
      }),
      as: fc.constantFrom('as-a-browser', 'as-a-browser', 'text', 'binary'),
    });
    const run: fc.Arbitrary<Run> = fc.record({
      forwardedFor: fc.option(forwardedFor, { nil: undefined, freq: 3 }),
      call: fc.boolean(),
      frames: fc.array(frame, { minLength: 1, maxLength: 4 }),
    });
    const callingInvite: Frame = { bytes: seeds[0]!, as: 'as-a-browser' };

    const exchange = async ({ forwardedFor: xff, call, frames: fuzzed }: Run) => {
      const frames = call ? [callingInvite, ...fuzzed] : fuzzed;
      const socket = await within(
        openSocket(server.url, xff === undefined ? {} : { 'x-forwarded-for': xff }),
        answerBoundMs,
        'the WebSocket upgrade',
      );
      let answers: Buffer[] = [];
      const probes = new Map<string, (answer: Buffer) => void>();
      socket.on('message', (data: Buffer) => {
        const probe = probes.get(callIdOf(data) ?? '');
        if (probe) probe(data);
        else if (data.toString() !== '\r\n') answers.push(data);
      });
      const closed = new Promise<number>((resolve) => socket.once('close', resolve));
      const seen = new Set<string>();
      const fresher = newAnswers();
      const callId = (fresh += 1);
      let gatewayTag: string | undefined;
      let closeAllowed: number[] = [];
      for (const { bytes, as } of frames) {
        let message = freshen(bytes, { branch: (fresh += 1), callId });
        if (gatewayTag)
          message = Buffer.from(
            message.toString('latin1').replaceAll(gatewayTagPlaceholder, gatewayTag),
            'latin1',
          );
        const text = as === 'text' || (as === 'as-a-browser' && isUtf8(message));
        // ws closes a socket for a frame over its limit (1009) and a text frame that is not
        // UTF-8 (1007), and reads nothing more from it; it drops the connection right after
        // the close frame, so the client may see the reset first (1006).
        if (message.length > maxSipMessageBytes) closeAllowed = [...closeAllowed, 1009, 1006];
        else if (text && !isUtf8(message)) closeAllowed = [...closeAllowed, 1007, 1006];
        const expectation =
          closeAllowed.length > 0 ? undefined : expectationFor(message, seen, limits);
        // Frames on one socket are read and answered in order: what comes before the probe's
        // answer answers this frame (or is a 2xx the gateway retransmits until its ACK).
        const probeId = `probe-${(fresh += 1)}`;
        const probeAnswer = new Promise<Buffer>((resolve) => probes.set(probeId, resolve));
        socket.send(message, { binary: !text });
        inputs += 1;
        socket.send(probe(probeId));
        const outcome = await within(
          Promise.race([probeAnswer, closed]),
          answerBoundMs,
          'the probe after a frame',
        );
        escaped.rethrow();
        if (typeof outcome === 'number') {
          check(
            closeAllowed.includes(outcome),
            () => `socket closed with ${outcome}, no frame called for it`,
          );
          return;
        }
        check(
          statusOf(outcome) === 200,
          () => `the probe got ${outcome.toString().split('\r\n')[0]}`,
        );
        answers = fresher(answers);
        const problem = expectation && answersProblem([{ message, expectation }], answers);
        check(!problem, () => problem ?? '');
        gatewayTag ??= answers.map(tagOfOurs).find((tag) => tag !== undefined);
        answers = [];
      }
      socket.close();
      await within(closed, answerBoundMs, 'the close handshake');
    };

    return {
      property: fc.asyncProperty(run, exchange),
      get inputs() {
        return inputs;
      },
      async stillServes() {
        const socket = await openSocket(server.url, {});
        const answer = new Promise<Buffer>((resolve) => socket.once('message', resolve));
        socket.send(probe('probe-after-the-runs'));
        check(
          statusOf(await answer) === 200,
          () => 'the probe after the runs was not answered 200',
        );
        socket.close();
        // Every socket of the runs is closed: none is left held.
        for (let tries = 0; server.connections > 0; tries += 1) {
          check(tries < 100, () => `${server.connections} socket(s) still held after the runs`);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      },
      async close() {
        escaped.stop();
        await server.close();
      },
    };
  },
};

/** The gateway's To tag in its 2xx to an INVITE: the dialog's, for the requests that follow. */
function tagOfOurs(answer: Buffer): string | undefined {
  const head = writtenHead(answer);
  if (statusOf(answer) !== 200 || !/INVITE$/.test(head.headers.get('cseq')?.[0] ?? ''))
    return undefined;
  return /;\s*tag=([^;\s]+)/.exec(head.headers.get('to')?.[0] ?? '')?.[1];
}

async function openSocket(url: string, headers: Record<string, string>): Promise<WebSocket> {
  const socket = new WebSocket(url, 'sip', { headers });
  // A reset after the server closed must not end the fuzzer.
  socket.on('error', () => socket.terminate());
  await new Promise<void>((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('unexpected-response', (_request, response) =>
      reject(new Error(`upgrade refused: HTTP ${response.statusCode}`)),
    );
  });
  return socket;
}

/** A well-formed OPTIONS to the gateway: answered 200 while it serves. */
const probe = (callId: string) =>
  [
    'OPTIONS sip:gateway@click-to-call.invalid SIP/2.0',
    `Via: SIP/2.0/WSS probe.invalid;branch=z9hG4bK${callId}`,
    'Max-Forwards: 70',
    'To: <sip:gateway@click-to-call.invalid>',
    'From: <sip:probe@click-to-call.invalid>;tag=probe',
    `Call-ID: ${callId}`,
    'CSeq: 1 OPTIONS',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
