import { requestCallGrant } from '../../tests/support/caller/api-call-grant.ts';
import { placeWebCall, type WebCallResult } from '../../tests/support/caller/web-caller.ts';
import type { PlacedCall } from './capture-analysis.ts';

export interface SequentialRun {
  calls: (PlacedCall & { result: WebCallResult })[];
  failures: string[];
}

/** `count` calls one after another, each answered, talking `talkMs`, then hung up by us. */
export async function placeCallsInRow(options: {
  apiUrl: string;
  gatewayUrl: string;
  intent: string;
  count: number;
  talkMs: number;
}): Promise<SequentialRun> {
  const run: SequentialRun = { calls: [], failures: [] };
  const routing = { intent: options.intent, language: 'en', country: 'US' };
  for (let i = 0; i < options.count; i++) {
    try {
      const grant = await requestCallGrant({ apiUrl: options.apiUrl, routing });
      const result = await placeWebCall({
        gatewayUrl: options.gatewayUrl,
        token: grant.callToken,
        talkMs: options.talkMs,
      });
      if (result.status !== 200) run.failures.push(`call ${i}: status ${result.status}`);
      else
        run.calls.push({
          apiCallId: grant.callId,
          sipCallId: result.sipCallId,
          callerSsrc: result.packets.ssrc,
          result,
        });
    } catch (error) {
      run.failures.push(`call ${i}: ${(error as Error).message}`);
    }
  }
  return run;
}
