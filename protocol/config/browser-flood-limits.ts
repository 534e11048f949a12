import { z } from 'zod';

/**
 * Flood limits on the browsers' SIP WebSocket (media-config.ts spreads these fields in), as
 * Kamailio's pike module does them: rates per client address (the real one behind trusted
 * proxies) over all its sockets, and a ban for an address that goes over one. Sized so that a
 * corporate NAT with hundreds of visitors behind one address still gets through: each visitor
 * opens one socket per call and sends a few SIP messages per call (INVITE, ACK, BYE, a refresh,
 * a DTMF INFO per key), while a flood sends thousands a second.
 */
export const browserFloodFields = {
  /**
   * Most browser WebSockets open at once on the whole gateway; beyond it an upgrade gets 503.
   * Unset: four per call the node takes (MEDIA_MAX_CALLS), at least 1000, so that a few
   * addresses at their own cap cannot fill it. An idle socket is closed after
   * MEDIA_WS_IDLE_TIMEOUT_MS, so most of them are calls.
   */
  maxBrowserConnections: z.coerce.number().int().min(1).max(1_000_000).optional(),
  /** New WebSockets from one address per 10 s: a visitor opens one per call. */
  floodNewConnectionsPer10s: z.coerce.number().int().min(1).max(100_000).default(30),
  /** SIP frames (requests, responses, keep-alives) from one address per second. */
  floodSipRequestsPerS: z.coerce.number().int().min(1).max(100_000).default(50),
  /**
   * INVITEs from one address refused for what they carry (a bad token, junk SDP, a malformed
   * request) per minute; refusals that are not the caller's fault (no agent, busy, the
   * gateway draining) are not counted. A visitor with a stale token retries a few times.
   */
  floodRefusedInvitesPerMin: z.coerce.number().int().min(1).max(100_000).default(10),
  /**
   * How long an address over a limit is banned: its upgrades get 429 with Retry-After and its
   * open sockets are closed (1008).
   */
  floodBanMs: z.coerce.number().int().min(1000).max(86_400_000).default(60_000),
};

/** Sockets the gateway allows per call it takes, when MEDIA_MAX_BROWSER_CONNECTIONS is unset. */
const socketsPerCall = 4;
const minBrowserConnections = 1000;

export function browserConnectionCapDefault<
  Config extends { maxBrowserConnections?: number | undefined; maxCalls: number },
>(config: Config): Config & { maxBrowserConnections: number } {
  return {
    ...config,
    maxBrowserConnections:
      config.maxBrowserConnections ??
      Math.max(minBrowserConnections, socketsPerCall * config.maxCalls),
  };
}

type FloodConfig = {
  [Field in keyof typeof browserFloodFields]-?: Exclude<
    z.infer<(typeof browserFloodFields)[Field]>,
    undefined
  >;
};

/** The limits as the address rate limiter takes them: each count with its window. */
export function browserFloodLimits(config: FloodConfig) {
  return {
    limits: {
      connection: { limit: config.floodNewConnectionsPer10s, windowMs: 10_000 },
      request: { limit: config.floodSipRequestsPerS, windowMs: 1000 },
      refusedInvite: { limit: config.floodRefusedInvitesPerMin, windowMs: 60_000 },
    },
    banMs: config.floodBanMs,
  };
}
