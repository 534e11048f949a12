/**
 * Refusals of a browser INVITE that say nothing against the caller: the call's own outcome
 * (the queue timed out, no agent, busy, the visitor cancelled, declined) or the gateway's
 * state (a failure, the PBX unreachable, draining). A visitor behind a busy NAT meets these
 * through no fault of its own, so the flood limit does not count them.
 */
const notTheCallersFault = new Set([408, 480, 486, 487, 500, 502, 503, 504, 600, 603]);

/**
 * Whether a refused INVITE counts toward its address's flood limit: a bad or missing token
 * (403), an offer the gateway cannot take (488, 415), a malformed request (400, 416, 501...).
 */
export function countsAgainstCaller(status: number): boolean {
  return !notTheCallersFault.has(status);
}
