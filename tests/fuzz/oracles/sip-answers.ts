import { Timers } from 'sip.js/lib/core/timers.js';
/**
 * What a SIP input must get back, decided from RFC 3261 and not from the gateway's own
 * verdict (an oracle copied from the code under test proves nothing):
 * - a request that names everything a response copies (8.2.6.2: Via, From, To, Call-ID,
 *   CSeq) gets a final response, whatever else is wrong with it; except ACK, which is never
 *   answered (17.2.1), and a request whose transaction (its top Via's branch) came before (a
 *   retransmission, which its transaction may absorb);
 * - a response is never answered;
 * - anything else may be answered or dropped;
 * and what a well-formed response is. Messages bigger than the gateway's limit may be dropped,
 * and so may requests whose answer could not travel (its copied header fields alone bigger
 * than a datagram).
 */

/**
 * How long the gateway may rightly keep what a SIP input left (its transaction, up to Timer
 * B/F/H/L = 64·T1, plus a margin for a busy machine): fuzz targets' `lingerMs`.
 */
export const sipTransactionLingerMs = Timers.TIMER_F + 5_000;

/** A message's start line and header fields as written (folded lines unfolded). */
export interface WrittenHead {
  startLine: string;
  headers: Map<string, string[]>;
  body: Buffer;
}

const compact: Record<string, string> = {
  v: 'via',
  f: 'from',
  t: 'to',
  i: 'call-id',
  l: 'content-length',
};

/** Messages are read again and again (on arrival, per answer checked): each is parsed once. */
const parsedHeads = new WeakMap<Buffer, WrittenHead>();

export function writtenHead(message: Buffer): WrittenHead {
  const known = parsedHeads.get(message);
  if (known) return known;
  const end = message.indexOf('\r\n\r\n');
  const head = (end < 0 ? message : message.subarray(0, end)).toString('utf8');
  const body = end < 0 ? Buffer.alloc(0) : message.subarray(end + 4);
  const [startLine = '', ...lines] = head.replace(/\r\n[ \t]+/g, ' ').split('\r\n');
  const headers = new Map<string, string[]>();
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const written = line.slice(0, colon).trim().toLowerCase();
    const name = compact[written] ?? written;
    const values = headers.get(name);
    if (values) values.push(line.slice(colon + 1).trim());
    else headers.set(name, [line.slice(colon + 1).trim()]);
  }
  const parsed = { startLine, headers, body };
  parsedHeads.set(message, parsed);
  return parsed;
}

const first = (head: WrittenHead, name: string) => head.headers.get(name)?.[0];

/** The method a CSeq value names (its last word), as a response copies it. */
const cseqMethod = (cseq: string | undefined) => cseq?.trim().split(/\s+/).at(-1);

/** A response is matched to its request by the Call-ID and the CSeq method it copies. */
export type Expectation =
  | { kind: 'final-answer'; callId: string; method: string | undefined }
  | { kind: 'no-answer'; callId: string | undefined; method: string | undefined }
  | { kind: 'either' };

export interface TransportLimits {
  /** The largest message the gateway reads. */
  sizeLimit: number;
  /** The largest answer the transport carries. */
  answerLimit: number;
}

/**
 * What `message` must get. `seen` holds the transactions sent before on the same transport
 * (one socket, one trunk): it is updated.
 */
export function expectationFor(
  message: Buffer,
  seen: Set<string>,
  limits: TransportLimits,
): Expectation {
  const head = writtenHead(message);
  const words = head.startLine.trim().split(/\s+/);
  const callId = first(head, 'call-id');
  const method = cseqMethod(first(head, 'cseq'));
  const branch = /;\s*branch\s*=\s*([^;,\s]+)/i.exec(first(head, 'via') ?? '')?.[1];
  // A CANCEL has its INVITE's branch, and a transaction of its own (RFC 3261 9.2).
  const transaction = `${words[0] === 'CANCEL' ? 'CANCEL ' : ''}${branch}`;
  const repeated = seen.has(transaction);
  seen.add(transaction);
  // A status line: a version, then a code (its size aside).
  if (/^SIP\/\S*[ \t]+\d/i.test(head.startLine)) return { kind: 'no-answer', callId, method };
  const isRequest =
    words.length >= 3 && /^SIP\//i.test(words.at(-1) ?? '') && !/^SIP\//i.test(words[0] ?? '');
  // The limit counts the message as read: each byte that is not UTF-8 as U+FFFD's three.
  const sizeAsRead = Buffer.byteLength(message.toString('utf8'));
  if (!isRequest || sizeAsRead > limits.sizeLimit) return { kind: 'either' };
  if (words[0] === 'ACK') return { kind: 'no-answer', callId, method };
  const copied = ['via', 'from', 'to', 'call-id', 'cseq'];
  if (!copied.every((name) => head.headers.has(name)) || repeated || callId === undefined)
    return { kind: 'either' };
  // A CR or LF left inside a header value (the message's own line breaks end its fields):
  // an answer copying it would write header fields the sender chose, so none is owed.
  if (copied.some((name) => head.headers.get(name)?.some((value) => /[\r\n]/.test(value))))
    return { kind: 'either' };
  // Bytes that are not UTF-8 are read as U+FFFD, three bytes each in the answer's copy.
  const copiedBytes = copied
    .flatMap((name) => head.headers.get(name) ?? [])
    .reduce((sum, value) => sum + Buffer.byteLength(value) + 16, 0);
  if (copiedBytes + 512 > limits.answerLimit) return { kind: 'either' };
  return { kind: 'final-answer', callId, method };
}

