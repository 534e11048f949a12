import type fc from 'fast-check';
import type { ServiceLogger } from '../../../media/src/sip/core/sip-logger.ts';
import {
  startTrunkClient,
  type TrunkClient,
  type TrunkClientOptions,
} from '../../../media/src/sip/trunk/trunk-client.ts';
import { sipMessageArbitrary } from '../arbitraries/sip-message.ts';
import { pbxSeeds, rfc4475Seeds } from '../arbitraries/sip-seeds.ts';
import { watchEscapedErrors, within } from '../fuzz-target.ts';
import { writtenHead } from '../oracles/sip-answers.ts';

/**
 * What the trunk targets' stand-in PBX sends and answers: fuzzed SIP from the PBX's side,
 * the probe that shows the trunk client still serves, and the 200 to the client's pings.
 */

/** The trunk client's host, in its Via and its Request-URI (`sip:gateway@127.0.0.1`). */
export const gatewayHost = '127.0.0.1';
/** A busy two-core machine answers in milliseconds; this is a ceiling for a hang. */
export const answerBoundMs = 10_000;
export const quiet: ServiceLogger = { info() {}, warn() {}, error() {}, debug() {} };

export function pbxMessageArbitrary(sizeLimit: number): fc.Arbitrary<Buffer> {
  return sipMessageArbitrary({
    seeds: [...pbxSeeds(gatewayHost), ...rfc4475Seeds()],
    requestUris: [
      `sip:gateway@${gatewayHost}`,
      'sip:gateway@127.0.0.1:5060;transport=udp',
      'sip:other@127.0.0.1',
      'sips:gateway@h',
    ],
    sizeLimit,
  });
}

/** A well-formed OPTIONS from the PBX to the gateway: answered 200 while the client serves. */
export const pbxProbe = (callId: string, transport: 'UDP' | 'TCP') =>
  [
    `OPTIONS sip:gateway@${gatewayHost} SIP/2.0`,
    `Via: SIP/2.0/${transport} 127.0.0.1:5060;branch=z9hG4bK${callId}`,
    'Max-Forwards: 70',
    `To: <sip:gateway@${gatewayHost}>`,
    'From: <sip:pbx@127.0.0.1>;tag=probe',
    `Call-ID: ${callId}`,
    'CSeq: 1 OPTIONS',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');

/** The PBX's 200 to a request of the client's (its OPTIONS pings), or undefined for a response. */
export function answerFromPbx(request: Buffer): string | undefined {
  const head = writtenHead(request);
  if (/^SIP\//.test(head.startLine)) return undefined;
  const header = (name: string) => head.headers.get(name) ?? [];
  return [
    'SIP/2.0 200 OK',
    ...header('via').map((via) => `Via: ${via}`),
    `From: ${header('from')[0]}`,
    `To: ${header('to')[0]};tag=pbx`,
    `Call-ID: ${header('call-id')[0]}`,
    `CSeq: ${header('cseq')[0]}`,
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

/** The trunk client under test, and what a trunk target keeps of it across its runs. */
export interface ClientOfFakePbx {
  client: TrunkClient;
  /** Errors that escaped to the process, rethrown by the run that follows them. */
  escaped: ReturnType<typeof watchEscapedErrors>;
  /**
   * Branches seen in any run: a transaction lives in the client's core across runs, so a branch
   * seen before may name one (its retransmission is answered as the first was, or absorbed).
   */
  seen: Set<string>;
}

/**
 * Starts the trunk client toward the fake PBX on `pbxPort`, and waits until the PBX has seen
 * it (`reached`: its first OPTIONS ping, or its connection), within the bound for a hang.
 */
export async function startClientOfFakePbx(options: {
  pbxPort: number;
  transport: 'udp' | 'tcp';
  reached: Promise<unknown>;
  timers?: TrunkClientOptions['timers'];
}): Promise<ClientOfFakePbx> {
  const client = await startTrunkClient({
    trunk: { host: '127.0.0.1', port: options.pbxPort, transport: options.transport },
    bindIp: gatewayHost,
    logger: quiet,
    ...(options.timers ? { timers: options.timers } : {}),
  });
  const what =
    options.transport === 'udp'
      ? "the trunk client's first OPTIONS ping"
      : "the trunk client's connection";
  await within(options.reached, answerBoundMs, what);
  return { client, escaped: watchEscapedErrors(), seen: new Set<string>() };
}
