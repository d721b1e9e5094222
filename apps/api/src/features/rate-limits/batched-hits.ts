/** One request to count: the limited key (route and client) and the length of its window. */
export type Hit = { key: string; windowMs: number };

/** Hits counted in one statement: each key once, with how many requests it counts, in key order. */
export type HitGroup = { key: string; windowMs: number; hits: number };

/**
 * Groups concurrent hits by key: an upsert may change a row only once per statement, and rows
 * taken in key order cannot deadlock with another instance's batch. A key keeps its first window.
 */
export function groupHits(hits: Hit[]): HitGroup[] {
  const groups = new Map<string, HitGroup>();
  for (const { key, windowMs } of hits) {
    const group = groups.get(key);
    if (group) group.hits += 1;
    else groups.set(key, { key, windowMs, hits: 1 });
  }
  return [...groups.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * Each hit's own count, as if they had been counted one after another in the order given: a key
 * whose counter ended at `total` after `hits` of them gets total − hits + 1, …, total.
 */
export function countsInOrder(hits: Hit[], totals: Map<string, { total: number; hits: number }>): number[] {
  const seen = new Map<string, number>();
  return hits.map(({ key }) => {
    const counted = totals.get(key);
    if (!counted) throw new Error(`No count for rate-limit key ${key}`);
    const before = seen.get(key) ?? 0;
    seen.set(key, before + 1);
    return counted.total - counted.hits + 1 + before;
  });
}
