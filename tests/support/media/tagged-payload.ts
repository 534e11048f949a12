/**
 * A send index in the first four bytes of an RTP payload: no SFU rewrites payloads, so the
 * receiver knows which packet it got whatever the path did to sequence numbers, timestamps and
 * SSRCs. Four bytes of a G.711 frame are half a millisecond of noise.
 */
export function tagPayload(payload: Buffer, index: number): Buffer {
  const tagged = Buffer.from(payload);
  tagged.writeUInt32BE(index >>> 0, 0);
  return tagged;
}

export function payloadTag(payload: Buffer): number | undefined {
  return payload.length >= 4 ? payload.readUInt32BE(0) : undefined;
}
