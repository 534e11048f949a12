import { describe, expect, it } from 'vitest';
import type { QualityFigures } from '../../../protocol/api/call-event.ts';
import { recordingObserver } from '../../../tests/support/media/call-bridge-fakes.ts';
import { bridgeOnFakes } from '../../../tests/support/media/bridge-on-fakes.ts';
import type { CallObserver } from './call-observer.ts';

// The call's quality figures travel with its end to the observers (the API's reporter):
// measured by the media as it closed, so to the call's last packet.
describe('CallBridge reporting the quality of a call', () => {
  const observingQuality = () => {
    const seen: { quality?: Promise<QualityFigures | undefined>; closedBefore?: boolean } = {};
    const the: { media?: { closed: number } } = {};
    const t = bridgeOnFakes({
      observer: (steps): CallObserver => ({
        ...recordingObserver(steps),
        ended: (callId, reason, codec, quality) => {
          recordingObserver(steps).ended(callId, reason, codec, quality);
          seen.quality = quality;
          seen.closedBefore = (the.media?.closed ?? 0) > 0;
        },
      }),
    });
    the.media = t.media;
    return { ...t, seen };
  };

  it('hands the figures of the closed media to the observers with the end', async () => {
    const t = observingQuality();
    await t.answered();
    t.media.measured = { mos: 4.3, lossPct: 0.2, jitterMs: 4, rttMs: 38 };
    t.bridge.browserHungUp();
    expect(t.seen.closedBefore, 'the media closed before it was asked').toBe(true);
    await expect(t.seen.quality).resolves.toEqual({
      mos: 4.3,
      lossPct: 0.2,
      jitterMs: 4,
      rttMs: 38,
    });
    expect(t.steps.at(-1)).toEqual(['ended', t.claims.callId, 'visitor_hung_up', 'PCMU']);
  });

  it('has no figures for a call that ended before it had media', () => {
    const t = observingQuality();
    t.bridge.browserCancelled();
    expect(t.seen.quality).toBeUndefined();
  });
});