/** Why `message` is not a well-formed SIP response; undefined when it is one. */
export function responseProblem(message: Buffer): string | undefined {
  const head = writtenHead(message);
  const status = /^SIP\/2\.0 ([1-6]\d\d) [^\r\n]*$/.exec(head.startLine)?.[1];
  if (!status) return `bad status line ${JSON.stringify(head.startLine.slice(0, 80))}`;
  if (message.indexOf('\r\n\r\n') < 0) return 'no end of header fields';
  const missing = ['via', 'from', 'to', 'call-id', 'cseq', 'content-length'].find(
    (name) => !head.headers.has(name),
  );
  if (missing) return `no ${missing}`;
  if (Number(first(head, 'content-length')) !== head.body.length)
    return `Content-Length ${first(head, 'content-length')} for a body of ${head.body.length} bytes`;
  // RFC 3261 8.2.6.2: the UAS side of a would-be dialog names itself with a To tag.
  if (Number(status) > 100 && !/;\s*tag\s*=/i.test(first(head, 'to') ?? ''))
    return 'a final or provisional response without a To tag';
  return undefined;
}

export const statusOf = (message: Buffer) =>
  Number(/^SIP\/2\.0 (\d{3})/.exec(message.subarray(0, 16).toString('latin1'))?.[1] ?? 0);

export const callIdOf = (message: Buffer) => first(writtenHead(message), 'call-id');

/**
 * Checks the answers that came back for `sent` (in order, on one transport): each one is a
 * well-formed response, every request that must be answered got a final response, and no
 * response or ACK was answered. Returns the first problem found.
 */
export function answersProblem(
  sent: readonly { message: Buffer; expectation: Expectation }[],
  answers: readonly Buffer[],
): string | undefined {
  for (const answer of answers) {
    const problem = responseProblem(answer);
    if (problem) return `malformed answer (${problem}): ${preview(answer)}`;
  }
  const answered = (callId: string | undefined, method: string | undefined, final: boolean) =>
    answers.some((answer) => {
      const head = writtenHead(answer);
      return (
        first(head, 'call-id') === callId &&
        cseqMethod(first(head, 'cseq')) === method &&
        (!final || statusOf(answer) >= 200)
      );
    });
  // A no-answer message may share its Call-ID and method with a request that is answered.
  const requests = new Set(
    sent
      .filter(({ expectation }) => expectation.kind !== 'no-answer')
      .map(
        ({ message }) => `${callIdOf(message)} ${cseqMethod(first(writtenHead(message), 'cseq'))}`,
      ),
  );
  for (const { message, expectation } of sent) {
    if (
      expectation.kind === 'final-answer' &&
      !answered(expectation.callId, expectation.method, true)
    )
      return `no final answer to ${preview(message)}`;
    if (
      expectation.kind === 'no-answer' &&
      expectation.callId !== undefined &&
      !requests.has(`${expectation.callId} ${expectation.method}`) &&
      answered(expectation.callId, expectation.method, false)
    )
      return `answered what must not be: ${preview(message)}`;
  }
  return undefined;
}

/**
 * Keeps what is new of each batch of answers on one transport: an answer the same to the byte
 * as one before is a retransmission (a 2xx to an INVITE until its ACK, RFC 3261 13.3.1.4),
 * which answers nothing sent since.
 */
export function newAnswers() {
  const before = new Set<string>();
  return (answers: readonly Buffer[]) =>
    answers.filter((answer) => {
      const text = answer.toString('latin1');
      if (before.has(text)) return false;
      before.add(text);
      return true;
    });
}

/** The start of a message, for a failure's text (the counterexample has it whole). */
export const preview = (message: Buffer) =>
  JSON.stringify(message.subarray(0, 300).toString('utf8'));
