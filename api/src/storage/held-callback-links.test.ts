// A callback request naming a call whose reports are late, and the call's `created` landing,
// may reach two API instances at the same moment: whichever goes first, the request ends up
// linked to the call if it is the same visitor's, and to nothing otherwise, with no link left
// waiting. Run on every backend; on PostgreSQL the two go through two pools at once.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createdEvent } from '../../../tests/support/api/created-event.ts';
import {
  useOpenedStorage,
  useStorageBackends,
} from '../../../tests/support/api/storage-backends.ts';
import { newCall, newCallbackRequest } from '../../../tests/support/api/new-call-records.ts';
import type { Repository } from './repository.ts';

const backends = useStorageBackends();
const t0 = new Date('2026-11-02T10:00:00Z');

/** What the API does for a request naming `callId` whose record it did not find. */
async function requestNaming(repo: Repository, callId: string, sessionId: string) {
  const stored = await repo.insertCallbackRequest(newCallbackRequest(t0));
  if (stored.kind !== 'created') throw new Error(stored.kind);
  const link = { callbackId: stored.value.id, callId, siteId: 'acme', sessionId, heldAt: t0 };
  return { id: stored.value.id, outcome: await repo.linkCallbackToCall(link, 3) };
}

describe.each(backends)('callback requests waiting for their call on %s', (_name, open) => {
  const storage = useOpenedStorage(open);

  it("end up linked to the visitor's own call only, whoever goes first", async () => {
    const { repo, other, db } = storage;
    const cases = Array.from({ length: 40 }, (_, n) => ({
      call: newCall(t0),
      mine: n % 3 !== 0,
      // The call lands before the request, at the same moment, or after it.
      landing: n % 3,
    }));
    const results = await Promise.all(
      cases.map(async ({ call, mine, landing }) => {
        const session = mine ? call.sessionId : `session-${randomUUID()}`;
        const land = () => other.recordEvent(createdEvent(call), t0);
        if (landing === 0) await land();
        const [request] = await Promise.all([
          requestNaming(repo, call.id, session),
          landing === 1 ? land() : undefined,
        ]);
        if (landing === 2) await land();
        return { call, mine, request };
      }),
    );
    const rows = await repo.listCallbackRequests({ siteId: 'acme', limit: 5000 });
    for (const { call, mine, request } of results) {
      const row = rows.find((r) => r.id === request.id);
      expect(row?.callId, `${mine ? 'mine' : 'not mine'}, ${request.outcome}`).toBe(
        mine ? call.id : undefined,
      );
    }
    const { rows: waiting } = await db.query('select 1 from held_callback_links');
    expect(waiting).toEqual([]);
  });

  it('wait a day at most, and for no more calls than the session may make', async () => {
    const { repo, db } = storage;
    const session = `session-${randomUUID()}`;
    const requests = [];
    for (let i = 0; i < 4; i++) requests.push(await requestNaming(repo, randomUUID(), session));
    expect(requests.map((r) => r.outcome)).toEqual(['held', 'held', 'held', 'not_linked']);
    await repo.forgetHeldCallbackLinks(new Date(t0.getTime() + 1));
    const { rows: waiting } = await db.query('select 1 from held_callback_links');
    expect(waiting).toEqual([]);
    // The requests themselves stay, without a link.
    const rows = await repo.listCallbackRequests({ siteId: 'acme', limit: 5000 });
    for (const { id } of requests) {
      expect(rows.find((row) => row.id === id)).toMatchObject({ phone: '+17139293714' });
    }
  });
});
