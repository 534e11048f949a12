import { createSocket, type Socket } from 'node:dgram';
import { randomInt } from 'node:crypto';
import { rtpPortPairs, type PortRange } from '../../../protocol/config/media-sides.ts';
import { RtpStreamNormalizer } from './rtp-stream-normalizer.ts';
import type { OutgoingStreamState } from './telephone-event-sender.ts';

export interface RtpAddress {
  ip: string;
  port: number;
  rtcpPort: number;
}

export interface PbxRtpRelayOptions {
  /**
   * The gateway's address on the PBX's network: the PBX-facing sockets bind to it, and the
   * SDP toward the PBX names it (never the browsers' listen or announced address).
   */
  listenIp: string;
  /**
   * The PBX side's own port range for the RTP/RTCP pair (RTP on an even port, RTCP on the
   * next), apart from the browsers' range that the internet-facing firewall opens.
   */
  portRange: PortRange;
}

/**
 * Stands between the PBX and the call's mediasoup PlainTransport. mediasoup needs a stream's
 * SSRC before it accepts it, a PBX signals none (and changes it on transfers and music on
 * hold), and a PlainTransport cannot be re-pointed when a re-INVITE moves the PBX's media:
 * so the PBX talks to this relay's fixed RTP/RTCP pair, and the relay gives mediasoup one
 * steady stream and sends our audio wherever the PBX's latest SDP says.
 */
export interface PbxRtpRelay {
  /** Where the PBX sends to: the address and ports the sockets are bound to, for our SDP. */
  readonly pbxFacing: RtpAddress;
  /** The loopback socket mediasoup's PlainTransport exchanges RTP/RTCP with. */
  readonly engineFacing: { ip: string; port: number };
  /** The SSRC the PBX's audio carries toward mediasoup, whatever the PBX used. */
  readonly ssrc: number;
  /** Where mediasoup's PlainTransport listens: the PBX's RTP goes there. */
  connectEngine(address: { ip: string; port: number }): void;
  /** The PBX's media address from its SDP, and whether we may send to it (not on hold). */
  setPbxTarget(target: RtpAddress, sending: boolean): void;
  /** The clock rate of the negotiated codec, for timestamp continuity across SSRC changes. */
  setClockRate(clockRate: number): void;
  /** SSRC, sequence and timestamp of the latest packet sent to the PBX. */
  outgoingStream(): OutgoingStreamState | undefined;
  /** Adds a packet of ours (built for the next sequence number) to the PBX-bound stream. */
  sendToPbx(build: (sequence: number) => Buffer): void;
  /** Time of the last RTP packet from the PBX (ms since the epoch), 0 before the first. */
  readonly lastPbxPacketAt: number;
  readonly stats: { fromPbx: number; toPbx: number; dropped: number };
  close(): void;
}

