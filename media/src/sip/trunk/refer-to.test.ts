import { describe, expect, it } from 'vitest';
import { parseReferredBy, parseReferTo, referToOf } from './refer-to.ts';

const headers = (values: Record<string, string[]>) => ({
  getHeader: (name: string) => values[name]?.[0],
  getHeaders: (name: string) => values[name] ?? [],
});

describe("a REFER's Refer-To (RFC 3515 2.1)", () => {
  it.each([
    ['<sip:queue-sales-en@127.0.0.1:5060>', 'sip:queue-sales-en@127.0.0.1:5060'],
    [
      '"Sales" <sip:queue-sales-en@pbx.acme.example;transport=tcp>',
      'sip:queue-sales-en@pbx.acme.example;transport=tcp',
    ],
    [
      'Sales queue <sips:queue-sales-en@pbx.acme.example>;x=1',
      'sips:queue-sales-en@pbx.acme.example',
    ],
    ['sip:queue-sales-en@127.0.0.1:5060', 'sip:queue-sales-en@127.0.0.1:5060'],
    ['  sip:queue-sales-en@127.0.0.1:5060 ;param=x', 'sip:queue-sales-en@127.0.0.1:5060'],
  ])('%s names %s, exactly as written (the allow-list compares strings)', (value, uri) => {
    expect(referToOf([value])).toEqual({ ok: true, uri });
  });

  it.each([
    ['<tel:+19005550100>', 'refer_to_not_sip', 403],
    ['<https://premium.example/call>', 'refer_to_not_sip', 403],
    ['<sip:queue-sales-en@pbx.example?Replaces=abc%40host%3Bto-tag%3D1>', 'refer_to_headers', 403],
    ['<sip:queue@pbx.example?X-Intent=fraud>', 'refer_to_headers', 403],
    ['<sip:queue-sales-en@pbx.example', 'refer_to_malformed', 400],
    ['"unterminated <sip:q@pbx.example>', 'refer_to_malformed', 400],
    ['<queue-sales-en>', 'refer_to_malformed', 400],
    ['<sip:>', 'refer_to_malformed', 400],
    ['', 'refer_to_missing', 400],
  ])('%s is refused (%s, %d)', (value, problem, status) => {
    expect(referToOf(value ? [value] : [])).toMatchObject({ ok: false, problem, status });
  });

  it('refuses no Refer-To, and more than one (400), in one header or several', () => {
    expect(parseReferTo(headers({}))).toMatchObject({ problem: 'refer_to_missing', status: 400 });
    const one = '<sip:queue-a@pbx.example>';
    const two = '<sip:queue-b@pbx.example>';
    expect(parseReferTo(headers({ 'refer-to': [`${one}, ${two}`] }))).toMatchObject({
      problem: 'refer_to_several',
      status: 400,
    });
    expect(parseReferTo(headers({ 'refer-to': [one], r: [two] }))).toMatchObject({
      problem: 'refer_to_several',
    });
  });

  it('reads the compact form, and a quoted comma is no separator', () => {
    expect(parseReferTo(headers({ r: ['<sip:queue-a@pbx.example>'] }))).toEqual({
      ok: true,
      uri: 'sip:queue-a@pbx.example',
    });
    expect(referToOf(['"Sales, EMEA" <sip:queue-a@pbx.example;x=a>'])).toEqual({
      ok: true,
      uri: 'sip:queue-a@pbx.example;x=a',
    });
  });
});

describe("a REFER's Referred-By (RFC 3892), passed on in the new INVITE", () => {
  it.each([
    [{ 'referred-by': ['<sip:2001@pbx.example>'] }, '<sip:2001@pbx.example>'],
    [{ 'referred-by': ['"Alice" <sip:2001@pbx.example>;cid="a@b"'] }, '<sip:2001@pbx.example>'],
    [{ b: ['sips:2001@pbx.example'] }, '<sips:2001@pbx.example>'],
  ])('%j is passed on as %s: the URI alone', (values, passed) => {
    expect(parseReferredBy(headers(values))).toBe(passed);
  });

  it.each([
    [{}],
    [{ 'referred-by': ['<tel:+19005550100>'] }],
    [{ 'referred-by': ['<sip:2001@pbx.example?X-Injected=1>'] }],
    [{ 'referred-by': ['<sip:a@pbx.example>, <sip:b@pbx.example>'] }],
    [{ 'referred-by': [`<sip:${'a'.repeat(300)}@pbx.example>`] }],
  ])('%j is not passed on', (values) => {
    expect(parseReferredBy(headers(values))).toBeUndefined();
  });
});
