import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { bridgeOnFakes } from '../../../tests/support/media/bridge-on-fakes.ts';

const timeoutMs = 2000;
/** The watch looks a quarter of the timeout apart. */
const checkMs = timeoutMs / 4;

// The agent's phone or the PBX vanishing without a BYE, on the bridge with fakes: only its
// silence tells, and only after the answer and outside a hold.
describe('CallBridge when the PBX goes silent', () => {
  // Timers and the clock are the test's; setImmediate stays real for settle().
  beforeEach(() => vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] }));
  afterEach(() => vi.useRealTimers());

  const answeredOnFakes = async () => {
    const t = bridgeOnFakes({ pbxMediaTimeoutMs: timeoutMs });
    const call = await t.answered();
    expect(t.bridge.phase).toBe('answered');
    return { ...t, call };
  };
  /** The PBX sends something (RTP or RTCP) every check for `ms`. */
  const pbxTalksFor = async (t: Awaited<ReturnType<typeof answeredOnFakes>>, ms: number) => {
    for (let spent = 0; spent < ms; spent += checkMs) {
      t.media.pbxBytes += 172;
      await vi.advanceTimersByTimeAsync(checkMs);
    }
  };

  it('ends the call as agent_lost once nothing came from the PBX for the timeout', async () => {
    const t = await answeredOnFakes();
    await pbxTalksFor(t, 3 * timeoutMs);
    expect(t.bridge.phase).toBe('answered');

    const silentFrom = Date.now();
    await vi.advanceTimersByTimeAsync(timeoutMs);
    expect(t.bridge.phase, 'not before the timeout').toBe('answered');
    await vi.advanceTimersByTimeAsync(checkMs);
    expect(t.bridge.phase).toBe('ended');
    expect(Date.now() - silentFrom).toBeLessThanOrEqual(timeoutMs + checkMs);

    const reason = { code: 'agent_lost', cause: 'pbx_media_timeout', detail: expect.any(String) };
    expect(t.browser.said.at(-1)).toEqual({ kind: 'bye', reason });
    expect(t.call.hangUps, 'a BYE toward the PBX, in case it is still there').toBe(1);
    expect(t.media.closed).toBe(1);
    expect(t.steps.at(-1)).toEqual(['ended', t.claims.callId, 'agent_lost', 'PCMU']);
  });

  it('waits through a hold of any length, and counts from the resume', async () => {
    const t = await answeredOnFakes();
    await t.call.events.onReOffer('pbx-hold a=sendonly');
    expect(t.media.held).toBe(true);
    await vi.advanceTimersByTimeAsync(10 * timeoutMs);
    expect(t.bridge.phase).toBe('answered');

    await t.call.events.onReOffer('pbx-resume a=sendrecv');
    await vi.advanceTimersByTimeAsync(timeoutMs - checkMs);
    expect(t.bridge.phase, 'silence after the resume counts from the resume').toBe('answered');
    await vi.advanceTimersByTimeAsync(2 * checkMs);
    expect(t.browser.said.at(-1)).toMatchObject({ kind: 'bye', reason: { code: 'agent_lost' } });
  });

  it('does not watch before the answer: a queue may ring in silence for long', async () => {
    const t = bridgeOnFakes({ pbxMediaTimeoutMs: timeoutMs });
    const call = await t.dialled();
    call.events.onRinging();
    call.events.onEarlyMedia('pbx-183-sdp');
    t.media.pbxAnswers.at(-1)!.reply.resolve('browser-183-sdp');
    await vi.advanceTimersByTimeAsync(10 * timeoutMs);
    expect(t.bridge.phase).toBe('ringing');
    expect(t.media.pbxByteReads).toBe(0);
  });

  it('stops watching when the call ends otherwise', async () => {
    const t = await answeredOnFakes();
    t.bridge.browserHungUp();
    const reads = t.media.pbxByteReads;
    await vi.advanceTimersByTimeAsync(10 * timeoutMs);
    expect(t.media.pbxByteReads).toBe(reads);
    expect(t.steps.at(-1)).toEqual(['ended', t.claims.callId, 'visitor_hung_up', 'PCMU']);
  });
});
