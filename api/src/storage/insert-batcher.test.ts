import { describe, expect, it } from 'vitest';
import { InsertBatcher } from './insert-batcher.ts';

/** A database stand-in whose writes finish only when the test says so. */
function controlledWrites(fail: (rows: string[]) => boolean = () => false) {
  const writes: { rows: string[]; finish: () => void }[] = [];
  const stored: string[] = [];
  const writeMany = (rows: string[]) =>
    new Promise<void>((resolve, reject) => {
      writes.push({
        rows,
        finish: () => {
          if (fail(rows)) return reject(new Error(`cannot store ${rows.join(',')}`));
          stored.push(...rows);
          resolve();
        },
      });
    });
  return { writes, stored, writeMany };
}

const settled = async <T>(promise: Promise<T>) => {
  let state = 'pending';
  promise.then(
    () => (state = 'fulfilled'),
    () => (state = 'rejected'),
  );
  await new Promise((resolve) => setImmediate(resolve));
  return state;
};
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('InsertBatcher', () => {
  it('writes the rows of one event-loop turn together, answering each only once stored', async () => {
    const db = controlledWrites();
    const batcher = new InsertBatcher(db.writeMany);
    const inserted = ['a', 'b', 'c'].map((row) => batcher.insert(row));
    await nextTurn();
    expect(db.writes.map((w) => w.rows)).toEqual([['a', 'b', 'c']]);
    expect(await settled(inserted[0]!)).toBe('pending');
    db.writes[0]!.finish();
    await Promise.all(inserted);
    expect(db.stored).toEqual(['a', 'b', 'c']);
  });

  it('gathers rows that arrive during a write into the next one', async () => {
    const db = controlledWrites();
    const batcher = new InsertBatcher(db.writeMany);
    const first = batcher.insert('a');
    await nextTurn();
    const later = ['b', 'c', 'd'].map((row) => batcher.insert(row));
    await nextTurn();
    await nextTurn();
    expect(db.writes.map((w) => w.rows)).toEqual([['a']]);
    db.writes[0]!.finish();
    await first;
    await nextTurn();
    expect(db.writes.map((w) => w.rows)).toEqual([['a'], ['b', 'c', 'd']]);
    db.writes[1]!.finish();
    await Promise.all(later);
  });

  it('fails only the bad row of a batch: the others are retried alone and stored', async () => {
    const db = controlledWrites((rows) => rows.includes('bad'));
    const batcher = new InsertBatcher(db.writeMany);
    const results = Promise.allSettled(['a', 'bad', 'c'].map((row) => batcher.insert(row)));
    for (let i = 0; i < 4; i++) {
      await nextTurn();
      db.writes[i]?.finish();
    }
    expect((await results).map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(db.stored).toEqual(['a', 'c']);
  });

  it('rejects every waiting row when the database refuses them all', async () => {
    const batcher = new InsertBatcher<string>(() => Promise.reject(new Error('database down')));
    const results = await Promise.allSettled(['a', 'b', 'c'].map((row) => batcher.insert(row)));
    expect(results).toEqual(
      ['a', 'b', 'c'].map(() => ({ status: 'rejected', reason: new Error('database down') })),
    );
  });

  it('splits a large backlog into writes of at most maxBatch rows', async () => {
    const sizes: number[] = [];
    const batcher = new InsertBatcher<number>(
      async (rows) => {
        sizes.push(rows.length);
      },
      { maxBatch: 4 },
    );
    await Promise.all(Array.from({ length: 10 }, (_, i) => batcher.insert(i)));
    expect(sizes).toEqual([4, 4, 2]);
  });
});
