import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq, like } from 'drizzle-orm';
import { connectDatabase, posts } from '@townhall/db';
import { startBenchServer, type BenchServer } from './bench-server.ts';

// `pnpm --filter @townhall/api crash:embedded`: the crash test of apps/api/test/crash.test.ts on
// the embedded database (PGlite in a data folder), reported rather than asserted: how many
// acknowledged replies survive repeated SIGKILLs, and whether any is stored twice.

const writers = 8;
const crashes = Number(process.env.CRASHES ?? 3);
const dataDir = mkdtempSync(join(tmpdir(), 'townhall-crash-'));
let server: BenchServer | null = null;
let port: number | undefined;

const start = async () => {
  server = await startBenchServer({ DATA_DIR: dataDir, SEED_DEMO: 'false', JOBS: 'false' }, port);
  port = Number(new URL(server.url).port);
  return server.url;
};

try {
  const url = await start();
  const signUp = await fetch(`${url}/api/auth/sign-up`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ email: 'crash@example.test', password: 'crash test password', displayName: 'Crash Writer' }),
  });
  const cookie = signUp.headers.getSetCookie().find((c) => c.startsWith('townhall_session='))!.split(';')[0]!;
  const headers = (key?: string) => ({ 'content-type': 'application/json', origin: url, cookie, ...(key ? { 'idempotency-key': key } : {}) });
  const topic = await fetch(`${url}/api/boards/qa/topics`, { method: 'POST', headers: headers(), body: JSON.stringify({ title: 'Crash target', body: 'Replies' }) });
  const topicId = ((await topic.json()) as { id: number }).id;
  const acknowledged = new Set<string>();
  const inFlight = new Set<string>();
  const post = async (key: string) => {
    try {
      const response = await fetch(`${url}/api/topics/${topicId}/posts`, { method: 'POST', headers: headers(key), body: JSON.stringify({ body: `Reply ${key}` }) });
      if (response.status === 200 || response.status === 201) {
        acknowledged.add(key);
        inFlight.delete(key);
        return true;
      }
    } catch {
      // died under this request
    }
    inFlight.add(key);
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
    await start();
    for (const key of [...inFlight]) await post(key);
  }
  await server!.stop();
  server = null;
  const connection = await connectDatabase({ dataDir });
  const rows = await connection.db.select({ key: posts.idempotencyKey }).from(posts).where(and(eq(posts.topicId, topicId), like(posts.idempotencyKey, 'crash-%')));
  await connection.close();
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row.key!, (counts.get(row.key!) ?? 0) + 1);
  const lost = [...acknowledged].filter((key) => !counts.has(key)).length;
  const twice = [...counts.values()].filter((n) => n > 1).length;
  console.log(`Embedded database (PGlite), ${crashes} SIGKILLs, ${writers} writers: ${acknowledged.size} replies acknowledged, ${lost} lost, ${twice} stored twice, ${inFlight.size} still failing after retry.`);
} finally {
  await (server as BenchServer | null)?.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
