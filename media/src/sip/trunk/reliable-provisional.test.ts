import { describe, expect, it } from 'vitest';
import { rackHeader, reliableSequence } from './reliable-provisional.ts';

const response = (statusCode: number, headers: Record<string, string>) => ({
  statusCode,
  getHeader: (name: string) => headers[name.toLowerCase()],
});

describe('reliable provisional responses (RFC 3262)', () => {
  it('reads the RSeq of a 180 or 183 that requires 100rel, among other option tags', () => {
    expect(reliableSequence(response(183, { require: '100rel', rseq: '1' }))).toBe(1);
    expect(reliableSequence(response(180, { require: 'timer, 100REL', rseq: ' 42 ' }))).toBe(42);
  });

  it('finds none on a 100, a final answer, an unreliable 1xx or a malformed RSeq', () => {
    expect(reliableSequence(response(100, { require: '100rel', rseq: '1' }))).toBeUndefined();
    expect(reliableSequence(response(200, { require: '100rel', rseq: '1' }))).toBeUndefined();
    expect(reliableSequence(response(183, { rseq: '1' }))).toBeUndefined();
    expect(reliableSequence(response(183, { require: 'x100rel', rseq: '1' }))).toBeUndefined();
    for (const rseq of ['0', '2147483648', '-1', '1.5', 'one', ''])
      expect(reliableSequence(response(183, { require: '100rel', rseq }))).toBeUndefined();
  });

  it('acknowledges with the RSeq and the INVITE CSeq', () => {
    expect(rackHeader(7, 2)).toBe('RAck: 7 2 INVITE');
  });
});
