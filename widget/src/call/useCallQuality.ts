import { useEffect, useRef, useState } from 'preact/hooks';
import type { CallClient } from './call-client.ts';
import { qualitySample, readStats, type StatsReading } from './call-stats-reading.ts';
import { initialQualityState, nextQualityState, type QualityWarning } from './quality-warnings.ts';

/** How often the call's stats are read: the unit of quality-warnings.ts's samples. */
const sampleEveryMs = 1000;

/** What the visitor is told of the call's quality now. */
export interface CallQuality {
  warnings: QualityWarning[];
  /** All the connection's warnings just cleared: say so, for a few seconds. */
  backToNormal: boolean;
}
const allWell: CallQuality = { warnings: [], backToNormal: false };
const same = (a: CallQuality, b: CallQuality) =>
  a.backToNormal === b.backToNormal && a.warnings.join() === b.warnings.join();

/**
 * The quality warnings of the call in `client`, from its own WebRTC stats read each second
 * while `watching` (the call is talking), and when they have just cleared; none otherwise.
 */
export function useCallQuality(
  client: { readonly current: CallClient | undefined },
  watching: boolean,
  visitorMuted: boolean,
): CallQuality {
  const [quality, setQuality] = useState<CallQuality>(allWell);
  const muted = useRef(visitorMuted);
  muted.current = visitorMuted;
  useEffect(() => {
    setQuality(allWell);
    if (!watching) return;
    let state = initialQualityState;
    let previous: StatsReading | undefined;
    let busy = false;
    let stopped = false;
    const sample = async () => {
      const connection = client.current?.peerConnection();
      if (!connection || busy) return;
      busy = true;
      try {
        const report = await connection.getStats();
        if (stopped) return;
        const reading = readStats(report.values() as Iterable<Record<string, unknown>>);
        const microphone = connection.getSenders().find((s) => s.track?.kind === 'audio')?.track;
        state = nextQualityState(state, qualitySample(previous, reading), {
          visitorMuted: muted.current,
          microphoneTrackMuted: microphone?.muted === true,
        });
        previous = reading;
        const next = { warnings: state.warnings, backToNormal: state.backToNormalFor > 0 };
        setQuality((shown) => (same(shown, next) ? shown : next));
      } finally {
        busy = false;
      }
    };
    // A failed read (the connection closing as the call ends) just skips a sample.
    const timer = setInterval(() => void sample().catch(() => undefined), sampleEveryMs);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [watching]);
  return watching ? quality : allWell;
}
