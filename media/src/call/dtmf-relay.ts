/**
 * The key of an `application/dtmf-relay` SIP INFO body (`Signal=5\r\nDuration=160`), the
 * de facto format WebRTC SIP clients use for keypad presses; undefined when malformed.
 */
export function dtmfRelaySignal(contentType: string | undefined, body: string): string | undefined {
  if (!/^application\/dtmf-relay\b/i.test(contentType ?? '') || body.length > 200) return undefined;
  const signal = /^\s*Signal\s*=\s*([0-9A-D*#])\s*$/im.exec(body)?.[1];
  return signal?.toUpperCase();
}
