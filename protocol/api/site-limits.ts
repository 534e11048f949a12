import { z } from 'zod';

const perMinute = (fallback: number) => z.int().min(1).max(1_000_000).default(fallback);

/** Abuse controls of one site. Rates are per rolling minute; 429 + Retry-After beyond them. */
export const SiteLimitsSchema = z.strictObject({
  /** Sessions (captcha passes) one client IP may start per minute. */
  sessionsPerIpPerMinute: perMinute(10),
  /** Sessions the whole site may start per minute. */
  sessionsPerSitePerMinute: perMinute(600),
  /** Call tokens one client IP may obtain per minute. */
  callsPerIpPerMinute: perMinute(10),
  /** Call tokens the whole site may obtain per minute. */
  callsPerSitePerMinute: perMinute(600),
  /** Connection tests (probe tokens, each a few seconds of a gateway transport) per client IP. */
  connectionTestsPerIpPerMinute: perMinute(20),
  /** Connection tests the whole site may run per minute. */
  connectionTestsPerSitePerMinute: perMinute(1200),
  /** Calls in progress (token issued and not expired unused, or ringing/answered) per site. */
  concurrentCallsPerSite: z.int().min(1).max(1_000_000).default(200),
  /** Calls in progress per client IP. */
  concurrentCallsPerIp: z.int().min(1).max(1_000_000).default(2),
  /** Call tokens one session may obtain (retries after a failed connection). */
  callsPerSession: z.int().min(1).max(1_000_000).default(3),
});
