import { describe, expect, it } from 'vitest';
import { createBatchLoader } from './batch-loader.ts';

describe('createBatchLoader', () => {
  it('reads a lone key on its own, and the keys asked for meanwhile together next, each once', async () => {
    const reads: number[][] = [];
    const loader = createBatchLoader<number, string>({
      loadMany: async (keys) => {
        reads.push(keys);
        await new Promise((resolve) => setTimeout(resolve, 5));
        return new Map(keys.filter((key) => key !== 404).map((key) => [key, `value ${key}`]));
      },
    });
    const first = loader.load(1);
    await new Promise((resolve) => setImmediate(resolve));
    const later = [loader.load(2), loader.load(3), loader.load(2), loader.load(404)];
    expect(await first).toBe('value 1');
    expect(await Promise.all(later)).toEqual(['value 2', 'value 3', 'value 2', undefined]);
    expect(reads).toEqual([[1], [2, 3, 404]]);
  });

  it('gives each caller the error of its own key when a batch fails', async () => {
    const loader = createBatchLoader<number, number>({
      loadMany: async (keys) => {
        if (keys.includes(13)) throw new Error('unlucky');
        return new Map(keys.map((key) => [key, key * 2]));
      },
    });
    const blocker = loader.load(0);
    await new Promise((resolve) => setImmediate(resolve));
    const [good, bad] = [loader.load(4), loader.load(13)];
    await blocker;
    expect(await good).toBe(8);
    await expect(bad).rejects.toThrow('unlucky');
  });
});
