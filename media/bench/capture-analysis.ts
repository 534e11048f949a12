import type { CapturedDatagram } from './pcap-reader.ts';
import type { CapturedSip } from './sip-capture.ts';

/** What the bench knows about one call it placed. */
export interface PlacedCall {
  /** The API's call id: the gateway's Call-ID toward the PBX. */
  apiCallId: string;
  /** Our own Call-ID on the browser leg. */
  sipCallId: string;
  /** The SSRC our SRTP carries (its RTP header is in clear). */
  callerSsrc: number;
}

export interface CallInCapture {
  call: PlacedCall;
  /** Browser INVITE in -> INVITE out to the PBX, ms. */
  setupAddedMs: number;
  /** PBX 200 in -> 200 out to the browser, ms. */
  answerAddedMs: number | undefined;
  /** The gateway's PBX-facing RTP port (its SDP) and the agent's (the 200's SDP). */
  gatewayRtpPort: number | undefined;
  agentRtpPort: number | undefined;
}

const first = (messages: CapturedSip[], match: (m: CapturedSip) => boolean) => messages.find(match);

/** Pairs each call's two legs by Call-ID and reads the gateway's added signalling time. */
export function analyseSignalling(messages: CapturedSip[], calls: PlacedCall[]): CallInCapture[] {
  return calls.flatMap((call) => {
    const browser = messages.filter((m) => m.callId === call.sipCallId);
    const pbx = messages.filter((m) => m.callId === call.apiCallId);
    const inviteIn = first(browser, (m) => m.leg === 'browser-to-gateway' && m.method === 'INVITE');
    const inviteOut = first(pbx, (m) => m.leg === 'to-trunk' && m.method === 'INVITE');
    if (!inviteIn || !inviteOut) return [];
    const answerIn = first(
      pbx,
      (m) => m.leg === 'from-trunk' && m.status === 200 && m.cseqMethod === 'INVITE',
    );
    const answerOut = first(
      browser,
      (m) => m.leg === 'gateway-to-browser' && m.status === 200 && m.cseqMethod === 'INVITE',
    );
    return [
      {
        call,
        setupAddedMs: inviteOut.at - inviteIn.at,
        answerAddedMs: answerIn && answerOut ? answerOut.at - answerIn.at : undefined,
        gatewayRtpPort: inviteOut.mediaPort,
        agentRtpPort: answerIn?.mediaPort,
      },
    ];
  });
}

interface RtpSeen {
  at: number;
  sequence: number;
  timestamp: number;
}

/** RTP (not RTCP, STUN or DTLS) by RFC 5761/7983's first-byte and payload-type ranges. */
function rtpHeader(
  payload: Buffer,
): { ssrc: number; sequence: number; timestamp: number } | undefined {
  if (payload.length < 12 || (payload[0] ?? 0) >> 6 !== 2) return undefined;
  const type = payload[1] ?? 0;
  if (type >= 200 && type <= 206) return undefined;
  return {
    sequence: payload.readUInt16BE(2),
    timestamp: payload.readUInt32BE(4),
    ssrc: payload.readUInt32BE(8),
  };
}

/**
 * The gateway's added one-way delay for every packet of the browser -> PBX direction, ms:
 * each SRTP packet from the caller (matched by its SSRC) is paired with the plain RTP packet
 * the gateway sends the agent (from its PBX-facing port to the agent's). mediasoup rewrites
 * the SSRC and shifts sequence numbers and timestamps by a constant per stream, so the shift
 * is found first (the most common one among packets close in time) and packets matched by it.
 */
export function audioDelays(datagrams: CapturedDatagram[], call: CallInCapture): number[] {
  if (!call.gatewayRtpPort || !call.agentRtpPort) return [];
  const inbound: RtpSeen[] = [];
  const outbound: RtpSeen[] = [];
  for (const datagram of datagrams) {
    const header = rtpHeader(datagram.payload);
    if (!header) continue;
    const seen = { at: datagram.at, sequence: header.sequence, timestamp: header.timestamp };
    // Out first: a relay that keeps the caller's SSRC (rtpengine does) sends it to the agent.
    if (datagram.srcPort === call.gatewayRtpPort && datagram.dstPort === call.agentRtpPort)
      outbound.push(seen);
    else if (header.ssrc === call.call.callerSsrc) inbound.push(seen);
  }
  if (inbound.length === 0 || outbound.length === 0) return [];

  const shifts = new Map<string, number>();
  let start = 0;
  for (const out of outbound) {
    while (start < inbound.length && inbound[start]!.at < out.at - 20) start++;
    for (let i = start; i < inbound.length && inbound[i]!.at <= out.at; i++) {
      const key = `${(out.sequence - inbound[i]!.sequence) & 0xffff}/${(out.timestamp - inbound[i]!.timestamp) >>> 0}`;
      shifts.set(key, (shifts.get(key) ?? 0) + 1);
    }
  }
  const [best] = [...shifts.entries()].sort((a, b) => b[1] - a[1]);
  if (!best) return [];
  const [sequenceShift, timestampShift] = best[0].split('/').map(Number) as [number, number];
  const outByKey = new Map(outbound.map((out) => [`${out.sequence}/${out.timestamp}`, out.at]));
  const delays: number[] = [];
  for (const packet of inbound) {
    const key = `${(packet.sequence + sequenceShift) & 0xffff}/${(packet.timestamp + timestampShift) >>> 0}`;
    const at = outByKey.get(key);
    if (at !== undefined && at >= packet.at) delays.push(at - packet.at);
  }
  return delays;
}
