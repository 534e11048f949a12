import { IncomingResponseMessage, Parser } from 'sip.js/lib/core/index.js';
import { describe, expect, it } from 'vitest';
import {
  grantedExpiresS,
  minExpiresS,
  refreshDelayMs,
  retryDelayMs,
} from './registration-terms.ts';

const ours = { user: 'gateway', host: '10.0.0.9', port: 5070 };

function response(status: string, headers: string[]): IncomingResponseMessage {
  const text = [
    `SIP/2.0 ${status}`,
    'Via: SIP/2.0/UDP 10.0.0.9:5070;branch=z9hG4bKx',
    'From: <sip:gw@pbx>;tag=a',
    'To: <sip:gw@pbx>;tag=b',
    'Call-ID: c',
    'CSeq: 1 REGISTER',
    ...headers,
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
  const quiet = { log() {}, warn() {}, error() {}, debug() {} };
  const parsed = Parser.parseMessage(text, quiet as never);
  if (!(parsed instanceof IncomingResponseMessage)) throw new Error('not a response');
  return parsed;
}

describe('registration terms', () => {
  it('refreshes at half the granted time', () => {
    expect(refreshDelayMs(600)).toBe(300_000);
    expect(refreshDelayMs(60)).toBe(30_000);
  });

  it('backs off doubling from the first wait, capped', () => {
    expect([1, 2, 3, 10].map((n) => retryDelayMs(n, 5_000, 60_000))).toEqual([
      5_000, 10_000, 20_000, 60_000,
    ]);
  });

  it("takes our contact's expires among every binding the registrar lists", () => {
    const ok = response('200 OK', [
      'Contact: <sip:gateway@10.0.0.8:5070>;expires=3600',
      'Contact: <sip:gateway@10.0.0.9:5070>;expires=120',
      'Expires: 900',
    ]);
    expect(grantedExpiresS(ok, ours, 600)).toBe(120);
  });

  it('falls back to the Expires header, then to what we asked', () => {
    const noParam = response('200 OK', ['Contact: <sip:gateway@10.0.0.9:5070>', 'Expires: 900']);
    expect(grantedExpiresS(noParam, ours, 600)).toBe(900);
    expect(grantedExpiresS(response('200 OK', []), ours, 600)).toBe(600);
  });

  it('an SBC that rewrote our host: the only contact with our user is ours', () => {
    const rewritten = response('200 OK', ['Contact: <sip:gateway@203.0.113.7:5070>;expires=90']);
    expect(grantedExpiresS(rewritten, ours, 600)).toBe(90);
  });

  it('a 2xx that lists others but not us, or grants 0, did not bind us', () => {
    const others = response('200 OK', [
      'Contact: <sip:gateway@10.0.0.8:5070>;expires=60',
      'Contact: <sip:gateway@10.0.0.7:5070>;expires=60',
      'Contact: <sip:agent@10.0.0.9:5070>;expires=60',
    ]);
    expect(grantedExpiresS(others, ours, 600)).toBeUndefined();
    const zero = response('200 OK', ['Contact: <sip:gateway@10.0.0.9:5070>;expires=0']);
    expect(grantedExpiresS(zero, ours, 600)).toBeUndefined();
  });

  it("reads a 423's Min-Expires", () => {
    expect(minExpiresS(response('423 Interval Too Brief', ['Min-Expires: 60']))).toBe(60);
    expect(minExpiresS(response('423 Interval Too Brief', []))).toBeUndefined();
  });
});
