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
      const { page, pbx, media, ended, relayPort, close } = await answeredCall(bed, 10_000, {
        codec,
      });
      expect(media.pbxOfferSdp).toMatch(
        new RegExp(`m=audio \\d+ RTP/AVP ${codec === 'PCMU' ? 0 : 8} 126`),
      );
      expect(media.codec).toBe(codec);
      // The PBX switches SSRC every second, as transfers and announcements do.
      pbx.playTone({ port: relayPort, codec, hz: 1000, ssrcEvery: 50 });

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

      await close();
      expect(ended).toEqual([]);
      // Closing the call's media leaves nothing behind in the worker.
      expect((await bed.worker.dump()).routerIds).toEqual([]);
    },
  );
});
