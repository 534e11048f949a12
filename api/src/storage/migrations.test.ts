// Upgrading a database an earlier version wrote: what a supervisor and a callback agent see
// afterwards. Earlier versions stored a 'pending' call whenever they issued a call token.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createdEvent } from '../../../tests/support/api/created-event.ts';
import { openPgliteClient } from '../../../tests/support/api/pglite-in-process.ts';
import { migrate } from './migrate.ts';
import { migrations } from './migrations.ts';
import type { SqlClient } from './sql-client.ts';
import { sqlRepository } from './sql-repository.ts';

const t0 = new Date('2026-11-02T10:00:00Z');
const call = (id: string, status: string) =>
  `insert into calls (id, site_id, session_id, queue, queue_display_name, intent, language,
     country, created_at, token_expires_at${status === 'default' ? '' : ', status'})
   values ('${id}', 'acme', 'session-1', 'support-en', 'English Technical Support', 'support',
     'en', 'US', '${t0.toISOString()}', '${t0.toISOString()}'${status === 'default' ? '' : `, '${status}'`})`;

// One database for the file (PGlite's initdb takes seconds): written by the first version,
// then upgraded.
let db: SqlClient;
const neverUsed = randomUUID();
const named = randomUUID();
const ended = randomUUID();
let applied: number;
beforeAll(async () => {
  db = await openPgliteClient();
  await migrate(db, migrations.slice(0, 1));
  // The first version's insert left the status to the column's default, 'pending'.
  await db.exec(call(neverUsed, 'default'));
  await db.exec(call(named, 'pending'));
  await db.exec(call(ended, 'ended'));
  await db.exec(
    `insert into callback_requests (id, site_id, idempotency_key, request_hash, phone, intent,
       language, country, consent_at, call_id, created_at)
     values ('${randomUUID()}', 'acme', 'cb-key-001', 'h1', '+17139293714', 'support', 'en',
       'US', '${t0.toISOString()}', '${named}', '${t0.toISOString()}')`,
  );
  applied = await migrate(db);
}, 60_000);
afterAll(() => db?.close());

describe('migrations', () => {
  it('drop the pending calls of tokens never used; a callback that named one keeps its number', async () => {
    expect(applied).toBe(migrations.length - 1);
    const repo = sqlRepository(db);
    expect(await repo.getCall(neverUsed)).toBeUndefined();
    expect(await repo.getCall(named)).toBeUndefined();
    expect(await repo.getCall(ended)).toMatchObject({ status: 'ended' });
    expect(await repo.queueSummary({ siteId: 'acme' })).toMatchObject([{ calls: 1 }]);
    const [callback] = await repo.listCallbackRequests({ siteId: 'acme' });
    expect(callback).toMatchObject({ phone: '+17139293714' });
    expect(callback?.callId).toBeUndefined();
  });

  it('start every new record as created, and refuse a status outside the diagram', async () => {
    const repo = sqlRepository(db);
    const id = randomUUID();
    const newCall = {
      id,
      siteId: 'acme',
      sessionId: 'session-1',
      queue: 'support-en',
      queueDisplayName: 'English Technical Support',
      routing: { intent: 'support', language: 'en', country: 'US' },
      createdAt: t0,
      tokenExpiresAt: t0,
    };
    expect(await repo.recordEvent(createdEvent(newCall), t0)).toBe('applied');
    expect(await repo.getCall(id)).toMatchObject({ status: 'created' });
    await expect(db.exec(call(randomUUID(), 'pending'))).rejects.toThrow(/calls_status_known/);
    await expect(db.exec(call(randomUUID(), 'default'))).rejects.toThrow(/status/);
  });
});
