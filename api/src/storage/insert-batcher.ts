/**
 * Coalesces rows inserted in the same tick into one multi-row INSERT (group commit): at
 * thousands of call tokens per second one statement per row costs more than the rest of the
 * request. Each caller still waits for its own row to be written, so nothing is acknowledged
 * before it is stored. A failed batch is retried row by row, so one bad row fails alone.
 */
export class InsertBatcher<Row> {
  #pending: { row: Row; resolve: () => void; reject: (error: unknown) => void }[] = [];
  #scheduled = false;
  readonly #writeMany: (rows: Row[]) => Promise<void>;
  readonly #maxBatch: number;

  constructor(writeMany: (rows: Row[]) => Promise<void>, maxBatch = 200) {
    this.#writeMany = writeMany;
    this.#maxBatch = maxBatch;
  }

  insert(row: Row): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ row, resolve, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => void this.#flush());
      }
    });
  }

  async #flush(): Promise<void> {
    this.#scheduled = false;
    const batch = this.#pending.splice(0, this.#pending.length);
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
