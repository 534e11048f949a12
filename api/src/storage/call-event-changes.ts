import type { CallEvent } from '../../../protocol/api/call-event.ts';
import { callStatusRank, type CallStatus } from '../../../protocol/call-phase.ts';
import type { SqlClient } from './sql-client.ts';

/**
 * What an event sets on the call row besides its status, and the column saying when: a step
 * reported twice (two event ids) keeps the earliest report, whichever arrives first. An end
 * the API inferred (its gateway process seemed gone) is a guess, not a report: media's own
 * `ended` replaces it whenever it comes, since it is what happened.
 */
function eventChange(
  event: CallEvent,
): { when: string; columns: Record<string, unknown>; replaces?: string } | undefined {
  switch (event.type) {
    case 'created':
      return undefined; // its record is made from the claims
    case 'ringing':
      return { when: 'ringing_at', columns: { ringing_at: event.at } };
    case 'answered':
      return {
        when: 'answered_at',
        columns: { answered_at: event.at, codec: event.codec, agent_name: event.agentName ?? null },
      };
    case 'ended':
      return {
        when: 'ended_at',
        columns: {
          ended_at: event.at,
          end_reason: event.reason,
          duration_s: event.durationS,
          sip_status: event.sipStatus ?? null,
          quality: event.quality ? JSON.stringify(event.quality) : null,
          end_inferred: null,
        },
        replaces: 'end_inferred is not null',
      };
  }
}

/**
 * Stores the event (once per event id) and applies it to its call's row, whose status is
 * `status`: the same record comes out whatever order the events arrive in. Returns the
 * call's status after it.
 */
export async function applyCallEvent(
  tx: SqlClient,
  event: CallEvent,
  receivedAt: Date,
  status: CallStatus,
): Promise<{ kind: 'applied' | 'duplicate'; status: CallStatus }> {
  const inserted = await tx.query(
    `insert into call_events (event_id, call_id, type, at, received_at, body)
     values ($1, $2, $3, $4, $5, $6) on conflict (event_id) do nothing`,
    [event.eventId, event.callId, event.type, event.at, receivedAt, JSON.stringify(event)],
  );
  if (inserted.affectedRows === 0) return { kind: 'duplicate', status };
  // The order a call moves through (protocol/call-phase.ts): an event never moves it back.
  const next = callStatusRank(event.type) > callStatusRank(status) ? event.type : status;
  if (next !== status) {
    await tx.query('update calls set status = $2 where id = $1', [event.callId, next]);
  }
  const change = eventChange(event);
  if (change) {
    const names = Object.keys(change.columns);
    const replaces = change.replaces ? ` or ${change.replaces}` : '';
    await tx.query(
      `update calls set ${names.map((name, i) => `${name} = $${i + 3}`).join(', ')}
       where id = $1 and (${change.when} is null or ${change.when} > $2${replaces})`,
      [event.callId, event.at, ...Object.values(change.columns)],
    );
  }
  return { kind: 'applied', status: next };
}
