import { lockCall } from './call-event-lock.ts';
import type { CallbackLinkOutcome, HeldCallbackLink } from './repository.ts';
import type { SqlClient } from './sql-client.ts';

/**
 * Callback requests that name a call media has not reported yet: after a low rating the
 * visitor asks at once, while the call's reports may still be retried (the API restarted, its
 * database was down). The request is stored without its link, which waits here under the
 * call's lock, the one its events take: either `created` finds the link waiting, or the link
 * finds the call's record and is made at once.
 */

/** Links the request to its call, now or when the call's record lands. */
export function linkCallbackToCall(
  db: SqlClient,
  link: HeldCallbackLink,
  maxPerSession: number,
): Promise<CallbackLinkOutcome> {
  return db.transaction(async (tx): Promise<CallbackLinkOutcome> => {
    await lockCall(tx, link.callId);
    const { rows: calls } = await tx.query<{ mine: boolean }>(
      'select (session_id = $2 and site_id = $3) as mine from calls where id = $1',
      [link.callId, link.sessionId, link.siteId],
    );
    const call = calls[0];
    if (call) {
      if (!call.mine) return 'not_linked';
      await tx.query('update callback_requests set call_id = $2 where id = $1', [
        link.callbackId,
        link.callId,
      ]);
      return 'linked';
    }
    // A session waits for no more calls than it may make: made-up call ids fill no table.
    const { rows: waiting } = await tx.query<{ n: number }>(
      'select count(*)::int as n from held_callback_links where session_id = $1',
      [link.sessionId],
    );
    if ((waiting[0]?.n ?? 0) >= maxPerSession) return 'not_linked';
    await tx.query(
      `insert into held_callback_links (callback_id, call_id, site_id, session_id, held_at)
       values ($1, $2, $3, $4, $5) on conflict (callback_id) do nothing`,
      [link.callbackId, link.callId, link.siteId, link.sessionId, link.heldAt],
    );
    return 'held';
  });
}

/**
 * The call's record was just made (the caller holds its lock): the requests waiting for it
 * are linked if they are its visitor's; the others stay without a link.
 */
export async function attachHeldCallbackLinks(tx: SqlClient, callId: string): Promise<void> {
  await tx.query(
    `with held as (delete from held_callback_links where call_id = $1 returning *)
     update callback_requests r set call_id = held.call_id
     from held join calls c on c.id = held.call_id
     where r.id = held.callback_id and c.session_id = held.session_id
       and c.site_id = held.site_id`,
    [callId],
  );
}

/** Links whose call never came (its reports were lost) are forgotten after a while. */
export async function forgetHeldCallbackLinks(db: SqlClient, heldBefore: Date): Promise<void> {
  await db.query('delete from held_callback_links where held_at < $1', [heldBefore]);
}
