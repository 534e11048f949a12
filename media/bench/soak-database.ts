import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';

/**
 * Of the rating and callback ids the API accepted, those its database does not hold: read from
 * the API's own PGlite data directory while the API is stopped (PGlite opens in one process at
 * a time), so what counts is what reached the disk, not what an answer said.
 */
export async function missingFromDatabase(
  apiDataDir: string,
  accepted: { ratingIds: string[]; callbackIds: string[] },
): Promise<{ ratings: string[]; callbacks: string[] }> {
  const db = await PGlite.create(join(apiDataDir, 'pglite'));
  try {
    const stored = async (table: 'ratings' | 'callback_requests') =>
      new Set((await db.query<{ id: string }>(`select id from ${table}`)).rows.map((r) => r.id));
    const ratings = await stored('ratings');
    const callbacks = await stored('callback_requests');
    return {
      ratings: accepted.ratingIds.filter((id) => !ratings.has(id)),
      callbacks: accepted.callbackIds.filter((id) => !callbacks.has(id)),
    };
  } finally {
    await db.close();
  }
}
