import { readFileSync } from 'node:fs';

/** One IPv4 UDP datagram from a capture. */
export interface CapturedDatagram {
  /** Capture time, epoch ms (microsecond resolution). */
  at: number;
  srcPort: number;
  dstPort: number;
  payload: Buffer;
}

const LINKTYPE_ETHERNET = 1;
const LINKTYPE_LINUX_SLL = 113;
const LINKTYPE_RAW = 101;

/**
 * The UDP datagrams of a classic pcap file (what tcpdump -w writes): decoding RTP headers
 * ourselves is much faster than asking tshark for hundreds of thousands of fields.
 */
export function readUdpDatagrams(path: string): CapturedDatagram[] {
  const file = readFileSync(path);
  const magic = file.readUInt32LE(0);
  const littleEndian = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  if (!littleEndian && file.readUInt32BE(0) !== 0xa1b2c3d4 && file.readUInt32BE(0) !== 0xa1b23c4d)
    throw new Error(`${path} is not a classic pcap file`);
  const nanos = (littleEndian ? magic : file.readUInt32BE(0)) === 0xa1b23c4d;
  const u32 = (offset: number) =>
    littleEndian ? file.readUInt32LE(offset) : file.readUInt32BE(offset);
  const linkType = u32(20);
  const linkHeader =
    linkType === LINKTYPE_ETHERNET
      ? 14
      : linkType === LINKTYPE_LINUX_SLL
        ? 16
        : linkType === LINKTYPE_RAW
          ? 0
          : -1;
  if (linkHeader < 0) throw new Error(`unsupported pcap link type ${linkType}`);

  const datagrams: CapturedDatagram[] = [];
  let offset = 24;
  while (offset + 16 <= file.length) {
    const seconds = u32(offset);
    const fraction = u32(offset + 4);
    const captured = u32(offset + 8);
    const start = offset + 16;
    offset = start + captured;
    const ip = start + linkHeader;
    if (offset > file.length || (file[ip] ?? 0) >> 4 !== 4 || file[ip + 9] !== 17) continue;
    const udp = ip + ((file[ip] ?? 0) & 0x0f) * 4;
    if (udp + 8 > offset) continue;
    datagrams.push({
      at: seconds * 1000 + (nanos ? fraction / 1e6 : fraction / 1e3),
      srcPort: file.readUInt16BE(udp),
      dstPort: file.readUInt16BE(udp + 2),
      payload: file.subarray(udp + 8, offset),
    });
  }
  return datagrams;
}
