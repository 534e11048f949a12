import type { WebhookEventType } from '../../../protocol/api/webhook-events.ts';

/**
 * A delivery's life:
 *
 *   pending --2xx--> delivered
 *      |  \--other answer, no answer, timeout: retry after the schedule's next wait--> pending
 *      \--the schedule spent--> failed
 */
export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed';

/** A delivery one dispatcher has claimed: no other sends it until its lease ends. */
export interface ClaimedDelivery {
  id: string;
  /** The event's id: the webhook-id header, the same on every attempt and every endpoint. */
  eventId: string;
  siteId: string;
  endpointId: string;
  eventType: WebhookEventType;
  /** This attempt's number, from 1. */
  attempt: number;
  /** The JSON body, byte for byte the same on every attempt. */
  body: string;
}

/** How one attempt went; `nextAttemptAt` unset on a failure means the delivery is given up. */
export interface WebhookAttemptResult {
  startedAt: Date;
  durationMs: number;
  delivered: boolean;
  statusCode?: number;
  /** Why it failed, for administrators: `HTTP 503`, `ECONNREFUSED`, `timeout after 10000 ms`. */
  error?: string;
  nextAttemptAt?: Date;
}

/** A delivery as administrators see it. */
export interface WebhookDeliveryRow {
  id: string;
  eventId: string;
  siteId: string;
  endpointId: string;
  eventType: WebhookEventType;
  status: WebhookDeliveryStatus;
  attempts: number;
  createdAt: Date;
  nextAttemptAt?: Date;
  lastAttemptAt?: Date;
  lastStatusCode?: number;
  lastError?: string;
  deliveredAt?: Date;
}

/** The endpoints of a site that want an event type, by id (from the sites file). */
export type WebhookSubscribers = (siteId: string, type: WebhookEventType) => string[];

/** The outbox's sending side (the events are written with their records, webhook-outbox.ts). */
export interface WebhookStore {
  /**
   * Makes the deliveries of up to `limit` events not yet fanned out, one per endpoint that
   * wants each, due `at`; an event nobody wants is deleted. Returns how many events it took.
   */
  fanOutWebhookEvents(subscribers: WebhookSubscribers, at: Date, limit: number): Promise<number>;
  /**
   * Claims up to `limit` deliveries due by `now`, counting their attempt and moving their
   * next try to `leaseUntil`: safe from several API instances at once (none gets another's).
   */
  claimWebhookDeliveries(now: Date, leaseUntil: Date, limit: number): Promise<ClaimedDelivery[]>;
  /** Logs the attempt and moves the delivery on (delivered, due again, or failed). */
  recordWebhookAttempt(delivery: ClaimedDelivery, result: WebhookAttemptResult): Promise<void>;
  /** The newest deliveries first, of one site or all. */
  listWebhookDeliveries(filter: { siteId?: string; limit?: number }): Promise<WebhookDeliveryRow[]>;
  /** Deletes events made before `createdBefore`, their deliveries and attempts (retention). */
  forgetWebhookEvents(createdBefore: Date): Promise<number>;
}
