import { describe, expect, it } from 'vitest';
import { answeredCall } from '../support/media/answered-call.ts';
import { useEngineTestBed } from '../support/media/engine-test-bed.ts';

// A PBX may want packets of another length than the browser's 20 ms (Cisco trunks often ask
// for 30): the offerer SHOULD send as the answer's ptime says (RFC 3264 7). The gateway never
// repacketizes, so it asks the browser itself, in the answer it gives it; a real Chromium
// then frames its audio so, and that is what reaches the PBX.
describe("the browser's packets toward a PBX that asked for a packet length", () => {
  const bed = useEngineTestBed('ptime');

  it.each([
    { ptime: 30, bytes: 240 },
    { ptime: undefined, bytes: 160 },
  ])('ptime $ptime: G.711 packets of $bytes bytes reach the PBX', async ({ ptime, bytes }) => {
    const call = await answeredCall(bed, 30_000, {
      editAnswer: (sdp) =>
        ptime ? sdp.replace('a=sendrecv', `a=ptime:${ptime}\r\na=sendrecv`) : sdp,
    });
    try {
      const packets = await call.pbx.receiver.waitFor(25, 10_000);
      // The first few may predate the encoder's settings: the last ones tell.
      expect(new Set(packets.slice(-10).map((packet) => packet.payload.length))).toEqual(
        new Set([bytes]),
      );
    } finally {
      await call.close();
    }
  });
});
