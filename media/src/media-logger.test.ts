import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createMediaLogger } from './media-logger.ts';
import { sipLoggerFactory } from './sip/core/sip-logger.ts';

// What a visitor's INVITE carries that must never reach the gateway's log.
const callToken =
  'eyJhbGciOiJFZERTQSIsImtpZCI6ImsxIiwidHlwIjoiSldUIn0.eyJzdWIiOiJhY21lIiwianRpIjoiMSJ9.c2lnbmF0dXJlLWJ5dGVz';
const phone = '+14155550123';
const address = '203.0.113.7';
const secrets = [callToken, 'c2lnbmF0dXJlLWJ5dGVz', phone, '4155550123', address];

/** The gateway's own logger (as media/src/main.ts makes it), writing into memory. */
function capturedLogger() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: createMediaLogger('debug', sink), lines, text: () => lines.join('') };
}

describe("media's logger", () => {
  it("keeps the bearer token, the visitor's number and address out of sip.js's lines on a SIP message", () => {
    const { logger, lines, text } = capturedLogger();
    const invite = [
      'INVITE sip:gateway@click-to-call.invalid SIP/2.0',
      `Via: SIP/2.0/WSS ${address}:53211;branch=z9hG4bK776asdhds`,
      `Authorization: Bearer ${callToken}`,
      `From: <sip:${phone}@click-to-call.invalid>;tag=1928301774`,
    ].join('\r\n');
    // Through the same wiring as the gateway's: a child logger behind sip.js's LoggerFactory.
    const sip = sipLoggerFactory(logger.child({ leg: 'browser' })).getLogger('sip.transport');
    sip.warn(`received message:\n\n${invite}`);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: 20,
      sipjs: 'sip.transport',
      sipjsLevel: 'warn',
    });
    expect(text()).toContain('INVITE sip:gateway@click-to-call.invalid SIP/2.0');
    for (const secret of secrets) expect(text()).not.toContain(secret);
  });

  it.each(['debug', 'info', 'warn', 'error', 'fatal'] as const)(
    'redacts fields, the message and errors at %s',
    (level) => {
      const { logger, lines, text } = capturedLogger();
      logger[level](
        {
          callId: 'call-1',
          callToken,
          ip: address,
          phone,
          err: new Error(`connect ECONNREFUSED ${address}:5060 dialling ${phone}`, {
            cause: new Error(`INVITE refused: Authorization: Bearer ${callToken}`),
          }),
        },
        `call-1 from ${address} for ${phone} with Bearer ${callToken}`,
      );
      expect(lines).toHaveLength(1);
      const line = JSON.parse(lines[0]!);
      // Still a line an operator can follow: which call, what happened, what was removed.
      expect(line).toMatchObject({ callId: 'call-1', err: { type: 'Error' } });
      expect(line.msg).toMatch(/^call-1 from \[address\] for \[phone\] with Bearer \[redacted\]$/);
      expect(line.err.message).toMatch(/ECONNREFUSED \[address\]:5060 dialling \[phone\]/);
      for (const secret of secrets) expect(text()).not.toContain(secret);
    },
  );
});
