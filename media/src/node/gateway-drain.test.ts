import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CallEndReason } from '../../../protocol/call-end-reason.ts';
import { GatewayDrain } from './gateway-drain.ts';
import { LiveCalls } from './live-calls.ts';

/** A live call that leaves the set when hung up, as a bridge does when it ends. */
function liveCall(calls: LiveCalls) {
  const call = {
    endedWith: undefined as CallEndReason | undefined,
    hangUp(reason: CallEndReason) {
      call.endedWith ??= reason;
      calls.delete(call);
    },
  };
  calls.add(call);
  return call;
}

function drainOf(timeoutMs: number) {
  const calls = new LiveCalls();
  const drain = new GatewayDrain({
    calls,
    timeoutMs,
    logger: { info: () => undefined, warn: () => undefined },
  });
  let drained = false;
  void drain.drained.then(() => (drained = true));
  return { calls, drain, isDrained: () => drained };
}

describe('GatewayDrain', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('serves until told to drain, then is drained at once when no call is live', async () => {
    const t = drainOf(60_000);
    expect(t.drain.draining).toBe(false);
    t.drain.start('SIGTERM');
    expect(t.drain.draining).toBe(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(t.isDrained()).toBe(true);
  });

  it('leaves live calls alone and is drained once the last one ends by itself', async () => {
    const t = drainOf(60_000);
    const first = liveCall(t.calls);
    const second = liveCall(t.calls);
    t.drain.start('admin');
    await vi.advanceTimersByTimeAsync(30_000);
    t.calls.delete(first);
    await vi.advanceTimersByTimeAsync(0);
    expect(t.isDrained()).toBe(false);
    t.calls.delete(second);
    await vi.advanceTimersByTimeAsync(0);
    expect(t.isDrained()).toBe(true);
    expect([first.endedWith, second.endedWith]).toEqual([undefined, undefined]);
  });

  it('ends the calls that outlive the drain timeout, with gateway_draining', async () => {
    const t = drainOf(60_000);
    const call = liveCall(t.calls);
    t.drain.start('SIGTERM');
    await vi.advanceTimersByTimeAsync(59_999);
    expect(call.endedWith).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(call.endedWith).toEqual({ code: 'gateway_draining', cause: 'drain_timeout' });
    expect(t.isDrained()).toBe(true);
  });

  it('ends the calls now when asked again (a second SIGTERM)', async () => {
    const t = drainOf(60_000);
    const call = liveCall(t.calls);
    t.drain.start('SIGTERM');
    t.drain.start('SIGTERM'); // a repeated start changes nothing
    expect(call.endedWith).toBeUndefined();
    t.drain.endCallsNow();
    expect(call.endedWith).toEqual({ code: 'gateway_draining', cause: 'drain_forced' });
    await vi.advanceTimersByTimeAsync(0);
    expect(t.isDrained()).toBe(true);
  });
});
