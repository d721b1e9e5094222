import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { and, eq, like } from 'drizzle-orm';
import { posts, type DatabaseConnection } from '@townhall/db';
import { startBenchServer, type BenchServer } from '../bench/bench-server.ts';
import { openTestDatabase } from './test-database.ts';

// Crash safety on PostgreSQL: writers post replies with unique idempotency keys while the real
// server process is killed with SIGKILL, again and again. After each restart every acknowledged
// reply exists exactly once, and retrying the unacknowledged ones (same keys) leaves each once.

const onServer = inject('databaseTemplate').kind === 'server';
const writers = 8;
const crashes = 3;

describe.runIf(onServer)('crash', () => {
  let connection: DatabaseConnection;
  let databaseUrl: string;
  let server: BenchServer | null = null;
  let port: number;

  beforeAll(async () => {
    connection = await openTestDatabase(inject('databaseTemplate'));
    databaseUrl = String((connection.driver as { pool: { options: { connectionString: string } } }).pool.options.connectionString);
  });
  afterAll(async () => {
    await server?.stop();
    await connection?.close();
  });

  const start = async () => {
    server = await startBenchServer({ DATABASE_URL: databaseUrl, SEED_DEMO: 'false', JOBS: 'false', DB_POOL_SIZE: '10' }, port);
    port = Number(new URL(server.url).port);
    return server.url;
  };

  it('keeps every acknowledged post exactly once across repeated SIGKILLs', async () => {
    let url = await start();
    const origin = () => url;
    const signUp = await fetch(`${url}/api/auth/sign-up`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: origin() },
      body: JSON.stringify({ email: 'crash@example.test', password: 'crash test password', displayName: 'Crash Writer' }),
    });
    expect(signUp.status).toBe(201);
    const cookie = signUp.headers.getSetCookie().find((c) => c.startsWith('townhall_session='))!.split(';')[0]!;
    const headers = (key?: string) => ({ 'content-type': 'application/json', origin: origin(), cookie, ...(key ? { 'idempotency-key': key } : {}) });
    const topic = await fetch(`${url}/api/boards/qa/topics`, { method: 'POST', headers: headers(), body: JSON.stringify({ title: 'Crash target', body: 'Replies land here' }) });
    const topicId = ((await topic.json()) as { id: number }).id;

    const acknowledged = new Set<string>();
    const unacknowledged = new Set<string>();
    const post = async (key: string) => {
      try {
        const response = await fetch(`${origin()}/api/topics/${topicId}/posts`, { method: 'POST', headers: headers(key), body: JSON.stringify({ body: `Reply ${key}` }) });
        if (response.status === 200 || response.status === 201) {
          acknowledged.add(key);
          unacknowledged.delete(key);
          return true;
        }
      } catch {
        // The server died under this request: it may or may not have written it.
      }
      unacknowledged.add(key);
      return false;
    };

    for (let crash = 0; crash < crashes; crash += 1) {
      let running = true;
      const loops = Array.from({ length: writers }, async (_, writer) => {
        for (let seq = 0; running; seq += 1) if (!(await post(`crash-${crash}-writer-${writer}-${seq}`))) break;
      });
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await server!.crash();
      running = false;
      await Promise.all(loops);
      url = await start();
      // Retries of what was in flight, with the same keys.
      for (const key of [...unacknowledged]) await post(key);
      expect(unacknowledged.size).toBe(0);
    }

    const rows = await connection.db
      .select({ key: posts.idempotencyKey })
      .from(posts)
      .where(and(eq(posts.topicId, topicId), like(posts.idempotencyKey, 'crash-%')));
    const counts = new Map<string, number>();
    for (const row of rows) counts.set(row.key!, (counts.get(row.key!) ?? 0) + 1);
    expect(acknowledged.size).toBeGreaterThan(crashes * writers);
    expect([...acknowledged].filter((key) => counts.get(key) !== 1)).toEqual([]);
    expect(rows.length).toBe(acknowledged.size);
    console.info(`crash test: ${acknowledged.size} acknowledged replies across ${crashes} SIGKILLs, each stored exactly once`);
  }, 180_000);
});
