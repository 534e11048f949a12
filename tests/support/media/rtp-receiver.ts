import { createSocket, type Socket } from 'node:dgram';
import { RtpPacket } from 'werift';

/** A UDP socket on 127.0.0.1 that keeps every RTP packet it receives (RTCP is ignored). */
export interface RtpReceiver {
  port: number;
  packets: RtpPacket[];
  /** Resolves once `count` RTP packets arrived; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs: number): Promise<RtpPacket[]>;
  /** Sends from this socket (symmetric RTP: a PBX sends from the port it receives on). */
  send(datagram: Buffer, port: number): void;
  close(): void;
}

export async function startRtpReceiver(): Promise<RtpReceiver> {
  const socket: Socket = createSocket('udp4');
  const packets: RtpPacket[] = [];
  socket.on('message', (message) => {
    // RTCP packet types 200-206 sit where RTP has marker + payload type (RFC 5761).
    const secondByte = message[1] ?? 0;
    if (message.length < 12 || (secondByte >= 200 && secondByte <= 206)) return;
    packets.push(RtpPacket.deSerialize(message));
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    port: socket.address().port,
    packets,
    async waitFor(count, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (packets.length < count) {
        if (Date.now() > deadline)
          throw new Error(
            `only ${packets.length} of ${count} RTP packets arrived in ${timeoutMs} ms`,
          );
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return packets;
    },
    send: (datagram, port) => socket.send(datagram, port, '127.0.0.1'),
    close: () => socket.close(),
  };
}
