import type { ConcurrentRun } from './concurrent-calls.ts';

/** What a run of concurrent calls measured, the same way for the gateway and for a peer. */
export interface LoadFigures {
  /** CPU seconds of what was measured per call-minute held. */
  cpuPerCallMinute: number;
  /** Packets the callers missed of those the agents sent (RFC 3550 expected vs received). */
  lossPct: number;
  packetsExpected: number;
  packetsReceived: number;
  callerPacketsSent: number;
  /** What the callers sent during the hold against 50 packets/s for every call held. */
  callerSendRatePct: number;
  /**
   * The same over each whole call, from the 200 to the end (the figure werift callers were
   * judged by): it also counts ICE and DTLS setup and the BYE, when nothing is sent.
   */
  callerSendRateWholeCallPct: number;
}

export function loadFigures(load: ConcurrentRun): LoadFigures {
  const callMinutes = (load.heldCalls * load.heldSeconds) / 60;
  const received = load.results.reduce((sum, r) => sum + r.packets.received, 0);
  const expected = load.results.reduce((sum, r) => sum + r.packets.expected, 0);
  const sent = load.results.reduce((sum, r) => sum + r.packets.sent, 0);
  // 50 packets/s for as long as each call was answered: what a browser would have sent.
  const due = load.results.reduce(
    (sum, r) =>
      sum + ((r.timings.endedAt - (r.timings.answeredAt ?? r.timings.endedAt)) / 1000) * 50,
    0,
  );
  return {
    cpuPerCallMinute: load.cpuSeconds / callMinutes,
    lossPct: expected > 0 ? (100 * (expected - received)) / expected : Number.NaN,
    packetsExpected: expected,
    packetsReceived: received,
    callerPacketsSent: sent,
    callerSendRatePct: Math.round(10 * load.callers.sendRatePct) / 10,
    callerSendRateWholeCallPct: due > 0 ? Math.round((1000 * sent) / due) / 10 : 0,
  };
}
