import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SitesFileSchema } from '../../../protocol/api/site-config.ts';
import type { CallbackReviewRow } from '../storage/sql-callback-review.ts';
import { callbackReason, reasonText } from './callback-reason.ts';

const demo = SitesFileSchema.parse(
  JSON.parse(readFileSync(new URL('../../config/sites.json', import.meta.url), 'utf8')),
).sites.acme!;

// Monday 2 November 2026, 10:00 in Chicago; English Sales opens 08:00 to 18:00 on weekdays.
const monday = new Date('2026-11-02T16:00:00Z');
const request = (row: Partial<CallbackReviewRow>): CallbackReviewRow => ({
  id: '6f1c1e4e-98c4-4d3b-9a61-3f4f1d3a2b10',
  siteId: 'acme',
  queue: 'sales-en',
  routing: { intent: 'sales', language: 'en', country: 'US' },
  consentAt: monday,
  createdAt: monday,
  status: 'new',
  ...row,
});
const reason = (row: Partial<CallbackReviewRow>) => {
  const found = callbackReason(request(row), demo);
  return { kind: found.kind, text: reasonText(found) };
};
const callId = '0b1c1e4e-98c4-4d3b-9a61-3f4f1d3a2b10';

describe('why a callback was asked for', () => {
  it('follows a rating of its call, however the call ended', () => {
    expect(
      reason({
        callId,
        call: { status: 'ended', answered: true, endReason: 'agent_lost' },
        rating: { id: callId, stars: 2, createdAt: monday },
      }),
    ).toEqual({ kind: 'rating', text: 'After a 2-star rating' });
  });

  it('follows a call that ended without anyone hanging up', () => {
    expect(
      reason({ callId, call: { status: 'ended', answered: true, endReason: 'media_worker_lost' } }),
    ).toEqual({ kind: 'cut_off', text: 'After a call cut off (media worker lost)' });
    expect(
      reason({ callId, call: { status: 'ended', answered: false, endReason: 'busy' } }),
    ).toEqual({ kind: 'cut_off', text: 'After a call that did not get through (busy)' });
  });

  it('is something else after a call someone hung up, or one still going', () => {
    expect(
      reason({ callId, call: { status: 'ended', answered: true, endReason: 'agent_hung_up' } }),
    ).toEqual({ kind: 'other', text: 'Other (after a call: agent hung up)' });
    expect(reason({ callId, call: { status: 'answered', answered: true } })).toEqual({
      kind: 'other',
      text: 'Other',
    });
  });

  it('follows a call the visitor hung up before an answer: the offer after abandoning', () => {
    expect(
      reason({
        callId,
        call: { status: 'ended', answered: false, endReason: 'visitor_hung_up', waitS: 75 },
      }),
    ).toEqual({ kind: 'abandoned', text: 'Hung up while waiting, after 1:15' });
    expect(
      reason({ callId, call: { status: 'ended', answered: false, endReason: 'visitor_hung_up' } }),
    ).toEqual({ kind: 'abandoned', text: 'Hung up while waiting' });
    // Answered, then hung up: not abandoned.
    expect(
      reason({ callId, call: { status: 'ended', answered: true, endReason: 'visitor_hung_up' } }),
    ).toMatchObject({ kind: 'other' });
  });

  it('came instead of a long wait when the request says so, even from a call it hung up', () => {
    const longWait = { kind: 'long_wait', text: 'Instead of a long wait (slot chosen)' };
    expect(reason({ origin: 'long_wait' })).toEqual(longWait);
    // Outside the queue's hours by now, still what the visitor answered.
    expect(reason({ origin: 'long_wait', createdAt: new Date('2026-11-07T16:00:00Z') })).toEqual(
      longWait,
    );
    // Left the ringing call for the offer: not an abandoned call.
    expect(
      reason({
        origin: 'long_wait',
        callId,
        call: { status: 'ended', answered: false, endReason: 'visitor_hung_up', waitS: 400 },
      }),
    ).toEqual(longWait);
  });

  it('came from the Closed screen: no queue for the choices, or outside its hours', () => {
    expect(reason({ queue: null })).toMatchObject({ kind: 'closed', text: /no queue/ });
    const saturday = new Date('2026-11-07T16:00:00Z');
    expect(reason({ createdAt: saturday })).toMatchObject({ kind: 'closed', text: /hours/ });
    // Thanksgiving is a holiday in the sales queue's calendar.
    const thanksgiving = new Date('2026-11-26T16:00:00Z');
    expect(reason({ createdAt: thanksgiving })).toMatchObject({ kind: 'closed' });
    expect(reason({})).toEqual({ kind: 'other', text: 'Other' });
    // Always open: asked for from the call or an error screen.
    expect(reason({ queue: 'support-en', createdAt: saturday })).toMatchObject({ kind: 'other' });
  });
});
