import * as sdpTransform from 'sdp-transform';
import { payloadTypeOf } from './payload-type.ts';
import { SdpError } from './sdp-error.ts';

/** One codec of the offer, as the browser numbered and parameterized it. */
export interface OfferedCodec {
  payloadType: number;
  /** e.g. `audio/opus`, as mediasoup names it. */
  mimeType: string;
  clockRate: number;
  channels?: number;
  parameters: Record<string, string | number>;
  rtcpFeedback: { type: string; parameter: string }[];
}

/**
 * The RTP clock and channels of the codecs the gateway carries (RFC 3551, RFC 7587, RFC 4733):
 * a codec offered with another clock or channel count is not the one mediasoup and the PBX
 * know by that name, and is left out as if it had not been offered.
 */
const carried: Readonly<Record<string, { clockRates: readonly number[]; channels: number }>> = {
  opus: { clockRates: [48000], channels: 2 },
  g722: { clockRates: [8000], channels: 1 },
  pcmu: { clockRates: [8000], channels: 1 },
  pcma: { clockRates: [8000], channels: 1 },
  'telephone-event': { clockRates: [8000, 16000, 32000, 48000], channels: 1 },
};

/** Whether a codec the gateway carries runs at a clock its definition allows (any other: yes). */
export function isCarriedClock(encoding: string, clockRate: number): boolean {
  return carried[encoding.toLowerCase()]?.clockRates.includes(clockRate) ?? true;
}

/**
 * The codecs of an offer's audio section in the browser's order of preference (the m-line's,
 * which the rtpmap lines need not follow). Only formats the m-line lists count, each with a
 * dynamic or static payload type (0-127) mapped once; a payload type mapped twice makes the
 * offer ambiguous, and it is refused.
 */
export function offeredCodecs(audio: sdpTransform.MediaDescription): OfferedCodec[] {
  const order = String(audio.payloads ?? '').split(' ');
  const seen = new Set<number>();
  const codecs = audio.rtp.flatMap((rtp): OfferedCodec[] => {
    const payloadType = payloadTypeOf(String(rtp.payload));
    if (Number.isNaN(payloadType)) return [];
    if (seen.has(payloadType)) {
      throw new SdpError('sdp_unparsable', `offer maps payload type ${payloadType} twice`);
    }
    seen.add(payloadType);
    // An rtpmap always names the clock (RFC 4566 6): without one, the line is not read.
    if (typeof rtp.rate !== 'number') return [];
    const clockRate = rtp.rate;
    const channels = rtp.encoding === undefined ? 1 : Number(rtp.encoding);
    const known = carried[String(rtp.codec).toLowerCase()];
    if (
      !order.includes(String(payloadType)) ||
      (known && (!known.clockRates.includes(clockRate) || known.channels !== channels))
    ) {
      return [];
    }
    return [
      {
        payloadType,
        mimeType: `audio/${String(rtp.codec)}`,
        clockRate,
        ...(rtp.encoding !== undefined ? { channels } : {}),
        parameters: parseFmtp(audio.fmtp.find((fmtp) => fmtp.payload === payloadType)?.config),
        rtcpFeedback: (audio.rtcpFb ?? [])
          .filter((fb) => fb.payload === String(payloadType) || fb.payload === '*')
          .map((fb) => ({ type: fb.type, parameter: fb.subtype ?? '' })),
      },
    ];
  });
  return codecs.sort(
    (a, b) => order.indexOf(String(a.payloadType)) - order.indexOf(String(b.payloadType)),
  );
}

function parseFmtp(config: string | number | undefined): Record<string, string | number> {
  if (!config) return {};
  return sdpTransform.parseParams(String(config)) as Record<string, string | number>;
}
