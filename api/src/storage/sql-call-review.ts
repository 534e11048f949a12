import type { CallbackStatus } from '../../../protocol/api/callback-request.ts';
import type { CallRecord } from './repository.ts';
import { optionalDate } from './row-mapping.ts';
import { toCallRecord } from './sql-call-store.ts';
import type { SqlClient } from './sql-client.ts';

/** The supervisors' calls list query: every field narrows, none required. */
export interface CallReviewFilter {
  /** Only these sites' calls (a supervisor's scope); undefined: every site, empty: none. */
  siteIds?: readonly string[];
  /** Made (its token issued) at or after. */
  from?: Date;
  /** Made before. */
  to?: Date;
  queue?: string;
  /** The stored end code (`connection_lost` for an end the API inferred). */
  endReason?: string;
  /** Answered by an agent, or not (still waiting, or ended unanswered). */
  answered?: boolean;
  /** The visitor rated it, or not. */
  rated?: boolean;
  search?: CallSearch;
  limit?: number;
  offset?: number;
}

/** Either or both: a call matching one is found (an erased agent name matches nothing). */
export interface CallSearch {
  /** Lower case. */
  callIdPrefix?: string;
  /** Part of the answering agent's name, any case. */
  agentName?: string;
}

/** A call with its rating and the newest callback request that names it. */
export interface CallReviewRow extends CallRecord {
  rating?: { id: string; stars: number; createdAt: Date };
  callback?: { id: string; status: CallbackStatus; createdAt: Date };
  /** When the agent's name was erased, past retention. */
  personalDataErasedAt?: Date;
}

export interface CallReviewStore {
  /** Newest first (by when the call was made), `limit` rows from `offset`. */
  reviewCalls(filter: CallReviewFilter): Promise<CallReviewRow[]>;
}

// Part of the Repository, declared beside its query as sql-callback-review.ts does while
// repository.ts is being changed by other work.
declare module './repository.ts' {
  interface Repository {
    reviewCalls(filter: CallReviewFilter): Promise<CallReviewRow[]>;
  }
}

function toReviewRow(row: Record<string, unknown>): CallReviewRow {
  const ratingId = row.rating_id as string | null;
  const callbackId = row.callback_id as string | null;
  return {
    ...toCallRecord(row),
    personalDataErasedAt: optionalDate(row.personal_data_erased_at),
    ...(ratingId && {
      rating: {
        id: ratingId,
        stars: row.rating_stars as number,
        createdAt: new Date(row.rating_created_at as Date),
      },
    }),
    ...(callbackId && {
      callback: {
        id: callbackId,
        status: row.callback_status as CallbackStatus,
        createdAt: new Date(row.callback_created_at as Date),
      },
    }),
  };
}

export function sqlCallReviewStore(db: SqlClient): CallReviewStore {
  return {
    async reviewCalls(filter) {
      const params: unknown[] = [];
      const conditions: string[] = [];
      const add = (sql: (at: string) => string, value: unknown) =>
        conditions.push(sql(`$${params.push(value)}`));
      if (filter.siteIds) add((at) => `c.site_id = any(${at}::text[])`, [...filter.siteIds]);
      if (filter.from) add((at) => `c.created_at >= ${at}`, filter.from);
      if (filter.to) add((at) => `c.created_at < ${at}`, filter.to);
      if (filter.queue) add((at) => `c.queue = ${at}`, filter.queue);
      if (filter.endReason) add((at) => `c.end_reason = ${at}`, filter.endReason);
      if (filter.answered !== undefined)
        conditions.push(`c.answered_at is ${filter.answered ? 'not ' : ''}null`);
      if (filter.rated !== undefined) conditions.push(`r.id is ${filter.rated ? 'not ' : ''}null`);
      const { callIdPrefix, agentName } = filter.search ?? {};
      if (callIdPrefix || agentName) {
        // Plain substring and prefix tests: no pattern to escape. A term that cannot match
        // stands in for an absent one (`$n` is null: the test is null, not true).
        const prefix = `$${params.push(callIdPrefix ?? null)}`;
        const name = `$${params.push(agentName?.toLowerCase() ?? null)}`;
        conditions.push(
          `(starts_with(c.id::text, ${prefix}::text) or strpos(lower(c.agent_name), ${name}::text) > 0)`,
        );
      }
      // ratings.call_id is unique; a call may have several callback requests: the newest.
      const { rows } = await db.query(
        `select c.*,
           r.id as rating_id, r.stars as rating_stars, r.created_at as rating_created_at,
           cb.id as callback_id, cb.status as callback_status,
           cb.created_at as callback_created_at
         from calls c
         left join ratings r on r.call_id = c.id
         left join lateral (
           select id, status, created_at from callback_requests
           where call_id = c.id order by created_at desc, id desc limit 1
         ) cb on true
         ${conditions.length ? `where ${conditions.join(' and ')}` : ''}
         order by c.created_at desc, c.id desc
         limit ${Math.min(filter.limit ?? 50, 5000)} offset ${Math.max(filter.offset ?? 0, 0)}`,
        params,
      );
      return rows.map(toReviewRow);
    },
  };
}
