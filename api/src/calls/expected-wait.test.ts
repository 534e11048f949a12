import { describe, expect, it } from 'vitest';
import { estimateExpectedWait, roundExpectedWait, type QueueWaitHistory } from './expected-wait.ts';

const now = new Date('2026-12-07T12:00:00Z');
const ago = (s: number) => new Date(now.getTime() - s * 1000);
/** Answered calls that rang `waits` seconds, one after the other (one agent talking at a time). */
const oneAtATime = (...waits: number[]): QueueWaitHistory['answered'] =>
  waits.map((waitS, i) => ({
    waitS,
    answeredAt: ago(3000 - i * 600),
    endedAt: ago(2900 - i * 600),
  }));
const ringing = (...sinceS: number[]) =>
  sinceS.map((s, i) => ({ callId: `call-${i}`, ringingAt: ago(s) }));

describe('the expected wait', () => {
  it('is the median of the recent waits for a visitor with nobody ahead', () => {
    const history = { answered: oneAtATime(60, 120, 600), waiting: [] };
    expect(estimateExpectedWait(history, now)).toEqual({
      minutes: 2,
      moreThan: false,
      position: 1,
    });
  });

  it('says nothing with fewer than three answered calls', () => {
    expect(
      estimateExpectedWait({ answered: oneAtATime(60, 120), waiting: [] }, now),
    ).toBeUndefined();
  });

  it('grows with each web caller ahead, less so when the queue answered several calls at once', () => {
    const waiting = ringing(30, 10);
    expect(estimateExpectedWait({ answered: oneAtATime(120, 120, 120), waiting }, now)).toEqual({
      minutes: 6,
      moreThan: false,
      position: 3,
    });
    // The same waits, with two agents seen talking at once: two callers ahead take one round.
    const together = oneAtATime(120, 120, 120).map((call) => ({
      ...call,
      answeredAt: ago(100),
      endedAt: ago(50),
    }));
    expect(estimateExpectedWait({ answered: together, waiting }, now)).toEqual({
      minutes: 3,
      moreThan: false,
      position: 3,
    });
  });

  it('while ringing, counts from the call itself and the time it has rung already', () => {
    const history = { answered: oneAtATime(100, 200, 300, 400), waiting: ringing(250, 200) };
    // call-1 rang 200 s with one caller ahead: the calls that rang 200 s or more rang a
    // median 100 s more; one agent, so twice that.
    expect(estimateExpectedWait(history, now, 'call-1')).toEqual({
      minutes: 3,
      moreThan: false,
      position: 2,
    });
    // A call no longer ringing (answered meanwhile) has no wait to show.
    expect(estimateExpectedWait(history, now, 'answered-call')).toBeUndefined();
  });

  it('says nothing once the call has rung longer than nearly every recent call', () => {
    const history = { answered: oneAtATime(60, 90, 120, 600), waiting: ringing(200) };
    expect(estimateExpectedWait(history, now, 'call-0')).toBeUndefined();
  });

  it('is never more precise than a visitor can use', () => {
    expect(roundExpectedWait(20)).toEqual({ minutes: 0, moreThan: false });
    expect(roundExpectedWait(50)).toEqual({ minutes: 1, moreThan: false });
    expect(roundExpectedWait(150)).toEqual({ minutes: 3, moreThan: false });
    expect(roundExpectedWait(10 * 60)).toEqual({ minutes: 10, moreThan: false });
    expect(roundExpectedWait(13 * 60)).toEqual({ minutes: 15, moreThan: false });
    expect(roundExpectedWait(29 * 60)).toEqual({ minutes: 30, moreThan: false });
    expect(roundExpectedWait(45 * 60)).toEqual({ minutes: 30, moreThan: true });
  });
});
