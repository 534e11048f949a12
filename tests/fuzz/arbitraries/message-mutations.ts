import fc from 'fast-check';
import { junkBytes, junkText } from './junk.ts';

/**
 * Mutations of a line-oriented message (SIP, SDP), as a mutation fuzzer makes them: on bytes
 * (flip, splice, cut, repeat, pad past a size limit) and on lines (drop, repeat thousands of
 * times, swap, rewrite a value, lead with whitespace). Positions are taken modulo the message's current size, so a
 * mutation shrinks towards the first byte or line and applies to any message.
 */
export type Mutation =
  | { op: 'set-byte'; at: number; byte: number }
  | { op: 'insert'; at: number; bytes: Uint8Array }
  | { op: 'delete'; at: number; length: number }
  | { op: 'repeat'; at: number; length: number; times: number }
  | { op: 'truncate'; at: number }
  | { op: 'pad'; at: number; length: number; byte: number }
  | { op: 'drop-line'; line: number }
  | { op: 'repeat-line'; line: number; times: number }
  | { op: 'swap-lines'; line: number; other: number }
  | { op: 'set-line'; line: number; text: string }
  | { op: 'set-value'; line: number; value: string }
  | { op: 'insert-line'; line: number; text: string }
  | { op: 'lead-line'; line: number; lead: string };

export interface MutationOptions {
  /** The line break the message uses (CRLF for SIP and SDP; LF seen in the wild). */
  eol: string;
  /** Sizes to pad by: mostly small, now and then around the entry point's own limit. */
  padLengths: fc.Arbitrary<number>;
  /** Lines to insert: header fields or SDP attributes the format knows, and junk. */
  lines: fc.Arbitrary<string>;
}

/** Mostly a few copies; now and then thousands (a size limit, a quadratic scan). */
const copies = (most: number) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: 2, max: 10 }) },
    { weight: 1, arbitrary: fc.integer({ min: 2, max: most }) },
  );

/**
 * What may begin a line: SP and HTAB fold it into the one above (RFC 3261 7.3.1), and parsers
 * whose "whitespace" is wider (sip.js's \s) fold on LF, VT, FF and NBSP too, where the rest of
 * the product sees a line of its own (how a Call-ID went missing, issue 15).
 */
const lineLeads = [' ', '\t', '\n', '\u000b', '\f', '\u00a0', '\r', '\u0000'];

export function mutationArbitrary(options: MutationOptions): fc.Arbitrary<Mutation> {
  const at = fc.nat();
  const line = fc.nat();
  return fc.oneof(
    fc.record({ op: fc.constant('set-byte'), at, byte: fc.nat(255) }),
    fc.record({ op: fc.constant('insert'), at, bytes: junkBytes }),
    fc.record({ op: fc.constant('delete'), at, length: fc.integer({ min: 1, max: 64 }) }),
    fc.record({
      op: fc.constant('repeat'),
      at,
      length: fc.integer({ min: 1, max: 64 }),
      times: copies(2_000),
    }),
    fc.record({ op: fc.constant('truncate'), at }),
    fc.record({ op: fc.constant('pad'), at, length: options.padLengths, byte: fc.nat(255) }),
    fc.record({ op: fc.constant('drop-line'), line }),
    fc.record({ op: fc.constant('repeat-line'), line, times: copies(5_000) }),
    fc.record({ op: fc.constant('swap-lines'), line, other: fc.nat() }),
    fc.record({ op: fc.constant('set-line'), line, text: fc.oneof(options.lines, junkText) }),
    fc.record({ op: fc.constant('set-value'), line, value: junkText }),
    fc.record({ op: fc.constant('insert-line'), line, text: fc.oneof(options.lines, junkText) }),
    fc.record({ op: fc.constant('lead-line'), line, lead: fc.constantFrom(...lineLeads) }),
  ) as fc.Arbitrary<Mutation>;
}

