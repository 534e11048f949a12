import type { KeyObject } from 'node:crypto';
import { Worker } from 'node:worker_threads';

/** To the signing thread: compact JWS headers (already base64url) and JSON payloads. */
export interface SignBatch {
  id: number;
  key: KeyObject;
  items: [header: string, payload: string][];
}
export type SignedBatch = { id: number; tokens: string[] } | { id: number; error: string };

interface Pending {
  header: string;
  payload: string;
  resolve: (token: string) => void;
  reject: (error: Error) => void;
}

/**
 * Signs compact JWS (EdDSA) on a thread of its own, a batch per message. Node's asynchronous
 * crypto.sign would post each token to libuv's thread pool: measured under load, each of
 * those wake-ups preempted the main thread on this 2-core machine, costing it about as long
 * as the signature itself. A batch goes as soon as it has `eagerBatch` tokens, so the thread
 * signs while this one is still handling the rest of the requests of its event-loop turn;
 * the rest go at the end of the turn. The thread starts on first use and never keeps the
 * process alive by itself.
 */
export class BatchSigner {
  #worker: Worker | undefined;
  #waiting = new Map<number, Pending[]>();
  #queued = new Map<KeyObject, Pending[]>();
  #scheduled = false;
  #nextId = 1;
  readonly #eagerBatch: number;

  constructor({ eagerBatch = 4 }: { eagerBatch?: number } = {}) {
    this.#eagerBatch = eagerBatch;
  }

  sign(key: KeyObject, header: string, payload: string): Promise<string> {
    return new Promise((resolve, reject) => {
      let queue = this.#queued.get(key);
      if (!queue) this.#queued.set(key, (queue = []));
      queue.push({ header, payload, resolve, reject });
      if (queue.length >= this.#eagerBatch) this.#send(key, queue);
      else if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(this.#sendAll);
      }
    });
  }

  #sendAll = (): void => {
    this.#scheduled = false;
    for (const [key, queue] of this.#queued) this.#send(key, queue);
  };

  #send(key: KeyObject, batch: Pending[]): void {
    this.#queued.delete(key);
    const worker = this.#started();
    const id = this.#nextId++;
    if (this.#waiting.size === 0) worker.ref();
    this.#waiting.set(id, batch);
    const items = batch.map((p): [string, string] => [p.header, p.payload]);
    worker.postMessage({ id, key, items } satisfies SignBatch);
  }

  #started(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(new URL('./signing-thread.ts', import.meta.url), {
      name: 'ctc-signer',
    });
    worker.unref();
    worker.on('message', (reply: SignedBatch) => {
      const batch = this.#waiting.get(reply.id);
      this.#waiting.delete(reply.id);
      if (this.#waiting.size === 0) worker.unref();
      if (!batch) return;
      if ('tokens' in reply) batch.forEach((p, i) => p.resolve(reply.tokens[i]!));
      else for (const p of batch) p.reject(new Error(`signing failed: ${reply.error}`));
    });
    const lost = (error: Error) => {
      if (this.#worker !== worker) return;
      // The next token starts a new thread; the ones under way fail.
      this.#worker = undefined;
      for (const batch of this.#waiting.values()) for (const p of batch) p.reject(error);
      this.#waiting.clear();
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`the signing thread exited (${code})`)));
    return (this.#worker = worker);
  }
}
