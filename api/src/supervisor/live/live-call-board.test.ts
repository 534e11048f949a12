import { describe, expect, it } from 'vitest';
import { callRecord, t0 } from '../../../../tests/support/api/call-record.ts';
import { boardCallOf, liveCallBoard } from './live-call-board.ts';

const at = (s: number) => new Date(t0.getTime() + s * 1000);

const phases = (board: ReturnType<typeof liveCallBoard>) =>
  Object.fromEntries(board.calls().map((call) => [call.callId, call.phase]));

describe('the live call board', () => {
  it('follows a call from waiting to talking to gone, naming its queue each time', () => {
    const board = liveCallBoard();
    expect(board.put('a', callRecord({ id: 'a' }))).toEqual(['acme/sales']);
    expect(phases(board)).toEqual({ a: 'connecting' });
    expect(board.put('a', callRecord({ id: 'a', status: 'ringing', ringingAt: at(2) }))).toEqual([
      'acme/sales',
    ]);
    expect(board.calls()[0]).toMatchObject({ phase: 'ringing', phaseSince: at(2).toISOString() });
    board.put(
      'a',
      callRecord({ id: 'a', status: 'answered', ringingAt: at(2), answeredAt: at(9) }),
    );
    expect(board.calls()[0]).toMatchObject({
      phase: 'talking',
      phaseSince: at(9).toISOString(),
      waitingSince: t0.toISOString(),
    });
    expect(board.put('a', callRecord({ id: 'a', status: 'ended', endedAt: at(30) }))).toEqual([
      'acme/sales',
    ]);
    expect(board.calls()).toEqual([]);
  });

  it('reports no change when a record is read again unchanged', () => {
    const board = liveCallBoard();
    board.put('a', callRecord({ id: 'a' }));
    expect(board.put('a', callRecord({ id: 'a' }))).toEqual([]);
    expect(board.put('gone', undefined)).toEqual([]);
  });

  it('shows the connection verdict and the routing answers, nothing of the session', () => {
    const call = boardCallOf(
      callRecord({
        id: 'a',
        connectionTest: { verdict: 'poor', lossPct: 4, rttMs: 300, jitterMs: 40 },
      }),
    );
    expect(call).toMatchObject({ connectionTest: 'poor', intent: 'buy', language: 'en' });
    expect(JSON.stringify(call)).not.toContain('session-1');
    expect(boardCallOf(callRecord({ id: 'b' }))?.connectionTest).toBeNull();
  });

  it('takes the open calls of a load, and drops those it no longer has', () => {
    const board = liveCallBoard();
    board.put('a', callRecord({ id: 'a' }));
    const token = board.beginLoad();
    const changed = board.finishLoad(token, [
      callRecord({ id: 'b', queue: 'support', status: 'ringing', ringingAt: at(1) }),
    ]);
    expect(new Set(changed)).toEqual(new Set(['acme/sales', 'acme/support']));
    expect(phases(board)).toEqual({ b: 'ringing' });
  });

  it('keeps an end put during a load that began before it (no flicker back)', () => {
    const board = liveCallBoard();
    board.put('a', callRecord({ id: 'a', status: 'answered', answeredAt: at(5) }));
    const token = board.beginLoad();
    board.put('a', callRecord({ id: 'a', status: 'ended' }));
    // The load read the database before the end was committed: it still saw the call talking.
    expect(
      board.finishLoad(token, [callRecord({ id: 'a', status: 'answered', answeredAt: at(5) })]),
    ).toEqual([]);
    expect(board.calls()).toEqual([]);
    // The next load no longer has the call either: nothing comes back.
    expect(board.finishLoad(board.beginLoad(), [])).toEqual([]);
  });

  it('lets a load that began after a put correct it (ended by another instance)', () => {
    const board = liveCallBoard();
    board.put('a', callRecord({ id: 'a' }));
    expect(board.finishLoad(board.beginLoad(), [])).toEqual(['acme/sales']);
    expect(board.calls()).toEqual([]);
  });
});
