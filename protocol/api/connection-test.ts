import { z } from 'zod';

/** The widget's connection test on the path the call will use ("Acceptable" gauge). */
export const ConnectionTestSchema = z
  .strictObject({
    verdict: z.enum(['good', 'acceptable', 'poor', 'failed']),
    /** Packet loss in percent. */
    lossPct: z.number().min(0).max(100),
    /** Round-trip time in milliseconds. */
    rttMs: z.number().min(0).max(60_000),
    /** Jitter in milliseconds. */
    jitterMs: z.number().min(0).max(60_000),
  })
  .meta({ id: 'ConnectionTest' });
export type ConnectionTest = z.infer<typeof ConnectionTestSchema>;
