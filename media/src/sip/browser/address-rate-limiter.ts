/** At most `limit` events in each fixed window of `windowMs`. */
export interface RateLimit {
  limit: number;
  windowMs: number;
}

/** What one client address is counted on (all its sockets together). */
export type CountedEvent = 'connection' | 'request' | 'refusedInvite';

export interface AddressRateLimiterOptions {
  limits: Readonly<Record<CountedEvent, RateLimit>>;
  /** How long an address that went over a limit stays banned. */
  banMs: number;
  /** Milliseconds clock; tests inject their own. */
  now?: () => number;
}

/**
 * `banned-now`: this event went over a limit and started the address's ban (act on it once:
 * log it, close its sockets); `banned`: the address was banned already.
 */
export type RateVerdict = 'allowed' | 'banned-now' | 'banned';

export interface AddressRateLimiter {
  /** Counts one event from `address`. */
  count(address: string, event: CountedEvent): RateVerdict;
  /** Milliseconds left of the address's ban; 0 when it is not banned. */
  banLeftMs(address: string): number;
  /** Addresses remembered (counting or banned): the limiter's memory. */
  readonly trackedAddresses: number;
}

interface AddressCounts {
  windows: Partial<Record<CountedEvent, { start: number; count: number }>>;
  bannedUntil: number;
}

/**
 * Per-address rates with a temporary ban, as Kamailio's pike module does: fixed windows (a
 * burst may reach twice a limit across a window's edge, which is enough to tell a flood from
 * visitors), and a ban that refuses everything from the address until it runs out.
 */
export function addressRateLimiter(options: AddressRateLimiterOptions): AddressRateLimiter {
  const now = options.now ?? Date.now;
  const addresses = new Map<string, AddressCounts>();
  // Entries outlive their windows and ban by at most this, so memory follows recent senders.
  const keepMs = Math.max(options.banMs, ...Object.values(options.limits).map((l) => l.windowMs));
  let sweptAt = now();

  const forget = (at: number) => {
    for (const [address, counts] of addresses) {
      const live = Object.entries(counts.windows).some(
        ([event, window]) => window.start + options.limits[event as CountedEvent].windowMs > at,
      );
      if (!live && counts.bannedUntil <= at) addresses.delete(address);
    }
    sweptAt = at;
  };

  return {
    count(address, event) {
      const at = now();
      if (at - sweptAt >= keepMs) forget(at);
      let counts = addresses.get(address);
      if (!counts) addresses.set(address, (counts = { windows: {}, bannedUntil: 0 }));
      if (counts.bannedUntil > at) return 'banned';
      const { limit, windowMs } = options.limits[event];
      let window = counts.windows[event];
      if (!window || at - window.start >= windowMs) {
        counts.windows[event] = window = { start: at, count: 0 };
      }
      window.count += 1;
      if (window.count <= limit) return 'allowed';
      // The ban starts afresh: its windows count from zero when it ends.
      counts.bannedUntil = at + options.banMs;
      counts.windows = {};
      return 'banned-now';
    },
    banLeftMs(address) {
      const left = (addresses.get(address)?.bannedUntil ?? 0) - now();
      return Math.max(0, left);
    },
    get trackedAddresses() {
      return addresses.size;
    },
  };
}
