import { once } from 'node:events';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import fc from 'fast-check';
import { maxSipMessageBytes } from '../../../media/src/sip/core/incoming-message.ts';
import { StreamFramer } from '../../../media/src/sip/trunk/stream-framer.ts';
import { freshen } from '../arbitraries/sip-seeds.ts';
import { check, FuzzViolation, within, type FuzzSession, type FuzzTarget } from '../fuzz-target.ts';
import {
  answersProblem,
  callIdOf,
  expectationFor,
  preview,
  statusOf,
  type Expectation,
  sipTransactionLingerMs,
} from '../oracles/sip-answers.ts';
import {
  answerBoundMs,
  answerFromPbx,
  pbxMessageArbitrary,
  pbxProbe,
  startClientOfFakePbx,
} from './fake-pbx.ts';

const limits = { sizeLimit: maxSipMessageBytes, answerLimit: maxSipMessageBytes };

interface StreamRun {
  /** Each message, and whether its Content-Length is made right (most) or left as it is. */
  messages: { bytes: Buffer; contentLength: 'made-right' | 'as-is' }[];
  /** How the stream is cut into writes (cycled); the last write takes the rest. */
  writes: number[];
}

/**
 * The message with an end to its header fields and one Content-Length, the size of its body:
 * however broken the rest, a stream a sane PBX writes.
 */
function withRightLength(bytes: Buffer): Buffer {
  const headEnd = bytes.indexOf('\r\n\r\n');
  const message = headEnd < 0 ? Buffer.concat([bytes, Buffer.from('\r\n\r\n')]) : bytes;
  const end = headEnd < 0 ? bytes.length : headEnd;
  const head = message
    .subarray(0, end)
    .toString('latin1')
    .split('\r\n')
    .filter((line) => !/^(content-length|l)[ \t]*:/i.test(line));
  head.push(`Content-Length: ${message.length - end - 4}`);
  return Buffer.concat([Buffer.from(head.join('\r\n'), 'latin1'), message.subarray(end)]);
}

/**
 * How the client frames the stream (its own StreamFramer, fed the same bytes): the messages
 * it reads before the probe, and whether it then reads the probe, waits for more (a
 * Content-Length that swallowed it) or cannot frame it at all (it must close the connection).
 */
function framing(stream: Buffer, probe: string) {
  try {
    const messages = new StreamFramer().push(Buffer.concat([stream, Buffer.from(probe)]));
    const probeRead = messages.at(-1) === probe;
    return {
      messages: probeRead ? messages.slice(0, -1) : messages,
      probe: probeRead ? 'read' : 'swallowed',
    } as const;
  } catch {
    return { messages: [], probe: 'unframable' } as const;
  }
}

/**
 * The trunk client's TCP transport (tcp-transport.ts, stream-framer.ts, trunk-client.ts,
 * request-verdict.ts) as the PBX's end of its connection writes to it. Each run writes 1-4
 * fuzzed messages, cut into writes at random, then an OPTIONS probe. A stream the client can
 * frame gets the probe answered 200 on the same connection, every answer well-formed and
 * every request that can be answered answered (oracles/sip-answers.ts); one it cannot frame
 * gets the connection closed, and the client connects again (its next ping) and serves.
 */
