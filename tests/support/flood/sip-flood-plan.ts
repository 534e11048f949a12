import { z } from 'zod';

/** What sip-flood-process.ts sends, from where. */
export const FloodPlanSchema = z.strictObject({
  /** The gateway's SIP WebSocket URL. */
  url: z.string(),
  origin: z.string(),
  /** The address the flood comes from (any 127.0.0.0/8 address on loopback). */
  localAddress: z.string(),
  /** WebSockets opened at the start; the messages go round them. */
  sockets: z.int().min(1),
  messages: z.int().min(1),
  /** Messages per second; unset: as fast as they go. */
  ratePerS: z.number().positive().optional(),
  /** `mixed`: every kind of bad message in turn; `tokenless-invite`: INVITEs without a token. */
  kind: z.enum(['mixed', 'tokenless-invite']).default('mixed'),
  /**
   * After the last message, the sockets stay open for the answers still queued at the gateway:
   * until this many final answers came, or (unset) until none came for `quietMs`; at most 60 s.
   */
  awaitAnswers: z.int().min(0).optional(),
  quietMs: z.int().min(0).default(5000),
});
export type FloodPlan = z.input<typeof FloodPlanSchema>;

export interface FloodReport {
  sent: number;
  /** Final answers (and requests) the gateway sent back; provisional ones are not counted. */
  answers: number;
  /** Responses the gateway sent, by status. */
  statuses: Record<string, number>;
  /** Upgrades the gateway refused (429 banned, 503 full). */
  refusedUpgrades: number;
  /** How the flood's sockets were closed, by close code (1008: banned). */
  closeCodes: Record<number, number>;
  /** From the start to the last message sent. */
  durationMs: number;
  /** From the start to the last answer: how long the gateway took to work through it all. */
  lastAnswerMs: number;
}
