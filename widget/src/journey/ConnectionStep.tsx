import type { ComponentChildren } from 'preact';
import type { ConnectionTest } from '../../../protocol/api/connection-test.ts';
import type { VisitorApi } from '../api/visitor-api.ts';
import { connectionTestMessages } from '../connection-test/connection-test-messages.ts';
import { ConnectionTestScreen } from '../connection-test/ConnectionTestScreen.tsx';
import { runConnectionTest } from '../connection-test/run-connection-test.ts';
import type { TestPhase } from '../connection-test/test-progress.ts';
import { messagesIn } from '../i18n/messages-for.ts';

export interface ConnectionStepProps {
  api: VisitorApi;
  sessionToken: string;
  language: string;
  /** Each run's gateway node, when the API placed the test on one (the call follows it). */
  onPlaced(node: string | undefined): void;
  /** A verdict to go on with, or `failed` (nothing got through): the journey decides. */
  onDone(result: ConnectionTest): void;
  /** The number to call instead, under the step. */
  fallback: ComponentChildren;
}

/**
 * The connection test on the gateway's media path, with a fresh grant per run: a probe token
 * and the ICE servers (TURN credential minted for it) the call will use too.
 */
export function ConnectionStep({
  api,
  sessionToken,
  language,
  onPlaced,
  onDone,
  fallback,
}: ConnectionStepProps) {
  const run = async (onPhase: (phase: TestPhase) => void) => {
    const grant = await api.grantConnectionTest(sessionToken);
    onPlaced(grant.gatewayNode);
    return runConnectionTest(
      {
        testUrl: grant.testUrl,
        probeToken: grant.probeToken,
        iceServers: grant.iceServers,
      },
      undefined,
      onPhase,
    );
  };
  return (
    <ConnectionTestScreen
      messages={messagesIn(connectionTestMessages, language)}
      run={run}
      onDone={onDone}
      // Nothing got through at all: the journey's "network blocked" screen has ways forward.
      onResult={(result) => result.verdict === 'failed' && onDone(result)}
      fallback={fallback}
    />
  );
}
