import { createSocket } from 'node:dgram';
import { LOOPBACK } from '../../../infra/rig/ports.ts';
import { packetCount } from '../media/packet-count.ts';
import { srtpPhoneCrypto, type SrtpPhoneKeys } from '../media/srtp-phone-crypto.ts';

/**
 * A PBX-side media endpoint for SIPp's scenarios (which name its port): every RTP packet it
 * gets goes straight back to where it came from, as SIPp's -rtp_echo does, so the visitor
 * hearing its own packets proves both directions. One of these per agent's phone: a transfer
 * moves the media from one to another, and each counts what reached it.
 */
export interface RtpEcho {
  readonly port: number;
  /** RTP packets received (and sent back) so far. */
  readonly received: number;
  /** Payload types of what arrived: the codec the gateway sends. */
  readonly payloadTypes: Set<number>;
  /** SRTP phones: packets that did not authenticate with the gateway's key (not echoed). */
  readonly undecryptable: number;
  /** Resolves once `packets` more have arrived than so far. */
  more(packets: number, timeoutMs?: number): Promise<void>;
  close(): void;
}

/**
 * `switchTo`: the payload type the phone's packets go back with once `afterPackets` went back
 * as they came (a phone that answered PCMU and PCMA switching to A-law mid-call, say).
 * `srtp`: an SRTP phone (SDES), which decrypts with the gateway's key and sends back under its
 * own, so the visitor hears its packets only when the gateway uses the right key both ways.
 */
export async function startRtpEcho(
  options: { switchTo?: { payloadType: number; afterPackets: number }; srtp?: SrtpPhoneKeys } = {},
): Promise<RtpEcho> {
  const socket = createSocket('udp4');
  const count = packetCount();
  const payloadTypes = new Set<number>();
  const srtp = options.srtp && srtpPhoneCrypto(options.srtp);
  let received = 0;
  let undecryptable = 0;
  socket.on('message', (wire, from) => {
    const second = wire[1] ?? 0;
    // RTCP (packet types 200-206 where RTP has its payload type) is left alone.
    if (wire.length < 12 || (second >= 200 && second <= 206)) return;
    const data = srtp ? srtp.open(wire) : wire;
    if (!data) return void (undecryptable += 1);
    received += 1;
    payloadTypes.add(second & 0x7f);
    // The marker bit stays; only the payload type changes (the test counts packets, not sound).
    const { switchTo } = options;
    if (switchTo && received > switchTo.afterPackets)
      data[1] = (second & 0x80) | switchTo.payloadType;
    socket.send(srtp ? srtp.seal(data) : data, from.port, from.address);
    count.add();
  });
  await new Promise<void>((resolve) => socket.bind(0, LOOPBACK, resolve));
  return {
    port: socket.address().port,
    get received() {
      return received;
    },
    payloadTypes,
    get undecryptable() {
      return undecryptable;
    },
    more: (packets, timeoutMs) => count.more(packets, timeoutMs),
    close: () => socket.close(),
  };
}
