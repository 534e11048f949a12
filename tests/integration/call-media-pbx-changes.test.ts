import { createSocket } from 'node:dgram';
import { describe, expect, it } from 'vitest';
import { audioPacketsSent } from '../support/browser/packets-sent.ts';
import type { CallWindow } from '../support/browser/webrtc-offer.ts';
import { answeredCall } from '../support/media/answered-call.ts';
import { useEngineTestBed } from '../support/media/engine-test-bed.ts';
import { startFakePbxMedia, type FakePbxMedia } from '../support/media/fake-pbx-media.ts';

// What a PBX does to a call's media after the answer, on the real engine and a real browser:
// moving its media to another address (transfer to an agent's phone), holding the call, and
// going silent for good (the engine counts what arrives; the call decides, pbx-silence-watch.ts).
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
      // Our session refresh while held keeps the hold (a refresh changes nothing, RFC 4028),
      // and the same SDP again keeps its o= version (RFC 3264 8).
      const refresh = call.media.newPbxOffer({ keepDirection: true });
      expect(refresh).toContain('a=recvonly');
      expect(call.media.newPbxOffer({ keepDirection: true })).toBe(refresh);
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

  it("counts what reaches it from the PBX, RTP and RTCP, and leaves the PBX's silence to the call", async () => {
    const call = await answeredCall(bed, 2000);
    const rtcp = createSocket('udp4');
    try {
      const stop = call.pbx.playTone({ port: call.pbxFacingPort, codec: 'PCMU', hz: 1000 });
      // Half a second of the tone: 25 packets of 160 bytes of G.711 and a 12-byte header.
      await expect
        .poll(() => call.media.pbxBytesReceived(), { timeout: 10_000 })
        .toBeGreaterThanOrEqual(25 * 172);
      stop();
      const afterRtp = await call.media.pbxBytesReceived();

      // A PBX that suppresses silence still sends RTCP (a receiver report), to our RTCP port.
      // Its RTP packets are 172 bytes each, so the report's 8 bytes show whatever RTP was
      // still in flight when the tone stopped.
      const rtcpPort = Number(/a=rtcp:(\d+)/.exec(call.media.pbxOfferSdp)?.[1]);
      const receiverReport = Buffer.from([0x80, 0xc9, 0x00, 0x01, 0, 0, 0x50, 0x00]);
      rtcp.send(receiverReport, rtcpPort, '127.0.0.1');
      await expect
        .poll(async () => ((await call.media.pbxBytesReceived()) - afterRtp) % 172, {
          timeout: 5000,
        })
        .toBe(receiverReport.length);
      const settled = await call.media.pbxBytesReceived();

      // The PBX silent for three times the timeout: the engine ends nothing by itself (whether
      // media is due from the PBX, after the answer and outside a hold, is the call's to say),
      // while the browser, still talking, keeps its side alive.
      const audio = await audioPacketsSent(call.page);
      await expect
        .poll(() => audioPacketsSent(call.page), { timeout: 10_000, interval: 500 })
        .toBeGreaterThan(audio + 300);
      expect(call.ended).toEqual([]);
      expect(await call.media.pbxBytesReceived()).toBe(settled);
    } finally {
      rtcp.close();
      await call.close();
    }
    expect((await bed.worker.dump()).routerIds).toEqual([]);
  });

  it('ends the call when the browser stops sending audio once answered', async () => {
    const call = await answeredCall(bed, 2000);
    try {
      await expect.poll(() => audioPacketsSent(call.page), { timeout: 10_000 }).toBeGreaterThan(0);
      // The browser's side dies without a word: its sender stops.
      await call.page.evaluate(() =>
        Promise.all(
          (window as unknown as CallWindow).pc.getSenders().map((s) => s.replaceTrack(null)),
        ),
      );
      await expect.poll(() => call.ended, { timeout: 6000 }).toEqual(['rtp_timeout']);
      expect((await bed.worker.dump()).routerIds).toEqual([]);
    } finally {
      await call.close();
    }
  });
});
