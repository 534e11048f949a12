import { describe, expect, it } from 'vitest';
import { callbackRequestBody } from './callback-request-body.ts';

const choices = { intent: 'sales', language: 'en', country: 'US' };
const slot = { from: '2026-11-03T15:00:00Z', to: '2026-11-03T15:30:00Z' };
const callId = '0b1c1e4e-98c4-4d3b-9a61-3f4f1d3a2b10';
const details = { phone: '(713) 929-3714', country: 'GB', slot };

describe('the callback request the form sends', () => {
  it('says it came from the offer instead of a long wait, with the slot and the call it left', () => {
    expect(
      callbackRequestBody({ name: 'callback', why: 'long_wait', slot, callId }, choices, details),
    ).toEqual({
      phone: '(713) 929-3714',
      routing: { intent: 'sales', language: 'en', country: 'GB' },
      consent: true,
      preferredWindow: slot,
      callId,
      origin: 'long_wait',
    });
  });

  it('names no origin where the API reads the reason from what it stores', () => {
    for (const why of ['low_rating', 'closed', 'no_route', 'asked', 'abandoned'] as const) {
      const body = callbackRequestBody({ name: 'callback', why }, choices, {
        phone: '7139293714',
        country: 'US',
      });
      expect(body, why).toEqual({ phone: '7139293714', routing: choices, consent: true });
    }
  });
});
