import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { connectDatabase, posts } from '@townhall/db';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createTestApp, testHost, testOrigin, type Person, type TestApp } from './test-app.ts';

// A database outage on PostgreSQL: the app reaches the server through a TCP proxy that the test
// cuts (every connection dropped, new ones refused) and restores, as a server stop and start would
// look to the app. While it is down the app answers 503, never 500, and never exits; afterwards it
// recovers by itself. (The embedded database cannot be cut off from its own process.)

/** A TCP proxy to `target` that can drop everything and refuse connections, then come back. */
async function startCuttableProxy(target: { host: string; port: number }) {
  const sockets = new Set<Socket>();
  let up = true;
  const server: Server = createServer((client) => {
    if (!up) return client.destroy();
    const upstream = connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {});
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    cut() {
      up = false;
      for (const socket of sockets) socket.destroy();
    },
    restore() {
      up = true;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const onServer = inject('databaseTemplate').kind === 'server';

describe.runIf(onServer)('database outage', () => {
  let t: TestApp;
  let proxy: Awaited<ReturnType<typeof startCuttableProxy>>;
  let app: FastifyInstance;
  let person: Person;

  beforeAll(async () => {
    t = await createTestApp();
    person = await t.signedIn('customer', { tier: 'head' });
    const direct = new URL(String((t.app.dbConnection.driver as { pool: { options: { connectionString: string } } }).pool.options.connectionString));
    proxy = await startCuttableProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
    direct.host = `127.0.0.1:${proxy.port}`;
    const connection = await connectDatabase({ databaseUrl: direct.toString(), poolSize: 4 });
    // Background jobs on: their queue loses the database too and must not take the process down.
    app = await buildApp({ config: { ...loadConfig({}), webBuildDir: null, jobsEnabled: true }, connection, logger: false });
    await app.ready();
  });
  afterAll(async () => {
    proxy?.restore();
    await app?.close();
    await proxy?.close();
    await t?.close();
  });

  const request = (method: 'GET' | 'POST', url: string, body?: unknown) =>
    app.inject({
      method,
      url,
      headers: { host: testHost, origin: testOrigin, cookie: person.cookie, ...(body ? { 'content-type': 'application/json' } : {}) },
      payload: body ? JSON.stringify(body) : undefined,
    });

  it('answers 503 while the database is down, writes nothing, and recovers on its own', async () => {
    const topic = await request('POST', '/api/boards/qa/topics', { title: 'Before the outage', body: 'Works' });
    expect(topic.statusCode).toBe(201);
    const topicId = topic.json().id as number;

    proxy.cut();
    const during = [];
    for (let round = 0; round < 3; round += 1) {
      during.push(
        ...(await Promise.all([
          request('GET', '/api/boards'),
          request('GET', `/api/topics/${topicId}`),
          request('POST', `/api/topics/${topicId}/posts`, { body: `During the outage ${round}` }),
          request('GET', '/api/health'),
        ])),
      );
    }
    expect(during.map((response) => response.statusCode)).toEqual(Array(during.length).fill(503));
    expect(during.every((response) => response.json().error.code === 'DATABASE_UNAVAILABLE')).toBe(true);
    expect(during.find((response) => response.headers['retry-after'])?.headers['retry-after']).toBe('5');

    proxy.restore();
    const deadline = Date.now() + 20_000;
    let after = await request('GET', '/api/boards');
    while (after.statusCode !== 200 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      after = await request('GET', '/api/boards');
    }
    expect(after.statusCode).toBe(200);
    const reply = await request('POST', `/api/topics/${topicId}/posts`, { body: 'After the outage' });
    expect(reply.statusCode).toBe(201);
    // Nothing from the refused requests was written.
    const bodies = (await t.db.select({ body: posts.bodyMarkdown }).from(posts).where(eq(posts.topicId, topicId))).map((row) => row.body);
    expect(bodies).toEqual(['Works', 'After the outage']);
  }, 60_000);
});
