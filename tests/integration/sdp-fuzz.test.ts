import { describe, it } from 'vitest';
import { sdpOfferAnswerTarget } from '../fuzz/targets/sdp-offer-answer.ts';
import { expectShortFuzzRunClean } from '../support/fuzz/short-fuzz-run.ts';

// The SDP entry points on a real mediasoup worker: browsers' offers (Chromium's, with video,
// Firefox's, werift's, pion's), PBX answers and re-INVITE offers, connection-test offers,
// mutated or built from parts. The long run is `npm run fuzz`.
describe('fuzzing the SDP the gateway receives', () => {
  it('refuses each with an SdpError or answers it as RFC 3264 wants, leaving nothing behind', async () => {
    await expectShortFuzzRunClean(sdpOfferAnswerTarget, { seed: 15, runs: 300 });
  });
});
