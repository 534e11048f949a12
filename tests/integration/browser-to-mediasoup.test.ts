import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as mediasoup from 'mediasoup';
import type { JSHandle } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCallMedia } from '../../media/src/engine/call-media.ts';
import { probeTone } from '../support/browser/audio-probe.ts';
import { launchChromium, openRigPage, type RigBrowser } from '../support/browser/chromium.ts';
import { createBrowserOffer, type CallWindow } from '../support/browser/webrtc-offer.ts';
import { startFakePbxMedia } from '../support/media/fake-pbx-media.ts';
import { decodeG711 } from '../support/media/g711.ts';
import { analyseTone, writeToneWav } from '../../infra/rig/tone.ts';

// A real Chromium calls through the gateway's media engine: ICE + DTLS-SRTP into a mediasoup
// WebRtcTransport, out of a PlainTransport as plain RTP to a PBX's media port (a UDP socket
// here, real PBXs in the call tests), and the PBX's tone back into the browser.
describe('Chromium through the mediasoup engine to a plain RTP endpoint', () => {
  const dir = mkdtempSync(join(tmpdir(), 'browser-to-mediasoup-'));
  let worker: mediasoup.types.Worker;
  let chromium: RigBrowser;

  beforeAll(async () => {
    const tone = await writeToneWav(join(dir, 'mic-440.wav'), { hz: 440, seconds: 30 });
    [worker, chromium] = await Promise.all([
      mediasoup.createWorker({ logLevel: 'warn' }),
      launchChromium({ fakeAudioCapture: tone }),
    ]);
  });
  afterAll(async () => {
    worker?.close();
    await chromium?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(['PCMU', 'PCMA'] as const)(
    'carries 440 Hz to the PBX and 1000 Hz back to the browser as %s',
    async (codec) => {
      const page = await openRigPage(chromium.browser);
      const pbx = await startFakePbxMedia();
      const ended: string[] = [];
      const media = await openCallMedia(
        {
          worker,
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
      expect((await worker.dump()).routerIds).toEqual([]);
    },
  );
});
