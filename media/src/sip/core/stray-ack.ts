import type { IncomingRequestMessage, UserAgentCore } from 'sip.js/lib/core/index.js';

/**
 * Whether `message` is an ACK that belongs to no transaction and no dialog the core could hand
 * it to, and must therefore be absorbed before it reaches sip.js's core.
 *
 * An ACK without a To tag can only acknowledge a non-2xx final response, and that ACK carries
 * its INVITE's branch (RFC 3261 17.1.1.3), so it meets its server transaction. One that meets
 * none is stray. sip.js's core runs its merged-request check (RFC 3261 8.2.2.2) on it like on
 * any tagless request, and an ACK with the From tag, Call-ID and CSeq number of an INVITE in
 * progress was answered 482 (the fuzzer found it: the PBX's ACK to its own re-INVITE with the
 * To tag spelled wrong). An ACK is never answered (RFC 3261 17.2.1), whatever it holds.
 */
export function isStrayAck(core: UserAgentCore, message: IncomingRequestMessage): boolean {
  return (
    message.method === 'ACK' && !message.toTag && !core.userAgentServers.has(message.viaBranch)
  );
}
