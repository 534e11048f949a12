import { describe, expect, it } from 'vitest';
import { answeredCall } from '../support/media/answered-call.ts';
import { useEngineTestBed } from '../support/media/engine-test-bed.ts';
import { dropRangeRules, isolatedRtcRanges } from '../support/media/isolated-port-ranges.ts';
import { addInputRules } from '../support/media/nft-rules.ts';

// The browser's side of a call dying without a BYE, on the real engine and a real Chromium:
// the network between them goes (ICE consent stops), or DTLS cannot be established. The
// gateway ends the call by itself with the reason, and frees everything of it in the worker.
describe('the call media when the browser side fails', () => {
  const bed = useEngineTestBed('media-failures');

  it('ends the call when the browser stops answering ICE consent checks', async () => {
    // A long RTP timeout, so that only ICE can end the call here.
    const call = await answeredCall(bed, 120_000, {
      rtcPortRange: isolatedRtcRanges.callMediaFailures,
    });
    const stop = call.pbx.playTone({ port: call.pbxFacingPort, codec: 'PCMU', hz: 1000 });
    await call.pbx.receiver.waitFor(25, 10_000);
    // The visitor's network goes: nothing reaches the gateway's WebRTC ports any more.
    const outage = addInputRules(dropRangeRules(isolatedRtcRanges.callMediaFailures));
    try {
      await expect
        .poll(() => call.ended, { timeout: 20_000, interval: 250 })
        .toEqual(['ice_failed']);
      expect((await bed.worker.dump()).routerIds).toEqual([]);
    } finally {
      outage.remove();
      stop();
      await call.close();
    }
  });

  it('ends the call when DTLS fails (the browser is not who its offer said)', async () => {
    // Another certificate's fingerprint in the offer: the gateway must refuse the handshake.
    const forged = (sdp: string) =>
      sdp.replace(
        /a=fingerprint:sha-256 [0-9A-F:]+/,
        `a=fingerprint:sha-256 ${Array.from({ length: 32 }, () => 'AB').join(':')}`,
      );
    const call = await answeredCall(bed, 120_000, { editOffer: forged });
    try {
      await expect
        .poll(() => call.ended, { timeout: 15_000, interval: 250 })
        .toEqual(['dtls_failed']);
      expect((await bed.worker.dump()).routerIds).toEqual([]);
    } finally {
      await call.close();
    }
  });
});
