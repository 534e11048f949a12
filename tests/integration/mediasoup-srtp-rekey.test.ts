import * as mediasoup from 'mediasoup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RtpHeader, RtpPacket } from 'werift';
import { newSdesKey, srtpPhoneCrypto } from '../support/media/srtp-phone-crypto.ts';
import { startRtpReceiver, type RtpReceiver } from '../support/media/rtp-receiver.ts';

// Worker patch 0001 on its own: a PlainTransport with SRTP connected again, as a re-INVITE
// does, takes the remote's new key (a new receiving session, RFC 4568 7.1.4) and new address,
// keeps its own key, and keeps its sessions when the new parameters are refused. The PBX here
// is a socket sending SRTP protected by werift; what the worker decrypts is forwarded to a
// plain receiver, each packet's payload naming which send it was.
const suite = 'AES_CM_128_HMAC_SHA1_80' as const;

describe('mediasoup worker: an SRTP PlainTransport connected again', () => {
  let worker: mediasoup.types.Worker;

  beforeAll(async () => {
    worker = await mediasoup.createWorker({ logLevel: 'warn' });
  });
  afterAll(() => worker?.close());

  it('takes a new remote key and address, keeps its own key, and survives a refused one', async () => {
    const router = await worker.createRouter({
      mediaCodecs: [{ kind: 'audio', mimeType: 'audio/PCMU', clockRate: 8000 }],
    });
    const [alice, bob, heard] = await Promise.all([
      startRtpReceiver(),
      startRtpReceiver(),
      startRtpReceiver(),
    ]);
    try {
      const fromPbx = await router.createPlainTransport({
        listenInfo: { protocol: 'udp', ip: '127.0.0.1' },
        rtcpMux: true,
        comedia: false,
        acceptAnySsrc: true,
        enableSrtp: true,
        srtpCryptoSuite: suite,
      });
      const ourKey = fromPbx.srtpParameters?.keyBase64;
      const producer = await fromPbx.produce({
        kind: 'audio',
        rtpParameters: {
          codecs: [{ mimeType: 'audio/PCMU', payloadType: 0, clockRate: 8000 }],
          encodings: [{ ssrc: 0x2222 }],
        },
      });
      const toListener = await router.createPlainTransport({
        listenInfo: { protocol: 'udp', ip: '127.0.0.1' },
        rtcpMux: true,
        comedia: false,
      });
      await toListener.connect({ ip: '127.0.0.1', port: heard.port });
      await toListener.consume({
        producerId: producer.id,
        rtpCapabilities: router.rtpCapabilities,
      });

      let sequenceNumber = 100;
      // `count` packets from `phone`, protected with `key`, each payload filled with `mark`.
      const send = async (phone: RtpReceiver, key: string, mark: number, count = 20) => {
        const crypto = srtpPhoneCrypto({ phoneKey: key, gatewayKey: () => undefined });
        for (let i = 0; i < count; i++) {
          sequenceNumber += 1;
          const header = new RtpHeader({
            payloadType: 0,
            sequenceNumber,
            timestamp: sequenceNumber * 160,
            ssrc: 0x7777,
          });
          const rtp = new RtpPacket(header, Buffer.alloc(160, mark)).serialize();
          phone.send(crypto.seal(rtp), fromPbx.tuple.localPort);
          await new Promise((resolve) => setTimeout(resolve, 2));
        }
      };
      const marks = () => heard.packets.map((packet) => packet.payload[0]);
      /** The PBX's media at `port` under `keyBase64`, as a re-INVITE's offer would set it. */
      const connectTo = (port: number, keyBase64: string) =>
        fromPbx.connect({
          ip: '127.0.0.1',
          port,
          srtpParameters: { cryptoSuite: suite, keyBase64 },
        });

      const first = newSdesKey();
      await connectTo(alice.port, first);
      await send(alice, first, 1);
      await heard.waitFor(20, 5000);

      // Refused (a key of the wrong length): the transport goes on with its sessions.
      const short = Buffer.alloc(20, 9).toString('base64');
      await expect(connectTo(bob.port, short)).rejects.toThrow(/invalid decoded SRTP key length/);
      await send(alice, first, 2);
      await heard.waitFor(40, 5000);

      // Re-keyed at the same address: the old key no longer decrypts, the new one does.
      const second = newSdesKey();
      await connectTo(alice.port, second);
      await send(alice, first, 3);
      await send(alice, second, 4);
      await heard.waitFor(60, 5000);

      // Moved to Bob with a third key: only Bob, under that key, is heard.
      const third = newSdesKey();
      await connectTo(bob.port, third);
      await send(alice, third, 5);
      await send(bob, second, 6);
      await send(bob, third, 7);
      await heard.waitFor(80, 5000);

      const counted = (mark: number) => marks().filter((m) => m === mark).length;
      expect([1, 2, 3, 4, 5, 6, 7].map(counted)).toEqual([20, 20, 0, 20, 0, 0, 20]);
      // Our own key never changed: an offer made before the re-key still names it.
      expect(fromPbx.srtpParameters?.keyBase64).toBe(ourKey);
    } finally {
      for (const socket of [alice, bob, heard]) socket.close();
      router.close();
    }
    expect((await worker.dump()).routerIds).toEqual([]);
  });
});
