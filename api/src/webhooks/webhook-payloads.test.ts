import { describe, expect, it } from 'vitest';
import { WebhookBodySchema } from '../../../protocol/api/webhook-events.ts';
import { isAbandonedCall } from '../calls/abandoned-call.ts';
import type { CallbackRequestRow, CallRecord } from '../storage/repository.ts';
import {
  callAbandonedBody,
  callbackRequestedBody,
  callEndedBody,
  ratingSubmittedBody,
} from './webhook-payloads.ts';

const t0 = new Date('2026-12-07T10:00:00Z');
const after = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

const call = (overrides: Partial<CallRecord> = {}): CallRecord & { endedAt: Date } => ({
  id: '0b6f3a52-6a47-4a53-9a53-0f3c1c7c1a01',
  siteId: 'acme',
  sessionId: 'session-of-the-visitor',
  queue: 'support-en',
  queueDisplayName: 'English Technical Support',
  routing: { intent: 'support', language: 'en', country: 'US' },
  createdAt: t0,
  tokenExpiresAt: after(120),
  status: 'ended',
  endedAt: after(100),
  endReason: 'agent_hung_up',
  gatewayNode: 'media-1',
  gatewayBootId: 'boot-1',
  ...overrides,
});

/** The body as a receiver gets it: JSON, and valid against the OpenAPI's schema. */
const asSent = (body: unknown) => WebhookBodySchema.parse(JSON.parse(JSON.stringify(body)));

describe('webhook payloads', () => {
  it('call.ended: wait to the answer, talk time, reason and quality; no agent, no session', () => {
    const answered = call({
      ringingAt: after(3),
      answeredAt: after(20),
      durationS: 80,
      agentName: 'Gloria Mcgee',
      codec: 'opus',
      sipStatus: 200,
      connectionTest: { verdict: 'acceptable', lossPct: 2, rttMs: 180, jitterMs: 12 },
      quality: { mos: 3.9, lossPct: 1.5, jitterMs: 14, rttMs: 170 },
    });
    const body = asSent(callEndedBody(answered));
    expect(body).toEqual({
      type: 'call.ended',
      timestamp: '2026-12-07T10:01:40.000Z',
      data: {
        callId: answered.id,
        siteId: 'acme',
        queue: 'support-en',
        queueDisplayName: 'English Technical Support',
        intent: 'support',
        language: 'en',
        country: 'US',
        startedAt: '2026-12-07T10:00:00.000Z',
        endedAt: '2026-12-07T10:01:40.000Z',
        answeredAt: '2026-12-07T10:00:20.000Z',
        answered: true,
        waitS: 20,
        talkS: 80,
        endReason: 'agent_hung_up',
        sipStatus: 200,
        connectionTest: { verdict: 'acceptable', lossPct: 2, rttMs: 180, jitterMs: 12 },
        quality: { mos: 3.9, lossPct: 1.5, jitterMs: 14, rttMs: 170 },
      },
    });
    const text = JSON.stringify(body);
    for (const secretish of ['Gloria', 'session-of-the-visitor', 'media-1', 'boot-1']) {
      expect(text).not.toContain(secretish);
    }
  });

  it('call.ended for an unanswered call: waited until the end, no talk time', () => {
    const body = asSent(callEndedBody(call({ endReason: 'busy', sipStatus: 486, durationS: 0 })));
    expect(body.data).toMatchObject({ answered: false, waitS: 100, talkS: 0, endReason: 'busy' });
    expect(body.data).not.toHaveProperty('answeredAt');
  });

  it('call.ended the API inferred says so, and measures talk time from its own stamps', () => {
    const inferred = call({
      answeredAt: after(10),
      endReason: 'connection_lost',
      endInferred: 'gateway_lost',
    });
    expect(asSent(callEndedBody(inferred)).data).toMatchObject({
      endReason: 'connection_lost',
      endInferred: 'gateway_lost',
      talkS: 90,
    });
  });

  it('call.abandoned: the visitor hung up before the answer, whether it rang', () => {
    const left = call({ ringingAt: after(4), endedAt: after(45), endReason: 'visitor_hung_up' });
    expect(isAbandonedCall(left)).toBe(true);
    expect(asSent(callAbandonedBody(left))).toEqual({
      type: 'call.abandoned',
      timestamp: '2026-12-07T10:00:45.000Z',
      data: expect.objectContaining({ callId: left.id, waitS: 45, rang: true }),
    });
    expect(asSent(callAbandonedBody({ ...left, ringingAt: undefined })).data).toMatchObject({
      rang: false,
    });
  });

  it.each([
    ['hung up after the answer', { answeredAt: after(10), endReason: 'visitor_hung_up' }],
    ['refused by a busy queue', { endReason: 'busy' }],
    ['lost its connection', { endReason: 'connection_lost' }],
    ['not ended yet', { status: 'ringing', endReason: undefined }],
  ] as const)('a call %s is not abandoned', (_case, overrides) => {
    expect(isAbandonedCall(call(overrides))).toBe(false);
  });

  it('rating.submitted: the stars and whether there is a comment, never the comment', () => {
    const comment = 'Gloria was great, my order 1234 ships to 12 Elm St';
    const body = asSent(
      ratingSubmittedBody(
        {
          id: '7d7c2f0e-3b0f-4a53-8a53-0f3c1c7c1a02',
          callId: call().id,
          stars: 5,
          comment,
          createdAt: after(200),
        },
        call(),
      ),
    );
    expect(body).toMatchObject({
      type: 'rating.submitted',
      data: {
        stars: 5,
        hasComment: true,
        queue: 'support-en',
        submittedAt: after(200).toISOString(),
      },
    });
    expect(JSON.stringify(body)).not.toMatch(/Gloria|1234|Elm/);
    const silent = ratingSubmittedBody(
      {
        id: '7d7c2f0e-3b0f-4a53-8a53-0f3c1c7c1a03',
        callId: call().id,
        stars: 1,
        comment: ' ',
        createdAt: after(200),
      },
      call(),
    );
    expect(asSent(silent).data).toMatchObject({ stars: 1, hasComment: false });
  });

  it('callback.requested: the number to call, the window and the call it follows', () => {
    const request: CallbackRequestRow & { phone: string } = {
      id: '5c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5',
      siteId: 'acme',
      phone: '+17139293714',
      queue: null,
      routing: { intent: 'billing', language: 'es', country: 'MX' },
      windowFrom: after(3600),
      windowTo: after(7200),
      consentAt: after(60),
      callId: call().id,
      createdAt: after(60),
      status: 'new',
    };
    expect(asSent(callbackRequestedBody(request))).toEqual({
      type: 'callback.requested',
      timestamp: after(60).toISOString(),
      data: {
        callbackId: request.id,
        siteId: 'acme',
        phone: '+17139293714',
        queue: null,
        intent: 'billing',
        language: 'es',
        country: 'MX',
        windowFrom: after(3600).toISOString(),
        windowTo: after(7200).toISOString(),
        callId: call().id,
        requestedAt: after(60).toISOString(),
      },
    });
  });
});
