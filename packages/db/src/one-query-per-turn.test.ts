import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { oneQueryPerTurn } from './one-query-per-turn.ts';

describe('PGlite queries, one per turn of the event loop', () => {
  let plain: PGlite;
  let fair: PGlite;
  beforeAll(async () => {
    [plain, fair] = await Promise.all([PGlite.create(), PGlite.create()]);
    oneQueryPerTurn(fair);
  });
  afterAll(() => Promise.all([plain?.close(), fair?.close()]));

  /** Queues 20 queries, then something that waits for the next turn (as reading a socket does). */
  async function whenTheNextTurnCame(client: PGlite) {
    const order: string[] = [];
    const queries = Array.from({ length: 20 }, (_, i) => client.query('select $1::int as n', [i]).then((result) => order.push(`query ${(result.rows[0] as { n: number }).n}`)));
    setImmediate(() => order.push('next turn'));
    await Promise.all(queries);
    await new Promise((resolve) => setImmediate(resolve));
    return order;
  }

  it('runs a queue of queries without letting the event loop turn, as PGlite does by itself', async () => {
    const order = await whenTheNextTurnCame(plain);
    expect(order.indexOf('next turn')).toBe(20);
  });

  it('lets the event loop turn between queries, and keeps them in order', async () => {
    const order = await whenTheNextTurnCame(fair);
    expect(order.indexOf('next turn')).toBeLessThanOrEqual(1);
    expect(order.filter((entry) => entry !== 'next turn')).toEqual(Array.from({ length: 20 }, (_, i) => `query ${i}`));
  });

  it('goes on after a failed query', async () => {
    await expect(fair.query('select nonsense')).rejects.toThrow(/nonsense/);
    expect((await fair.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
  });
});
