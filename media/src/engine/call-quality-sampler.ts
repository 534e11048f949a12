import type { types } from 'mediasoup';
import type { QualityFigures } from '../../../protocol/api/call-event.ts';
import { inCallQuality, type ReceivedStream } from './in-call-quality.ts';

/** The four streams of a connected call in the worker, and the voice codec's RTP clock. */
export interface CallStreams {
  clockRate: number;
  /** When the legs were connected (Date.now()). */
  connectedAt: number;
  /** The visitor's voice as it reached us (on the WebRtcTransport). */
  fromBrowser: types.Producer;
  /** The agent's voice as it reached us (on the PBX's PlainTransport). */
  fromPbx: types.Producer;
  /** Our stream to the browser: its RTCP receiver reports give the round trip. */
  toBrowser: types.Consumer;
  /** Our stream to the PBX: the round trip too, when the PBX sends RTCP. */
  toPbx: types.Consumer;
}

/**
 * Samples the worker's stats of a call's streams and rates them (in-call-quality.ts). The
 * four requests are written to the worker's channel before this returns (mediasoup sends a
 * request synchronously), so a router closed right after still answers them first: that is
 * how a call's last moment is measured as it closes.
 */
export async function sampleCallQuality(streams: CallStreams): Promise<QualityFigures | undefined> {
  const [fromBrowser, fromPbx, toBrowser, toPbx] = await Promise.all([
    streams.fromBrowser.getStats(),
    streams.fromPbx.getStats(),
    streams.toBrowser.getStats(),
    streams.toPbx.getStats(),
  ]);
  const fromVisitor = received(fromBrowser);
  const fromAgent = received(fromPbx);
  const visitorRttMs = roundTrip(toBrowser);
  const pbxRttMs = roundTrip(toPbx);
  return inCallQuality({
    clockRate: streams.clockRate,
    durationMs: Date.now() - streams.connectedAt,
    ...(fromVisitor ? { fromVisitor } : {}),
    ...(fromAgent ? { fromAgent } : {}),
    ...(visitorRttMs !== undefined ? { visitorRttMs } : {}),
    ...(pbxRttMs !== undefined ? { pbxRttMs } : {}),
  });
}

/** The producer's one audio stream (no simulcast on audio); absent before its first packet. */
function received(stats: types.ProducerStat[]): ReceivedStream | undefined {
  const stream = stats.find((stat) => stat.type === 'inbound-rtp');
  if (!stream) return undefined;
  return {
    packetCount: stream.packetCount,
    packetsLost: stream.packetsLost,
    jitter: stream.jitter,
  };
}

function roundTrip(stats: (types.ConsumerStat | types.ProducerStat)[]): number | undefined {
  return stats.find((stat) => stat.type === 'outbound-rtp')?.roundTripTime;
}
