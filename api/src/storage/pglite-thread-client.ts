import { Worker } from 'node:worker_threads';
import type { SqlClient, SqlResult } from './sql-client.ts';
import {
  deserializeError,
  type ThreadReady,
  type ThreadReply,
  type ThreadRequest,
  type ThreadStart,
} from './pglite-thread-protocol.ts';

// A request before send() numbers it (Omit over each member of the union).
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;
type Outgoing = WithoutId<ThreadRequest>;

interface Waiting {
  resolve: (reply: ThreadReply & { ok: true }) => void;
  reject: (error: Error) => void;
}

/**
 * The embedded store (PGlite) in a thread of its own: PostgreSQL compiled to WebAssembly runs
 * each statement synchronously, so on the main thread it stopped every request for as long
 * as a write took. The API talks to it through the same SqlClient as to PostgreSQL.
 */
export async function openPgliteThreadClient(dataDir?: string): Promise<SqlClient> {
  const worker = new Worker(new URL('./pglite-thread.ts', import.meta.url), {
    // The thread's name in top -H, ps -L.
    name: 'ctc-store',
    workerData: { dataDir } satisfies ThreadStart,
  });
  const waiting = new Map<number, Waiting>();
  let nextId = 1;
  let gone: Error | undefined;
  let closing = false;

  await new Promise<void>((resolve, reject) => {
    const onExit = (code: number) => reject(new Error(`the store's thread exited (${code})`));
    worker.once('error', reject);
    worker.once('exit', onExit);
    worker.once('message', (message: ThreadReady) => {
      worker.off('error', reject);
      worker.off('exit', onExit);
      if (message.ready) resolve();
      else reject(deserializeError(message.error));
    });
  }).catch(async (error: unknown) => {
    await worker.terminate();
    throw error;
  });

  // Only a request in flight keeps the process alive, as a socket to PostgreSQL would.
  worker.unref();
  const settle = (reply: ThreadReply) => {
    const entry = waiting.get(reply.id);
    if (!entry) return;
    waiting.delete(reply.id);
    if (waiting.size === 0 && !closing) worker.unref();
    if (reply.ok) entry.resolve(reply);
    else entry.reject(deserializeError(reply.error));
  };
  const abandonAll = (error: Error) => {
    gone ??= error;
    for (const entry of waiting.values()) entry.reject(error);
    waiting.clear();
  };
  worker.on('message', settle);
  worker.on('error', abandonAll);
  worker.on('exit', (code) => abandonAll(new Error(`the store's thread exited (${code})`)));

  function send(request: Outgoing): Promise<ThreadReply & { ok: true }> {
    if (gone) return Promise.reject(gone);
    const id = nextId++;
    return new Promise((resolve, reject) => {
      if (waiting.size === 0) worker.ref();
      waiting.set(id, { resolve, reject });
      worker.postMessage({ ...request, id });
    });
  }

  function client(tx?: number): SqlClient {
    return {
      async query<Row>(sql: string, params: unknown[] = []): Promise<SqlResult<Row>> {
        const reply = await send({ op: 'query', sql, params, tx });
        return { rows: (reply.rows ?? []) as Row[], affectedRows: reply.affectedRows ?? 0 };
      },
      async exec(sql: string): Promise<void> {
        await send({ op: 'exec', sql, tx });
      },
      async transaction<T>(work: (tx: SqlClient) => Promise<T>): Promise<T> {
        if (tx !== undefined) throw new Error('PGlite does not nest transactions');
        const { id } = await send({ op: 'begin' });
        let result: T;
        try {
          result = await work(client(id));
        } catch (error) {
          await send({ op: 'end', tx: id, commit: false }).catch(() => {});
          throw error;
        }
        await send({ op: 'end', tx: id, commit: true });
        return result;
      },
      async close(): Promise<void> {
        if (tx !== undefined || gone) return;
        closing = true;
        const exited = new Promise((resolve) => worker.once('exit', resolve));
        await send({ op: 'close' });
        await exited;
      },
    };
  }
  return client();
}
