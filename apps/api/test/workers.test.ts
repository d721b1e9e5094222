import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { DatabaseConnection } from '@townhall/db';
import { workerProcesses, startBenchServer, type BenchServer } from '../bench/bench-server.ts';
import { loadConfig } from '../src/config.ts';
import { openTestSocket, pause, type TestSocket } from './live-helpers.ts';
import { openTestDatabase } from './test-database.ts';

// WORKERS=2: the real server started as people start it, a primary process and two workers on
// one port. Every worker serves, live events reach sockets held by the other worker, a worker
// that dies is replaced, and SIGTERM stops them all. (PostgreSQL only: the embedded database is
// one process's, which the configuration check below covers.)

const onServer = inject('databaseTemplate').kind === 'server';

it('refuses WORKERS above 1 on the embedded database, and in development', () => {
  expect(() => loadConfig({ WORKERS: '2' })).toThrow('WORKERS above 1 needs DATABASE_URL');
  expect(() => loadConfig({ WORKERS: '2', DATABASE_URL: 'postgres://localhost/x', NODE_ENV: 'development' })).toThrow('WORKERS above 1 is for production');
  expect(loadConfig({ WORKERS: '2', DATABASE_URL: 'postgres://localhost/x' }).workers).toBe(2);
  expect(loadConfig({}).workers).toBe(1);
});

async function until<T>(read: () => T | Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(value)})`);
    await pause(100);
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe.runIf(onServer)('worker processes', () => {
  let connection: DatabaseConnection;
  let server: BenchServer | null = null;

  beforeAll(async () => {
    connection = await openTestDatabase(inject('databaseTemplate'));
  });
  afterAll(async () => {
    await server?.stop();
    await connection?.close();
  });

  it('serves from every worker, shares live events between them, replaces a dead worker and stops on SIGTERM', async () => {
    const databaseUrl = String((connection.driver as { pool: { options: { connectionString: string } } }).pool.options.connectionString);
    server = await startBenchServer({ DATABASE_URL: databaseUrl, SEED_DEMO: 'false', JOBS: 'false', DB_POOL_SIZE: '4', WORKERS: '2' });
    const url = server.url;
    const first = await until(() => workerProcesses(server!.pid), (pids) => pids.length === 2, 'two workers');

    const signUp = await fetch(`${url}/api/auth/sign-up`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: url },
      body: JSON.stringify({ email: 'workers@example.test', password: 'workers test password', displayName: 'Worker Tester' }),
    });
    expect(signUp.status).toBe(201);
    const cookie = signUp.headers.getSetCookie().find((c) => c.startsWith('townhall_session='))!.split(';')[0]!;
    const headers = { 'content-type': 'application/json', origin: url, cookie };
    const asked = await fetch(`${url}/api/boards/qa/topics`, { method: 'POST', headers, body: JSON.stringify({ title: 'Served by workers', body: 'Which one answers?' }) });
    const topicId = ((await asked.json()) as { id: number }).id;

    // node:cluster hands connections to the workers in turn, so four sockets are spread over both
    // and the reply is written by one of them: every socket gets it, whichever worker holds it.
    const sockets: TestSocket[] = [];
    for (let i = 0; i < 4; i += 1) {
      const socket = await openTestSocket(`${url.replace(/^http/, 'ws')}/api/ws`);
      await socket.next('ready');
      socket.send({ type: 'subscribe', channel: `topic:${topicId}` });
      await socket.next('subscribed');
      sockets.push(socket);
    }
    const replied = await fetch(`${url}/api/topics/${topicId}/posts`, { method: 'POST', headers, body: JSON.stringify({ body: 'From one worker to all' }) });
    expect(replied.status).toBe(201);
    const postId = ((await replied.json()) as { id: number }).id;
    for (const socket of sockets) {
      const event = await socket.next('event');
      expect(event).toMatchObject({ kind: 'post.created', payload: { topicId, postId } });
    }
    await Promise.all(sockets.map((socket) => socket.close()));

    // A worker killed outright is replaced; the other goes on serving meanwhile. (A connection
    // handed to the dead worker in the moment before the primary learns of its death is reset.)
    process.kill(first[0]!, 'SIGKILL');
    const read = () => fetch(`${url}/api/topics/${topicId}`, { headers: { connection: 'close' } }).then((r) => r.status, () => 0);
    await until(read, (status) => status === 200, 'the other worker to answer', 2_000);
    const replaced = await until(
      () => workerProcesses(server!.pid),
      (pids) => pids.length === 2 && !pids.includes(first[0]!) && pids.includes(first[1]!),
      'a new worker in place of the killed one',
    );
    await until(
      async () => {
        const statuses = await Promise.all(Array.from({ length: 6 }, () => fetch(`${url}/api/health`, { headers: { connection: 'close' } }).then((r) => r.status, () => 0)));
        return statuses;
      },
      (statuses) => statuses.every((status) => status === 200),
      'every worker answering',
    );

    // SIGTERM to the primary stops both workers, then the primary, cleanly.
    expect(await server.stop()).toBe(0);
    server = null;
    await until(() => replaced.filter(alive), (pids) => pids.length === 0, 'the workers to exit', 15_000);
  });
});
