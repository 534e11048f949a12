// What the probes' echoes say about the path: round-trip time, jitter and loss. Pure: the
// runner feeds it send and arrival times, tests feed it made-up ones.

export interface PathFigures {
  /** Mean round-trip time of the answered probes, ms. */
  rttMs: number;
  /**
   * Mean absolute difference between the round-trip times of consecutive echoes (in arrival
   * order), ms: RFC 3550's interarrival jitter D without its 1/16 smoothing, since over a few
   * seconds the plain mean is a steadier estimate of the same quantity.
   */
  jitterMs: number;
  /** Share of probes never answered, percent. */
  lossPct: number;
  /** Probes sent and answered (for the curious and for tests). */
  sent: number;
  answered: number;
}

export interface ProbeLog {
  /** A probe left at `atMs`; returns its sequence number. */
  sent(atMs: number): number;
  /** An echo of probe `seq` arrived at `atMs`; repeats and unknown probes are ignored. */
  echoed(seq: number, atMs: number): void;
  /** The figures so far; probes still unanswered count as lost. */
  figures(): PathFigures;
}

export function createProbeLog(): ProbeLog {
  const sentAt: number[] = [];
  const answered = new Set<number>();
  let rttSum = 0;
  let jitterSum = 0;
  let jitterSamples = 0;
  let lastRtt: number | undefined;
  return {
    sent(atMs) {
      sentAt.push(atMs);
      return sentAt.length - 1;
    },
    echoed(seq, atMs) {
      const at = sentAt[seq];
      if (at === undefined || answered.has(seq)) return;
      answered.add(seq);
      const rtt = Math.max(0, atMs - at);
      rttSum += rtt;
      if (lastRtt !== undefined) {
        jitterSum += Math.abs(rtt - lastRtt);
        jitterSamples += 1;
      }
      lastRtt = rtt;
    },
    figures() {
      const sent = sentAt.length;
      return {
        rttMs: answered.size > 0 ? rttSum / answered.size : 0,
        jitterMs: jitterSamples > 0 ? jitterSum / jitterSamples : 0,
        lossPct: sent > 0 ? (100 * (sent - answered.size)) / sent : 0,
        sent,
        answered: answered.size,
      };
    },
  };
}
