import { canonicalIp, parseHop } from './ip-address.ts';
import type { TrustedProxies } from './trusted-proxies.ts';

export interface ForwardedRequest {
  /** The TCP peer: the socket's remoteAddress. */
  peer: string | undefined;
  /**
   * X-Forwarded-For: one value (Node joins repeated header lines with ", "), or one string
   * per header line in the order received.
   */
  forwardedFor: string | readonly string[] | undefined;
}

/**
 * The visitor's address, for per-address limits, captcha checks and session binding.
 *
 * Each proxy appends the address it was connected from, so the header's right end is written
 * by the proxy closest to us and its left end by whoever sent the request. Walking from the
 * socket peer leftwards while the current address is a trusted proxy, the first address that
 * is not one is the client: nothing it wrote (further left) is believed. With no trusted
 * proxies the header is ignored. A malformed hop stops the walk at the last good address.
 * Undefined only when the peer itself is unknown.
 */
export function clientAddress(
  request: ForwardedRequest,
  proxies: TrustedProxies,
): string | undefined {
  let client = request.peer === undefined ? undefined : canonicalIp(request.peer);
  if (client === undefined) return undefined;
  const hops = forwardedHops(request.forwardedFor);
  for (let i = hops.length - 1; i >= 0 && proxies.includes(client); i -= 1) {
    const hop = parseHop(hops[i]!);
    if (hop === undefined) break;
    client = hop;
  }
  return client;
}

/** Every hop, leftmost first; a header line that is empty adds none. */
function forwardedHops(header: string | readonly string[] | undefined): string[] {
  const lines = typeof header === 'string' ? [header] : (header ?? []);
  return lines.filter((line) => line.trim() !== '').flatMap((line) => line.split(','));
}