export const sipTrunkTcpTarget: FuzzTarget = {
  name: 'sip-trunk-tcp',
  // Each run waits on the connection (a reconnect after a stream it cannot frame): side by side.
  lanes: 8,
  lingerMs: sipTransactionLingerMs,
  async start(): Promise<FuzzSession> {
    const answers: Buffer[] = [];
    const waiting = new Map<string, (answer: Buffer) => void>();
    const violations: string[] = [];
    let connection: Socket | undefined;
    let connected: (socket: Socket) => void = () => undefined;
    const pbx = createServer((socket) => {
      connection = socket;
      connected(socket);
      const framer = new StreamFramer();
      socket.on('error', () => socket.destroy());
      socket.on('data', (chunk: Buffer) => {
        let messages: string[];
        try {
          messages = framer.push(chunk);
        } catch (error) {
          violations.push(`the client wrote a stream a PBX cannot frame: ${String(error)}`);
          return void socket.destroy();
        }
        for (const text of messages) {
          const message = Buffer.from(text);
          const reply = answerFromPbx(message);
          if (reply) socket.write(reply);
          else {
            answers.push(message);
            waiting.get(callIdOf(message) ?? '')?.(message);
          }
        }
      });
    });
    pbx.listen(0, '127.0.0.1');
    await once(pbx, 'listening');
    const pbxPort = (pbx.address() as AddressInfo).port;
    /** The client's connection, once it has one (it reconnects with its next ping). */
    const current = () =>
      connection && !connection.destroyed
        ? Promise.resolve(connection)
        : new Promise<Socket>((resolve) => (connected = resolve));
    const firstConnection = current();
    const { client, escaped, seen } = await startClientOfFakePbx({
      pbxPort,
      transport: 'tcp',
      reached: firstConnection,
      // The client connects again with its next ping, which waits for the one before to be
      // answered or given up: short, so that the run after a dropped connection starts soon.
      timers: { optionsIntervalMs: 50, optionsTimeoutMs: 150 },
    });
    let inputs = 0;
    let fresh = 0;

    const run: fc.Arbitrary<StreamRun> = fc.record({
      messages: fc.array(
        fc.record({
          bytes: pbxMessageArbitrary(maxSipMessageBytes),
          contentLength: fc.oneof(
            { weight: 9, arbitrary: fc.constant('made-right' as const) },
            { weight: 1, arbitrary: fc.constant('as-is' as const) },
          ),
        }),
        { minLength: 1, maxLength: 4 },
      ),
      writes: fc.array(fc.integer({ min: 1, max: 3_000 }), { maxLength: 8 }),
    });

    const probeAnswer = (probeId: string) =>
      new Promise<Buffer>((resolve) => waiting.set(probeId, resolve)).finally(() =>
        waiting.delete(probeId),
      );

    const exchange = async ({ messages, writes }: StreamRun) => {
      // Older transactions are long over (32 s at most) by the time this many keys are kept.
      if (seen.size > 200_000) seen.clear();
      const socket = await within(current(), answerBoundMs, 'a connection from the trunk client');
      answers.length = 0;
      const stream = Buffer.concat(
        messages.map(({ bytes, contentLength }) => {
          const message = freshen(bytes, { branch: (fresh += 1), callId: fresh });
          return contentLength === 'made-right' ? withRightLength(message) : message;
        }),
      );
      const probeId = `probe-${(fresh += 1)}`;
      const probe = pbxProbe(probeId, 'TCP');
      const framed = framing(stream, probe);
      const sent: { message: Buffer; expectation: Expectation }[] = framed.messages.map((text) => {
        const message = Buffer.from(text);
        return { message, expectation: expectationFor(message, seen, limits) };
      });
      const answered = probeAnswer(probeId);
      let onClose = () => undefined as void;
      const closed = new Promise<'closed'>((resolve) =>
        socket.once('close', (onClose = () => resolve('closed'))),
      );
      const whole = Buffer.concat([stream, Buffer.from(probe)]);
      for (let at = 0, i = 0; at < whole.length; i += 1) {
        const size = i < writes.length ? (writes[i] ?? whole.length) : whole.length;
        socket.write(whole.subarray(at, at + size));
        at += size;
      }
      inputs += messages.length;
      if (framed.probe === 'swallowed') {
        // The client waits for a body that never comes, as it should: the PBX gives up.
        socket.destroy();
        return;
      }
      const outcome = await within(
        Promise.race([answered, closed]),
        answerBoundMs,
        `the probe after ${messages.length} message(s)`,
      ).finally(() => socket.off('close', onClose));
      escaped.rethrow();
      const violation = violations.shift();
      if (violation) throw new FuzzViolation(violation);
      if (framed.probe === 'unframable') {
        check(
          outcome === 'closed',
          () => `an unframable stream left the connection open: ${preview(stream)}`,
        );
        return;
      }
      check(
        outcome !== 'closed',
        () => `the connection closed on a stream that frames: ${preview(stream)}`,
      );
      check(
        statusOf(outcome) === 200,
        () => `the probe got ${outcome.toString().split('\r\n')[0]}`,
      );
      const problem = answersProblem(sent, answers);
      check(!problem, () => problem ?? '');
    };

    return {
      property: fc.asyncProperty(run, exchange),
      get inputs() {
        return inputs;
      },
      async stillServes() {
        const socket = await within(current(), answerBoundMs, 'a connection from the trunk client');
        const answered = probeAnswer('probe-after-the-runs');
        socket.write(pbxProbe('probe-after-the-runs', 'TCP'));
        const answer = await within(answered, answerBoundMs, 'the probe after the runs');
        check(statusOf(answer) === 200, () => 'the probe after the runs was not answered 200');
        // Nobody but the PBX reaches the client over TCP: it connects out and listens nowhere.
        const stranger = connect(socket.remotePort ?? 0, '127.0.0.1');
        const outcome = await within(
          new Promise<string>((resolve) => {
            stranger.once('connect', () => resolve('connected'));
            stranger.once('error', (error: NodeJS.ErrnoException) =>
              resolve(error.code ?? 'error'),
            );
          }),
          answerBoundMs,
          "a connection to the trunk client's port",
        );
        stranger.destroy();
        check(
          outcome === 'ECONNREFUSED',
          () => `a peer connecting to the trunk client's port: ${outcome}`,
        );
      },
      async close() {
        escaped.stop();
        await client.close();
        connection?.destroy();
        pbx.close();
      },
    };
  },
};
