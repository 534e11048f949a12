import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ConnectionTest } from '../../../protocol/api/connection-test.ts';
import { Screen } from '../journey/Screen.tsx';
import { ConnectionDetails } from './ConnectionDetails.tsx';
import { ConnectionGauge } from './ConnectionGauge.tsx';
import type { ConnectionTestMessages } from './connection-test-messages.ts';
import './connection-test.css';

export interface ConnectionTestScreenProps {
  messages: ConnectionTestMessages;
  /** Runs one test (a fresh probe token each time); rejects when it could not start. */
  run: () => Promise<ConnectionTest>;
  /** The visitor pressed "Next: Sound check" after a test that connected. */
  onDone: (result: ConnectionTest) => void;
  /** Every finished test, failed ones included (for the call record or a callback offer). */
  onResult?: (result: ConnectionTest) => void;
  /** The number to call instead, under the step (as under every step). */
  fallback?: ComponentChildren;
}

type State = { phase: 'running' } | { phase: 'done'; result: ConnectionTest } | { phase: 'error' };

/** The connection test: runs on arrival, shows a quality gauge, details on demand. */
export function ConnectionTestScreen({
  messages,
  run,
  onDone,
  onResult,
  fallback,
}: ConnectionTestScreenProps) {
  const [state, setState] = useState<State>({ phase: 'running' });
  const attempt = useRef(0);
  const start = () => {
    const mine = ++attempt.current;
    setState({ phase: 'running' });
    run().then(
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
  const status = result
    ? messages.summary[result.verdict]
    : state.phase === 'error'
      ? messages.couldNotStart
      : messages.running;
  return (
    <Screen
      title={messages.title}
      testId="connection-test"
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
      {/* Always in the page, so the change to the verdict is announced. */}
      <p role="status" aria-live="polite" data-testid="connection-test-status">
        {status}
      </p>
      {connected && <ConnectionDetails result={result} messages={messages} />}
      {fallback}
    </Screen>
  );
}
