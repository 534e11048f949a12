import { placeWebCall, type WebCallResult } from '../../tests/support/caller/web-caller.ts';
import { prepareCall, type SignallingTarget } from './call-target.ts';
import type { PlacedCall } from './capture-analysis.ts';

export interface SequentialRun {
  calls: (PlacedCall & { result: WebCallResult })[];
  failures: string[];
}

/** `count` calls one after another, each answered, talking `talkMs`, then hung up by us. */
export async function placeCallsInRow(options: {
  target: SignallingTarget;
  intent: string;
  count: number;
  talkMs: number;
}): Promise<SequentialRun> {
  const run: SequentialRun = { calls: [], failures: [] };
  for (let i = 0; i < options.count; i++) {
    try {
      const call = await prepareCall(options.target, options.intent);
      const result = await placeWebCall({
        gatewayUrl: call.url,
        token: call.token,
        ...(call.invite ? { invite: call.invite } : {}),
        talkMs: options.talkMs,
      });
      if (result.status !== 200) run.failures.push(`call ${i}: status ${result.status}`);
      else
        run.calls.push({
          apiCallId: call.pbxCallId ?? result.sipCallId,
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
