import type { types } from 'mediasoup';
import type { PortRange } from '../../../protocol/config/media-sides.ts';
import type { PlainRtpAddress } from './sdp/pbx-sdp.ts';

/** The gateway's side of the PBX's network: its own address and port range. */
export interface PbxRtpSettings {
  /**
   * The gateway's address on the PBX's network: the PBX-facing transport binds to it, and the
   * SDP toward the PBX names it (never the browsers' listen or announced address).
   */
  listenIp: string;
  /** The PBX side's own port range, apart from the browsers' range the internet-facing firewall opens. */
  portRange: PortRange;
}

/** Where the PBX's SDP says it receives: RTP and RTCP (its RTP port when it multiplexes). */
export interface PbxMediaTarget {
  ip: string;
  port: number;
  rtcpPort: number;
  rtcpMux: boolean;
}

/**
 * The call's PlainTransport toward the PBX, in the worker itself (no relay in between). Two
 * options of our worker patch (infra/mediasoup-worker/patches/0001-*) make it fit a PBX:
 * `acceptAnySsrc`, because a PBX signals no SSRC and changes it on transfers and music on hold
 * (the worker rewrites every source to the producer's SSRC, with sequence numbers and
 * timestamps continuous), and a second `connect()` that moves the remote address when a
 * re-INVITE moves the PBX's media. RTP is taken only from the address the PBX's SDP names: the
 * worker drops anything from elsewhere. RTCP has a port of its own (most PBXs do not
 * multiplex), announced with `a=rtcp`.
 */
export class PbxPlainTransport {
  readonly transport: types.PlainTransport;
  /** Our RTP and RTCP ports on the PBX's network, for the SDP toward the PBX. */
  readonly address: PlainRtpAddress;
  #target: PbxMediaTarget | undefined;

  private constructor(transport: types.PlainTransport, address: PlainRtpAddress) {
    this.transport = transport;
    this.address = address;
  }

  static async open(router: types.Router, settings: PbxRtpSettings): Promise<PbxPlainTransport> {
    const listenInfo = {
      protocol: 'udp' as const,
      ip: settings.listenIp,
      portRange: settings.portRange,
    };
    const transport = await router.createPlainTransport({
      listenInfo,
      rtcpListenInfo: listenInfo,
      rtcpMux: false,
      comedia: false,
      acceptAnySsrc: true,
    });
    const rtcpPort = transport.rtcpTuple?.localPort;
    if (rtcpPort === undefined) throw new Error('mediasoup gave the PBX transport no RTCP port');
    return new PbxPlainTransport(transport, {
      ip: settings.listenIp,
      port: transport.tuple.localPort,
      rtcpPort,
    });
  }

  /** Points the transport at the PBX's media address (again, when a re-INVITE moved it). */
  async pointAt(target: PbxMediaTarget): Promise<void> {
    const current = this.#target;
    if (
      current &&
      current.ip === target.ip &&
      current.port === target.port &&
      current.rtcpPort === target.rtcpPort
    )
      return;
    this.#target = target;
    // A multiplexing PBX takes our RTCP on its RTP port.
    await this.transport.connect({
      ip: target.ip,
      port: target.port,
      rtcpPort: target.rtcpMux ? target.port : target.rtcpPort,
    });
  }

  /**
   * Bytes received on the transport's RTP and RTCP ports so far: the PBX's sign of life, its
   * RTCP included, since a PBX that suppresses silence may send no RTP for a while. Counted
   * before the worker checks the source; these ports are on the internal network only.
   */
  async bytesReceived(): Promise<number> {
    const stats = await this.transport.getStats();
    return stats[0]?.bytesReceived ?? 0;
  }
}
