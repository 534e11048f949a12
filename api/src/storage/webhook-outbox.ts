import { randomUUID } from 'node:crypto';
import type { WebhookBody } from '../../../protocol/api/webhook-events.ts';
import { isAbandonedCall } from '../calls/abandoned-call.ts';
import {
  callAbandonedBody,
  callbackRequestedBody,
  callEndedBody,
  ratingSubmittedBody,
} from '../webhooks/webhook-payloads.ts';
import type { CallbackRequestRow, CallRecord } from './repository.ts';
import type { SqlClient } from './sql-client.ts';
import { toCallRecord } from './sql-call-store.ts';

/**
 * The webhook outbox's input side: each event is written in the transaction that stores what
 * it tells (the call's end, the rating, the callback request), so an event exists exactly
 * when its record does, whatever crashes in between. Its id, drawn here, is the webhook-id
 * every delivery and retry of it carries. The dispatcher (api/src/webhooks/) sends it on to
 * the site's endpoints that want its type; a site without any drops it there.
 */
async function queueWebhookEvent(tx: SqlClient, siteId: string, body: WebhookBody, at: Date) {
  await tx.query(
    `insert into webhook_events (id, site_id, type, body, created_at)
     values ($1, $2, $3, $4, $5)`,
    [randomUUID(), siteId, body.type, JSON.stringify(body), at],
  );
}

/** What a call's record said before an event was applied to it (under the call's lock). */
export interface CallEndBefore {
  status: string;
  endInferred: boolean;
}

/**
 * After an event (or the API's inference) ended the call: call.ended, and call.abandoned when
 * the visitor left before the answer. Once per end: again only when the gateway's own report
 * replaces an end the API had inferred, with what really happened.
 */
export async function queueCallEndEvents(
  tx: SqlClient,
  callId: string,
  before: CallEndBefore,
  at: Date,
): Promise<void> {
  const { rows } = await tx.query('select * from calls where id = $1', [callId]);
  const call = rows[0] ? toCallRecord(rows[0]) : undefined;
  if (!call?.endedAt || call.status !== 'ended') return;
  const firstEnd = before.status !== 'ended';
  const corrected = before.status === 'ended' && before.endInferred && !call.endInferred;
  if (!firstEnd && !corrected) return;
  const ended = call as CallRecord & { endedAt: Date };
  await queueWebhookEvent(tx, call.siteId, callEndedBody(ended), at);
  if (isAbandonedCall(call)) await queueWebhookEvent(tx, call.siteId, callAbandonedBody(ended), at);
}

/** rating.submitted for ratings just stored, by id. */
export async function queueRatingEvents(tx: SqlClient, ratingIds: string[], at: Date) {
  if (ratingIds.length === 0) return;
  const { rows } = await tx.query(
    `select r.id as rating_id, r.stars, r.comment, r.created_at as rating_created_at, c.*
     from ratings r join calls c on c.id = r.call_id where r.id = any($1::uuid[])`,
    [ratingIds],
  );
  for (const row of rows) {
    const call = toCallRecord(row);
    const rating = {
      id: row.rating_id as string,
      callId: call.id,
      stars: row.stars as number,
      comment: row.comment as string,
      createdAt: new Date(row.rating_created_at as Date),
    };
    await queueWebhookEvent(tx, call.siteId, ratingSubmittedBody(rating, call), at);
  }
}

/** callback.requested for a request just stored. */
export async function queueCallbackEvent(tx: SqlClient, request: CallbackRequestRow) {
  if (!request.phone) return;
  const body = callbackRequestedBody({ ...request, phone: request.phone });
  await queueWebhookEvent(tx, request.siteId, body, request.createdAt);
}
