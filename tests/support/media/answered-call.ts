import type { Page } from 'playwright-core';
import { openCallMedia } from '../../../media/src/engine/call-media.ts';
import type { CallMedia, MediaEndReason } from '../../../media/src/media-engine.ts';
import { openRigPage } from '../browser/chromium.ts';
import { createBrowserOffer, type CallWindow } from '../browser/webrtc-offer.ts';
import type { EngineTestBed } from './engine-test-bed.ts';
import type { PortRange } from './isolated-port-ranges.ts';
import { startFakePbxMedia, type FakePbxMedia } from './fake-pbx-media.ts';

export interface AnsweredCall {
  page: Page;
  pbx: FakePbxMedia;
  media: CallMedia;
  /** Why the engine ended the call by itself, in order (empty while it lives). */
  ended: MediaEndReason[];
  /** The gateway's RTP port toward the PBX. */
  pbxFacingPort: number;
  close(): Promise<void>;
}

/**
 * A call's media on the real engine, answered by a fake PBX (`codec`, PCMU unless said), with
 * a real Chromium on the browser side. `editOffer` may spoil the browser's offer before the
 * gateway sees it.
 */
export async function answeredCall(
  bed: EngineTestBed,
  rtpTimeoutMs: number,
  {
    codec = 'PCMU',
    editOffer = (sdp) => sdp,
    editAnswer = (sdp) => sdp,
    rtcPortRange = { min: 20000, max: 23000 },
    video = false,
  }: {
    /** The browser offers a video line too (the gateway answers it rejected). */
    video?: boolean;
    /** With opus the fake PBX answers but plays nothing (it has no Opus encoder). */
    codec?: 'PCMU' | 'PCMA' | 'opus';
    editOffer?: (sdp: string) => string;
    /** May change the fake PBX's answer before the gateway sees it (a=ptime, say). */
    editAnswer?: (sdp: string) => string;
    /** The browser-facing range (a test that cuts it with nftables needs one of its own). */
    rtcPortRange?: PortRange;
  } = {},
): Promise<AnsweredCall> {
  const page = await openRigPage(bed.chromium.browser);
  const pbx = await startFakePbxMedia();
  const ended: MediaEndReason[] = [];
  const media = await openCallMedia(
    {
      worker: bed.worker,
      listenIp: '127.0.0.1',
      portRange: rtcPortRange,
      pbxRtp: { listenIp: '127.0.0.1', portRange: { min: 61000, max: 62999 } },
      rtpTimeoutMs,
    },
    {
      callId: 'c',
      browserOfferSdp: editOffer(await createBrowserOffer(page, { video })),
      trunkCodecs: [codec],
      onEnded: (reason) => ended.push(reason),
    },
  );
  const pbxFacingPort = Number(/m=audio (\d+)/.exec(media.pbxOfferSdp)?.[1]);
  const answer = await media.acceptPbxAnswer(editAnswer(pbx.answerSdp(codec)));
  await page.evaluate(
    (sdp) => (window as unknown as CallWindow).pc.setRemoteDescription({ type: 'answer', sdp }),
    answer,
  );
  return {
    page,
    pbx,
    media,
    ended,
    pbxFacingPort,
    async close() {
      media.close();
      pbx.close();
      await page.close();
    },
  };
}
