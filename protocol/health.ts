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
   * and, with registration on, its registration (media only). One down is not a failed check
   * while another is up: calls go there. Each is named by its place in MEDIA_TRUNK_HOSTS (1 is
   * the first), not by its address: /readyz answers on the public side too, which must not
   * learn the internal network (the gateway's logs name the addresses).
   */
  trunkAddresses: z
    .array(
      z.object({
        pbx: z.number().int().min(1),
        status: z.enum(['up', 'down']),
        /**
         * With MEDIA_TRUNK_REGISTER: the gateway's registration with this address. Only
         * `registered` lets it be up: a PBX that wants registration refuses the others' calls.
         */
        registration: z
          .enum(['registering', 'registered', 'refused', 'failed', 'unregistered'])
          .optional(),
      }),
    )
    .optional(),
});
export type Health = z.infer<typeof HealthSchema>;
