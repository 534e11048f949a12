import { z } from 'zod';

/**
 * What the gateway tells the widget during an answered call, as the JSON body of a SIP INFO
 * (application/json): who the visitor is talking to now, and whether the agent holds the call.
 */
export const CallUpdateSchema = z.strictObject({
  agentName: z.string().min(1).max(80).optional(),
  held: z.boolean().optional(),
});
export type CallUpdate = z.infer<typeof CallUpdateSchema>;