export async function openPbxRtpRelay({
  listenIp,
  portRange,
}: PbxRtpRelayOptions): Promise<PbxRtpRelay> {
  const [rtp, rtcp] = await bindPortPair(listenIp, portRange);
  const engine = createSocket('udp4');
  // Connected to the worker's port: when that worker dies, the kernel answers the next packet
  // with ECONNREFUSED here. The worker pool ends the call; the gateway must not crash.
  engine.on('error', () => undefined);
  await new Promise<void>((resolve) => engine.bind(0, '127.0.0.1', resolve));

  const normalizer = new RtpStreamNormalizer(randomInt(1, 2 ** 32 - 1));
  const stats = { fromPbx: 0, toPbx: 0, dropped: 0 };
  let engineTarget: { ip: string; port: number } | undefined;
  let pbx: RtpAddress | undefined;
  let sending = false;
  let lastPbxPacketAt = 0;

  rtp.on('message', (packet, from) => {
    // Only the PBX's media host may feed the call (no RTP injection from elsewhere); its port
    // may differ from the SDP's behind NAT, so the source port is not checked.
    if (
      !pbx ||
      from.address !== pbx.ip ||
      !engineTarget ||
      !isRtp(packet) ||
      !normalizer.rewrite(packet)
    ) {
      stats.dropped++;
      return;
    }
    stats.fromPbx++;
    lastPbxPacketAt = Date.now();
    // A connected socket: no per-packet address handling on this hot path.
    engine.send(packet);
  });
  // The PBX's RTCP describes SSRCs mediasoup does not know: counted, not forwarded.
  rtcp.on('message', () => stats.dropped++);
  // Toward the PBX the relay may add packets of its own (RFC 4733 events): the sequence
  // numbers of mediasoup's packets are shifted past them.
  let outgoing: OutgoingStreamState | undefined;
  let sequenceShift = 0;
  engine.on('message', (packet, from) => {
    if (!pbx || !engineTarget || from.port !== engineTarget.port) return;
    if (!isRtp(packet)) return void rtcp.send(packet, pbx.rtcpPort, pbx.ip);
    const sequence = (packet.readUInt16BE(2) + sequenceShift) & 0xffff;
    packet.writeUInt16BE(sequence, 2);
    outgoing = { ssrc: packet.readUInt32BE(8), sequence, timestamp: packet.readUInt32BE(4) };
    if (sending) {
      stats.toPbx++;
      rtp.send(packet, pbx.port, pbx.ip);
    }
  });

  let closed = false;
  return {
    pbxFacing: { ip: listenIp, port: rtp.address().port, rtcpPort: rtcp.address().port },
    engineFacing: { ip: '127.0.0.1', port: engine.address().port },
    ssrc: normalizer.ssrc,
    connectEngine(address) {
      engine.connect(address.port, address.ip, () => (engineTarget = address));
    },
    setPbxTarget: (target, mayShip) => {
      pbx = target;
      sending = mayShip;
    },
    setClockRate: (clockRate) => normalizer.setClockRate(clockRate),
    outgoingStream: () => outgoing,
    sendToPbx(build) {
      // Keys queued before the call ended may still come: a closed socket would throw.
      if (closed || !outgoing || !pbx || !sending) return;
      sequenceShift++;
      outgoing = { ...outgoing, sequence: (outgoing.sequence + 1) & 0xffff };
      stats.toPbx++;
      rtp.send(build(outgoing.sequence), pbx.port, pbx.ip);
    },
    get lastPbxPacketAt() {
      return lastPbxPacketAt;
    },
    stats,
    close() {
      if (closed) return;
      closed = true;
      for (const socket of [rtp, rtcp, engine]) socket.close();
    },
  };
}

/** RTCP packet types 200-206 sit where RTP has its marker bit and payload type (RFC 5761). */
function isRtp(packet: Buffer): boolean {
  const second = packet[1] ?? 0;
  return packet.length >= 12 && (packet[0] ?? 0) >> 6 === 2 && !(second >= 200 && second <= 206);
}

async function bindPortPair(ip: string, range: PortRange): Promise<[Socket, Socket]> {
  const { firstRtpPort, count } = rtpPortPairs(range);
  if (count < 1) throw new Error(`no RTP/RTCP port pair fits in ${range.min}-${range.max}`);
  for (let attempt = 0; attempt < 64; attempt++) {
    const port = firstRtpPort + 2 * randomInt(0, count);
    const rtp = await tryBind(ip, port);
    if (!rtp) continue;
    const rtcp = await tryBind(ip, port + 1);
    if (rtcp) return [rtp, rtcp];
    rtp.close();
  }
  throw new Error(`no free RTP/RTCP port pair in ${range.min}-${range.max} on ${ip}`);
}

function tryBind(ip: string, port: number): Promise<Socket | undefined> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    socket.once('error', () => {
      socket.close();
      resolve(undefined);
    });
    socket.bind(port, ip, () => {
      socket.removeAllListeners('error');
      socket.on('error', () => undefined);
      resolve(socket);
    });
  });
}
