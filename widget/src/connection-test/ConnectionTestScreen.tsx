import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ConnectionTest } from '../../../protocol/api/connection-test.ts';
import { Screen } from '../journey/Screen.tsx';
import { ConnectionDetails } from './ConnectionDetails.tsx';
import { ConnectionGauge } from './ConnectionGauge.tsx';
import type { ConnectionTestMessages } from './connection-test-messages.ts';
import type { TestPhase } from './test-progress.ts';
import { TestProgress } from './TestProgress.tsx';
import './connection-test.css';

export interface ConnectionTestScreenProps {
  messages: ConnectionTestMessages;
  /**
   * Runs one test (a fresh probe token each time), telling `onPhase` when probing starts;
   * rejects when it could not start.
   */
  run: (onPhase: (phase: TestPhase) => void) => Promise<ConnectionTest>;
  /** The visitor pressed "Next: Sound check" after a test that connected. */
  onDone: (result: ConnectionTest) => void;
  /** Every finished test, failed ones included (for the call record or a callback offer). */
  onResult?: (result: ConnectionTest) => void;
  /** The number to call instead, under the step (as under every step). */
  fallback?: ComponentChildren;
}

type State =
  | { phase: 'running'; step: TestPhase; since: number }
  | { phase: 'done'; result: ConnectionTest }
  | { phase: 'error' };

/** The header's icon, a dial (a path, as Screen.tsx takes): out of the Start screen's download. */
const gaugeIcon =
  'M12 5a10 10 0 0 0-8.7 15h17.4A10 10 0 0 0 12 5zm1.4 11.4a2 2 0 0 1-2.8-2.8L16.8 9.4z';

const running = (step: TestPhase): State => ({ phase: 'running', step, since: performance.now() });

/**
 * The connection test: runs on arrival with a progress bar, shows a quality gauge, details on
 * demand.
 */
export function ConnectionTestScreen({
  messages,
  run,
  onDone,
  onResult,
  fallback,
}: ConnectionTestScreenProps) {
  const [state, setState] = useState<State>(() => running('connecting'));
  const attempt = useRef(0);
  const start = () => {
    const mine = ++attempt.current;
    setState(running('connecting'));
    run((step) => mine === attempt.current && setState(running(step))).then(
      (result) => {
        if (mine !== attempt.current) return;
        setState({ phase: 'done', result });
        onResult?.(result);
      },
      () => mine === attempt.current && setState({ phase: 'error' }),
    );
  };
  useEffect(() => {
    start();
    // A test still running when the screen goes must not update it.
    return () => void (attempt.current += 1);
  }, []);

  const result = state.phase === 'done' ? state.result : undefined;
  const connected = result !== undefined && result.verdict !== 'failed';
  const status =
    state.phase === 'running'
      ? messages.phase[state.step]
      : state.phase === 'error'
        ? messages.couldNotStart
        : messages.summary[state.result.verdict];
  return (
    <Screen
      title={messages.title}
      testId="connection-test"
      icon={gaugeIcon}
      tone="check"
      class="ctc-connection-test"
      phase={state.phase}
      dock={
        state.phase !== 'running' &&
        (connected ? (
          <button
            type="button"
            class="ctc-primary"
            data-testid="connection-test-next"
            onClick={() => onDone(result)}
          >
            {messages.next}
          </button>
        ) : (
          <button
            type="button"
            class="ctc-primary"
            data-testid="connection-test-retry"
            onClick={start}
          >
            {messages.retry}
          </button>
        ))
      }
    >
      {result && <ConnectionGauge result={result} messages={messages} />}
      {state.phase === 'running' && (
        <TestProgress phase={state.step} since={state.since} label={messages.progress} />
      )}
      {/* Always in the page, so the change to the verdict is announced: it changes only with
          the phase, never with the bar. */}
      <p role="status" aria-live="polite" data-testid="connection-test-status">
        {status}
      </p>
      {connected && <ConnectionDetails result={result} messages={messages} />}
      {fallback}
    </Screen>
  );
}
