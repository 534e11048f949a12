import { useEffect, useState } from 'preact/hooks';

/** Milliseconds since `since`, ticking every second while `since` is set. */
export function useCallTimer(since: number | undefined): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (since === undefined) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [since]);
  return since === undefined ? 0 : now - since;
}
