import type { Page } from 'playwright-core';

export type CallWindow = { pc: RTCPeerConnection; remote: MediaStream };

/**
 * In the page: a microphone (the fake 440 Hz file) on a peer connection; returns its offer.
 * `video` adds a video line, as softphones that offer video by default do.
 */
export async function createBrowserOffer(page: Page, { video = false } = {}): Promise<string> {
  return page.evaluate(async (video) => {
    const stream = await navigator.mediaDevices.getUserMedia({
      audio: { echoCancellation: false, autoGainControl: false, noiseSuppression: false },
    });
    const pc = new RTCPeerConnection({ iceServers: [] });
    const call = window as unknown as CallWindow;
    call.pc = pc;
    call.remote = new MediaStream();
    pc.addEventListener('track', (event) => call.remote.addTrack(event.track));
    for (const track of stream.getTracks()) pc.addTrack(track, stream);
    if (video) pc.addTransceiver('video', { direction: 'recvonly' });
    await pc.setLocalDescription(await pc.createOffer());
    await new Promise<void>((resolve) => {
      if (pc.iceGatheringState === 'complete') resolve();
      pc.addEventListener(
        'icegatheringstatechange',
        () => pc.iceGatheringState === 'complete' && resolve(),
      );
    });
    return pc.localDescription?.sdp ?? '';
  }, video);
}
