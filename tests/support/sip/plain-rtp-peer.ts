import { randomInt } from 'node:crypto';
import { createSocket } from 'node:dgram';
import alawmulaw from 'alawmulaw';
import { parse } from 'sdp-transform';
import { RtpHeader, RtpPacket } from 'werift';
import { decodeG711 } from '../media/g711.ts';
import { tagPayload } from '../media/tagged-payload.ts';
import type { PcmAudio } from '../../../infra/rig/tone.ts';

/**
 * A tiny plain-RTP endpoint standing in for the media engine's PlainTransport: it offers PCMU,
 * sends a PCMU tone to the address in the far end's answer every 20 ms, and keeps every RTP
 * packet it receives, so a trunk test makes a real call with real audio.
 */
export interface PlainRtpPeer {
  readonly port: number;
  /** An SDP offer (PCMU + telephone-event) for our socket. */
  offer(): string;
  /** Starts sending the tone to the RTP address in `remoteSdp` (again on a new address). */
  sendTo(remoteSdp: string): void;
  readonly received: RtpPacket[];
  /** What arrived, decoded. */
  receivedAudio(): PcmAudio;
  close(): void;
}

export interface PlainRtpPeerOptions {
  /** Each frame's payload starts with its send index (tagged-payload.ts). */
  tagPayloads?: boolean;
  /** Called as each frame leaves, with its send index. */
  onSent?: (index: number) => void;
  /** Called as each RTP packet arrives. */
  onRtp?: (packet: RtpPacket) => void;
}

export async function startPlainRtpPeer(
  toneHz = 440,
  options: PlainRtpPeerOptions = {},
): Promise<PlainRtpPeer> {
  const socket = createSocket('udp4');
  const received: RtpPacket[] = [];
  socket.on('message', (data) => {
    const second = data[1] ?? 0;
    if (data.length < 12 || (second >= 200 && second <= 206)) return; // RTCP
    try {
      const packet = RtpPacket.deSerialize(data);
      received.push(packet);
      options.onRtp?.(packet);
    } catch {
      // not RTP: ignore
    }
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const port = socket.address().port;
  const ssrc = randomInt(1, 2 ** 31);
  let target: { address: string; port: number } | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;
  let sequence = randomInt(0, 30_000);
  let sample = 0;
  let sentFrames = 0;

  const sendFrame = () => {
    if (!target) return;
    const pcm = new Int16Array(160);
    for (let i = 0; i < 160; i += 1, sample += 1)
      pcm[i] = Math.round(0.5 * 32767 * Math.sin((2 * Math.PI * toneHz * sample) / 8000));
    const tone = Buffer.from(alawmulaw.mulaw.encode(pcm));
    const index = sentFrames++;
    const payload = options.tagPayloads ? tagPayload(tone, index) : tone;
    const packet = new RtpPacket(
      new RtpHeader({ payloadType: 0, sequenceNumber: sequence, timestamp: sample, ssrc }),
      payload,
    );
    sequence = (sequence + 1) % 65536;
    socket.send(packet.serialize(), target.port, target.address);
    options.onSent?.(index);
  };

  return {
    port,
    offer: () =>
      [
        'v=0',
        `o=- ${ssrc} 1 IN IP4 127.0.0.1`,
        's=-',
        'c=IN IP4 127.0.0.1',
        't=0 0',
        `m=audio ${port} RTP/AVP 0 101`,
        'a=rtpmap:0 PCMU/8000',
        'a=rtpmap:101 telephone-event/8000',
        'a=fmtp:101 0-15',
        'a=ptime:20',
        'a=sendrecv',
        '',
      ].join('\r\n'),
    sendTo(remoteSdp) {
      const session = parse(remoteSdp);
      const audio = session.media.find((m) => m.type === 'audio');
      const address = audio?.connection?.ip ?? session.connection?.ip;
      if (!audio || !address || audio.port === 0) return;
      target = { address, port: audio.port };
      timer ??= setInterval(sendFrame, 20);
    },
    received,
    receivedAudio: () =>
      decodeG711(
        received.filter((p) => p.header.payloadType === 0),
        'PCMU',
      ),
    close() {
      clearInterval(timer);
      socket.close();
    },
  };
}