/**
 * The bytes, printed in a counterexample as the text they are (latin1 keeps every byte)
 * rather than as a list of numbers.
 */
export function printable(bytes: Buffer): Buffer {
  const text = () => `Buffer.from(${JSON.stringify(bytes.toString('latin1'))}, 'latin1')`;
  return Object.assign(bytes, { [fc.toStringMethod]: text });
}

/** Nothing the product takes comes near this: a bigger message only tests memory. */
const maxMutatedBytes = 256 * 1024;

/** Applies the mutations in order, each to the result of the one before. */
export function applyMutations(
  message: Buffer,
  mutations: readonly Mutation[],
  eol: string,
): Buffer {
  return mutations.reduce(
    (current, mutation) => applyMutation(current, mutation, eol).subarray(0, maxMutatedBytes),
    message,
  );
}

function applyMutation(bytes: Buffer, m: Mutation, eol: string): Buffer {
  const pos = (at: number) => at % (bytes.length + 1);
  switch (m.op) {
    case 'set-byte': {
      if (bytes.length === 0) return bytes;
      const copy = Buffer.from(bytes);
      copy[m.at % copy.length] = m.byte;
      return copy;
    }
    case 'insert':
      return splice(bytes, pos(m.at), 0, Buffer.from(m.bytes));
    case 'delete':
      return splice(bytes, pos(m.at), m.length, Buffer.alloc(0));
    case 'repeat': {
      const start = pos(m.at);
      const piece = bytes.subarray(start, start + m.length);
      const times = Math.min(m.times, timesWithin(piece.length));
      return splice(bytes, start, 0, Buffer.concat(Array(times - 1).fill(piece)));
    }
    case 'truncate':
      return bytes.subarray(0, pos(m.at));
    case 'pad':
      return splice(bytes, pos(m.at), 0, Buffer.alloc(m.length, m.byte));
    default:
      return applyLineMutation(bytes, m, eol);
  }
}

/** Line mutations work on the head (the start line and header fields, or an SDP's lines). */
function applyLineMutation(bytes: Buffer, m: Mutation, eol: string): Buffer {
  // latin1 keeps every byte as it is, broken UTF-8 included.
  const text = bytes.toString('latin1');
  const lines = text.split(eol);
  const index = 'line' in m ? m.line % lines.length : 0;
  const encoded = (value: string) => Buffer.from(value, 'utf8').toString('latin1');
  switch (m.op) {
    case 'drop-line':
      lines.splice(index, 1);
      break;
    case 'repeat-line': {
      const repeated = lines[index] ?? '';
      const times = Math.min(m.times, timesWithin(repeated.length + eol.length));
      lines.splice(index, 0, ...Array<string>(times - 1).fill(repeated));
      break;
    }
    case 'swap-lines': {
      const other = m.other % lines.length;
      [lines[index], lines[other]] = [lines[other] ?? '', lines[index] ?? ''];
      break;
    }
    case 'set-line':
      lines[index] = encoded(m.text);
      break;
    case 'set-value': {
      const current = lines[index] ?? '';
      const separator = current.search(/[:=]/);
      lines[index] = `${current.slice(0, separator + 1)}${encoded(m.value)}`;
      break;
    }
    case 'insert-line':
      lines.splice(index, 0, encoded(m.text));
      break;
    case 'lead-line':
      lines[index] = `${encoded(m.lead)}${lines[index] ?? ''}`;
      break;
    default:
      return bytes;
  }
  return Buffer.from(lines.join(eol), 'latin1');
}

/** How many copies of a piece fit in the largest mutated message (at least one). */
const timesWithin = (pieceLength: number) =>
  Math.max(1, Math.ceil(maxMutatedBytes / Math.max(pieceLength, 1)));

function splice(bytes: Buffer, start: number, deleteCount: number, insert: Buffer): Buffer {
  return Buffer.concat([bytes.subarray(0, start), insert, bytes.subarray(start + deleteCount)]);
}
