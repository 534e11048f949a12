import { randomUUID } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import fc from 'fast-check';
import { callEndCodes, type CallEndReason } from '../../../protocol/call-end-reason.ts';
import { maxSipMessageBytes } from '../../../media/src/sip/core/incoming-message.ts';
import type { TrunkCallEvents } from '../../../media/src/sip/trunk/trunk-client.ts';
import { fillCall, pbxCallSeeds, type PlacedInvite } from '../arbitraries/pbx-call-seeds.ts';
import { sipMessageArbitrary } from '../arbitraries/sip-message.ts';
import { freshen } from '../arbitraries/sip-seeds.ts';
import { check, within, type FuzzSession, type FuzzTarget } from '../fuzz-target.ts';
import {
  answersProblem,
  newAnswers,
  callIdOf,
  expectationFor,
  statusOf,
  writtenHead,
  sipTransactionLingerMs,
} from '../oracles/sip-answers.ts';
import {
  answerBoundMs,
  answerFromPbx,
  gatewayHost,
  pbxProbe,
  startClientOfFakePbx,
} from './fake-pbx.ts';

const maxDatagram = 65_507;
const limits = { sizeLimit: maxSipMessageBytes, answerLimit: maxDatagram };

/** Our side of the call's media, as the media engine would write it. */
const offer = [
  'v=0',
  'o=- 1 1 IN IP4 127.0.0.1',
  's=-',
  'c=IN IP4 127.0.0.1',
  't=0 0',
  'm=audio 30000 RTP/AVP 0',
  'a=rtpmap:0 PCMU/8000',
  '',
].join('\r\n');

/** The call bridge's part: every offer answered, every event kept. */
function recordedCall() {
  const ended: CallEndReason[] = [];
  let endedOnce: () => void = () => undefined;
  const hasEnded = new Promise<void>((resolve) => (endedOnce = resolve));
  const events: TrunkCallEvents = {
    onRinging() {},
    onEarlyMedia() {},
    onAnswered() {},
    onAgentName() {},
    onReOffer: () => Promise.resolve(offer),
    onOfferWanted: () => Promise.resolve(offer),
    onReAnswer: () => Promise.resolve(),
    onTransfer: (request) => request.refuse(),
    onEnded: (reason) => {
      ended.push(reason);
      endedOnce();
    },
  };
  return { events, ended, hasEnded };
}

/**
 * A call the trunk client places (trunk-call.ts, call-dialog.ts and what they use: the INVITE
 * outcome, early dialogs, reliable provisionals, session timers, the agent's name), with the
 * PBX's side fuzzed: each run places a call and sends 1-5 mutated answers to its INVITE and
 * requests in its dialog, each followed by an OPTIONS probe that must be answered 200; what
 * came back before each probe answers its message (oracles/sip-answers.ts). The call is then
 * hung up: it ends exactly once, with a reason the protocol knows.
 */
