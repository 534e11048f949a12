import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { allowCallsFromOneAddress } from '../../../infra/dev/site-edits.ts';
import { AvailabilitySchema } from '../../../protocol/api/availability.ts';
import { CallbackSlotsSchema } from '../../../protocol/api/callback-slots.ts';
import { useTestApi } from '../../../tests/support/api/use-test-api.ts';
import {
  bearer,
  placedCall,
  post,
  reportEvent,
  startSession,
  supportEn,
} from '../../../tests/support/api/visitor.ts';

const api = useTestApi((file) => allowCallsFromOneAddress(file.sites.acme!, 100));

// The API's clock starts on Monday 2 November 2026, 09:00 in Chicago (15:00 UTC).
const monday = new Date('2026-11-02T15:00:00Z');
const salesEn = { ...supportEn, intent: 'sales' };
const slotsFor = async (session: string, routing = salesEn) => {
  const res = await post(api, '/v1/callback-slots', { routing }, { headers: bearer(session) });
  expect(res.status).toBe(200);
  return CallbackSlotsSchema.parse(await res.json());
};
const callback = (session: string, from: string, to: string) =>
  post(
    api,
    '/v1/callbacks',
    { phone: '(713) 929-3714', routing: salesEn, consent: true, preferredWindow: { from, to } },
    { headers: { ...bearer(session), 'idempotency-key': randomUUID() } },
  );

describe('POST /v1/callback-slots', () => {
  it('offers the queue’s open hours in its zone, from a quarter of an hour on, holidays skipped', async () => {
    api.clock.now = monday;
    const session = await startSession(api);
    const { timeZone, slots } = await slotsFor(session);
    expect(timeZone).toBe('America/Chicago');
    // 09:15 at the earliest, in half hours from the 08:00 opening: 09:30 Chicago.
    expect(slots[0]).toEqual({ from: '2026-11-02T15:30:00.000Z', to: '2026-11-02T16:00:00.000Z' });
    // Weekdays 08:00-18:00 of the 7 days from Monday: five days of twenty slots, less 3.
    expect(slots).toHaveLength(5 * 20 - 3);
    // A queue without hours (support) is called back at any time.
    const support = await slotsFor(session, supportEn);
    expect(support.timeZone).toBeUndefined();
    expect(support.slots[0]!.from).toBe('2026-11-02T15:30:00.000Z');
  });

  it('needs a session and choices the site offers', async () => {
    expect((await post(api, '/v1/callback-slots', { routing: salesEn })).status).toBe(401);
    const session = await startSession(api);
    const res = await post(
      api,
      '/v1/callback-slots',
      { routing: { ...salesEn, intent: 'nope' } },
      { headers: bearer(session) },
    );
    expect(res.status).toBe(422);
  });
});

describe('POST /v1/callbacks with a slot', () => {
  it('takes an offered slot and refuses one past, closed, on a holiday or too far ahead', async () => {
    // Monday 23 November, 09:00 in Chicago: Thanksgiving is on Thursday.
    api.clock.now = new Date('2026-11-23T15:00:00Z');
    const session = await startSession(api);
    const { slots } = await slotsFor(session);
    const taken = await callback(session, slots[3]!.from, slots[3]!.to);
    expect(taken.status).toBe(201);
    const { id } = (await taken.json()) as { id: string };
    const stored = (await api.repo.listCallbackRequests({ siteId: 'acme' })).find(
      (row) => row.id === id,
    );
    expect(stored?.windowFrom?.toISOString()).toBe(slots[3]!.from);
    expect(stored?.windowTo?.toISOString()).toBe(slots[3]!.to);

    const refusals = {
      past: ['2026-11-23T14:00:00Z', '2026-11-23T14:30:00Z'],
      night: ['2026-11-24T04:00:00Z', '2026-11-24T04:30:00Z'],
      thanksgiving: ['2026-11-26T16:00:00Z', '2026-11-26T16:30:00Z'],
      farAhead: ['2026-12-07T16:00:00Z', '2026-12-07T16:30:00Z'],
    } as const;
    const answers = Object.fromEntries(
      await Promise.all(
        Object.entries(refusals).map(async ([what, [from, to]]) => {
          const res = await callback(session, from, to);
          return [what, { status: res.status, ...((await res.json()) as { code: string }) }];
        }),
      ),
    );
    expect(answers).toMatchObject({
      past: { status: 422, code: 'callback_slot_in_past' },
      night: { status: 422, code: 'callback_slot_closed' },
      thanksgiving: { status: 422, code: 'callback_slot_closed' },
      farAhead: { status: 422, code: 'callback_slot_too_far' },
    });
    expect(answers.thanksgiving!.message).toMatch(/holiday/);
  });
});

describe('"call me back instead" in POST /v1/availability', () => {
  const advance = (s: number) => (api.clock.now = new Date(api.clock.now.getTime() + s * 1000));
  const availability = async (session: string) => {
    const res = await post(
      api,
      '/v1/availability',
      { routing: supportEn },
      {
        headers: bearer(session),
      },
    );
    const body: unknown = await res.json();
    expect(res.status, JSON.stringify(body)).toBe(200);
    return AvailabilitySchema.parse(body);
  };
  /** A support call answered after `waitS` of ringing (and ended `talkS` later, if given). */
  const answeredAfter = async (waitS: number, talkS?: number) => {
    const callId = await placedCall(api, await startSession(api));
    await reportEvent(api, callId, 'ringing', {});
    advance(waitS);
    await reportEvent(api, callId, 'answered', { codec: 'opus' });
    if (talkS === undefined) return;
    advance(talkS);
    await reportEvent(api, callId, 'ended', { reason: 'agent_hung_up', durationS: talkS });
  };

  it('offers the first slot once the wait is long and the agents all busy, not before', async () => {
    // A later Monday, clear of the other tests' calls: 16 November, 09:00 in Chicago.
    api.clock.now = new Date('2026-11-16T15:00:00Z');
    for (const waitS of [360, 420, 400]) await answeredAfter(waitS, 30);
    // Sessions are short: the visitor's starts now, after the queue's half hour.
    const visitor = await startSession(api);
    // About 7 minutes, over the 5-minute threshold, but the one agent is free.
    const free = await availability(visitor);
    expect(free).toMatchObject({ kind: 'open', expectedWait: { minutes: 7 } });
    expect(free.kind === 'open' && free.callbackInstead).toBeFalsy();

    // The agent takes another call and is still talking: busy.
    await answeredAfter(380);
    const later = await startSession(api);
    const busy = await availability(later);
    // The first of the slots the form will offer (support keeps no hours: any half hour).
    const [first] = (await slotsFor(later, supportEn)).slots;
    expect(busy).toMatchObject({
      kind: 'open',
      expectedWait: { minutes: 7 },
      callbackInstead: first,
    });
  });
});
