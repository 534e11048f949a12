import type { TestPhase } from './test-progress.ts';
import { useTestProgress } from './useTestProgress.ts';

export interface TestProgressProps {
  phase: TestPhase;
  /** When the phase began (performance.now()). */
  since: number;
  /** The bar's accessible name. */
  label: string;
}

/**
 * How far the running test is, on a native progress bar with its own name. Its value moves
 * silently; the status line beside it speaks only when the phase changes.
 */
export function TestProgress({ phase, since, label }: TestProgressProps) {
  const value = useTestProgress(phase, since);
  return (
    <progress
      class="ctc-test-progress"
      data-testid="connection-test-progress"
      data-test-phase={phase}
      max={100}
      value={value}
      aria-label={label}
    />
  );
}
