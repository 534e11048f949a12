import { describe, expect, it } from 'vitest';
import { RtpStreamNormalizer } from './rtp-stream-normalizer.ts';

function rtp(ssrc: number, sequence: number, timestamp: number): Buffer {
  const packet = Buffer.alloc(12 + 160);
  packet[0] = 0x80;
  packet.writeUInt16BE(sequence, 2);
  packet.writeUInt32BE(timestamp, 4);
  packet.writeUInt32BE(ssrc, 8);
  return packet;
}

const header = (packet: Buffer) => [
  packet.readUInt32BE(8),
  packet.readUInt16BE(2),
  packet.readUInt32BE(4),
];

describe('RtpStreamNormalizer', () => {
  it('keeps one SSRC and a continuous sequence when the PBX switches source', () => {
    const normalizer = new RtpStreamNormalizer(0xcafe);
    normalizer.setClockRate(8000);
    const out = [
      rtp(1, 100, 1000),
      rtp(1, 101, 1160),
      rtp(2, 65000, 9_000_000),
      rtp(2, 65001, 9_000_160),
    ];
    for (const packet of out) expect(normalizer.rewrite(packet)).toBe(true);
    expect(out.map(header)).toEqual([
      [0xcafe, 100, 1000],
      [0xcafe, 101, 1160],
      [0xcafe, 102, 1320],
      [0xcafe, 103, 1480],
    ]);
  });

  it('wraps sequence numbers and timestamps like RTP does', () => {
    const normalizer = new RtpStreamNormalizer(7);
    const first = rtp(1, 65535, 0xffffffa0);
    const second = rtp(9, 5, 5);
    normalizer.rewrite(first);
    normalizer.rewrite(second);
    expect(header(second)).toEqual([7, 0, 64]);
  });

  it('refuses what is too short to be RTP', () => {
    expect(new RtpStreamNormalizer(1).rewrite(Buffer.alloc(8))).toBe(false);
  });
});
