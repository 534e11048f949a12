import { describe, it } from 'vitest';
import { sipWebSocketTarget } from '../fuzz/targets/sip-websocket.ts';
import { expectShortFuzzRunClean } from '../support/fuzz/short-fuzz-run.ts';

// The browsers' SIP WebSocket and the browser leg of an answered call, with RFC 4475's
// messages and a browser's own, mutated, generated, oversize or not SIP at all. The long run is
// `npm run fuzz`.
describe("fuzzing the browsers' SIP WebSocket", () => {
  it('answers every answerable frame, drops or cleanly closes on the rest, and still serves', async () => {
    await expectShortFuzzRunClean(sipWebSocketTarget, { seed: 4475, runs: 150 });
  });
});
