import fc from 'fast-check';
import { junkText } from './junk.ts';
import { applyMutations, mutationArbitrary, printable } from './message-mutations.ts';

export interface SipInputOptions {
  /** Messages to mutate (sip-seeds.ts). */
  seeds: readonly Buffer[];
  /** Request-URIs a generated request names: the entry point's own, and others. */
  requestUris: readonly string[];
  /** The entry point's size limit: padding lands around it as well as far below. */
  sizeLimit: number;
}

const methods = [
  'INVITE',
  'ACK',
  'BYE',
  'CANCEL',
  'OPTIONS',
  'INFO',
  'UPDATE',
  'PRACK',
  'REGISTER',
  'SUBSCRIBE',
  'NOTIFY',
  'MESSAGE',
  'REFER',
  'PUBLISH',
  'NEWMETHOD',
  'invite',
];
const versions = ['SIP/2.0', 'SIP/2.0', 'SIP/2.0', 'sip/2.0', 'SIP/7.0', 'SIP/', 'HTTP/1.1'];

/** Header fields the gateway reads, with a good value each (junk values are added apart). */
const goodHeaders: readonly (readonly [string, string])[] = [
  ['Via', 'SIP/2.0/WSS h.invalid;branch=z9hG4bKfuzzbranch'],
  ['v', 'SIP/2.0/UDP 127.0.0.1:5060;rport;branch=z9hG4bKfuzzbranch'],
  ['From', '"Caller" <sip:visitor@click-to-call.invalid>;tag=a1'],
  ['f', '<sip:queue@127.0.0.1>;tag=b2'],
  ['To', '<sip:gateway@click-to-call.invalid>'],
  ['t', '<sip:gateway@127.0.0.1>;tag=gatewaytag'],
  ['Call-ID', 'fuzzcallid'],
  ['i', 'fuzzcallid@h'],
  ['CSeq', '1 INVITE'],
  ['CSeq', '2 OPTIONS'],
  ['Max-Forwards', '70'],
  ['Contact', '<sip:c@h.invalid;transport=ws>'],
  ['m', '*'],
  ['Content-Type', 'application/sdp'],
  ['c', 'text/plain'],
  ['Content-Length', '0'],
  ['l', '10'],
  ['Require', 'timer'],
  ['Supported', 'timer, 100rel'],
  ['k', 'replaces'],
  ['Accept', 'application/sdp'],
  ['Authorization', 'Bearer eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJl'],
  ['Route', '<sip:proxy.invalid;lr>'],
  ['Record-Route', '<sip:proxy.invalid;lr>'],
  ['Session-Expires', '1800;refresher=uac'],
  ['x', '90'],
  ['Min-SE', '90'],
  ['Reason', 'SIP;cause=200;text="Call completed elsewhere"'],
  ['P-Asserted-Identity', '"Agent" <sip:agent@127.0.0.1>'],
  ['Remote-Party-ID', '"Agent" <sip:agent@127.0.0.1>;party=called'],
  ['Event', 'talk'],
  ['Expires', '3600'],
];

/** The five a response must copy: mostly present and good, so most requests reach deep. */
const mandatory = ['Via', 'From', 'To', 'Call-ID', 'CSeq'].map((name) => {
  const good = goodHeaders.filter(([n]) => n === name).map(([, value]) => value);
  return fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...good).map((value) => [`${name}: ${value}`]) },
    { weight: 1, arbitrary: junkText.map((value) => [`${name}: ${value}`]) },
    { weight: 1, arbitrary: fc.constant([] as string[]) },
  );
});

const headerLine = fc.oneof(
  fc.constantFrom(...goodHeaders).map(([name, value]) => `${name}: ${value}`),
  fc.tuple(fc.constantFrom(...goodHeaders), junkText).map(([[name], value]) => `${name}: ${value}`),
  fc.tuple(junkText, junkText).map(([name, value]) => `${name}:${value}`),
);

