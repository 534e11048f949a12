import type { ConnectionTest } from '../../../protocol/api/connection-test.ts';
import type { VisitorApi } from '../api/visitor-api.ts';
import { connectionTestMessages } from '../connection-test/connection-test-messages.ts';
import { ConnectionTestScreen } from '../connection-test/ConnectionTestScreen.tsx';
import { runConnectionTest } from '../connection-test/run-connection-test.ts';
import { messagesIn } from '../i18n/messages-for.ts';

export interface ConnectionStepProps {
  api: VisitorApi;
  sessionToken: string;
  iceServers: RTCIceServer[];
  language: string;
  /** A verdict to go on with, or `failed` (nothing got through): the journey decides. */
  onDone(result: ConnectionTest): void;
}

/** The connection test on the gateway's media path, with a fresh probe token per run. */
export function ConnectionStep({
  api,
  sessionToken,
  iceServers,
  language,
  onDone,
}: ConnectionStepProps) {
  const run = async () => {
    const grant = await api.grantConnectionTest(sessionToken);
    return runConnectionTest({ testUrl: grant.testUrl, probeToken: grant.probeToken, iceServers });
  };
  return (
    <ConnectionTestScreen
      messages={messagesIn(connectionTestMessages, language)}
      run={run}
      onDone={onDone}
      // Nothing got through at all: the journey's "network blocked" screen has ways forward.
      onResult={(result) => result.verdict === 'failed' && onDone(result)}
    />
  );
}
