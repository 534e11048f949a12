import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as mediasoup from 'mediasoup';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayAudioCodecs } from '../../media/src/engine/audio-codecs.ts';
import { openBrowserLeg } from '../../media/src/engine/browser-leg.ts';
import { launchChromium, openRigPage, type RigBrowser } from '../support/browser/chromium.ts';
import { decodeG711 } from '../support/media/g711.ts';
import { startRtpReceiver } from '../support/media/rtp-receiver.ts';
import { analyseTone, writeToneWav } from '../support/rig/tone.ts';

/** In the page: a microphone (the fake 440 Hz file) on a peer connection; returns its offer. */
async function createBrowserOffer(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const stream = await navigator.mediaDevices.getUserMedia({
      audio: { echoCancellation: false, autoGainControl: false, noiseSuppression: false },
    });
    const pc = new RTCPeerConnection({ iceServers: [] });
    for (const track of stream.getTracks()) pc.addTrack(track, stream);
    (window as unknown as { pc: RTCPeerConnection }).pc = pc;
    await pc.setLocalDescription(await pc.createOffer());
    await new Promise<void>((resolve) => {
      if (pc.iceGatheringState === 'complete') resolve();
      pc.addEventListener(
        'icegatheringstatechange',
        () => pc.iceGatheringState === 'complete' && resolve(),
      );
    });
    return pc.localDescription?.sdp ?? '';
  });
}

// A real Chromium sends its (fake) microphone over ICE + DTLS-SRTP into a mediasoup
// WebRtcTransport, answered by the gateway's own engine code, and the audio comes out of a
// PlainTransport as plain RTP: the browser half of every call.
describe('Chromium to a mediasoup WebRtcTransport to a PlainTransport', () => {
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

  it.each(['PCMU', 'PCMA'] as const)("carries the browser's 440 Hz tone as %s", async (codec) => {
    const router = await worker.createRouter({ mediaCodecs: gatewayAudioCodecs });
    const page = await openRigPage(chromium.browser);
    const leg = await openBrowserLeg({
      router,
      listen: { listenIp: '127.0.0.1', portRange: { min: 20000, max: 23000 } },
      offerSdp: await createBrowserOffer(page),
      codecPreference: [codec],
    });
    await page.evaluate(
      (sdp) =>
        (window as unknown as { pc: RTCPeerConnection }).pc.setRemoteDescription({
          type: 'answer',
          sdp,
        }),
      leg.answerSdp,
    );

    const receiver = await startRtpReceiver();
    const plain = await router.createPlainTransport({
      listenInfo: { protocol: 'udp', ip: '127.0.0.1' },
      rtcpMux: true,
      comedia: false,
    });
    await plain.connect({ ip: '127.0.0.1', port: receiver.port });
    await plain.consume({ producerId: leg.producer.id, rtpCapabilities: router.rtpCapabilities });

    // 150 packets of 20 ms: three seconds of the browser's microphone.
    const packets = await receiver.waitFor(150, 15_000);
    expect(leg.transport.dtlsState).toBe('connected');
    expect(new Set(packets.map((packet) => packet.header.payloadType))).toEqual(
      new Set([codec === 'PCMU' ? 0 : 8]),
    );
    const audio = decodeG711(packets, codec);
    expect(analyseTone(audio, 440).ratio).toBeGreaterThan(0.9);
    expect(analyseTone(audio, 1000).ratio).toBeLessThan(0.1);

    receiver.close();
    await page.close();
    router.close();
    expect((await worker.dump()).routerIds).toEqual([]);
  });
});
