import fc from 'fast-check';

/**
 * What parsers of text protocols trip on: separators, line breaks, NUL, quoting, escapes,
 * numbers past every integer size, scheme and version words, byte-order marks, direction
 * overrides, lone surrogates, emoji.
 */
const specialTokens = [
  '',
  ' ',
  '\t',
  '\r',
  '\n',
  '\r\n',
  '\r\n\r\n',
  '\r\n ',
  '\0',
  ':',
  ';',
  ',',
  '<',
  '>',
  '"',
  '\\',
  '%',
  '%00',
  '%0d%0a',
  '=',
  '@',
  '[',
  ']',
  'sip:',
  'sips:',
  'tel:',
  'SIP/2.0',
  ';tag=',
  ';branch=z9hG4bK',
  'z9hG4bK',
  '-1',
  '0',
  '00000000000000000001',
  '2147483648',
  '4294967296',
  '99999999999999999999999',
  '1e309',
  'NaN',
  'Infinity',
  '__proto__',
  'constructor',
  'ÿ',
  'é',
  '\u202e',
  '\ufeff',
  '\ud800',
  '\udfff',
  '\u{1f600}',
];

/** A long run of one character: length limits, quadratic scans. */
const longRun = fc
  .tuple(
    fc.constantFrom('a', '9', ' ', ';', ',', '<', '"', '\\', '%'),
    fc.integer({ min: 200, max: 5_000 }),
  )
  .map(([char, count]) => char.repeat(count));

/** Text to put where a protocol expects a token, a value or a line. */
export const junkText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...specialTokens) },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 60 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  {
    weight: 3,
    arbitrary: fc
      .array(fc.constantFrom(...specialTokens), { maxLength: 8 })
      .map((parts) => parts.join('')),
  },
  { weight: 1, arbitrary: longRun },
);

/** Byte sequences that are not UTF-8: overlong forms, surrogates, stray continuations. */
const invalidUtf8 = [
  [0xc0, 0x80],
  [0xc3, 0x28],
  [0xed, 0xa0, 0x80],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0xff],
  [0xfe, 0xff],
  [0x80],
  [0xe2, 0x82],
  [0xf4, 0x90, 0x80, 0x80],
].map((bytes) => Uint8Array.from(bytes));

/** Bytes to splice into a message: random ones, or broken UTF-8. */
export const junkBytes: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 40 }),
  fc.constantFrom(...invalidUtf8),
  junkText.map((text) => new TextEncoder().encode(text)),
);
