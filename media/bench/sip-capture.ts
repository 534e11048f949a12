import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * One SIP message found in a capture, over the browser's WebSocket or the trunk's UDP. The
 * trunk legs are named by kamailio's port only: to-trunk is what reaches kamailio (from the
 * gateway, or an agent's responses), from-trunk what kamailio sends (to the gateway or agents).
 */
export interface CapturedSip {
  at: number;
  method: string | undefined;
  status: number | undefined;
  cseqMethod: string;
  callId: string;
  leg: 'browser-to-gateway' | 'gateway-to-browser' | 'to-trunk' | 'from-trunk';
  /** The SDP's m= port, when the message carries SDP. */
  mediaPort: number | undefined;
}

const fields = [
  'frame.time_epoch',
  'sip.Method',
  'sip.Status-Code',
  'sip.CSeq.method',
  'sip.Call-ID',
  'tcp.srcport',
  'tcp.dstport',
  'udp.srcport',
  'udp.dstport',
  'sdp.media.port',
];

/**
 * SIP messages of a loopback capture, decoded by tshark: SIP inside the browser's plain
 * WebSocket (the gateway's HTTP port is declared as HTTP so the Upgrade is followed) and SIP
 * over UDP to and from the trunk (kamailio's port).
 */
export async function readCapturedSip(
  pcap: string,
  ports: { gatewayHttp: number; pbxSip: number },
): Promise<CapturedSip[]> {
  const { stdout } = await run(
    'tshark',
    [
      '-r',
      pcap,
      '-d',
      `tcp.port==${ports.gatewayHttp},http`,
      '-d',
      `udp.port==${ports.pbxSip},sip`,
      '-Y',
      'sip',
      '-T',
      'fields',
      '-E',
      'separator=|',
      '-E',
      'occurrence=f',
      ...fields.flatMap((field) => ['-e', field]),
    ],
    { maxBuffer: 256 * 1024 * 1024 },
  );
  const messages: CapturedSip[] = [];
  for (const line of stdout.split('\n')) {
    if (!line.trim()) continue;
    const [time, method, status, cseqMethod, callId, tcpSrc, tcpDst, udpSrc, udpDst, mediaPort] =
      line.split('|');
    const leg =
      Number(tcpDst) === ports.gatewayHttp
        ? 'browser-to-gateway'
        : Number(tcpSrc) === ports.gatewayHttp
          ? 'gateway-to-browser'
          : Number(udpDst) === ports.pbxSip
            ? 'to-trunk'
            : Number(udpSrc) === ports.pbxSip
              ? 'from-trunk'
              : undefined;
    if (!leg || !callId) continue;
    messages.push({
      at: Number(time) * 1000,
      method: method || undefined,
      status: status ? Number(status) : undefined,
      cseqMethod: cseqMethod ?? '',
      callId,
      leg,
      mediaPort: mediaPort ? Number(mediaPort) : undefined,
    });
  }
  return messages;
}
