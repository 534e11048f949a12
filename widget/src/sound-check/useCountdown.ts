import { useEffect, useState } from 'preact/hooks';

/** Whole seconds left of `durationMs` from `startedAt` (Date.now() time), or 0 when unset. */
export function useCountdown(startedAt: number | undefined, durationMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (startedAt === undefined) return;
    setNow(Date.now());
    // Four ticks a second: the displayed second changes within a quarter second of the truth.
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [startedAt]);
  if (startedAt === undefined) return 0;
  return Math.max(0, Math.ceil((startedAt + durationMs - now) / 1000));
}
