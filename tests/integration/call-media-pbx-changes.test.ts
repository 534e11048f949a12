import { describe, expect, it } from 'vitest';
import { audioPacketsSent } from '../support/browser/packets-sent.ts';
import { answeredCall } from '../support/media/answered-call.ts';
import { useEngineTestBed } from '../support/media/engine-test-bed.ts';
import { startFakePbxMedia, type FakePbxMedia } from '../support/media/fake-pbx-media.ts';

// What a PBX does to a call's media after the answer, on the real engine and a real browser:
// moving its media to another address (transfer to an agent's phone), holding the call, and
// going silent for good (the gateway then ends the call by itself).
describe('the call media when the PBX changes things', () => {
  const bed = useEngineTestBed('pbx-changes');

  it('follows the PBX to a new media address, and sends nothing while held', async () => {
    const call = await answeredCall(bed, 30_000);
    const stop = call.pbx.playTone({ port: call.pbxFacingPort, codec: 'PCMU', hz: 1000 });
    // Closed whatever happens: a call left open would fail the next test's empty-worker check.
    let moved: FakePbxMedia | undefined;
    try {
      await call.pbx.receiver.waitFor(50, 10_000);

      moved = await startFakePbxMedia();
      const ourAnswer = await call.media.answerPbxOffer(moved.answerSdp('PCMU'));
      expect(ourAnswer).toContain(`m=audio ${call.pbxFacingPort} RTP/AVP 0`);
      expect(ourAnswer).toContain('a=sendrecv');
      await moved.receiver.waitFor(50, 10_000);

      // Hold: the PBX sends only (music on hold); we answer recvonly and stop sending.
      expect(await call.media.answerPbxOffer(moved.answerSdp('PCMU', 'sendonly'))).toContain(
        'a=recvonly',
      );
      // While the browser sends a second of audio (50 packets) toward the gateway, the PBX gets
      // none of it: at most the datagram or two already on their way when the hold took effect.
      const heldAt = moved.receiver.packets.length;
      const browserSentAt = await audioPacketsSent(call.page);
      await expect
        .poll(() => audioPacketsSent(call.page), { timeout: 5000 })
        .toBeGreaterThanOrEqual(browserSentAt + 50);
      expect(moved.receiver.packets.length - heldAt).toBeLessThan(3);

      expect(await call.media.answerPbxOffer(moved.answerSdp('PCMU'))).toContain('a=sendrecv');
      const resumedAt = moved.receiver.packets.length;
      await moved.receiver.waitFor(resumedAt + 40, 5000);
      expect(call.ended).toEqual([]);
    } finally {
      stop();
      moved?.close();
      await call.close();
    }
  });

  it('ends the call when the PBX stops sending audio', async () => {
    const call = await answeredCall(bed, 2000);
    try {
      const stop = call.pbx.playTone({ port: call.pbxFacingPort, codec: 'PCMU', hz: 1000 });
      await call.pbx.receiver.waitFor(25, 10_000);
      stop();
      await expect.poll(() => call.ended, { timeout: 6000 }).toEqual(['rtp_timeout']);
      expect((await bed.worker.dump()).routerIds).toEqual([]);
    } finally {
      await call.close();
    }
  });
});