/** A message written from SIP's grammar, with junk where any part of it may be. */
function generatedSip(options: SipInputOptions): fc.Arbitrary<Buffer> {
  const requestLine = fc
    .tuple(
      fc.oneof(
        { weight: 5, arbitrary: fc.constantFrom(...methods) },
        { weight: 1, arbitrary: junkText },
      ),
      fc.oneof(
        { weight: 5, arbitrary: fc.constantFrom(...options.requestUris) },
        { weight: 1, arbitrary: junkText },
      ),
      fc.constantFrom(...versions),
    )
    .map((words) => words.join(' '));
  const statusLine = fc
    .tuple(fc.integer({ min: 0, max: 1_000 }), junkText)
    .map(([status, phrase]) => `SIP/2.0 ${status} ${phrase}`);
  const body = fc.oneof(
    fc.constant(''),
    junkText,
    fc.constant('v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\n'),
  );
  const contentLength = fc.oneof(
    fc.constant('right'),
    fc.constant('absent'),
    fc.integer({ min: -5, max: 100_000 }),
    junkText,
  );
  return fc
    .record({
      startLine: fc.oneof(
        { weight: 4, arbitrary: requestLine },
        { weight: 1, arbitrary: statusLine },
      ),
      mandatory: fc.tuple(...mandatory),
      extra: fc.array(headerLine, { maxLength: 20 }),
      body,
      contentLength,
    })
    .map(({ startLine, mandatory: required, extra, body: content, contentLength: length }) => {
      const lines = [startLine, ...required.flat(), ...extra];
      if (length === 'right') lines.push(`Content-Length: ${Buffer.byteLength(content)}`);
      else if (length !== 'absent') lines.push(`Content-Length: ${length}`);
      return Buffer.from(`${lines.join('\r\n')}\r\n\r\n${content}`, 'utf8');
    });
}

/** Thousands of short header fields, or of one real one, after a message's start line. */
function manyHeaders(options: SipInputOptions): fc.Arbitrary<Buffer> {
  return fc
    .record({
      seed: fc.constantFrom(...options.seeds),
      count: fc.integer({ min: 500, max: 15_000 }),
      line: fc.constantFrom(
        'a:b',
        'X-A: 1',
        'Via: SIP/2.0/WS h;branch=z9hG4bKx',
        'Route: <sip:r>',
        'Require: timer',
        'm: <sip:c@h>',
        ' folded',
      ),
    })
    .map(({ seed, count, line }) => {
      const text = seed.toString('latin1');
      const firstBreak = text.indexOf('\r\n');
      const head = `${text.slice(0, firstBreak)}\r\n${`${line}\r\n`.repeat(count)}`;
      return Buffer.from(`${head}${text.slice(firstBreak + 2)}`, 'latin1');
    });
}

/**
 * One SIP input: a seed mutated (mostly), a message from the grammar, thousands of header
 * fields, or bytes that are no SIP at all.
 */
export function sipMessageArbitrary(options: SipInputOptions): fc.Arbitrary<Buffer> {
  const mutation = mutationArbitrary({
    eol: '\r\n',
    padLengths: fc.oneof(
      { weight: 6, arbitrary: fc.integer({ min: 1, max: 2_000 }) },
      {
        weight: 1,
        arbitrary: fc.integer({ min: options.sizeLimit - 2_000, max: options.sizeLimit + 2_000 }),
      },
    ),
    lines: headerLine,
  });
  const mutated = fc
    .tuple(fc.constantFrom(...options.seeds), fc.array(mutation, { maxLength: 5 }))
    .map(([seed, mutations]) => applyMutations(seed, mutations, '\r\n'));
  return fc
    .oneof(
      { weight: 12, arbitrary: mutated },
      { weight: 5, arbitrary: generatedSip(options) },
      { weight: 1, arbitrary: manyHeaders(options) },
      {
        weight: 1,
        arbitrary: fc.uint8Array({ maxLength: 4_000 }).map((bytes) => Buffer.from(bytes)),
      },
    )
    .map(printable);
}
