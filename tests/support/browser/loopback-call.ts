import type { JSHandle, Page } from 'playwright-core';

export interface LoopbackCall {
  sender: RTCPeerConnection;
  receiver: RTCPeerConnection;
  /** The fake microphone, with the processing that would squash a test tone turned off. */
  localStream: MediaStream;
  /** What `receiver` gets from `sender`. */
  remoteStream: MediaStream;
}

/**
 * Page side (for page.evaluateHandle): two RTCPeerConnections in one page, the microphone sent
 * from one to the other over 127.0.0.1 host candidates, resolved once audio is flowing (ICE
 * connected). No STUN server: there is no network but loopback.
 */
export async function connectLoopbackPeers(): Promise<LoopbackCall> {
  const localStream = await navigator.mediaDevices.getUserMedia({
    audio: { echoCancellation: false, autoGainControl: false, noiseSuppression: false },
  });
  const sender = new RTCPeerConnection({ iceServers: [] });
  const receiver = new RTCPeerConnection({ iceServers: [] });
  sender.onicecandidate = (e) => void (e.candidate && receiver.addIceCandidate(e.candidate));
  receiver.onicecandidate = (e) => void (e.candidate && sender.addIceCandidate(e.candidate));
  const remoteStream = new Promise<MediaStream>((resolve) => {
    receiver.ontrack = (e) => resolve(e.streams[0] ?? new MediaStream([e.track]));
  });
  for (const track of localStream.getAudioTracks()) sender.addTrack(track, localStream);

  await sender.setLocalDescription(await sender.createOffer());
  await receiver.setRemoteDescription(sender.localDescription!);
  await receiver.setLocalDescription(await receiver.createAnswer());
  await sender.setRemoteDescription(receiver.localDescription!);

  const connected = new Promise<void>((resolve, reject) => {
    const check = () => {
      if (
        receiver.iceConnectionState === 'connected' ||
        receiver.iceConnectionState === 'completed'
      )
        resolve();
      if (receiver.iceConnectionState === 'failed')
        reject(new Error('loopback ICE failed: no 127.0.0.1 candidates?'));
    };
    receiver.oniceconnectionstatechange = check;
    check();
  });
  await connected;
  return { sender, receiver, localStream, remoteStream: await remoteStream };
}

/** Node side: sets up the loopback call and returns handles to its parts. */
export async function startLoopbackCall(page: Page) {
  const call = await page.evaluateHandle(connectLoopbackPeers);
  return {
    call,
    receiver: (await call.getProperty('receiver')) as JSHandle<RTCPeerConnection>,
    remoteStream: (await call.getProperty('remoteStream')) as JSHandle<MediaStream>,
  };
}
