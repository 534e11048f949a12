import { describe, expect, it } from 'vitest';
import { callEndCodes } from '../../../protocol/call-end-reason.ts';
import { inCallQualitySummary } from './call-quality-text.ts';
import { clockDuration, talkS, waitS } from './call-timing.ts';
import { endReasonText, recordedEndCodes } from './end-reason-text.ts';

const made = new Date('2026-11-05T16:00:00Z');
const after = (s: number) => new Date(made.getTime() + s * 1000);

describe('a call in the calls list', () => {
  it('waits until the answer, or until the end when nobody answered, and talks as media said', () => {
    const answered = {
      createdAt: made,
      answeredAt: after(12),
      endedAt: after(137),
      durationS: 125,
    };
    expect([waitS(answered), talkS(answered)]).toEqual([12, 125]);
    const abandoned = { createdAt: made, endedAt: after(25), durationS: 0 };
    expect([waitS(abandoned), talkS(abandoned)]).toEqual([25, 0]);
    const waiting = { createdAt: made };
    expect([waitS(waiting), talkS(waiting)]).toEqual([undefined, undefined]);
    // The API inferred the end (its gateway gone): media never said how long they talked.
    const inferred = { createdAt: made, answeredAt: after(5), endedAt: after(900) };
    expect([waitS(inferred), talkS(inferred)]).toEqual([5, undefined]);
    expect([clockDuration(0), clockDuration(65), clockDuration(3723)]).toEqual([
      '0:00',
      '1:05',
      '1:02:03',
    ]);
  });

  it('says every end a record can hold in words, and an unknown one as its code', () => {
    expect(recordedEndCodes).toEqual([...callEndCodes, 'connection_lost']);
    for (const code of recordedEndCodes) expect(endReasonText(code)).not.toContain('_');
    expect(endReasonText('connection_lost')).toBe('Gateway gone (end inferred)');
    expect(endReasonText('some_old_code')).toBe('some old code');
    expect(endReasonText('constructor')).toBe('constructor');
  });

  it('shows the in-call quality media measured, or that it measured none', () => {
    expect(inCallQualitySummary(undefined)).toBe('not measured');
    expect(inCallQualitySummary({})).toBe('not measured');
    expect(inCallQualitySummary({ mos: 3.94, rttMs: 120.4 })).toBe('MOS 3.9, 120 ms RTT');
    // Each direction's own figures after the summary: here the visitor's line lost packets.
    expect(
      inCallQualitySummary({
        mos: 3.52,
        lossPct: 8.04,
        jitterMs: 12.3,
        visitorToAgent: { mos: 3.52, lossPct: 8.04, jitterMs: 12.3 },
        agentToVisitor: { mos: 4.41, lossPct: 0, jitterMs: 0.8 },
      }),
    ).toBe(
      'MOS 3.5, 8.0 % loss, 12.3 ms jitter; to the agent: MOS 3.5, 8.0 % loss, 12.3 ms jitter; ' +
        'to the visitor: MOS 4.4, 0.0 % loss, 0.8 ms jitter',
    );
  });
});
