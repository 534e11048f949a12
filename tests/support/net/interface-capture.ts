// A packet capture on one interface (tcpdump), read back as IPv4 UDP/TCP packets with their
// addresses, ports and raw payloads (tshark), for tests that assert what crossed a wire.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { stopProcess, type ProcessRegistry } from '../../../infra/rig/processes.ts';
import { waitFor } from '../../../infra/rig/wait.ts';

const run = promisify(execFile);

export interface CapturedPacket {
  protocol: 'udp' | 'tcp';
  src: string;
  dst: string;
  srcPort: number;
  dstPort: number;
  /** The UDP or TCP payload (empty for a bare TCP segment). */
  payload: Buffer;
}

export interface InterfaceCapture {
  /** Stops tcpdump and returns every UDP and TCP packet it saw, in order. */
  stop(): Promise<CapturedPacket[]>;
}

/**
 * Starts tcpdump on `iface` through `processes` (a NamespacedProcesses captures inside its
 * namespace) and resolves once it captures. -U writes each packet as it comes, so nothing is
 * lost when it is stopped.
 */
export async function captureInterface(
  processes: ProcessRegistry,
  iface: string,
  pcapPath: string,
): Promise<InterfaceCapture> {
  const tcpdump = processes.spawn({
    name: `tcpdump-${iface}`,
    command: 'tcpdump',
    args: ['-i', iface, '-n', '-U', '-w', pcapPath, 'udp or tcp'],
  });
  await waitFor(async () => (await readFile(tcpdump.logPath, 'utf8')).includes('listening on'), {
    timeoutMs: 5_000,
    what: `tcpdump on ${iface}`,
    abort: () => (tcpdump.hasExited() ? `tcpdump exited, see ${tcpdump.logPath}` : undefined),
  });
  return {
    async stop() {
      await stopProcess(tcpdump);
      return readCapturedPackets(pcapPath);
    },
  };
}

const fields = [
  'ip.src',
  'ip.dst',
  'udp.srcport',
  'udp.dstport',
  'tcp.srcport',
  'tcp.dstport',
  'udp.payload',
  'tcp.payload',
];

/** The IPv4 UDP and TCP packets of a pcap file (not those quoted inside ICMP errors). */
export async function readCapturedPackets(pcapPath: string): Promise<CapturedPacket[]> {
  const { stdout } = await run(
    'tshark',
    [
      ...['-r', pcapPath, '-Y', 'ip and (udp or tcp) and not icmp', '-T', 'fields'],
      ...['-E', 'separator=|', '-E', 'occurrence=f'],
      ...fields.flatMap((field) => ['-e', field]),
    ],
    { maxBuffer: 256 * 1024 * 1024 },
  );
  return stdout
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => {
      const [src = '', dst = '', udpSrc, udpDst, tcpSrc, tcpDst, udpPayload, tcpPayload] =
        line.split('|');
      const udp = Boolean(udpSrc);
      return {
        protocol: udp ? 'udp' : 'tcp',
        src,
        dst,
        srcPort: Number(udp ? udpSrc : tcpSrc),
        dstPort: Number(udp ? udpDst : tcpDst),
        payload: Buffer.from((udp ? udpPayload : tcpPayload) ?? '', 'hex'),
      };
    });
}
