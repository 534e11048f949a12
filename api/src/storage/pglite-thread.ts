// The embedded store's own thread (started by pglite-thread-client.ts). PGlite runs
// PostgreSQL compiled to WebAssembly synchronously: on the main thread every statement would
// stop the API from answering anyone; here it only occupies this thread. Requests run in the
// order they arrive; PGlite's own lock keeps other statements out of an open transaction.
import { parentPort, workerData } from 'node:worker_threads';
import type { PGlite, Transaction } from '@electric-sql/pglite';
import { startPglite } from './start-pglite.ts';
import {
  serializeError,
  type ThreadReady,
  type ThreadReply,
  type ThreadRequest,
  type ThreadStart,
} from './pglite-thread-protocol.ts';

interface OpenTransaction {
  tx: Transaction;
  end(commit: boolean, replyTo: number): void;
}

const port = parentPort!;
const { dataDir } = workerData as ThreadStart;
const reply = (message: ThreadReply) => port.postMessage(message);
const fail = (id: number, error: unknown) => reply({ id, ok: false, error: serializeError(error) });

function serve(db: PGlite): void {
  const transactions = new Map<number, OpenTransaction>();
  const target = (tx: number | undefined) => {
    if (tx === undefined) return db;
    const open = transactions.get(tx);
    if (!open) throw new Error(`transaction ${tx} is not open`);
    return open.tx;
  };

  // A transaction spans several messages: PGlite holds it open, and every other statement
  // back, until its 'end' arrives. Until then a failure is the 'begin' request's.
  function begin(id: number): void {
    let finish: (end: { commit: boolean; replyTo: number }) => void = () => {};
    const ended = new Promise<{ commit: boolean; replyTo: number }>(
      (resolve) => (finish = resolve),
    );
    let replyTo = id;
    db.transaction(async (tx) => {
      transactions.set(id, { tx, end: (commit, to) => finish({ commit, replyTo: to }) });
      reply({ id, ok: true });
      const end = await ended;
      replyTo = end.replyTo;
      if (!end.commit) await tx.rollback();
    })
      .then(
        () => reply({ id: replyTo, ok: true }),
        (error: unknown) => fail(replyTo, error),
      )
      .finally(() => transactions.delete(id));
  }

  async function run(request: ThreadRequest): Promise<void> {
    switch (request.op) {
      case 'query': {
        const result = await target(request.tx).query(request.sql, request.params);
        reply({ id: request.id, ok: true, rows: result.rows, affectedRows: result.affectedRows });
        return;
      }
      case 'exec':
        await target(request.tx).exec(request.sql);
        reply({ id: request.id, ok: true });
        return;
      case 'begin':
        begin(request.id);
        return;
      case 'end': {
        const open = transactions.get(request.tx);
        if (!open) throw new Error(`transaction ${request.tx} is not open`);
        open.end(request.commit, request.id);
        return;
      }
      case 'close':
        await db.close();
        reply({ id: request.id, ok: true });
        port.close();
        return;
    }
  }

  port.on('message', (request: ThreadRequest) => {
    run(request).catch((error: unknown) => fail(request.id, error));
  });
}

startPglite(dataDir).then(
  (db) => {
    serve(db);
    port.postMessage({ ready: true } satisfies ThreadReady);
  },
  (error: unknown) =>
    port.postMessage({ ready: false, error: serializeError(error) } satisfies ThreadReady),
);
