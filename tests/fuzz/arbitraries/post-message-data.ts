import fc from 'fast-check';
import { widgetEventNames } from '../../../protocol/widget-event-names.ts';
import { junkText } from './junk.ts';

/**
 * What a window can receive as `event.data`: anything the structured clone algorithm carries
 * (no functions or cycles, but Maps, Dates, typed arrays, sparse arrays, boxed primitives,
 * NaN and -0, own `__proto__` keys, deep nesting, megabytes of text), and messages shaped
 * almost like the loader's and the widget's, one field off.
 */

const types = [
  'ctc:event',
  'ctc:close',
  'ctc:ready',
  'ctc:open',
  'CTC:EVENT',
  'ctc:event ',
  'ctc:',
  '',
];
const number = fc.oneof(
  fc.constantFrom(NaN, Infinity, -Infinity, -0, 0, 1e308, 2 ** 53, -1),
  fc.double(),
  fc.integer(),
);
/** Keys around the loader's limit (40), the prototype's, and junk. */
const key = fc.oneof(
  fc.constantFrom(
    'reason',
    'durationS',
    'answered',
    '__proto__',
    'constructor',
    'toString',
    'type',
    '',
  ),
  fc.string({ minLength: 38, maxLength: 42 }),
  fc.string({ unit: fc.constantFrom('😀', '\ud800', 'é', 'a'), minLength: 18, maxLength: 42 }),
  junkText,
);
/** Values around the loader's limit (80 characters) and of every other kind. */
const detailValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ maxLength: 10 }),
  fc.string({ minLength: 78, maxLength: 82 }),
  fc.string({ unit: fc.constantFrom('😀', '\ud800', 'a'), minLength: 38, maxLength: 82 }),
  number,
  fc.boolean(),
  fc.constantFrom(
    null,
    undefined,
    1n,
    new Date(0),
    new Map([['a', 1]]),
    new Set([1]),
    new Uint8Array(2),
    /x/g,
  ),
  fc.array(fc.string(), { maxLength: 2 }),
  fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }),
);
/** Own properties, `__proto__` included, as structured clone and JSON.parse make them. */
const ownObject = (entries: fc.Arbitrary<[string, unknown][]>) =>
  entries.map((pairs) => {
    const object: Record<string, unknown> = {};
    for (const [name, value] of pairs)
      Object.defineProperty(object, name, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    return object;
  });
const detail: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: ownObject(fc.array(fc.tuple(key, detailValue), { maxLength: 6 })) },
  {
    // Hundreds to thousands of keys: a few generated entries, repeated under numbered keys (generating
    // thousands of values would cost far more than checking them).
    weight: 1,
    arbitrary: ownObject(
      fc
        .tuple(
          fc.array(fc.tuple(key, detailValue), { minLength: 1, maxLength: 3 }),
          fc.integer({ min: 200, max: 800 }),
        )
        .map(([entries, count]) =>
          Array.from({ length: count }, (_, index): [string, unknown] => {
            const [name, value] = entries[index % entries.length]!;
            return [`${name}${index}`, value];
          }),
        ),
    ),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      null,
      [],
      [1],
      'detail',
      0,
      new Map([['reason', 'busy']]),
      new Date(0),
      new Uint8Array(4),
      new Set(),
    ),
  },
);

/** A message one field away from what the loader and the widget send each other. */
const nearMessage: fc.Arbitrary<unknown> = fc
  .record(
    {
      type: fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...types) },
        { weight: 1, arbitrary: junkText },
      ),
      name: fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...widgetEventNames) },
        { weight: 1, arbitrary: junkText },
      ),
      detail,
      intent: fc.oneof(
        fc.constantFrom('sales', 'support', 'a'.repeat(64), 'a'.repeat(65), 'Sales'),
        junkText,
      ),
      extra: fc.tuple(key, fc.anything()),
    },
    { requiredKeys: ['type'] },
  )
  .map(({ extra, ...message }) => {
    const withExtra: Record<string, unknown> = { ...message };
    if (extra)
      Object.defineProperty(withExtra, extra[0], {
        value: extra[1],
        enumerable: true,
        writable: true,
        configurable: true,
      });
    return withExtra;
  });

/** An array or object nested `depth` deep around a message (depth-first parsers). */
const deep = fc
  .tuple(nearMessage, fc.integer({ min: 100, max: 3_000 }), fc.boolean())
  .map(([message, depth, asArray]) => {
    let nested: unknown = message;
    for (let level = 0; level < depth; level += 1)
      nested = asArray ? [nested] : { type: 'ctc:event', detail: nested };
    return nested;
  });

/** A widget event as the widget sends it, but for one detail: the loader's own checks. */
const nearEvent: fc.Arbitrary<unknown> = fc
  .tuple(fc.constantFrom(...widgetEventNames), detail)
  .map(([name, eventDetail]) => ({ type: 'ctc:event', name, detail: eventDetail }));

export const postMessageData: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: nearEvent },
  { weight: 6, arbitrary: nearMessage },
  {
    weight: 3,
    arbitrary: fc.anything({
      withBigInt: true,
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withObjectString: true,
      withSparseArray: true,
      withTypedArray: true,
      maxDepth: 3,
      maxKeys: 5,
    }),
  },
  { weight: 1, arbitrary: deep },
  {
    weight: 1,
    arbitrary: fc.constantFrom('x'.repeat(4_000_000), 'ctc:event', undefined, null, 0, NaN),
  },
);
