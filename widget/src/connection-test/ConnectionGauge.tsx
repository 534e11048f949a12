import type { ConnectionTest } from '../../../protocol/api/connection-test.ts';
import type { ConnectionTestMessages } from './connection-test-messages.ts';
import { acceptableFromR, assessConnection, goodFromR } from './connection-verdict.ts';
import { mosFromR } from '../../../protocol/e-model.ts';

// The meter shows G.107's MOS; its low and high marks are the Acceptable and Good thresholds,
// so the browser colours it by verdict.
const scale = { min: 1, max: 4.5, low: mosFromR(acceptableFromR), high: mosFromR(goodFromR) };

export interface ConnectionGaugeProps {
  result: ConnectionTest;
  messages: ConnectionTestMessages;
}

/** The verdict in words, on a quality meter when the test connected. */
export function ConnectionGauge({ result, messages }: ConnectionGaugeProps) {
  const verdict = messages.verdict[result.verdict];
  return (
    <div class="ctc-gauge">
      {result.verdict !== 'failed' && (
        <meter
          data-testid="connection-test-gauge"
          {...scale}
          optimum={scale.max}
          value={assessConnection(result).mos}
          aria-label={messages.gaugeLabel}
          aria-valuetext={verdict}
        />
      )}
      <p
        class="ctc-gauge-verdict"
        data-testid="connection-test-verdict"
        data-verdict={result.verdict}
      >
        {verdict}
      </p>
    </div>
  );
}
