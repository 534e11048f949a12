import { describe, expect, it } from 'vitest';
import { redactText } from './redact-text.ts';

describe('redactText', () => {
  it.each([
    ['Authorization: Bearer eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJhY21lIn0.c2ln', 'eyJ', 'c2ln'],
    ['Proxy-Authorization: Digest username="bob", response="6629fae4"', 'bob', '6629fae4'],
    ['GET /x?access=Bearer abc.def-ghi', 'abc.def-ghi'],
    ['token eyJhbGciOiJIUzI1NiJ9.eyJqdGkiOiIxIn0.sig-nat_ure in a message', 'eyJ', 'sig-nat_ure'],
    ['Via: SIP/2.0/WSS 203.0.113.7:53211;branch=z9hG4bK77', '203.0.113.7'],
    ['from [2001:db8::7]:5060 and ::ffff:198.51.100.4', '2001:db8::7', '198.51.100.4'],
    ['From: <sip:+14155550123@example.com>;tag=1', '14155550123'],
    ['tel:+44-20-7946-0958', '7946'],
    ['callback to +1 (415) 555-0123 please', '555-0123', '415'],
    ['call (415) 555-0123 or 020 7946 0958', '555-0123', '7946 0958'],
    ['dialled 4155550123', '4155550123'],
  ])('removes the secret or personal part of %j', (text, ...secrets) => {
    const redacted = redactText(text);
    for (const secret of secrets) expect(redacted).not.toContain(secret);
    expect(redacted).toMatch(/\[(redacted|token|address|phone)\]/);
  });

  it.each([
    'call 4f0c3b8e-8a56-4d3e-9b7a-012345678901 ended after 65 s',
    'at 2026-11-02T15:00:00.123Z, 12:30:45 local',
    'mediasoup 3.27.1 on node v24.11.0, listening on port 8090',
    'SIP/2.0 486 Busy Here; CSeq: 2 INVITE; Content-Length: 1432',
    'queue sip:queue-support-en@pbx.example, codec opus/48000/2',
  ])('keeps what an operator needs: %j', (text) => {
    expect(redactText(text)).toBe(text);
  });
});
