import { afterAll, beforeAll } from 'vitest';
import { startStack, type Stack } from '../../../infra/dev/stack.ts';
import { allowCallsFromOneAddress } from '../../../infra/dev/site-edits.ts';
import { holdWebCall, type HeldWebCall } from '../caller/held-web-call.ts';
import { useRig, type Rig } from './use-rig.ts';

export interface OneAgentStack {
  readonly rig: Rig;
  /** The stack, once the file's beforeAll has started it. */
  readonly stack: Stack;
  /** A visitor's call, hung up after the file's tests if a test has not (before the stack stops). */
  holdCall(token: string): Promise<HeldWebCall>;
}

/**
 * The gateway tests' usual rig, for the file: the product's stack with one PCMU agent on the
 * support-en queue, started before its tests and stopped after, with the calls the tests
 * held closed first.
 */
export function useOneAgentStack(
  label: string,
  options: {
    mediaEnv?: Record<string, string>;
    /** Calls one address (every test caller is 127.0.0.1) may make; unset: the demo's limits. */
    callsFromOneAddress?: number;
  } = {},
): OneAgentStack {
  const rig = useRig(label);
  let stack: Stack | undefined;
  const calls: HeldWebCall[] = [];
  beforeAll(async () => {
    const { callsFromOneAddress } = options;
    stack = await startStack({
      processes: rig.processes,
      workDir: rig.dir.workDir('stack'),
      agents: [{ queue: 'support-en', codecs: ['PCMU'] }],
      rebuildWidget: false,
      ...(options.mediaEnv ? { mediaEnv: options.mediaEnv } : {}),
      ...(callsFromOneAddress === undefined
        ? {}
        : {
            editSites: (sites) => allowCallsFromOneAddress(sites.sites.acme!, callsFromOneAddress),
          }),
    });
  });
  afterAll(async () => {
    await Promise.all(calls.map((call) => call.close()));
    await stack?.stop();
  });
  return {
    rig,
    get stack() {
      if (!stack) throw new Error('the stack is not started: use it in a test, after beforeAll');
      return stack;
    },
    async holdCall(token) {
      const call = await holdWebCall({ gatewayUrl: this.stack.gatewayUrl, token });
      calls.push(call);
      return call;
    },
  };
}
