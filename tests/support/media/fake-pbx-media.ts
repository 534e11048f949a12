import { createSocket } from 'node:dgram';
import alawmulaw from 'alawmulaw';
import { RtpHeader, RtpPacket } from 'werift';
import { sineTone } from '../../../infra/rig/tone.ts';
import { startRtpReceiver, type RtpReceiver } from './rtp-receiver.ts';

/**
 * The media end of a PBX without the SIP: receives RTP on a loopback port, answers with a
 * plain SDP, and plays a G.711 tone at the gateway in 20 ms packets, as a desk phone would.
 */
export interface FakePbxMedia {
  receiver: RtpReceiver;
  /** Its answer; `opus` with telephone-event/48000, G.711 with telephone-event/8000 (PT 126). */
  answerSdp(codec: 'PCMU' | 'PCMA' | 'opus', direction?: string): string;
  /**
   * Plays `hz` toward `port` until stopped, from the port the SDP names as a PBX does
   * (`fromElsewhere`: from another port, as an injecting stranger would); a new SSRC every
   * `ssrcEvery` packets if set.
   */
  playTone(options: {
    port: number;
    codec: 'PCMU' | 'PCMA';
    hz: number;
    ssrcEvery?: number;
    fromElsewhere?: boolean;
  }): () => void;
  close(): void;
}

export async function startFakePbxMedia(): Promise<FakePbxMedia> {
  const receiver = await startRtpReceiver();
  const stops: (() => void)[] = [];
  return {
    receiver,
    answerSdp: (codec, direction = 'sendrecv') =>
      [
        'v=0',
        'o=- 1 1 IN IP4 127.0.0.1',
        's=fake-pbx',
        'c=IN IP4 127.0.0.1',
        't=0 0',
        ...(codec === 'opus'
          ? [
              `m=audio ${receiver.port} RTP/AVP 111 110`,
              'a=rtpmap:111 opus/48000/2',
              'a=rtpmap:110 telephone-event/48000',
            ]
          : [
              `m=audio ${receiver.port} RTP/AVP ${codec === 'PCMU' ? 0 : 8} 126`,
              `a=rtpmap:${codec === 'PCMU' ? '0 PCMU' : '8 PCMA'}/8000`,
              'a=rtpmap:126 telephone-event/8000',
            ]),
        `a=${direction}`,
        '',
      ].join('\r\n'),
    playTone({ port, codec, hz, ssrcEvery, fromElsewhere = false }) {
      const stranger = fromElsewhere ? createSocket('udp4') : undefined;
      const send = (datagram: Buffer) =>
        stranger ? stranger.send(datagram, port, '127.0.0.1') : receiver.send(datagram, port);
      const samples = sineTone({ hz, seconds: 1, sampleRate: 8000, amplitude: 0.5 });
      const pcm = Int16Array.from(samples, (sample) => Math.round(sample * 32767));
      const encoded = codec === 'PCMU' ? alawmulaw.mulaw.encode(pcm) : alawmulaw.alaw.encode(pcm);
      let sequence = 0;
      const timer = setInterval(() => {
        const offset = (sequence * 160) % 8000;
        const source = ssrcEvery ? Math.floor(sequence / ssrcEvery) : 0;
        // Each new source starts at sequence numbers and timestamps of its own, as a real one
        // (a transferred-to phone, the music-on-hold server) does.
        const header = new RtpHeader({
          payloadType: codec === 'PCMU' ? 0 : 8,
          sequenceNumber: (sequence + source * 20_011) & 0xffff,
          timestamp: (sequence * 160 + source * 987_654_321) >>> 0,
          ssrc: 0x5000 + source,
        });
        send(
          new RtpPacket(header, Buffer.from(encoded.subarray(offset, offset + 160))).serialize(),
        );
        sequence++;
      }, 20);
      let stopped = false;
      const stop = () => {
        if (stopped) return;
        stopped = true;
        clearInterval(timer);
        stranger?.close();
      };
      stops.push(stop);
      return stop;
    },
    close() {
      for (const stop of stops.splice(0)) stop();
      receiver.close();
    },
  };
}
