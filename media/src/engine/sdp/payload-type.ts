/**
 * The RTP payload type an SDP format token names (RFC 8866 5.14, RFC 3551), or NaN: decimal
 * digits of a 7-bit number, written without a leading zero. `00`, `.0` or `1e1` name none: an
 * answer echoing a type back must write it as the offer did, and a peer comparing formats as
 * strings would not find `0` in an offer of `00`.
 */
export function payloadTypeOf(token: string): number {
  return /^(?:0|[1-9]\d{0,2})$/.test(token) && Number(token) <= 127 ? Number(token) : Number.NaN;
}
