/**
 * Coalesces rows inserted in the same tick into one multi-row INSERT (group commit): at
 * thousands of call tokens per second one statement per row costs more than the rest of the
 * request. Each caller still waits for its own row to be written, so nothing is acknowledged
 * before it is stored. A failed batch is retried row by row, so one bad row fails alone.
 */
interface Pending<Row> {
  row: Row;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class InsertBatcher<Row> {
  #pending: Pending<Row>[] = [];
  #scheduled = false;
  #flushing = false;
  readonly #writeMany: (rows: Row[]) => Promise<void>;
  readonly #maxBatch: number;
  readonly #maxWaitMs: number;

  /**
   * `maxWaitMs`: how long a row may wait for others before its batch is written. The
   * embedded store runs a statement synchronously, so without a short window every row would
   * travel alone.
   */
  constructor(writeMany: (rows: Row[]) => Promise<void>, { maxBatch = 200, maxWaitMs = 2 } = {}) {
    this.#writeMany = writeMany;
    this.#maxBatch = maxBatch;
    this.#maxWaitMs = maxWaitMs;
  }

  insert(row: Row): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ row, resolve, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setTimeout(() => void this.#flush(), this.#maxWaitMs);
      }
    });
  }

  // One flush at a time: rows arriving meanwhile wait and go together in the next one, so
  // batches grow with the load instead of queueing many small statements.
  async #flush(): Promise<void> {
    this.#scheduled = false;
    if (this.#flushing) return;
    this.#flushing = true;
    try {
      while (this.#pending.length > 0)
        await this.#write(this.#pending.splice(0, this.#pending.length));
    } finally {
      this.#flushing = false;
    }
  }

  async #write(batch: Pending<Row>[]): Promise<void> {
    for (let start = 0; start < batch.length; start += this.#maxBatch) {
      const chunk = batch.slice(start, start + this.#maxBatch);
      try {
        await this.#writeMany(chunk.map((entry) => entry.row));
        for (const entry of chunk) entry.resolve();
      } catch (error) {
        if (chunk.length === 1) {
          chunk[0]?.reject(error);
          continue;
        }
        for (const entry of chunk) {
          await this.#writeMany([entry.row]).then(entry.resolve, entry.reject);
        }
      }
    }
  }
}
