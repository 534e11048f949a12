import { createSocket, type Socket } from 'node:dgram';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { openPbxRtpRelay } from './pbx-rtp-relay.ts';
import { telephoneEventSender } from './telephone-event-sender.ts';

const sockets: Socket[] = [];
async function udpSocket(): Promise<Socket> {
  const socket = createSocket('udp4');
  sockets.push(socket);
  socket.bind(0, '127.0.0.1');
  await once(socket, 'listening');
  return socket;
}
afterEach(() => sockets.splice(0).forEach((socket) => socket.close()));

const rtp = (sequence: number) => {
  const packet = Buffer.alloc(172);
  packet[0] = 0x80;
  packet[1] = 0; // PCMU
  packet.writeUInt16BE(sequence, 2);
  packet.writeUInt32BE(sequence * 160, 4);
  packet.writeUInt32BE(0x1234, 8);
  return packet;
};

describe('the PBX RTP relay', () => {
  it('binds an RTP/RTCP pair of its own range and gives that address for the SDP', async () => {
    // 127.0.0.2 is loopback too, but not where the browsers' media would be (127.0.0.1).
    const relay = await openPbxRtpRelay({
      listenIp: '127.0.0.2',
      portRange: { min: 41001, max: 41004 },
    });
    try {
      // The one pair that fits: 41001 is odd, and 41004's RTCP would be 41005.
      expect(relay.pbxFacing).toEqual({ ip: '127.0.0.2', port: 41002, rtcpPort: 41003 });
      // The PBX really reaches it there.
      const pbx = await udpSocket();
      relay.setPbxTarget({ ip: '127.0.0.1', port: pbx.address().port, rtcpPort: 0 }, true);
      const mediasoup = await udpSocket();
      relay.connectEngine({ ip: '127.0.0.1', port: mediasoup.address().port });
      await expect
        .poll(async () => {
          pbx.send(rtp(1), relay.pbxFacing.port, relay.pbxFacing.ip);
          return relay.stats.fromPbx;
        })
        .toBeGreaterThan(0);
    } finally {
      relay.close();
    }
  });

  it('drops keypad events still queued when the call ends, instead of crashing the gateway', async () => {
    const relay = await openPbxRtpRelay({
      listenIp: '127.0.0.1',
      portRange: { min: 40000, max: 40999 },
    });
    const pbx = await udpSocket();
    const mediasoup = await udpSocket();
    const pbxPort = pbx.address().port;
    relay.setPbxTarget({ ip: '127.0.0.1', port: pbxPort, rtcpPort: pbxPort + 1 }, true);
    relay.connectEngine({ ip: '127.0.0.1', port: mediasoup.address().port });
    // Our audio toward the PBX gives the stream its SSRC and sequence; the relay takes it once
    // its engine-facing socket is connected, so send until the PBX hears some.
    const heard = once(pbx, 'message');
    let sequence = 0;
    const audio = setInterval(
      () => mediasoup.send(rtp(++sequence), relay.engineFacing.port, relay.engineFacing.ip),
      5,
    );
    await heard.finally(() => clearInterval(audio));

    const keys = telephoneEventSender({
      payloadType: 101,
      clockRate: 8000,
      send: (build) => relay.sendToPbx(build),
      current: () => relay.outgoingStream(),
    });
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    // In the gateway either would end the process, and every call with it.
    process.on('uncaughtException', onUncaught);
    process.on('unhandledRejection', onUncaught);
    try {
      const firstEvent = once(pbx, 'message');
      expect(keys.sendKeys('123')).toBe(true);
      await firstEvent;
      relay.close(); // the visitor hangs up mid-key
      // The rest of the three keys would have played over the next ~0.6 s: the test is that
      // nothing is thrown during that time, so it waits it out.
      await new Promise((resolve) => setTimeout(resolve, 700));
    } finally {
      process.off('uncaughtException', onUncaught);
      process.off('unhandledRejection', onUncaught);
    }
    expect(uncaught).toEqual([]);
  });
});
