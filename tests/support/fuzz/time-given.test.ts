import { describe, expect, it } from 'vitest';
import { FuzzHang, within } from '../../fuzz/fuzz-target.ts';
import { timeGiven } from '../../fuzz/time-given.ts';

describe('the fuzz targets’ hang bound', () => {
  it('counts no more time than the wall clock shows', async () => {
    const wallStart = performance.now();
    const given = timeGiven();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const counted = given();
    const wall = performance.now() - wallStart;
    expect(counted).toBeGreaterThan(0);
    expect(counted).toBeLessThanOrEqual(wall);
  });

  it('reports an answer that never comes as a hang, and passes one that comes', async () => {
    await expect(within(new Promise(() => {}), 100, 'the answer')).rejects.toThrow(FuzzHang);
    await expect(within(Promise.resolve('ok'), 100, 'the answer')).resolves.toBe('ok');
  });
});
