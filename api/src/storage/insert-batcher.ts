/**
 * Coalesces rows inserted close together into one multi-row write (group commit): at
 * thousands of call tokens per second one statement per row costs more than the rest of the
 * request. Each caller still waits for its own row to be written, so nothing is acknowledged
 * before it is stored. A failed batch is retried row by row, so one bad row fails alone.
 */
interface Pending<Row> {
  row: Row;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export interface InsertBatcherOptions {
  /** Most rows in one write. */
  maxBatch?: number;
  /**
   * How long a row may wait for others before its batch is written. 0 (the default): until
   * the end of the current event-loop turn, which gathers the rows of every request handled
   * in that turn; the database works in a thread or a server of its own, so waiting longer
   * would only add to each request's time.
   */
  maxWaitMs?: number;
}

export class InsertBatcher<Row> {
  #pending: Pending<Row>[] = [];
  #scheduled = false;
  #flushing = false;
  readonly #writeMany: (rows: Row[]) => Promise<void>;
  readonly #maxBatch: number;
  readonly #maxWaitMs: number;

  constructor(
    writeMany: (rows: Row[]) => Promise<void>,
    { maxBatch = 200, maxWaitMs = 0 }: InsertBatcherOptions = {},
  ) {
    this.#writeMany = writeMany;
    this.#maxBatch = maxBatch;
    this.#maxWaitMs = maxWaitMs;
  }

  insert(row: Row): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ row, resolve, reject });
      if (this.#scheduled) return;
      this.#scheduled = true;
      if (this.#maxWaitMs > 0) setTimeout(this.#flush, this.#maxWaitMs);
      else setImmediate(this.#flush);
    });
  }

  // One write at a time: rows arriving meanwhile wait and go together in the next one, so
  // batches grow with the load instead of queueing many small statements.
  #flush = async (): Promise<void> => {
    this.#scheduled = false;
    if (this.#flushing) return;
    this.#flushing = true;
    try {
      while (this.#pending.length > 0) await this.#write(this.#pending.splice(0, this.#maxBatch));
    } finally {
      this.#flushing = false;
    }
  };

  async #write(batch: Pending<Row>[]): Promise<void> {
    try {
      await this.#writeMany(batch.map((entry) => entry.row));
      for (const entry of batch) entry.resolve();
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return;
      }
      for (const entry of batch) {
        await this.#writeMany([entry.row]).then(entry.resolve, entry.reject);
      }
    }
  }
}
