import type { CallbackStatus } from '../../../protocol/api/callback-request.ts';
import type { RoutingData } from '../../../protocol/call-token.ts';
import { optional, optionalDate } from './row-mapping.ts';
import type { CallbackReviewFilter } from './sql-callback-review.ts';
import type { SqlClient } from './sql-client.ts';

/**
 * The supervisors' worklist beyond the callback requests themselves: calls the visitor ended
 * before an agent answered (calls/abandoned-call.ts says which), and the work on every entry
 * (status, who took it, notes). An abandoned call for which the visitor then left a number is
 * one entry, the callback request linked to it: it is not listed again here.
 */
export type WorkEntry = { kind: 'callback'; id: string } | { kind: 'abandoned'; id: string };

/** An abandoned call as the worklist shows it, with the work on it. */
export interface AbandonedCallRow {
  callId: string;
  siteId: string;
  queue: string;
  queueDisplayName: string;
  routing: RoutingData;
  createdAt: Date;
  endedAt: Date;
  /** Seconds from pressing Call to hanging up. */
  waitS: number;
  status: CallbackStatus;
  statusBy?: string;
  statusAt?: Date;
  assignee?: string;
  notes?: string;
  /** Past retention: who worked it and the notes are gone, and it no longer changes. */
  personalDataErasedAt?: Date;
}

/** What a supervisor does to an entry; the store stamps `by` and `at`. */
export type WorkChange =
  | { action: 'status'; status: CallbackStatus }
  | { action: 'take' }
  | { action: 'notes'; notes: string };

export interface WorklistStore {
  /** Abandoned calls without a callback request, filtered as the callback requests are. */
  reviewAbandonedCalls(filter: CallbackReviewFilter): Promise<AbandonedCallRow[]>;
  /** The site of an entry, undefined when there is none (or the call was not abandoned). */
  workEntrySite(entry: WorkEntry): Promise<string | undefined>;
  /** False when there is no such entry, or its personal data was erased past retention. */
  changeWorkEntry(entry: WorkEntry, change: WorkChange, by: string, at: Date): Promise<boolean>;
}

// Part of the Repository, declared beside its queries while repository.ts is being changed by
// other work (as sql-callback-review.ts does).
declare module './repository.ts' {
  interface Repository {
    reviewAbandonedCalls(filter: CallbackReviewFilter): Promise<AbandonedCallRow[]>;
    workEntrySite(entry: WorkEntry): Promise<string | undefined>;
    changeWorkEntry(entry: WorkEntry, change: WorkChange, by: string, at: Date): Promise<boolean>;
  }
}

// The SQL twin of isAbandonedCall (calls/abandoned-call.ts), over the calls table `c`.
const abandoned = `c.status = 'ended' and c.answered_at is null and c.end_reason = 'visitor_hung_up'`;
const noCallbackRequest = `not exists (select 1 from callback_requests cb where cb.call_id = c.id)`;

function toAbandonedRow(row: Record<string, unknown>): AbandonedCallRow {
  const createdAt = new Date(row.created_at as Date);
  const endedAt = new Date(row.ended_at as Date);
  return {
    callId: row.id as string,
    siteId: row.site_id as string,
    queue: row.queue as string,
    queueDisplayName: row.queue_display_name as string,
    routing: {
      intent: row.intent as string,
      language: row.language as string,
      country: row.country as string,
    },
    createdAt,
    endedAt,
    waitS: Math.max(0, Math.round((endedAt.getTime() - createdAt.getTime()) / 1000)),
    status: ((row.work_status as string | null) ?? 'new') as CallbackStatus,
    statusBy: optional(row.status_by as string | null),
    statusAt: optionalDate(row.status_at),
    assignee: optional(row.assignee as string | null),
    notes: optional(row.notes as string | null),
    personalDataErasedAt: optionalDate(row.personal_data_erased_at),
  };
}

