import { useEffect, useState } from 'preact/hooks';
import { testProgress, type TestPhase } from './test-progress.ts';

/** How often the bar moves: smooth enough to see, rare enough to cost nothing. */
const tickMs = 200;

/**
 * The progress bar's value while a test runs in `phase` (begun at `since`, performance.now()
 * time): recomputed on a timer, since the test's own events come only at phase changes.
 */
export function useTestProgress(phase: TestPhase | undefined, since: number): number {
  const [value, setValue] = useState(0);
  useEffect(() => {
    if (!phase) return;
    const update = () => setValue(testProgress(phase, performance.now() - since));
    update();
    const timer = setInterval(update, tickMs);
    return () => clearInterval(timer);
  }, [phase, since]);
  return value;
}
