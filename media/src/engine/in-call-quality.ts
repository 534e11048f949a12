import type { DirectionQuality, QualityFigures } from '../../../protocol/api/call-event.ts';
import { mosFromR, mouthToEarDelayMs, rFactor } from '../../../protocol/e-model.ts';

/** One RTP stream as the gateway received it (mediasoup's `inbound-rtp` figures). */
export interface ReceivedStream {
  /** Packets that arrived. */
  packetCount: number;
  /** Packets expected but never seen (RFC 3550 6.4.1's cumulative loss). */
  packetsLost: number;
  /** RFC 3550 interarrival jitter, in units of the RTP clock. */
  jitter: number;
}

/** What the gateway knows of a call's audio at one moment. */
export interface CallQualitySample {
  /** The voice codec's RTP clock rate (48000 for Opus, 8000 for G.711 and G.722). */
  clockRate: number;
  /** How long the streams have been flowing (since the legs connected), ms. */
  durationMs: number;
  /** The visitor's voice, browser to gateway: what the agent hears. */
  fromVisitor?: ReceivedStream;
  /** The agent's voice, PBX to gateway: what the visitor hears. */
  fromAgent?: ReceivedStream;
  /** Round trip to the browser, from its RTCP receiver reports (0 or absent: unknown). */
  visitorRttMs?: number;
  /** Round trip to the PBX, from its RTCP receiver reports (many PBXs send none). */
  pbxRttMs?: number;
}

/**
 * A call's quality figures: each direction rated as a listener would hear it, with the
 * ITU-T G.107 E-model (protocol/e-model.ts; the simplified use common in VoIP monitoring):
 *
 *   Ta  = (RTT visitor + RTT PBX) / 2 + 2 * jitter + 20 ms        (mouthToEarDelayMs)
 *   R   = Ro - Is - Id(Ta) - Ie,eff(Ppl),  Ie,eff = Ie + (95 - Ie) Ppl / (Ppl / BurstR + Bpl)
 *   MOS = 1 + 0.035 R + R (R - 60) (100 - R) 7e-6                 (G.107 Annex B)
 *
 * with G.711-with-PLC's Ie = 0, Bpl = 25.1, random loss. Each direction that carried audio
 * is kept with its own figures (loss and jitter are measured where the gateway receives it,
 * so they tell which side's line was at fault); the summary figures are the worse
 * direction's: the call was as good as its worse side. Undefined when no audio arrived
 * either way (nothing to rate).
 */
export function inCallQuality(sample: CallQualitySample): QualityFigures | undefined {
  const rtts = [sample.visitorRttMs, sample.pbxRttMs].filter(
    (rtt): rtt is number => rtt !== undefined && rtt > 0,
  );
  const rttMs = rtts.reduce((sum, rtt) => sum + rtt, 0);
  const rate = (stream: ReceivedStream | undefined): DirectionQuality | undefined => {
    if (!stream || stream.packetCount + Math.max(0, stream.packetsLost) === 0) return undefined;
    const lossPct = lossPercent(stream, sample.durationMs);
    const jitterMs = (stream.jitter / sample.clockRate) * 1000;
    const oneWayDelayMs = mouthToEarDelayMs({ rttMs, jitterMs });
    return { mos: mosFromR(rFactor({ oneWayDelayMs, lossPct })), lossPct, jitterMs };
  };
  const visitorToAgent = rate(sample.fromVisitor);
  const agentToVisitor = rate(sample.fromAgent);
  const rated = [visitorToAgent, agentToVisitor].filter(
    (direction): direction is DirectionQuality => direction !== undefined,
  );
  if (rated.length === 0) return undefined;
  return {
    ...rounded({
      mos: Math.min(...rated.map((r) => r.mos)),
      lossPct: Math.max(...rated.map((r) => r.lossPct)),
      jitterMs: Math.max(...rated.map((r) => r.jitterMs)),
    }),
    ...(rtts.length ? { rttMs: round(rttMs, 1) } : {}),
    ...(visitorToAgent ? { visitorToAgent: rounded(visitorToAgent) } : {}),
    ...(agentToVisitor ? { agentToVisitor: rounded(agentToVisitor) } : {}),
  };
}

const rounded = ({ mos, lossPct, jitterMs }: DirectionQuality): DirectionQuality => ({
  mos: round(mos, 2),
  lossPct: round(lossPct, 2),
  jitterMs: round(jitterMs, 1),
});

/** One 64K cycle of RTP sequence numbers. */
const sequenceCycle = 65_536;
/** The shortest packetization (RFC 4566's ptime; 10 ms for Opus and G.711 alike). */
const shortestPtimeMs = 10;

/**
 * Lost of expected; a negative count (duplicates outnumbering losses, RFC 3550) is none.
 * mediasoup keeps its count of 64K sequence cycles when it re-syncs a stream whose sequence
 * numbers jumped (RtpStream::InitSeq, unlike RFC 3550 A.1's init_seq, resets no cycles), so
 * such a sender shows whole cycles "lost". No stream loses more packets than could have been
 * sent while it flowed (one per 10 ms): cycles beyond that are the artefact, and dropped.
 */
function lossPercent({ packetCount, packetsLost }: ReceivedStream, durationMs: number): number {
  const mostPossible = durationMs / shortestPtimeMs + 1;
  let lost = Math.max(0, packetsLost);
  while (lost > mostPossible && lost >= sequenceCycle) lost -= sequenceCycle;
  return (lost / (packetCount + lost)) * 100;
}

function round(value: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale;
}