// Typed, for the parameters of an INSERT ... SELECT.
const columnTypes: Record<string, string> = {
  status: 'text',
  status_by: 'text',
  status_at: 'timestamptz',
  assignee: 'text',
  notes: 'text',
};

/** The columns a change sets, and their values after `by` and `at`. */
function changedColumns(change: WorkChange, by: string, at: Date): [string[], unknown[]] {
  switch (change.action) {
    case 'status':
      return [
        ['status', 'status_by', 'status_at'],
        [change.status, by, at],
      ];
    case 'take':
      return [['assignee'], [by]];
    case 'notes':
      // An emptied note is no note.
      return [['notes'], [change.notes === '' ? null : change.notes]];
  }
}

export function sqlWorklistStore(db: SqlClient): WorklistStore {
  return {
    async reviewAbandonedCalls(filter) {
      const params: unknown[] = [];
      const conditions = [abandoned, noCallbackRequest];
      const add = (sql: (at: string) => string, value: unknown) =>
        conditions.push(sql(`$${params.push(value)}`));
      if (filter.siteIds) add((at) => `c.site_id = any(${at}::text[])`, [...filter.siteIds]);
      if (filter.status) add((at) => `coalesce(w.status, 'new') = ${at}`, filter.status);
      if (filter.queue) add((at) => `c.queue = ${at}`, filter.queue);
      // When the visitor hung up stands for when a request was made.
      if (filter.from) add((at) => `c.ended_at >= ${at}`, filter.from);
      if (filter.to) add((at) => `c.ended_at < ${at}`, filter.to);
      if (filter.search) {
        // No number to search: a search for digits alone finds no abandoned call.
        const prefix = filter.search.callIdPrefix ?? null;
        add((at) => `starts_with(c.id::text, ${at}::text)`, prefix);
      }
      const direction = filter.order === 'oldest' ? 'asc' : 'desc';
      const { rows } = await db.query(
        `select c.id, c.site_id, c.queue, c.queue_display_name, c.intent, c.language, c.country,
           c.created_at, c.ended_at, c.personal_data_erased_at, w.status as work_status,
           w.status_by, w.status_at, w.assignee, w.notes
         from calls c left join abandoned_call_work w on w.call_id = c.id
         where ${conditions.join(' and ')}
         order by c.ended_at ${direction}, c.id ${direction}
         limit ${Math.min(filter.limit ?? 500, 5000)}`,
        params,
      );
      return rows.map(toAbandonedRow);
    },

    async workEntrySite(entry) {
      const { rows } = await db.query<{ site_id: string }>(
        entry.kind === 'callback'
          ? 'select site_id from callback_requests where id = $1'
          : `select c.site_id from calls c where c.id = $1 and ${abandoned}`,
        [entry.id],
      );
      return rows[0]?.site_id;
    },

    async changeWorkEntry(entry, change, by, at) {
      const [columns, values] = changedColumns(change, by, at);
      if (entry.kind === 'callback') {
        // An erased request no longer changes: there is no one left to call, and a name set
        // now would be personal data after its time.
        const sets = columns.map((column, i) => `${column} = $${i + 2}`).join(', ');
        const result = await db.query(
          `update callback_requests set ${sets} where id = $1 and personal_data_erased_at is null`,
          [entry.id, ...values],
        );
        return result.affectedRows > 0;
      }
      // The entry's row is made by the first change, from the abandoned call it is about.
      const placeholders = columns
        .map((column, i) => `$${i + 2}::${columnTypes[column]}`)
        .join(', ');
      const updates = columns.map((column) => `${column} = excluded.${column}`).join(', ');
      const result = await db.query(
        `insert into abandoned_call_work (call_id, site_id, ${columns.join(', ')})
         select c.id, c.site_id, ${placeholders} from calls c
         where c.id = $1 and ${abandoned} and c.personal_data_erased_at is null
         on conflict (call_id) do update set ${updates}`,
        [entry.id, ...values],
      );
      return result.affectedRows > 0;
    },
  };
}
