import { z } from 'zod';

/**
 * What the gateway tells the widget during an answered call, as the JSON body of a SIP INFO
 * (application/json): who the visitor is talking to now, whether the agent holds the call,
 * and a blind transfer (the PBX's REFER): `transferring: true` while another agent's phone
 * rings (the widget shows ringing again), `false` once the call is through to them (with
 * their name) or back with the first agent when the transfer failed.
 */
export const CallUpdateSchema = z.strictObject({
  agentName: z.string().min(1).max(80).optional(),
  held: z.boolean().optional(),
  transferring: z.boolean().optional(),
});
export type CallUpdate = z.infer<typeof CallUpdateSchema>;
