import { z } from 'zod';

/** What every service answers on GET /healthz (alive) and GET /readyz (able to serve). */
export const HealthSchema = z.object({
  /**
   * `draining`: the service is shutting down on purpose (readiness answers 503 so load
   * balancers and the API send it nothing new) while it finishes what it holds.
   */
  status: z.enum(['ok', 'unavailable', 'draining']),
  service: z.enum(['api', 'media']),
  version: z.string(),
  /** Seconds since the process started. */
  uptimeS: z.number().nonnegative(),
  /** Named checks behind the status, e.g. `{ mediasoupWorker: 'ok' }`. */
  checks: z.record(z.string(), z.enum(['ok', 'failed'])).default({}),
  /**
   * The gateway's PBX addresses in priority order, each up or down by its own OPTIONS pings
   * (media only). One down is not a failed check while another is up: calls go there.
   */
  trunkAddresses: z
    .array(z.object({ address: z.string(), status: z.enum(['up', 'down']) }))
    .optional(),
});
export type Health = z.infer<typeof HealthSchema>;