export const sipTrunkCallsTarget: FuzzTarget = {
  name: 'sip-trunk-calls',
  lingerMs: sipTransactionLingerMs,
  async start(): Promise<FuzzSession> {
    const pbx = createSocket('udp4');
    pbx.bind(0, '127.0.0.1');
    await once(pbx, 'listening');
    const pbxPort = pbx.address().port;
    let answers: Buffer[] = [];
    const probes = new Map<string, (answer: Buffer) => void>();
    const invites = new Map<string, (invite: PlacedInvite) => void>();
    let clientPort = 0;
    const clientSeen = new Promise<void>((resolve) =>
      pbx.on('message', (data, from) => {
        clientPort = from.port;
        resolve();
        const head = writtenHead(data);
        const send = (text: string) => pbx.send(text, from.port, from.address);
        if (/^SIP\//.test(head.startLine)) {
          // An answer to the PBX: a final one to its INVITE gets its ACK.
          const cseq = head.headers.get('cseq')?.[0] ?? '';
          if (/INVITE$/.test(cseq) && statusOf(data) >= 200) send(ackFor(head));
          const probe = probes.get(callIdOf(data) ?? '');
          return probe ? probe(data) : void answers.push(data);
        }
        if (/^INVITE /.test(head.startLine)) {
          const header = (name: string) => head.headers.get(name)?.[0] ?? '';
          // The client's INVITE (again after a 422): the fuzzed answers answer the latest.
          return invites.get(header('call-id'))?.({
            callId: header('call-id'),
            fromTag: /;tag=([^;\s]+)/.exec(header('from'))?.[1] ?? '',
            cseq: header('cseq').split(' ')[0] ?? '1',
            via: header('via'),
          });
        }
        if (!/^ACK /.test(head.startLine)) send(answerFromPbx(data) ?? '');
      }),
    );
    const { client, escaped, seen } = await startClientOfFakePbx({
      pbxPort,
      transport: 'udp',
      reached: clientSeen,
    });
    let inputs = 0;
    let fresh = 0;

    const seeds = pbxCallSeeds();
    // Most runs first get the call where the fuzzed messages reach deepest: answered (a
    // dialog), ringing with early media (an early dialog, reliable or not), or ringing.
    const openings = [seeds[4], seeds[2], seeds[3], seeds[1]].filter((seed) => seed !== undefined);
    const run = fc.tuple(
      fc.option(fc.constantFrom(...openings), { nil: undefined, freq: 4 }),
      fc.array(
        sipMessageArbitrary({
          seeds,
          requestUris: [`sip:gateway@${gatewayHost}`],
          sizeLimit: maxDatagram,
        }),
        { minLength: 1, maxLength: 5 },
      ),
    );

    const healthyAgain = async () => {
      while (!client.healthy) await new Promise((resolve) => setTimeout(resolve, 20));
    };

    const probe = (): Promise<Buffer> => {
      const probeId = `probe-${(fresh += 1)}`;
      const answered = new Promise<Buffer>((resolve) => probes.set(probeId, resolve));
      pbx.send(pbxProbe(probeId, 'UDP'), clientPort, gatewayHost);
      return within(answered, answerBoundMs, 'the probe after a message').finally(() =>
        probes.delete(probeId),
      );
    };

    const exchange = async ([opening, fuzzed]: [Buffer | undefined, Buffer[]]) => {
      const messages = opening ? [opening, ...fuzzed] : fuzzed;
      const callId = randomUUID();
      const { events, ended, hasEnded } = recordedCall();
      let placed: PlacedInvite | undefined;
      const invited = new Promise<void>((resolve) =>
        invites.set(callId, (invite) => {
          placed = invite;
          resolve();
        }),
      );
      const call = client.placeCall(
        {
          callId,
          target: `sip:queue-sales@127.0.0.1:${pbxPort}`,
          callerDisplayName: 'Web visitor',
          headers: {},
          sdpOffer: offer,
        },
        events,
      );
      // An unhealthy trunk (a call before went unanswered for 3 s) fails the call at once,
      // with no INVITE; it pings the trunk, and the next run waits for its answer.
      await within(Promise.race([invited, hasEnded]), answerBoundMs, 'the INVITE of a call');
      if (!placed) await within(healthyAgain(), answerBoundMs, 'the trunk healthy again');
      // Older transactions are long over (32 s at most) by the time this many keys are kept.
      if (seen.size > 200_000) seen.clear();
      const fresher = newAnswers();
      for (const bytes of messages) {
        if (!placed) break;
        const message = freshen(fillCall(bytes, placed), {
          branch: (fresh += 1),
          callId: fresh,
        }).subarray(0, maxDatagram);
        const expectation = expectationFor(message, seen, limits);
        answers = [];
        pbx.send(message, clientPort, gatewayHost);
        inputs += 1;
        const probeAnswer = await probe();
        escaped.rethrow();
        check(
          statusOf(probeAnswer) === 200,
          () => `the probe got ${probeAnswer.toString().split('\r\n')[0]}`,
        );
        const problem = answersProblem([{ message, expectation }], fresher(answers));
        check(!problem, () => problem ?? '');
      }
      call.hangUp();
      invites.delete(callId);
      check(ended.length === 1, () => `the call ended ${ended.length} times`);
      const reason = ended[0];
      check(
        reason && callEndCodes.includes(reason.code),
        () => `the call ended with ${JSON.stringify(reason)}`,
      );
    };

    return {
      property: fc.asyncProperty(run, exchange),
      get inputs() {
        return inputs;
      },
      async stillServes() {
        check(
          statusOf(await probe()) === 200,
          () => 'the probe after the runs was not answered 200',
        );
      },
      async close() {
        escaped.stop();
        await client.close();
        pbx.close();
      },
    };
  },
};

/** The PBX's ACK to a final answer to its INVITE (in the dialog, as RFC 3261 17.1.1.3). */
function ackFor(head: ReturnType<typeof writtenHead>): string {
  const header = (name: string) => head.headers.get(name)?.[0] ?? '';
  return [
    'ACK sip:gateway@127.0.0.1 SIP/2.0',
    `Via: ${header('via')}`,
    'Max-Forwards: 70',
    `From: ${header('from')}`,
    `To: ${header('to')}`,
    `Call-ID: ${header('call-id')}`,
    `CSeq: ${header('cseq').split(' ')[0]} ACK`,
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}
