/**
 * Rewrites RTP packets in place so that whatever SSRCs the PBX sends (a new one after a
 * transfer, music on hold, an announcement) reach mediasoup as one stream: one SSRC, with
 * sequence numbers and timestamps that carry on where the previous source stopped.
 */
export class RtpStreamNormalizer {
  readonly ssrc: number;
  private sourceSsrc: number | undefined;
  private sequenceOffset = 0;
  private timestampOffset = 0;
  private lastSequence = 0;
  private lastTimestamp = 0;
  /** One 20 ms packet's worth of timestamp, the gap left when the source changes. */
  private packetTicks = 160;

  constructor(ssrc: number) {
    this.ssrc = ssrc >>> 0;
  }

  setClockRate(clockRate: number): void {
    this.packetTicks = Math.round(clockRate / 50);
  }

  /** Rewrites `packet`; false when it is too short to be RTP. */
  rewrite(packet: Buffer): boolean {
    if (packet.length < 12) return false;
    const source = packet.readUInt32BE(8);
    const sequence = packet.readUInt16BE(2);
    const timestamp = packet.readUInt32BE(4);
    if (source !== this.sourceSsrc) {
      if (this.sourceSsrc !== undefined) {
        this.sequenceOffset = (this.lastSequence + 1 - sequence) & 0xffff;
        this.timestampOffset = (this.lastTimestamp + this.packetTicks - timestamp) >>> 0;
      }
      this.sourceSsrc = source;
    }
    const outSequence = (sequence + this.sequenceOffset) & 0xffff;
    const outTimestamp = (timestamp + this.timestampOffset) >>> 0;
    packet.writeUInt16BE(outSequence, 2);
    packet.writeUInt32BE(outTimestamp, 4);
    packet.writeUInt32BE(this.ssrc, 8);
    this.lastSequence = outSequence;
    this.lastTimestamp = outTimestamp;
    return true;
  }
}
