/** RFC 4733 event codes of the DTMF keys, in `0123456789*#ABCD` order. */
const dtmfKeys = '0123456789*#ABCD';

/** The RFC 4733 event code of a DTMF key, or undefined for anything else. */
export function dtmfEventCode(key: string): number | undefined {
  const code = key.length === 1 ? dtmfKeys.indexOf(key.toUpperCase()) : -1;
  return code >= 0 ? code : undefined;
}

/**
 * The 4-byte RFC 4733 payload: event, end bit, volume (dBm0 below 0, 10 is typical) and the
 * duration so far in timestamp units.
 */
export function telephoneEventPayload(
  event: number,
  end: boolean,
  durationTicks: number,
  volume = 10,
): Buffer {
  const payload = Buffer.alloc(4);
  payload[0] = event;
  payload[1] = (end ? 0x80 : 0) | (volume & 0x3f);
  payload.writeUInt16BE(Math.min(0xffff, Math.max(0, Math.round(durationTicks))), 2);
  return payload;
}
