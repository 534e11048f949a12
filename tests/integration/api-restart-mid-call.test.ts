import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RatingSchema } from '../../protocol/api/rating.ts';
import { callEventsStored } from '../support/api/api-metrics.ts';
import { readStoredCallFromPglite } from '../support/api/stored-call.ts';
import { requestCallGrant, startSession } from '../support/caller/api-call-grant.ts';
import { rateCall } from '../support/caller/api-call-rating.ts';
import type { HeldWebCall } from '../support/caller/held-web-call.ts';
import { useOneAgentStack } from '../support/rig/use-one-agent-stack.ts';

// How far apart two clocks on this machine may read the same moment: the visitor's (this
// test's) and media's, which stamps each report when it happens.
const clockSlackMs = 2000;

// The API (on its embedded database, as `npm start` runs it) is down when the visitor's call
// starts and comes back while the call is on: media's reports of the call are delivered
// after it returns, in order, stamped with when things happened; the visitor hangs up and
// rates at once, before the reports may have landed, and the rating is stored all the same.
describe('the API restarted in the middle of a call', () => {
  const fixture = useOneAgentStack('api-restart-mid-call');

  it('gets the call reported in order once it is back, and stores the rating given at once', async () => {
    const { stack } = fixture;
    const session = await startSession({ apiUrl: stack.apiUrl });
    const grant = await requestCallGrant({ apiUrl: stack.apiUrl }, session);
    // The gateway holds the API's keys already: the call goes ahead without the API, whose
    // reports of it (created, answered) media keeps retrying.
    let call: HeldWebCall | undefined;
    await stack.whileApiStopped(async () => {
      call = await fixture.holdCall(grant.callToken);
      await call.hears(50);
    });
    const apiBack = Date.now();
    const held = call!;
    await held.hears(50);
    const hangUpStarted = Date.now();
    expect(await held.hangUp()).toBe(200);
    const hungUp = Date.now();

    // The widget offers the rating the moment the call ends.
    const rating = { stars: 4, comment: 'Cut off for a moment, then fine' };
    const sent = await rateCall({
      apiUrl: stack.apiUrl,
      session,
      callId: grant.callId,
      rating,
      idempotencyKey: randomUUID(),
    });
    // 201 if media's reports beat the visitor to it, 202 (held) if not: stored either way.
    expect([201, 202], await sent.clone().text()).toContain(sent.status);
    const accepted = RatingSchema.parse(await sent.json());

    // Media's retries land after the restart: every report once.
    await expect
      .poll(() => callEventsStored(stack.apiUrl, ['created', 'answered', 'ended']), {
        timeout: 90_000,
      })
      .toEqual({ created: 1, answered: 1, ended: 1 });

    const stored = await stack.whileApiStopped((dataDir) =>
      readStoredCallFromPglite(dataDir, grant.callId),
    );
    const { record } = stored;
    expect(record).toMatchObject({ status: 'ended', endReason: 'visitor_hung_up' });
    // When it happened (while the API was down), not when the report landed.
    expect(record!.answeredAt!.getTime()).toBeLessThan(apiBack);
    expect(Math.abs(record!.answeredAt!.getTime() - held.answeredAt)).toBeLessThan(clockSlackMs);
    expect(record!.endedAt!.getTime()).toBeGreaterThan(hangUpStarted - clockSlackMs);
    expect(record!.endedAt!.getTime()).toBeLessThan(hungUp + clockSlackMs);
    const talkedS = (record!.endedAt!.getTime() - record!.answeredAt!.getTime()) / 1000;
    expect(Math.abs(record!.durationS! - talkedS)).toBeLessThanOrEqual(1);
    // Delivered in the order they happened, created first, ended last.
    const received = stored.eventsAsReceived;
    expect(received.map((event) => event.type)).toEqual(
      [...received].sort((a, b) => a.at.getTime() - b.at.getTime()).map((event) => event.type),
    );
    expect(received[0]?.type).toBe('created');
    expect(received.at(-1)?.type).toBe('ended');
    expect(received.map((event) => event.type)).toContain('answered');

    expect(stored.ratings).toEqual([
      expect.objectContaining({ id: accepted.id, ...rating, queue: 'support-en' }),
    ]);
  }, 300_000);
});
