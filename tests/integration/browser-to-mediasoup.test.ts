import type { JSHandle } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { probeTone } from '../support/browser/audio-probe.ts';
import type { CallWindow } from '../support/browser/webrtc-offer.ts';
import { answeredCall } from '../support/media/answered-call.ts';
import { useEngineTestBed } from '../support/media/engine-test-bed.ts';
import { decodeG711 } from '../support/media/g711.ts';
import { analyseTone } from '../../infra/rig/tone.ts';

// A real Chromium calls through the gateway's media engine: ICE + DTLS-SRTP into a mediasoup
// WebRtcTransport, out of a PlainTransport as plain RTP to a PBX's media port (a UDP socket
// here, real PBXs in the call tests), and the PBX's tone back into the browser.
describe('Chromium through the mediasoup engine to a plain RTP endpoint', () => {
  const bed = useEngineTestBed('browser-to-mediasoup');

  it.each(['PCMU', 'PCMA'] as const)(
    'carries 440 Hz to the PBX and 1000 Hz back to the browser as %s',
    async (codec) => {
      const { page, pbx, media, ended, pbxFacingPort, close } = await answeredCall(bed, 10_000, {
        codec,
      });
      expect(media.pbxOfferSdp).toMatch(
        new RegExp(`m=audio \\d+ RTP/AVP ${codec === 'PCMU' ? 0 : 8} 126`),
      );
      expect(media.codec).toBe(codec);
      // The PBX switches SSRC every second, as transfers and announcements do.
      pbx.playTone({ port: pbxFacingPort, codec, hz: 1000, ssrcEvery: 50 });

      const packets = await pbx.receiver.waitFor(150, 15_000);
      expect(new Set(packets.map((packet) => packet.header.payloadType))).toEqual(
        new Set([codec === 'PCMU' ? 0 : 8]),
      );
      const heardByPbx = decodeG711(packets, codec);
      expect(analyseTone(heardByPbx, 440).ratio).toBeGreaterThan(0.9);

      const remote = (await page.evaluateHandle(
        () => (window as unknown as CallWindow).remote,
      )) as JSHandle<MediaStream>;
      const heardByBrowser = await probeTone(page, remote, 1000, 2000);
      expect(heardByBrowser).toMatchObject({ detected: true });
      expect((await probeTone(page, remote, 440, 1000)).detected).toBe(false);
      // The sources' own sequence numbers jump by thousands at each change: the browser sees
      // one stream without gaps (a lost count in the thousands otherwise).
      const inbound = await page.evaluate(async () => {
        const stats = await (window as unknown as CallWindow).pc.getStats();
        return [...stats.values()]
          .filter((s: { type: string; kind?: string }) => s.type === 'inbound-rtp')
          .map((s: { packetsReceived: number; packetsLost: number }) => ({
            received: s.packetsReceived,
            lost: s.packetsLost,
          }));
      });
      expect(inbound).toHaveLength(1);
      expect(inbound[0]!.received).toBeGreaterThan(150);
      expect(Math.abs(inbound[0]!.lost)).toBeLessThan(10);

      await close();
      expect(ended).toEqual([]);
      // Closing the call's media leaves nothing behind in the worker.
      expect((await bed.worker.dump()).routerIds).toEqual([]);
    },
  );

  it("takes RTP only from the PBX's media address", async () => {
    const { page, pbx, pbxFacingPort, close } = await answeredCall(bed, 30_000);
    try {
      const remote = (await page.evaluateHandle(
        () => (window as unknown as CallWindow).remote,
      )) as JSHandle<MediaStream>;
      // A stranger who learnt the port plays 1000 Hz at it for the whole listening window:
      // the browser must not hear it. Then the PBX itself plays it, and the browser does.
      const stranger = pbx.playTone({
        port: pbxFacingPort,
        codec: 'PCMU',
        hz: 1000,
        fromElsewhere: true,
      });
      expect((await probeTone(page, remote, 1000, 1500)).detected).toBe(false);
      stranger();
      pbx.playTone({ port: pbxFacingPort, codec: 'PCMU', hz: 1000 });
      expect(await probeTone(page, remote, 1000, 1500)).toMatchObject({ detected: true });
    } finally {
      await close();
    }
  });

  it('takes an offer with video too: the browser accepts the answer and audio flows', async () => {
    // answeredCall applies our answer in the browser: a refused answer throws there.
    const { page, pbx, close } = await answeredCall(bed, 30_000, { video: true });
    try {
      await pbx.receiver.waitFor(25, 10_000);
      const lines = await page.evaluate(() =>
        ((window as unknown as CallWindow).pc.remoteDescription?.sdp ?? '').match(/^m=\S+ \d+/gm),
      );
      expect(lines).toEqual([expect.stringMatching(/^m=audio [1-9]/), 'm=video 0']);
    } finally {
      await close();
    }
  });
});
