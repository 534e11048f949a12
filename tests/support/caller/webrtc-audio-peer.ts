import {
  RTCPeerConnection,
  RTCRtpCodecParameters,
  RtpHeader,
  RtpPacket,
  type RTCRtpTransceiver,
} from 'werift';
import { tagPayload } from '../media/tagged-payload.ts';
import { payloadSourceFor, type PayloadSource } from './rtp-payloads.ts';

/** Chromium's audio offer, in its order and with its payload types (opus, G722, G.711, events). */
const chromiumAudioCodecs = () => [
  new RTCRtpCodecParameters({
    mimeType: 'audio/opus',
    clockRate: 48000,
    channels: 2,
    payloadType: 111,
    parameters: 'minptime=10;useinbandfec=1',
  }),
  new RTCRtpCodecParameters({ mimeType: 'audio/G722', clockRate: 8000, payloadType: 9 }),
  new RTCRtpCodecParameters({ mimeType: 'audio/PCMU', clockRate: 8000, payloadType: 0 }),
  new RTCRtpCodecParameters({ mimeType: 'audio/PCMA', clockRate: 8000, payloadType: 8 }),
  new RTCRtpCodecParameters({
    mimeType: 'audio/telephone-event',
    clockRate: 48000,
    payloadType: 110,
  }),
  new RTCRtpCodecParameters({
    mimeType: 'audio/telephone-event',
    clockRate: 8000,
    payloadType: 126,
  }),
];

export interface AudioPeerStats {
  /** RTP packets handed to the sender while connected. */
  sent: number;
  /** RTP packets received from the gateway. */
  received: number;
  /**
   * Packets the far end sent between the first and the last one received (RFC 3550 6.4.1:
   * highest extended sequence number minus the first, plus one); `expected - received` were lost.
   */
  expected: number;
  /** The SSRC our packets carry on the wire (werift's sender picks it). */
  ssrc: number;
  /** Received packets whose audio is the far end's tone (peers that listen for one). */
  heardTone?: number;
}

/**
 * A programmable WebRTC audio endpoint standing in for a browser: werift here, pion for the
 * bench's load (media/bench/pion-callers.ts).
 */
export interface WebRtcAudioPeer {
  createOffer(): Promise<string>;
  acceptAnswer(sdp: string): Promise<void>;
  /** The codec the answer chose (e.g. `PCMU`), once accepted. */
  readonly codec: string | undefined;
  /** Resolves once ICE and DTLS are up (mediasoup is ICE-lite; we connect to it). */
  connected(timeoutMs?: number): Promise<void>;
  /** Sends 20 ms packets of the negotiated codec until stopped. */
  startSending(hz?: number): void;
  /** Resolves once sending stopped, with `stats` up to date. */
  stopSending(): Promise<void>;
  readonly stats: AudioPeerStats;
  close(): Promise<void>;
}

export interface WebRtcAudioPeerOptions {
  /** Every RTP packet received from the gateway, e.g. to decode what the visitor heard. */
  onRtp?: (packet: RtpPacket) => void;
  /** Each packet's payload starts with its send index (tagged-payload.ts). */
  tagPayloads?: boolean;
  /** Called as each packet is handed to the sender, with its send index. */
  onSent?: (index: number) => void;
}

export function createWebRtcAudioPeer(options: WebRtcAudioPeerOptions = {}): WebRtcAudioPeer {
  const pc = new RTCPeerConnection({
    codecs: { audio: chromiumAudioCodecs() },
    iceServers: [],
    iceUseIpv6: false,
    // In the test's private namespace loopback is the only interface; werift skips it unless told.
    iceAdditionalHostAddresses: ['127.0.0.1'],
  });
  const transceiver: RTCRtpTransceiver = pc.addTransceiver('audio', { direction: 'sendrecv' });
  const stats: AudioPeerStats = {
    sent: 0,
    received: 0,
    expected: 0,
    ssrc: transceiver.sender.ssrc,
  };
  let firstSequence: number | undefined;
  let highest = 0;
  transceiver.onTrack.subscribe((track) => {
    track.onReceiveRtp.subscribe((rtp) => {
      stats.received++;
      options.onRtp?.(rtp);
      const sequence = rtp.header.sequenceNumber;
      if (firstSequence === undefined) {
        firstSequence = highest = sequence;
      } else {
        // Extend the 16-bit number with the cycle nearest to the highest seen so far.
        const delta = ((sequence - (highest & 0xffff) + 0x8000) & 0xffff) - 0x8000;
        highest = Math.max(highest, highest + delta);
      }
      stats.expected = highest - firstSequence + 1;
    });
  });
  let timer: NodeJS.Timeout | undefined;
  let codec: string | undefined;

  return {
    async createOffer() {
      await pc.setLocalDescription(await pc.createOffer());
      // werift gathers host candidates inside setLocalDescription; wait for it to finish.
      if (pc.iceGatheringState !== 'complete') {
        await new Promise<void>((resolve) =>
          pc.iceGatheringStateChange.subscribe((state) => state === 'complete' && resolve()),
        );
      }
      const sdp = pc.localDescription?.sdp;
      if (!sdp) throw new Error('werift produced no offer');
      return sdp;
    },
    async acceptAnswer(sdp) {
      await pc.setRemoteDescription({ type: 'answer', sdp });
      // See docs/environment.md: werift otherwise settles on receive-only.
      for (const t of pc.getTransceivers()) t.setDirection('sendrecv');
      codec = transceiver.sender.codec?.mimeType.replace(/^audio\//i, '');
    },
    get codec() {
      return codec;
    },
    async connected(timeoutMs = 5000) {
      if (pc.connectionState === 'connected') return;
      await new Promise<void>((resolve, reject) => {
        const timeout = setTimeout(
          () =>
            reject(new Error(`WebRTC not connected after ${timeoutMs} ms (${pc.connectionState})`)),
          timeoutMs,
        );
        pc.connectionStateChange.subscribe((state) => {
          if (state !== 'connected') return;
          clearTimeout(timeout);
          resolve();
        });
      });
    },
    startSending(hz = 440) {
      if (!codec) throw new Error('no codec negotiated yet');
      const source: PayloadSource = payloadSourceFor(codec, hz);
      const payloadType = transceiver.sender.codec?.payloadType ?? 0;
      let sequence = 0;
      timer = setInterval(() => {
        const header = new RtpHeader({
          payloadType,
          sequenceNumber: sequence & 0xffff,
          timestamp: (sequence * source.ticks) >>> 0,
          marker: sequence === 0,
        });
        sequence++;
        if (pc.connectionState !== 'connected') return;
        const index = stats.sent++;
        const payload = options.tagPayloads ? tagPayload(source.next(), index) : source.next();
        void transceiver.sender.sendRtp(new RtpPacket(header, payload));
        options.onSent?.(index);
      }, 20);
    },
    async stopSending() {
      clearInterval(timer);
      timer = undefined;
    },
    stats,
    async close() {
      clearInterval(timer);
      await pc.close();
    },
  };
}
