import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CallbackReceiptSchema } from '../../../protocol/api/callback-request.ts';
import { tableCounts } from '../../../tests/support/api/test-api.ts';
import { raiseAcmeLimits, useTestApi } from '../../../tests/support/api/use-test-api.ts';
import {
  bearer,
  placedCall,
  post,
  reportCreated,
  startCall,
  startSession,
  supportEn,
} from '../../../tests/support/api/visitor.ts';

const api = useTestApi(raiseAcmeLimits({ sessionsPerIpPerMinute: 100, callsPerIpPerMinute: 100 }));

const request = (session: string, body: unknown, key: string = randomUUID(), ip?: string) =>
  post(api, '/v1/callbacks', body, { ip, headers: { ...bearer(session), 'idempotency-key': key } });
const valid = {
  phone: '(713) 929-3714',
  routing: { ...supportEn, intent: 'sales' },
  preferredWindow: { from: '2026-11-03T09:00:00-06:00', to: '2026-11-03T12:00:00-06:00' },
  consent: true,
};

describe('POST /v1/callbacks', () => {
  it('stores the number in E.164 read in the visitor’s country, with queue and window', async () => {
    const session = await startSession(api);
    const key = 'callback-key-1';
    const res = await request(session, valid, key);
    expect(res.status).toBe(201);
    const receipt = CallbackReceiptSchema.parse(await res.json());
    expect(receipt).toMatchObject({ phone: '+17139293714', queue: 'sales-en', status: 'new' });
    // For the Thanks screen, as the visitor reads it: the widget has no phone metadata.
    expect(receipt.phoneForPeople).toEqual({
      country: 'US',
      national: '(713) 929-3714',
      international: '+1 713 929 3714',
    });
    const retry = await request(session, valid, key);
    expect(retry.status).toBe(200);
    expect(await retry.json()).toEqual(receipt);
    const [stored] = await api.repo.listCallbackRequests({ siteId: 'acme' });
    expect(stored).toMatchObject({
      phone: '+17139293714',
      windowFrom: new Date('2026-11-03T15:00:00Z'),
      windowTo: new Date('2026-11-03T18:00:00Z'),
      routing: { intent: 'sales', language: 'en', country: 'US' },
    });
    const gb = await request(session, {
      ...valid,
      phone: '020 7946 0018',
      routing: { ...supportEn, country: 'GB' },
    });
    expect((await gb.json()).phone).toBe('+442079460018');
  });

  it('refuses bad requests precisely and stores nothing', async () => {
    const session = await startSession(api);
    await request(session, valid, 'callback-key-2');
    const someoneElses = await placedCall(api, await startSession(api));
    const cases: [string, unknown, string, number, string, RegExp?][] = [
      [
        'a number that is no number',
        { ...valid, phone: '12345' },
        randomUUID(),
        422,
        'invalid_phone_number',
        /US/,
      ],
      [
        'a number one digit short',
        { ...valid, phone: '(713) 929-371' },
        randomUUID(),
        422,
        'invalid_phone_number',
      ],
      [
        'an impossible area code',
        { ...valid, phone: '(123) 456-7890' },
        randomUUID(),
        422,
        'invalid_phone_number',
      ],
      [
        'a German number too short',
        { ...valid, phone: '030 1', routing: { ...valid.routing, country: 'DE' } },
        randomUUID(),
        422,
        'invalid_phone_number',
        /DE/,
      ],
      ['letters', { ...valid, phone: 'call me maybe' }, randomUUID(), 422, 'invalid_phone_number'],
      ['no consent', { ...valid, consent: false }, randomUUID(), 400, 'invalid_request', /consent/],
      [
        'a window that ends first',
        {
          ...valid,
          preferredWindow: { from: valid.preferredWindow.to, to: valid.preferredWindow.from },
        },
        randomUUID(),
        400,
        'invalid_request',
        /preferredWindow\.to/,
      ],
      ['an unknown field', { ...valid, note: 'x' }, randomUUID(), 400, 'invalid_request', /"note"/],
      [
        'an origin the widget never sends',
        { ...valid, origin: 'closed' },
        randomUUID(),
        400,
        'invalid_request',
        /origin: .*"long_wait"/,
      ],
      [
        'a phone as number',
        { ...valid, phone: 7139293714 },
        randomUUID(),
        400,
        'invalid_request',
        /phone/,
      ],
      [
        'a country not offered',
        { ...valid, routing: { ...valid.routing, country: 'IT' } },
        randomUUID(),
        422,
        'routing_not_offered',
      ],
      [
        'a call of someone else',
        { ...valid, callId: someoneElses },
        randomUUID(),
        404,
        'call_not_found',
      ],
      [
        'a reused key',
        { ...valid, phone: '713 555 0100' },
        'callback-key-2',
        409,
        'idempotency_key_reused',
      ],
    ];
    for (const [what, body, key, status, code, message] of cases) {
      const before = await tableCounts(api.repo);
      const res = await request(session, body, key);
      expect(res.status, what).toBe(status);
      const error = await res.json();
      expect(error.code, what).toBe(code);
      if (message) expect(error.message, what).toMatch(message);
      expect(await tableCounts(api.repo), what).toEqual(before);
    }
  });

  it('keeps where the visitor asked when the rest cannot tell it: instead of a long wait', async () => {
    const session = await startSession(api);
    const res = await request(session, { ...valid, phone: '713 555 0101', origin: 'long_wait' });
    expect(res.status).toBe(201);
    const { id } = CallbackReceiptSchema.parse(await res.json());
    const plain = await request(session, { ...valid, phone: '713 555 0102' });
    const plainId = CallbackReceiptSchema.parse(await plain.json()).id;
    const stored = await api.repo.listCallbackRequests({ siteId: 'acme' });
    expect(stored.find((row) => row.id === id)?.origin).toBe('long_wait');
    expect(stored.find((row) => row.id === plainId)?.origin).toBeUndefined();
  });

  it("keeps a request naming a call media has not reported yet, and links it once the call lands, if it is the visitor's", async () => {
    const session = await startSession(api);
    const mine = await startCall(api, session);
    const intruder = await startSession(api);
    // After a low rating the visitor asks at once; the call's reports are still being retried.
    const key = randomUUID();
    const res = await request(session, { ...valid, callId: mine.callId }, key);
    expect(res.status).toBe(201);
    const receipt = CallbackReceiptSchema.parse(await res.json());
    const foreign = await request(intruder, { ...valid, callId: mine.callId });
    expect(foreign.status).toBe(201);
    const foreignId = CallbackReceiptSchema.parse(await foreign.json()).id;
    const stored = async (id: string) =>
      (await api.repo.listCallbackRequests({ siteId: 'acme' })).find((row) => row.id === id);
    expect(await stored(receipt.id)).toMatchObject({ phone: '+17139293714' });
    expect((await stored(receipt.id))?.callId).toBeUndefined();

    await reportCreated(api, mine.callToken);
    expect((await stored(receipt.id))?.callId).toBe(mine.callId);
    // The other visitor's request stays, without a link to a call that is not theirs.
    expect(await stored(foreignId)).toMatchObject({ phone: '+17139293714' });
    expect((await stored(foreignId))?.callId).toBeUndefined();
    const retry = await request(session, { ...valid, callId: mine.callId }, key);
    expect(retry.status).toBe(200);
    expect(await retry.json()).toEqual(receipt);
    expect((await stored(receipt.id))?.callId).toBe(mine.callId);
  });

  it('never writes the phone number or tokens to the log', async () => {
    const session = await startSession(api);
    await request(session, { ...valid, phone: '713 555 0199' });
    const log = api.logs.join('');
    expect(log).not.toContain('5550199');
    expect(log).not.toContain(session);
  });
});
