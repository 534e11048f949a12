// The widget's connection-test step alone on a page, for browser tests: the real screen and
// runner, a probe token from the real API for each run (the session comes in the URL).
import { render } from 'preact';
import type { ConnectionTest } from '../../../protocol/api/connection-test.ts';
import { ConnectionTestScreen } from '../../../widget/src/connection-test/ConnectionTestScreen.tsx';
import { connectionTestMessages } from '../../../widget/src/connection-test/connection-test-messages.ts';
import { visitorApi } from '../../../widget/src/api/visitor-api.ts';
import { runConnectionTest } from '../../../widget/src/connection-test/run-connection-test.ts';
import type { TestPhase } from '../../../widget/src/connection-test/test-progress.ts';

export interface ConnectionTestPageWindow {
  /** Every finished run, in order. */
  ctcResults: ConnectionTest[];
  /** What "Next: Sound check" handed over. */
  ctcDone?: ConnectionTest;
  /** Use this probe token instead of asking the API (once), to see a refusal. */
  ctcTokenOverride?: string;
}

const page = window as unknown as Window & ConnectionTestPageWindow;
page.ctcResults = [];
const params = new URLSearchParams(location.search);
const apiUrl = params.get('api') ?? '';
const session = params.get('session') ?? '';

const run = async (onPhase: (phase: TestPhase) => void) => {
  const grant = await visitorApi(apiUrl).grantConnectionTest(session);
  const override = page.ctcTokenOverride;
  page.ctcTokenOverride = undefined;
  return runConnectionTest(
    { ...grant, probeToken: override ?? grant.probeToken },
    undefined,
    onPhase,
  );
};

render(
  <ConnectionTestScreen
    messages={connectionTestMessages.en}
    run={run}
    onDone={(result) => void (page.ctcDone = result)}
    onResult={(result) => void page.ctcResults.push(result)}
  />,
  document.getElementById('click-to-call')!,
);
