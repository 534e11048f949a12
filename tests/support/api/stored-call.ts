// A call as the API's database holds it, read straight from the database: its record, the
// events media reported in the order they reached the API, and its rating.
import { join } from 'node:path';
import { openPgliteThreadClient } from '../../../api/src/storage/pglite-thread-client.ts';
import type { CallRecord, RatingRow } from '../../../api/src/storage/repository.ts';
import type { SqlClient } from '../../../api/src/storage/sql-client.ts';
import { sqlRepository } from '../../../api/src/storage/sql-repository.ts';

export interface StoredCall {
  record: CallRecord | undefined;
  /** Media's reports, ordered by when the API received them; `at`: when media sent them. */
  eventsAsReceived: { type: string; at: Date; receivedAt: Date }[];
  ratings: RatingRow[];
}

export async function readStoredCall(db: SqlClient, callId: string): Promise<StoredCall> {
  const repo = sqlRepository(db);
  const { rows } = await db.query<{ type: string; at: Date; received_at: Date }>(
    'select type, at, received_at from call_events where call_id = $1 order by received_at, at',
    [callId],
  );
  return {
    record: await repo.getCall(callId),
    eventsAsReceived: rows.map((row) => ({
      type: row.type,
      at: new Date(row.at),
      receivedAt: new Date(row.received_at),
    })),
    ratings: (await repo.listRatings({ limit: 5000 })).filter((r) => r.callId === callId),
  };
}

/** Reads a call from a stopped API's embedded database (`API_DATA_DIR`, its `pglite/`). */
export async function readStoredCallFromPglite(
  apiDataDir: string,
  callId: string,
): Promise<StoredCall> {
  const db = await openPgliteThreadClient(join(apiDataDir, 'pglite'));
  try {
    return await readStoredCall(db, callId);
  } finally {
    await db.close();
  }
}
