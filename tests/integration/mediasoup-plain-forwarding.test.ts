import { createSocket } from 'node:dgram';
import * as mediasoup from 'mediasoup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RtpHeader, RtpPacket } from 'werift';
import { startRtpReceiver } from '../support/media/rtp-receiver.ts';

// A real mediasoup worker (the binary infra/bootstrap.sh provides) forwarding RTP between two
// PlainTransports, the way the gateway's PBX leg carries audio.
// The gateway gives each call's router only the codecs that call offers (call-media.ts); this
// one carries PCMU, the codec forwarded below.
const pcmuRouterCodecs: mediasoup.types.RouterRtpCodecCapability[] = [
  { kind: 'audio', mimeType: 'audio/PCMU', clockRate: 8000, preferredPayloadType: 0 },
];

describe('mediasoup worker: PlainTransport to PlainTransport', () => {
  let worker: mediasoup.types.Worker;

  beforeAll(async () => {
    worker = await mediasoup.createWorker({ logLevel: 'warn' });
  });
  afterAll(() => worker?.close());

  it('forwards every RTP packet with its payload intact, rewritten for the consumer', async () => {
    const router = await worker.createRouter({ mediaCodecs: pcmuRouterCodecs });
    const inbound = await router.createPlainTransport({
      listenInfo: { protocol: 'udp', ip: '127.0.0.1' },
      rtcpMux: true,
      comedia: true,
    });
    const producer = await inbound.produce({
      kind: 'audio',
      rtpParameters: {
        codecs: [{ mimeType: 'audio/PCMU', payloadType: 0, clockRate: 8000 }],
        encodings: [{ ssrc: 0x1111 }],
      },
    });

    const receiver = await startRtpReceiver();
    const outbound = await router.createPlainTransport({
      listenInfo: { protocol: 'udp', ip: '127.0.0.1' },
      rtcpMux: true,
      comedia: false,
    });
    await outbound.connect({ ip: '127.0.0.1', port: receiver.port });
    const consumer = await outbound.consume({
      producerId: producer.id,
      rtpCapabilities: router.rtpCapabilities,
    });
    expect(consumer.rtpParameters.codecs[0]?.mimeType).toBe('audio/PCMU');

    const sender = createSocket('udp4');
    const sent: Buffer[] = [];
    for (let i = 0; i < 50; i++) {
      const payload = Buffer.alloc(160, i);
      sent.push(payload);
      const packet = new RtpPacket(
        new RtpHeader({
          payloadType: 0,
          sequenceNumber: 1000 + i,
          timestamp: 160 * i,
          ssrc: 0x1111,
          marker: i === 0,
        }),
        payload,
      );
      await new Promise<void>((resolve, reject) =>
        sender.send(packet.serialize(), inbound.tuple.localPort, '127.0.0.1', (error) =>
          error ? reject(error) : resolve(),
        ),
      );
      // Paced like a stream (a tenth of real time, to keep the test short), not one burst.
      await new Promise((resolve) => setTimeout(resolve, 2));
    }

    const received = await receiver.waitFor(50, 5000);
    expect(received.map((packet) => packet.payload)).toEqual(sent);
    expect(new Set(received.map((packet) => packet.header.ssrc))).toEqual(
      new Set([consumer.rtpParameters.encodings?.[0]?.ssrc]),
    );
    const sequence = received.map((packet) => packet.header.sequenceNumber);
    expect(sequence.slice(1).every((seq, i) => seq === ((sequence[i] ?? 0) + 1) % 65536)).toBe(
      true,
    );

    sender.close();
    receiver.close();
    router.close();
    const dump = await worker.dump();
    expect(dump.routerIds).toEqual([]);
  });
});
