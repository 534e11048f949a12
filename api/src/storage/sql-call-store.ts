import type { QualityFigures } from '../../../protocol/api/call-event.ts';
import type { InferredEndCause } from '../../../protocol/call-end-reason.ts';
import type { CallStatus } from '../../../protocol/call-phase.ts';
import { applyCallEvent } from './call-event-changes.ts';
import { lockCall } from './call-event-lock.ts';
import { callFromClaims } from './call-from-claims.ts';
import { forgetEarlyEvents, holdEarlyEvent, takeEarlyEvents } from './early-call-events.ts';
import { endCallOfGoneGateway, findCallsOfGoneGateway } from './gone-gateway-calls.ts';
import {
  attachHeldCallbackLinks,
  forgetHeldCallbackLinks,
  linkCallbackToCall,
} from './held-callback-links.ts';
import { settleHeldRating } from './held-ratings.ts';
import type { CallRecord, CallStore, EventOutcome, NewCall } from './repository.ts';
import { optional, optionalDate } from './row-mapping.ts';
import type { SqlClient } from './sql-client.ts';
import { queueCallEndEvents } from './webhook-outbox.ts';

const callColumns = [
  'id',
  'site_id',
  'session_id',
  'queue',
  'queue_display_name',
  'intent',
  'language',
  'country',
  'created_at',
  'token_expires_at',
  'connection_test',
  'gateway_node',
  'gateway_boot_id',
  'status',
  'consent',
];

// In callColumns order.
const callValues = (call: NewCall) => [
  call.id,
  call.siteId,
  call.sessionId,
  call.queue,
  call.queueDisplayName,
  call.routing.intent,
  call.routing.language,
  call.routing.country,
  call.createdAt,
  call.tokenExpiresAt,
  call.connectionTest ? JSON.stringify(call.connectionTest) : null,
  call.gatewayNode ?? null,
  call.gatewayBootId ?? null,
  // A record exists only once media reported the call created (its first event).
  'created' satisfies CallStatus,
  call.consent ? JSON.stringify(call.consent) : null,
];

export function toCallRecord(row: Record<string, unknown>): CallRecord {
  return {
    id: row.id as string,
    siteId: row.site_id as string,
    sessionId: row.session_id as string,
    queue: row.queue as string,
    queueDisplayName: row.queue_display_name as string,
    routing: {
      intent: row.intent as string,
      language: row.language as string,
      country: row.country as string,
    },
    status: row.status as CallStatus,
    createdAt: new Date(row.created_at as Date),
    tokenExpiresAt: new Date(row.token_expires_at as Date),
    connectionTest: optional(row.connection_test as CallRecord['connectionTest']),
    gatewayNode: optional(row.gateway_node as string | null),
    gatewayBootId: optional(row.gateway_boot_id as string | null),
    consent: optional(row.consent as CallRecord['consent'] | null),
    ringingAt: optionalDate(row.ringing_at),
    answeredAt: optionalDate(row.answered_at),
    endedAt: optionalDate(row.ended_at),
    endReason: optional(row.end_reason as string | null),
    durationS: optional(row.duration_s as number | null),
    codec: optional(row.codec as string | null),
    agentName: optional(row.agent_name as string | null),
    sipStatus: optional(row.sip_status as number | null),
    quality: optional(row.quality as QualityFigures | null),
    endInferred: optional(row.end_inferred as InferredEndCause | null),
  };
}

const insertCallSql = `insert into calls (${callColumns.join(', ')})
  values (${callColumns.map((_, i) => `$${i + 1}`).join(', ')}) on conflict (id) do nothing`;

const insertCall = (db: SqlClient, call: NewCall) => db.query(insertCallSql, callValues(call));

export function sqlCallStore(db: SqlClient): CallStore {
  return {
    async getCall(id) {
      const { rows } = await db.query('select * from calls where id = $1', [id]);
      return rows[0] ? toCallRecord(rows[0]) : undefined;
    },
    recordEvent: (event, receivedAt) =>
      db.transaction(async (tx): Promise<EventOutcome> => {
        // One call's events may reach several API instances at once: they take turns, so an
        // event arriving while its `created` is being stored is applied, not left waiting.
        await lockCall(tx, event.callId);
        // A retried `created` finds its record there already (same claims, same row); the
        // callback requests that named the call before it landed are linked to it now.
        if (event.type === 'created') {
          await insertCall(tx, callFromClaims(event.claims, event.bootId));
          await attachHeldCallbackLinks(tx, event.callId);
        }
        const { rows } = await tx.query<{ status: CallStatus; end_inferred: string | null }>(
          'select status, end_inferred from calls where id = $1',
          [event.callId],
        );
        const call = rows[0];
        if (!call) return holdEarlyEvent(tx, event, receivedAt);
        const outcome = await applyCallEvent(tx, event, receivedAt, call.status);
        let status = outcome.status;
        if (event.type === 'created') {
          for (const early of await takeEarlyEvents(tx, event.callId)) {
            ({ status } = await applyCallEvent(tx, early.event, early.receivedAt, status));
          }
        }
        // Answered or ended, the call decides its held rating: stored, or dropped.
        if (outcome.kind === 'applied' && (status === 'answered' || status === 'ended')) {
          await settleHeldRating(tx, event.callId, receivedAt);
        }
        // The end (or the gateway's report replacing an inferred one) goes to the webhooks.
        if (outcome.kind === 'applied' && status === 'ended') {
          const before = { status: call.status, endInferred: call.end_inferred !== null };
          await queueCallEndEvents(tx, event.callId, before, receivedAt);
        }
        return outcome.kind;
      }),
    forgetEarlyEvents: (receivedBefore) => forgetEarlyEvents(db, receivedBefore),
    linkCallbackToCall: (link, maxPerSession) => linkCallbackToCall(db, link, maxPerSession),
    forgetHeldCallbackLinks: (heldBefore) => forgetHeldCallbackLinks(db, heldBefore),
    findCallsOfGoneGateway: (gone, limit) => findCallsOfGoneGateway(db, gone, limit),
    endCallOfGoneGateway: (callId, gone, at) => endCallOfGoneGateway(db, callId, gone, at),
    async listOpenCalls() {
      // The partial index calls_open_on_gateway (status <> 'ended') keeps this cheap.
      const { rows } = await db.query(
        "select * from calls where status <> 'ended' order by created_at",
      );
      return rows.map(toCallRecord);
    },
    async countCalls() {
      const { rows } = await db.query<{ n: number }>('select count(*)::int as n from calls');
      return rows[0]?.n ?? 0;
    },
  };
}
