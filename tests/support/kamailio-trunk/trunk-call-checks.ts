import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { RtpPacket } from 'werift';
import { expect } from 'vitest';
import type { CallEndCode } from '../../../protocol/call-end-reason.ts';
import { analyseTone, readWav } from '../../../infra/rig/tone.ts';
import { messagesFor } from '../../../widget/src/i18n/messages-for.ts';
import { requestCallGrant, type CallGrant } from '../caller/api-call-grant.ts';
import { holdWebCall } from '../caller/held-web-call.ts';
import { placeWebCall } from '../caller/web-caller.ts';
import { decodeG711 } from '../media/g711.ts';
import type { KamailioTrunk } from './kamailio-trunk.ts';

/**
 * A visitor's call to the agent of `queue` (support-en) through the trunk, checked by tone at
 * each end: the visitor hears the agent's 1000 Hz, and the agent's recording holds the
 * visitor's 440 Hz. `during`: the test's own checks while the call is up; `hangUp`: who ends
 * it (the agent's BYE comes back over the gateway's own connection to kamailio).
 */
export async function expectToneBothWays(
  trunk: KamailioTrunk,
  options: {
    queue?: string;
    during?: (grant: CallGrant) => Promise<void>;
    hangUp?: 'visitor' | 'agent';
  } = {},
): Promise<CallGrant> {
  const { stack } = trunk;
  const agent = stack.agents.get(options.queue ?? 'support-en')!;
  const grant = await requestCallGrant({ apiUrl: stack.apiUrl });
  const heard: RtpPacket[] = [];
  const call = await holdWebCall({
    gatewayUrl: stack.gatewayUrl,
    token: grant.callToken,
    peer: { onRtp: (packet) => heard.push(packet) },
  });
  try {
    // Three seconds of the agent's audio.
    await call.hears(150);
    expect(analyseTone(decodeG711(heard, 'PCMU'), 1000).ratio, "agent's tone").toBeGreaterThan(0.8);
    await options.during?.(grant);
    if (options.hangUp === 'agent') {
      await agent.hangup();
      expect((await call.remoteBye).endCode).toBe('agent_hung_up');
    } else {
      expect(await call.hangUp()).toBe(200);
    }
  } finally {
    await call.close();
  }
  await agent.waitForCallEvent(grant.callId, 'CALL_CLOSED');
  const received = (await agent.recordings()).filter((r) => r.direction === 'received').at(-1);
  expect(received, "the agent's recording").toBeDefined();
  expect(analyseTone(await readWav(received!.path), 440).ratio, "visitor's tone").toBeGreaterThan(
    0.8,
  );
  return grant;
}

/**
 * The gateway restarted with a wrong password: kamailio keeps challenging, the call is refused
 * with the reason the widget has a sentence for, and the administrator gets one warning naming
 * realm, user and the PBX's status, never the password or a digest made from it.
 */
export async function expectWrongPasswordRefused(
  trunk: KamailioTrunk,
  auth: { realm: string; username: string },
): Promise<void> {
  const wrong = randomBytes(12).toString('hex');
  await trunk.restartWithPassword(wrong);

  const grant = await requestCallGrant({ apiUrl: trunk.stack.apiUrl });
  const placed = await placeWebCall({ gatewayUrl: trunk.stack.gatewayUrl, token: grant.callToken });
  // The gateway's Reason header names the code, and the visitor reads the widget's sentence.
  expect(placed).toMatchObject({ status: 502, endCode: 'trunk_auth_failed' });
  expect(messagesFor('en').call.ended[placed.endCode as CallEndCode]).toMatch(
    /did not accept our call service/,
  );
  // The log reaches its file a moment after the refusal reaches the browser.
  const refused = () =>
    trunk
      .mediaLogLines()
      .filter((line) => /refused the gateway's trunk credentials/.test(String(line.msg)));
  await expect.poll(refused, { timeout: 10_000 }).toEqual([
    expect.objectContaining({
      level: 40,
      callId: grant.callId,
      site: 'acme',
      realm: auth.realm,
      username: auth.username,
      sipStatus: 407,
    }),
  ]);
  const log = readFileSync(trunk.stack.gateway().logPath, 'utf8');
  expect(log).not.toContain(wrong);
  expect(log).not.toMatch(/response="[0-9a-f]{32,64}"/);
}
