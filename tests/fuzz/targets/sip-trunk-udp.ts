import { createSocket, type Socket } from 'node:dgram';
import { once } from 'node:events';
import fc from 'fast-check';
import { maxSipMessageBytes } from '../../../media/src/sip/core/incoming-message.ts';
import { freshen } from '../arbitraries/sip-seeds.ts';
import { check, within, type FuzzSession, type FuzzTarget } from '../fuzz-target.ts';
import {
  answersProblem,
  callIdOf,
  expectationFor,
  statusOf,
  type Expectation,
  sipTransactionLingerMs,
} from '../oracles/sip-answers.ts';
import {
  answerBoundMs,
  answerFromPbx,
  gatewayHost,
  pbxMessageArbitrary,
  pbxProbe,
  startClientOfFakePbx,
} from './fake-pbx.ts';
import { kernelUdpDrops } from './kernel-udp-drops.ts';

/** The largest UDP payload over IPv4: nothing bigger reaches a socket. */
const maxDatagram = 65_507;

const limits = { sizeLimit: maxSipMessageBytes, answerLimit: maxDatagram };

/** Who sends a datagram: the PBX, or someone else on its address or port. */
type Sender = 'pbx' | 'other-port' | 'other-address';

interface Datagram {
  bytes: Buffer;
  from: Sender;
}

async function bound(address: string, port = 0): Promise<Socket> {
  const socket = createSocket('udp4');
  socket.bind(port, address);
  await once(socket, 'listening');
  return socket;
}

/**
 * The trunk client's UDP transport (udp-transport.ts, trunk-client.ts, request-verdict.ts) as
 * a PBX reaches it, and as anyone else on the network does. Each run sends 1-4 datagrams,
 * from the PBX or from another port or address, then an OPTIONS probe from the PBX, which must
 * be answered 200. Every answer is a well-formed response to the PBX and every request of the
 * PBX's that can be answered was (oracles/sip-answers.ts); datagrams from anyone else are
 * dropped unanswered and counted.
 */
export const sipTrunkUdpTarget: FuzzTarget = {
  name: 'sip-trunk-udp',
  lingerMs: sipTransactionLingerMs,
  async start(): Promise<FuzzSession> {
    const pbx = await bound('127.0.0.1');
    const pbxPort = pbx.address().port;
    const strangers: Record<Exclude<Sender, 'pbx'>, Socket> = {
      'other-port': await bound('127.0.0.1'),
      // Another loopback address, on the PBX's own port.
      'other-address': await bound('127.0.0.2', pbxPort),
    };
    let strangerAnswers = 0;
    for (const stranger of Object.values(strangers))
      stranger.on('message', () => (strangerAnswers += 1));

    // The client's port shows in its first ping; every request of the client's gets a 200.
    const answers: Buffer[] = [];
    const waiting = new Map<string, (answer: Buffer) => void>();
    let clientPort: number | undefined;
    const clientSeen = new Promise<void>((resolve) =>
      pbx.on('message', (data, from) => {
        clientPort = from.port;
        resolve();
        const reply = answerFromPbx(data);
        if (reply) return void pbx.send(reply, from.port, from.address);
        answers.push(data);
        waiting.get(callIdOf(data) ?? '')?.(data);
      }),
    );
    const { client, escaped, seen } = await startClientOfFakePbx({
      pbxPort,
      transport: 'udp',
      reached: clientSeen,
    });
    let inputs = 0;
    let fresh = 0;

    const datagram: fc.Arbitrary<Datagram> = fc.record({
      bytes: pbxMessageArbitrary(maxDatagram),
      from: fc.constantFrom<Sender>('pbx', 'pbx', 'pbx', 'other-port', 'other-address'),
    });

    /**
     * Sends the probe, again on RFC 3261's Timer E schedule (500 ms, doubling) as a UDP
     * client would: datagrams just before it may have filled the client's receive buffer, and
     * the kernel drops what does not fit. Resolves with its answer.
     */
    const sendProbe = (): Promise<Buffer> => {
      const probeId = `probe-${(fresh += 1)}`;
      const answered = new Promise<Buffer>((resolve) => waiting.set(probeId, resolve));
      const probe = pbxProbe(probeId, 'UDP');
      let timer: NodeJS.Timeout | undefined;
      const send = (delayMs: number) => {
        pbx.send(probe, clientPort, gatewayHost);
        timer = setTimeout(() => send(Math.min(delayMs * 2, 4_000)), delayMs);
      };
      send(500);
      return answered.finally(() => {
        clearTimeout(timer);
        waiting.delete(probeId);
      });
    };

    const exchange = async (datagrams: Datagram[]) => {
      // Older transactions are long over (32 s at most) by the time this many keys are kept.
      if (seen.size > 200_000) seen.clear();
      answers.length = 0;
      const droppedBefore = client.droppedMessages;
      const kernelDropsBefore = kernelUdpDrops(clientPort!);
      const strangerAnswersBefore = strangerAnswers;
      const sent: { message: Buffer; expectation: Expectation }[] = [];
      for (const { bytes, from } of datagrams) {
        const message = freshen(bytes, { branch: (fresh += 1), callId: fresh }).subarray(
          0,
          maxDatagram,
        );
        const socket = from === 'pbx' ? pbx : strangers[from];
        if (from === 'pbx')
          sent.push({ message, expectation: expectationFor(message, seen, limits) });
        socket.send(message, clientPort, gatewayHost);
        inputs += 1;
      }
      const probeAnswer = await within(
        sendProbe(),
        answerBoundMs,
        `the probe after ${datagrams.length} datagram(s)`,
      );
      escaped.rethrow();
      check(
        statusOf(probeAnswer) === 200,
        () => `the probe got ${probeAnswer.toString().split('\r\n')[0]}`,
      );
      // Datagrams the kernel dropped (a receive buffer full of 64 KiB ones) never reached the
      // client: what they were owed cannot be asked of it.
      const reachedClient = kernelUdpDrops(clientPort!) === kernelDropsBefore;
      const problem = reachedClient ? answersProblem(sent, answers) : undefined;
      check(!problem, () => problem ?? '');
      const fromStrangers = datagrams.filter(({ from }) => from !== 'pbx').length;
      check(
        strangerAnswers === strangerAnswersBefore,
        () => 'a datagram from another address was answered',
      );
      check(
        !reachedClient || client.droppedMessages >= droppedBefore + fromStrangers,
        () =>
          `${fromStrangers} datagram(s) from another address, ${client.droppedMessages - droppedBefore} dropped`,
      );
    };

    return {
      property: fc.asyncProperty(fc.array(datagram, { minLength: 1, maxLength: 4 }), exchange),
      get inputs() {
        return inputs;
      },
      async stillServes() {
        answers.length = 0;
        const answer = await within(sendProbe(), answerBoundMs, 'the probe after the runs');
        check(statusOf(answer) === 200, () => 'the probe after the runs was not answered 200');
      },
      async close() {
        escaped.stop();
        await client.close();
        for (const socket of [pbx, ...Object.values(strangers)]) socket.close();
      },
    };
  },
};
