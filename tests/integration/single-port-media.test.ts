import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as mediasoup from 'mediasoup';
import * as sdpTransform from 'sdp-transform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCallMedia } from '../../media/src/engine/call-media.ts';
import { launchChromium, openRigPage, type RigBrowser } from '../support/browser/chromium.ts';
import { createBrowserOffer, type CallWindow } from '../support/browser/webrtc-offer.ts';
import { blockUdpPort } from '../support/media/block-udp-port.ts';
import { startFakePbxMedia } from '../support/media/fake-pbx-media.ts';
import { freePort } from '../../infra/rig/ports.ts';
import { writeToneWav } from '../../infra/rig/tone.ts';

// Single-port mode (every call's ICE on one UDP and one TCP port, a mediasoup WebRtcServer),
// and ICE over TCP when a firewall drops UDP: the browser's audio must still reach the PBX.
describe('single-port media and the TCP fallback', () => {
  const dir = mkdtempSync(join(tmpdir(), 'single-port-'));
  let worker: mediasoup.types.Worker;
  let server: mediasoup.types.WebRtcServer;
  let port: number;
  let chromium: RigBrowser;

  beforeAll(async () => {
    const tone = await writeToneWav(join(dir, 'mic-440.wav'), { hz: 440, seconds: 60 });
    port = await freePort({ udp: true });
    worker = await mediasoup.createWorker({ logLevel: 'warn' });
    server = await worker.createWebRtcServer({
      listenInfos: [
        { protocol: 'udp', ip: '127.0.0.1', port },
        { protocol: 'tcp', ip: '127.0.0.1', port },
      ],
    });
    chromium = await launchChromium({ fakeAudioCapture: tone });
  });
  afterAll(async () => {
    worker?.close();
    await chromium?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function call() {
    const page = await openRigPage(chromium.browser);
    const pbx = await startFakePbxMedia();
    const media = await openCallMedia(
      {
        worker,
        listenIp: '127.0.0.1',
        portRange: { min: 20000, max: 23000 },
        pbxRtp: { listenIp: '127.0.0.1', portRange: { min: 61000, max: 62999 } },
        rtpTimeoutMs: 30_000,
        webRtcServer: server,
      },
      {
        callId: 'c',
        browserOfferSdp: await createBrowserOffer(page),
        trunkCodecs: ['PCMU'],
        onEnded: () => undefined,
      },
    );
    const answer = await media.acceptPbxAnswer(pbx.answerSdp('PCMU'));
    await page.evaluate(
      (sdp) => (window as unknown as CallWindow).pc.setRemoteDescription({ type: 'answer', sdp }),
      answer,
    );
    return { page, pbx, media, answer };
  }

  it('puts every call on the one port, over UDP and TCP candidates', async () => {
    const [first, second] = [await call(), await call()];
    for (const { answer } of [first, second]) {
      const candidates = sdpTransform.parse(answer).media[0]?.candidates ?? [];
      expect(
        candidates.map((candidate) => `${candidate.transport}:${candidate.port}`).sort(),
      ).toEqual([`tcp:${port}`, `udp:${port}`]);
    }
    await Promise.all([
      first.pbx.receiver.waitFor(50, 10_000),
      second.pbx.receiver.waitFor(50, 10_000),
    ]);
    for (const { page, pbx, media } of [first, second]) {
      media.close();
      pbx.close();
      await page.close();
    }
  });

  it('falls back to ICE over TCP when UDP is dropped', async () => {
    const unblock = blockUdpPort(port);
    try {
      const { page, pbx, media } = await call();
      await pbx.receiver.waitFor(50, 20_000);
      const pair = await page.evaluate(async () => {
        const stats = await (window as unknown as CallWindow).pc.getStats();
        let protocol = '';
        stats.forEach((stat: Record<string, unknown>) => {
          if (stat.type === 'candidate-pair' && stat.nominated && stat.state === 'succeeded') {
            const local = stats.get(stat.localCandidateId as string) as Record<string, unknown>;
            protocol = String(local?.protocol);
          }
        });
        return protocol;
      });
      expect(pair).toBe('tcp');
      media.close();
      pbx.close();
      await page.close();
    } finally {
      unblock();
    }
  });
});
