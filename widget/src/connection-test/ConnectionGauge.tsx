import type { ConnectionTest } from '../../../protocol/api/connection-test.ts';
import type { ConnectionTestMessages } from './connection-test-messages.ts';
import { assessConnection } from './connection-verdict.ts';
import { gaugeScale, needleTurn } from './gauge-scale.ts';

export interface ConnectionGaugeProps {
  result: ConnectionTest;
  messages: ConnectionTestMessages;
}

// A half dial, centre (100, 100), radius 80: Poor, Acceptable and Good a third each.
const point = (turn: number, radius: number) => {
  const angle = Math.PI * (1 - turn);
  return `${(100 + radius * Math.cos(angle)).toFixed(1)} ${(100 - radius * Math.sin(angle)).toFixed(1)}`;
};
const band = (from: number) => `M${point(from, 80)}A80 80 0 0 1 ${point(from + 1 / 3, 80)}`;

/**
 * The verdict in words, under a dial whose needle points at the expected call quality when
 * the test connected. The dial is drawn for the eye; assistive technology reads the same
 * value from a native meter, with the verdict as its text.
 */
export function ConnectionGauge({ result, messages }: ConnectionGaugeProps) {
  const verdict = messages.verdict[result.verdict];
  const mos = result.verdict === 'failed' ? undefined : assessConnection(result).mos;
  return (
    <div class="ctc-gauge">
      {mos !== undefined && (
        <>
          <svg class="ctc-dial" viewBox="0 0 200 108" aria-hidden="true" focusable="false">
            <path d={band(0)} class="ctc-dial-poor" />
            <path d={band(1 / 3)} class="ctc-dial-acceptable" />
            <path d={band(2 / 3)} class="ctc-dial-good" />
            <path
              class="ctc-needle"
              data-testid="connection-test-needle"
              data-turn={needleTurn(mos).toFixed(3)}
              d={`M100 100L${point(needleTurn(mos), 66)}`}
            />
            <circle cx="100" cy="100" r="7" class="ctc-needle-hub" />
          </svg>
          <meter
            class="ctc-visually-hidden"
            data-testid="connection-test-gauge"
            {...gaugeScale}
            optimum={gaugeScale.max}
            value={mos}
            aria-label={messages.gaugeLabel}
            aria-valuetext={verdict}
          />
        </>
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
