import { createCoalescingBatcher } from './coalescing-batcher.ts';

export type BatchLoader<K, V> = {
  /** The value of `key`, or undefined when there is none; loaded with the keys asked for meanwhile. */
  load(key: K): Promise<V | undefined>;
};

/**
 * Reads by key for concurrent callers in one statement instead of one each: the keys asked for
 * while a read runs are read together next, each distinct key once (batches form by concurrency,
 * as in coalescing-batcher.ts, so a lone caller waits no more than a turn of the event loop). Under load this saves a round
 * trip to the database per request, which on a busy server costs more than the query.
 */
export function createBatchLoader<K, V>({
  loadMany,
  maxBatchSize = 500,
}: {
  /** The values of `keys` (distinct), by key; a key left out has no value. */
  loadMany: (keys: K[]) => Promise<Map<K, V>>;
  maxBatchSize?: number;
}): BatchLoader<K, V> {
  type Pending = { key: K; value?: V };
  const batcher = createCoalescingBatcher<Pending>({
    maxBatchSize,
    run: async (pending) => {
      const found = await loadMany([...new Set(pending.map((entry) => entry.key))]);
      for (const entry of pending) entry.value = found.get(entry.key);
    },
  });
  return {
    async load(key) {
      const entry: Pending = { key };
      await batcher.add(entry);
      return entry.value;
    },
  };
}
