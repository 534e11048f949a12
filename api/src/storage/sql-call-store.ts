import type { CallEvent } from '../../../protocol/api/call-event.ts';
import { callStatusRank, type CallStatus } from '../../../protocol/call-phase.ts';
import { callFromClaims } from './call-from-claims.ts';
import type { CallRecord, CallStore, EventOutcome, NewCall } from './repository.ts';
import { optional, optionalDate } from './row-mapping.ts';
import type { SqlClient } from './sql-client.ts';

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
  'status',
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
  // A record exists only once media reported the call created (its first event).
  'created' satisfies CallStatus,
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
    ringingAt: optionalDate(row.ringing_at),
    answeredAt: optionalDate(row.answered_at),
    endedAt: optionalDate(row.ended_at),
    endReason: optional(row.end_reason as string | null),
    durationS: optional(row.duration_s as number | null),
    codec: optional(row.codec as string | null),
    agentName: optional(row.agent_name as string | null),
    sipStatus: optional(row.sip_status as number | null),
    quality: optional(row.quality as Record<string, number> | null),
  };
}

/** What an event sets on the call row besides its status. */
function eventColumns(event: CallEvent): Record<string, unknown> {
  switch (event.type) {
    case 'created':
      return {}; // its record was just inserted from the claims
    case 'ringing':
      return { ringing_at: event.at };
    case 'answered':
      return { answered_at: event.at, codec: event.codec, agent_name: event.agentName ?? null };
    case 'ended':
      return {
        ended_at: event.at,
        end_reason: event.reason,
        duration_s: event.durationS,
        sip_status: event.sipStatus ?? null,
        quality: event.quality ? JSON.stringify(event.quality) : null,
      };
  }
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
        // A retried `created` finds its record there already (same claims, same row).
        if (event.type === 'created') await insertCall(tx, callFromClaims(event.claims));
        const { rows } = await tx.query<{ status: CallStatus }>(
          'select status from calls where id = $1 for update',
          [event.callId],
        );
        const call = rows[0];
        if (!call) return 'unknown_call';
        const inserted = await tx.query(
          `insert into call_events (event_id, call_id, type, at, received_at, body)
           values ($1, $2, $3, $4, $5, $6) on conflict (event_id) do nothing`,
          [event.eventId, event.callId, event.type, event.at, receivedAt, JSON.stringify(event)],
        );
        if (inserted.affectedRows === 0) return 'duplicate';
        const columns = eventColumns(event);
        // The order a call moves through (protocol/call-phase.ts): an event never moves it back.
        if (callStatusRank(event.type) > callStatusRank(call.status)) columns.status = event.type;
        const names = Object.keys(columns);
        if (names.length > 0) {
          await tx.query(
            `update calls set ${names.map((name, i) => `${name} = $${i + 2}`).join(', ')} where id = $1`,
            [event.callId, ...Object.values(columns)],
          );
        }
        return 'applied';
      }),
    async countCalls() {
      const { rows } = await db.query<{ n: number }>('select count(*)::int as n from calls');
      return rows[0]?.n ?? 0;
    },
  };
}
