import { expect } from 'vitest';
import type { Stack } from '../../../infra/dev/stack.ts';
import { waitUntilReady } from '../../../infra/dev/wait-until-ready.ts';

/**
 * The gateway's readiness (GET /readyz, which checks the SIP trunk too), on the port of its
 * SIP WebSocket: for a stack started without `publicUrls`.
 */
export function gatewayReadyzUrl(stack: Stack): string {
  const url = new URL(stack.gatewayUrl);
  url.protocol = 'http:';
  url.pathname = '/readyz';
  return url.toString();
}

/**
 * Waits until the contact center is at rest, whatever test ran before: the gateway sees the
 * trunk (its OPTIONS pings run every 15 s, hence the ceiling) and no agent holds a call (a
 * hung-up call's BYE may still be on its way).
 */
export async function contactCenterAtRest(stack: Stack): Promise<void> {
  await waitUntilReady(gatewayReadyzUrl(stack), 30_000);
  for (const [queue, agent] of stack.agents) {
    await expect
      .poll(async () => (await agent.listCalls()).length, {
        message: `agent-${queue} still holds a call`,
      })
      .toBe(0);
  }
}
