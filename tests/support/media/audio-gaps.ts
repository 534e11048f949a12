/**
 * The longest stretch of audio one direction of a call lost to the path between two ends,
 * from what each end saw: the sender's clock when it sent each 20 ms packet, the receiver's
 * when each arrived, both in this process (performance.now()). A packet is known by the send
 * index its payload carries (tagged-payload.ts), so no rewrite of sequence numbers or
 * timestamps on the way can blur which one it was.
 *
 * Between two packets received one after the other, i and j, the listener misses the audio of
 * the packets never received, 20 ms each, plus however much longer they took to arrive apart
 * than they were sent apart: `20 * (j - i) + (arrival_j - arrival_i) - (sent_j - sent_i)`.
 * What the ends imposed themselves cancels out: a sender that fell silent for 300 ms (its
 * event loop stalled on a busy machine) sent nothing to lose, and a receiver that read two
 * packets late reads them late together.
 */
export interface AudioTimeline {
  sent(index: number, at?: number): void;
  received(index: number, at?: number): void;
  /**
   * The longest gap in ms (20 on a clean path) and the packets sent and received, counting
   * packets sent from `since` on (performance.now() ms; default: all).
   */
  figures(since?: number): { largestGapMs: number; packetsReceived: number; packetsSent: number };
}

const packetMs = 20;

export function audioTimeline(): AudioTimeline {
  const sentAt = new Map<number, number>();
  const arrivals: { index: number; at: number }[] = [];
  return {
    sent(index, at = performance.now()) {
      sentAt.set(index, at);
    },
    received(index, at = performance.now()) {
      arrivals.push({ index, at });
    },
    figures(since = -Infinity) {
      let largestGapMs = 0;
      let previous: { index: number; at: number; sent: number } | undefined;
      let packetsReceived = 0;
      for (const { index, at } of arrivals) {
        const sent = sentAt.get(index);
        // Not ours (a packet from before tagging) or late and out of order: no new audio.
        if (sent === undefined || sent < since || (previous && index <= previous.index)) continue;
        packetsReceived += 1;
        if (previous) {
          const gap =
            packetMs * (index - previous.index) + (at - previous.at) - (sent - previous.sent);
          largestGapMs = Math.max(largestGapMs, gap);
        }
        previous = { index, at, sent };
      }
      const packetsSent = [...sentAt.values()].filter((at) => at >= since).length;
      return { largestGapMs, packetsReceived, packetsSent };
    },
  };
}
