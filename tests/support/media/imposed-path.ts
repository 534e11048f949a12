// What the impairment relay really imposed on a path, from its record of every datagram's
// hold, in the terms the widget's connection test reports: the round trip its probes gained,
// and the jitter of their round-trip times. The expectation a test compares the product with,
// worked out independently of the widget's own statistics (probe-stats.ts).
import type { RelayedDatagram, RelayRecord } from './impairment-relay-protocol.ts';

/** The holds of one direction. */
export interface HeldWay {
  count: number;
  meanMs: number;
  /** Standard deviation of a hold. */
  sdMs: number;
  /** RFC 3550 jitter of the holds: mean absolute difference of consecutive datagrams'. */
  jitterMs: number;
}

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
const holds = (datagrams: RelayedDatagram[]) =>
  [...datagrams]
    .sort((a, b) => a.receivedAtMs - b.receivedAtMs)
    .map((datagram) => datagram.sentAtMs - datagram.receivedAtMs);

export function heldWay(datagrams: RelayedDatagram[]): HeldWay {
  const held = holds(datagrams);
  if (held.length < 2) throw new Error(`the relay held ${held.length} datagram(s): too few`);
  const meanMs = mean(held);
  return {
    count: held.length,
    meanMs,
    sdMs: Math.sqrt(mean(held.map((hold) => (hold - meanMs) ** 2))),
    jitterMs: mean(held.slice(1).map((hold, i) => Math.abs(hold - held[i]!))),
  };
}

/**
 * What the relay added to a round trip on average (a hold each way), and the standard error
 * between that and the mean of `probes` round trips, which is what a connection test
 * reports: both are means of draws from the same holds, the probes' over fewer of them.
 */
export function imposedRoundTrip(record: RelayRecord, probes: number) {
  const toward = heldWay(record.toward);
  const back = heldWay(record.back);
  const variance = (way: HeldWay, n: number) => way.sdMs ** 2 / n;
  return {
    toward,
    back,
    meanMs: toward.meanMs + back.meanMs,
    standardErrorMs: Math.sqrt(
      variance(toward, probes) +
        variance(back, probes) +
        variance(toward, toward.count) +
        variance(back, back.count),
    ),
  };
}

/** A small seeded generator (mulberry32), so that an expectation is the same on every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

export interface ProbeSchedule {
  /** Probes answered. */
  probes: number;
  /** A probe leaves every this many ms. */
  intervalMs: number;
}

/**
 * The jitter a connection test should report over this path: the mean absolute difference
 * between consecutive echoes' round-trip times, in the order the echoes arrive. The relay
 * draws each datagram's hold on its own, so a probe's round trip is a hold drawn from each
 * direction's record; runs of the schedule simulated with such draws give the statistic's
 * mean and its spread from one test to the next (which reordering makes differ from the
 * plain mean difference of two round trips).
 */
export function expectedProbeJitter(
  record: RelayRecord,
  schedule: ProbeSchedule,
  runs = 40,
): { meanMs: number; sdMs: number } {
  const toward = holds(record.toward);
  const back = holds(record.back);
  const random = seeded(0x5eed);
  const pick = (from: number[]) => from[Math.floor(random() * from.length)]!;
  const results: number[] = [];
  for (let run = 0; run < runs; run++) {
    const echoes = Array.from({ length: schedule.probes }, (_, i) => {
      const rttMs = pick(toward) + pick(back);
      return { arrivesAtMs: i * schedule.intervalMs + rttMs, rttMs };
    }).sort((a, b) => a.arrivesAtMs - b.arrivesAtMs);
    results.push(mean(echoes.slice(1).map((echo, i) => Math.abs(echo.rttMs - echoes[i]!.rttMs))));
  }
  const meanMs = mean(results);
  return { meanMs, sdMs: Math.sqrt(mean(results.map((value) => (value - meanMs) ** 2))) };
}
