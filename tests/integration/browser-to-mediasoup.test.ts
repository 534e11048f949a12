import type { JSHandle } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openCallMedia } from '../../media/src/engine/call-media.ts';
import { probeTone } from '../support/browser/audio-probe.ts';
import { openRigPage } from '../support/browser/chromium.ts';
import { createBrowserOffer, type CallWindow } from '../support/browser/webrtc-offer.ts';
import { useEngineTestBed } from '../support/media/engine-test-bed.ts';
import { startFakePbxMedia } from '../support/media/fake-pbx-media.ts';
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
      const page = await openRigPage(bed.chromium.browser);
      const pbx = await startFakePbxMedia();
      const ended: string[] = [];
      const media = await openCallMedia(
        {
          worker: bed.worker,
          listenIp: '127.0.0.1',
          portRange: { min: 20000, max: 23000 },
          rtpTimeoutMs: 10_000,
        },
        {
          callId: 'test',
          browserOfferSdp: await createBrowserOffer(page),
          trunkCodecs: [codec],
          onEnded: (reason) => ended.push(reason),
        },
      );
      expect(media.pbxOfferSdp).toMatch(
        new RegExp(`m=audio \\d+ RTP/AVP ${codec === 'PCMU' ? 0 : 8} 126`),
      );
      const relayPort = Number(/m=audio (\d+)/.exec(media.pbxOfferSdp)?.[1]);

      const browserAnswer = await media.acceptPbxAnswer(pbx.answerSdp(codec));
      expect(media.codec).toBe(codec);
      await page.evaluate(
        (sdp) => (window as unknown as CallWindow).pc.setRemoteDescription({ type: 'answer', sdp }),
        browserAnswer,
      );
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

      media.close();
      pbx.close();
      await page.close();
      expect(ended).toEqual([]);
      // Closing the call's media leaves nothing behind in the worker.
      expect((await bed.worker.dump()).routerIds).toEqual([]);
    },
  );
});
