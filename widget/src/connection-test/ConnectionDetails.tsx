import { useState } from 'preact/hooks';
import type { ConnectionTest } from '../../../protocol/api/connection-test.ts';
import type { ConnectionTestMessages } from './connection-test-messages.ts';

export interface ConnectionDetailsProps {
  result: ConnectionTest;
  messages: ConnectionTestMessages;
}

/** The measured figures behind a disclosure button, for visitors who want them. */
export function ConnectionDetails({ result, messages }: ConnectionDetailsProps) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        aria-expanded={open}
        aria-controls="ctc-connection-details"
        data-testid="connection-test-details-toggle"
        onClick={() => setOpen(!open)}
      >
        {messages.details}
      </button>
      <dl
        id="ctc-connection-details"
        class="ctc-connection-details"
        data-testid="connection-test-details"
        hidden={!open}
      >
        <dt>{messages.rtt}</dt>
        <dd data-testid="connection-test-rtt">{messages.ms(result.rttMs)}</dd>
        <dt>{messages.jitter}</dt>
        <dd data-testid="connection-test-jitter">{messages.ms(result.jitterMs)}</dd>
        <dt>{messages.loss}</dt>
        <dd data-testid="connection-test-loss">{messages.percent(result.lossPct)}</dd>
        {result.transport && (
          <>
            <dt>{messages.transport}</dt>
            <dd data-testid="connection-test-transport" data-transport={result.transport}>
              {result.transport === 'udp' ? messages.udp : messages.tcp}
            </dd>
          </>
        )}
      </dl>
    </>
  );
}
