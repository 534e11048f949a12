import type { SqlClient } from './sql-client.ts';

// Advisory lock class of call ids (limit keys use 7301, shared-limits-migration.ts).
const callEventLock = 7302;

/**
 * Takes the call's lock until the transaction ends. One call's events may reach several API
 * instances at once, and a rating may come while they land: whoever changes what the call's
 * events decide (its record, its held rating) takes turns on this lock.
 */
export async function lockCall(tx: SqlClient, callId: string): Promise<void> {
  await tx.query('select pg_advisory_xact_lock($1, hashtext($2))', [callEventLock, callId]);
}
