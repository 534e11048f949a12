import type { CallbackStatus } from '../../../protocol/api/callback-request.ts';
import type { CallStatus } from '../../../protocol/api/call-event.ts';
import type { CallbackRequestRow } from './repository.ts';
import { optional } from './row-mapping.ts';
import { toCallbackRow } from './sql-callback-store.ts';
import type { SqlClient } from './sql-client.ts';

/** The supervisors' worklist query: every field narrows, none required. */
export interface CallbackReviewFilter {
  /** Only these sites' requests (a supervisor's scope); undefined: every site, empty: none. */
  siteIds?: readonly string[];
  status?: CallbackStatus;
  queue?: string;
  /** Requested at or after. */
  from?: Date;
  /** Requested before. */
  to?: Date;
  /** Requests whose number contains these digits, or whose linked call's id starts so. */
  search?: CallbackSearch;
  order: 'newest' | 'oldest';
  limit?: number;
}

/** Either or both: a request matching one is found (an erased number matches nothing). */
export interface CallbackSearch {
  phoneDigits?: string;
  /** Lower case. */
  callIdPrefix?: string;
}

/** A callback request with what its linked call and that call's rating say about it. */
export interface CallbackReviewRow extends CallbackRequestRow {
  /** `waitS`: from pressing Call to the answer, or unanswered to the end (once ended). */
  call?: { status: CallStatus; answered: boolean; endReason?: string; waitS?: number };
  /** The supervisor who took it (the worklist), and the notes on it. */
  assignee?: string;
  notes?: string;
  rating?: { id: string; stars: number; createdAt: Date };
}

export interface CallbackReviewStore {
  reviewCallbacks(filter: CallbackReviewFilter): Promise<CallbackReviewRow[]>;
}

// Part of the Repository, declared beside its query while repository.ts is being changed by
// other work; it belongs in the Repository's `extends` list there.
declare module './repository.ts' {
  interface Repository {
    reviewCallbacks(filter: CallbackReviewFilter): Promise<CallbackReviewRow[]>;
  }
}

function waitOf(row: Record<string, unknown>): { waitS?: number } {
  const until = (row.call_answered_at ?? row.call_ended_at) as Date | null;
  if (!until) return {};
  const from = new Date(row.call_created_at as Date).getTime();
  return { waitS: Math.max(0, Math.round((new Date(until).getTime() - from) / 1000)) };
}

function toReviewRow(row: Record<string, unknown>): CallbackReviewRow {
  const callStatus = row.call_status as CallStatus | null;
  const ratingId = row.rating_id as string | null;
  return {
    ...toCallbackRow(row),
    ...(callStatus && {
      call: {
        status: callStatus,
        answered: row.call_answered_at !== null,
        endReason: optional(row.call_end_reason as string | null),
        ...waitOf(row),
      },
    }),
    assignee: optional(row.assignee as string | null),
    notes: optional(row.notes as string | null),
    ...(ratingId && {
      rating: {
        id: ratingId,
        stars: row.rating_stars as number,
        createdAt: new Date(row.rating_created_at as Date),
      },
    }),
  };
}

export function sqlCallbackReviewStore(db: SqlClient): CallbackReviewStore {
  return {
    async reviewCallbacks(filter) {
      const params: unknown[] = [];
      const conditions: string[] = [];
      const add = (sql: (at: string) => string, value: unknown) =>
        conditions.push(sql(`$${params.push(value)}`));
      if (filter.siteIds) add((at) => `cb.site_id = any(${at}::text[])`, [...filter.siteIds]);
      if (filter.status) add((at) => `cb.status = ${at}`, filter.status);
      if (filter.queue) add((at) => `cb.queue = ${at}`, filter.queue);
      if (filter.from) add((at) => `cb.created_at >= ${at}`, filter.from);
      if (filter.to) add((at) => `cb.created_at < ${at}`, filter.to);
      const { phoneDigits, callIdPrefix } = filter.search ?? {};
      if (phoneDigits || callIdPrefix) {
        // E.164 is `+` and digits: a plain substring test, no pattern to escape. A term that
        // cannot match stands in for an absent one (`$n` is null: the test is null, not true).
        const digits = `$${params.push(phoneDigits ?? null)}`;
        const prefix = `$${params.push(callIdPrefix ?? null)}`;
        conditions.push(
          `(strpos(cb.phone, ${digits}::text) > 0 or starts_with(cb.call_id::text, ${prefix}::text))`,
        );
      }
      const direction = filter.order === 'oldest' ? 'asc' : 'desc';
      // ratings.call_id is unique: one row per request.
      const { rows } = await db.query(
        `select cb.*, c.status as call_status, c.answered_at as call_answered_at,
           c.end_reason as call_end_reason, c.created_at as call_created_at,
           c.ended_at as call_ended_at,
           r.id as rating_id, r.stars as rating_stars, r.created_at as rating_created_at
         from callback_requests cb
         left join calls c on c.id = cb.call_id
         left join ratings r on r.call_id = cb.call_id
         ${conditions.length ? `where ${conditions.join(' and ')}` : ''}
         order by cb.created_at ${direction}, cb.id ${direction}
         limit ${Math.min(filter.limit ?? 500, 5000)}`,
        params,
      );
      return rows.map(toReviewRow);
    },
  };
}
