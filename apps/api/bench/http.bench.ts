import { spawn } from 'node:child_process';
import type { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import { connectDatabase, migrateDatabase, type DatabaseConnection } from '@townhall/db';
import { ensureWorkspace } from '../src/seed/workspace.ts';
import { indexMissingSearchDocuments } from '../src/features/search/search-index.repository.ts';
import { freePort, freshDatabase, machineCpuTimes, mib, percentile, signIn, startBenchServer, stolenShare } from './bench-server.ts';
import { benchPassword, millionPosts, seedLargeWorkspace } from './seed-large.ts';
import { startSqlCaptureProxy, type CapturedStatement } from './sql-capture-proxy.ts';

// `pnpm bench:http`: the HTTP scenarios of issue 8 against the real server on PostgreSQL, at a
// million posts (BENCH_SCALE scales it), each beside its floors measured in the same run, as
// the median of BENCH_ROUNDS rounds. BENCH_DATABASE=embedded runs the same scenarios on PGlite
// (default scale 0.1: 100,000 posts), without floors: PGlite has no second client to run them.

const embedded = process.env.BENCH_DATABASE === 'embedded';
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const scale = Number(process.env.BENCH_SCALE ?? (embedded ? 0.1 : 1));
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const warmup = Number(process.env.BENCH_WARMUP ?? 3);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const connections = 50;
/** BENCH_WORKERS=2 runs the server with WORKERS=2, and each floor in as many processes (PostgreSQL only). */
const workers = Number(process.env.BENCH_WORKERS ?? 1);
if (embedded && workers > 1) throw new Error('BENCH_WORKERS above 1 needs PostgreSQL: the embedded database is open in one process only');
/** BENCH_ONLY=list,topic runs only the scenarios whose names contain one of these words; BENCH_SQL=1 prints their statements. */
const only = (process.env.BENCH_ONLY ?? '').split(',').map((word) => word.trim()).filter(Boolean);
const selected = (name: string) => only.length === 0 || only.some((word) => name.includes(word));

type Request = { method: 'GET' | 'POST'; path: () => string; headers?: Record<string, string>; body?: () => string; connections?: number };
type Measured = { rps: number; p50: number; p95: number; p99: number; errors: number; statuses: Map<number, number>; answered: number };

async function load(base: string, request: Request, duration: number): Promise<Measured> {
  const latencies: number[] = [];
  // Without a callback autocannon returns its event emitter, made thenable; its types say Promise.
  const run = autocannon({
    url: base,
    connections: request.connections ?? connections,
    duration,
    requests: [
      {
        method: request.method,
        headers: { ...(request.body ? { 'content-type': 'application/json' } : {}), ...request.headers },
        setupRequest: (req) => ({ ...req, path: request.path(), ...(request.body ? { body: request.body() } : {}) }),
      },
    ],
  }) as unknown as Promise<autocannon.Result> & EventEmitter;
  // autocannon reports no p95 (the search target), so every response time is kept here.
  const statuses = new Map<number, number>();
  run.on('response', (_client: unknown, status: number, _bytes: number, responseTime: number) => {
    latencies.push(responseTime);
    if (status >= 300) statuses.set(status, (statuses.get(status) ?? 0) + 1);
  });
  const result = await run;
  latencies.sort((a, b) => a - b);
  const at = (p: number) => Math.round(percentile(latencies, p));
  // Errors are non-2xx answers (by status) plus requests that got none (timeouts, which
  // autocannon counts among its errors, and resets).
  if (result.errors > 0) statuses.set(0, result.errors);
  return { rps: result.requests.average, p50: at(50), p95: at(95), p99: at(99), errors: result.non2xx + result.errors, statuses, answered: latencies.length };
}

const measure = async (base: string, request: Request) => {
  if (warmup > 0) await load(base, request, warmup);
  return load(base, request, seconds);
};

/** The median of each figure over the rounds. */
function median(results: Measured[]): Measured {
  const mid = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  return {
    rps: mid(results.map((r) => r.rps)),
    p50: mid(results.map((r) => r.p50)),
    p95: mid(results.map((r) => r.p95)),
    p99: mid(results.map((r) => r.p99)),
    errors: results.reduce((sum, r) => sum + r.errors, 0),
    answered: results.reduce((sum, r) => sum + r.answered, 0),
    statuses: results.reduce((all, r) => {
      for (const [status, count] of r.statuses) all.set(status, (all.get(status) ?? 0) + count);
      return all;
    }, new Map<number, number>()),
  };
}

const rows = async <T>(connection: DatabaseConnection, query: string) => {
  const result = await connection.db.execute(sql.raw(query));
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
};

/** Waits until no statement of `databaseUrl` is running, so start-up work is not captured. */
async function waitForIdleDatabase(connection: DatabaseConnection, databaseName: string) {
  for (let quiet = 0; quiet < 3; ) {
    const [busy] = await rows<{ n: number }>(
      connection,
      `select count(*)::int as n from pg_stat_activity where datname = '${databaseName}' and state = 'active' and pid <> pg_backend_pid()`,
    );
    quiet = busy!.n === 0 ? quiet + 1 : 0;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

const size = Object.fromEntries(Object.entries(millionPosts).map(([key, value]) => [key, Math.max(1, Math.round(value * scale))])) as typeof millionPosts;
const cleanup: (() => Promise<unknown>)[] = [];
try {
  // The workspace: a fresh server database, or a fresh PGlite data folder.
  const dataDir = embedded ? mkdtempSync(join(tmpdir(), 'townhall-bench-pglite-')) : null;
  const database = embedded ? null : await freshDatabase(adminUrl, `townhall_bench_http_${process.pid}`);
  if (dataDir) cleanup.push(async () => rmSync(dataDir, { recursive: true, force: true }));
  if (database) cleanup.push(() => database.drop());
  const connection = await connectDatabase(database ? { databaseUrl: database.url, poolSize: 4 } : { dataDir: dataDir! });
  await migrateDatabase(connection);
  await ensureWorkspace(connection.db);
  let started = performance.now();
  const timings = await seedLargeWorkspace(connection.db, size);
  const seedSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  // The server indexes anything missing at start, in the background: done here first, so it
  // does not run during the measurements.
  const { indexed } = await indexMissingSearchDocuments(connection.db);
  const indexSeconds = (performance.now() - started) / 1000;
  // A fresh bulk load is what autovacuum works on first (visibility map, hint bits, the search
  // index's pending entries): done here, so that work does not run during the measurements (a
  // search scenario run just after seeding was four times slower, app and floor alike).
  // PGlite has no autovacuum, so the embedded bench measures the tables as they are.
  started = performance.now();
  if (database) await connection.db.execute(sql`vacuum analyze`);
  const vacuumSeconds = (performance.now() - started) / 1000;
  const topicIds = (await rows<{ id: string }>(connection, `select id from topics where title like '% #%' order by id`)).map((row) => Number(row.id));
  const [author] = await rows<{ id: string }>(connection, `select id from users where email = 'bench-100@bench.test'`);
  console.log(`Seeded ${JSON.stringify(size)} in ${seedSeconds.toFixed(1)} s ${JSON.stringify(timings)}; indexed ${indexed} documents for search in ${indexSeconds.toFixed(1)} s${database ? `; vacuumed in ${vacuumSeconds.toFixed(1)} s` : ''}`);

  const webBuild = fileURLToPath(new URL('../../web/build', import.meta.url));
  const serverEnv = (location: Record<string, string>) => ({
    ...location,
    SEED_DEMO: 'false',
    JOBS: 'false',
    DB_POOL_SIZE: '10',
    WORKERS: String(workers),
    ...(existsSync(join(webBuild, 'handler.js')) ? { WEB_BUILD_DIR: webBuild } : {}),
  });
  // On a server, statements are captured from a first server that reaches PostgreSQL through the
  // capturing proxy; the measured server then connects straight to PostgreSQL, as the floors do.
  let proxy: Awaited<ReturnType<typeof startSqlCaptureProxy>> | null = null;
  let location: Record<string, string>;
  if (database) {
    const target = new URL(database.url);
    proxy = await startSqlCaptureProxy({ host: target.hostname, port: Number(target.port || 5432) });
    cleanup.unshift(() => proxy!.close());
    const proxied = new URL(database.url);
    proxied.host = `127.0.0.1:${proxy.port}`;
    location = { DATABASE_URL: proxied.toString() };
  } else {
    location = { DATA_DIR: dataDir! };
  }
  // PGlite is one process's: the seeding connection closes before the server opens the folder.
  await connection.close();
  let server = await startBenchServer(serverEnv(location));
  cleanup.unshift(() => server.stop());
  const base = server.url;
  const signedIn = { cookie: await signIn(base, 'bench-100@bench.test', benchPassword), origin: base };
  let n = 0;
  const randomTopic = () => topicIds[Math.floor(Math.random() * topicIds.length)]!;
  const hot = topicIds[topicIds.length - 1]!;
  // Scenarios on a random topic draw it per request, and their pg floor draws one the same way
  // (`?topic=`): the same statements on the same spread of rows, cold pages included.
  const scenarios: { name: string; request: Request; floor: 'replay' | 'reply'; pages?: boolean; randomTopic?: boolean }[] = [
    { name: 'board list, anonymous', request: { method: 'GET', path: () => '/api/boards/qa/topics' }, floor: 'replay' },
    { name: 'board list, signed in', request: { method: 'GET', path: () => '/api/boards/qa/topics', headers: signedIn }, floor: 'replay' },
    { name: 'topic (API)', request: { method: 'GET', path: () => `/api/topics/${randomTopic()}` }, floor: 'replay', randomTopic: true },
    { name: 'topic (HTML page)', request: { method: 'GET', path: () => `/t/${randomTopic()}` }, floor: 'replay', pages: true, randomTopic: true },
    { name: 'search', request: { method: 'GET', path: () => '/api/search?q=export' }, floor: 'replay' },
    // The search target is a latency: one searcher at a time, app and floor alike.
    { name: 'search, one client', request: { method: 'GET', path: () => '/api/search?q=export', connections: 1 }, floor: 'replay' },
    {
      name: 'reply, spread over topics',
      request: { method: 'POST', path: () => `/api/topics/${randomTopic()}/posts`, headers: { ...signedIn }, body: () => JSON.stringify({ body: `Bench reply ${++n}` }) },
      floor: 'reply',
      randomTopic: true,
    },
    {
      name: 'reply, one hot topic',
      request: { method: 'POST', path: () => `/api/topics/${hot}/posts`, headers: { ...signedIn }, body: () => JSON.stringify({ body: `Hot reply ${++n}` }) },
      floor: 'reply',
    },
  ];
  const runnable = scenarios.filter((scenario) => selected(scenario.name) && (!scenario.pages || existsSync(join(webBuild, 'handler.js'))));

  // One request of each, captured on the wire: its statements and its response size.
  const captured = new Map<string, { statements: CapturedStatement[]; bodySize: number; topicId: number | null; underLoad: number | null }>();
  const watcher = database ? await connectDatabase({ databaseUrl: database.url, poolSize: 1 }) : null;
  for (const scenario of runnable) {
    const request = scenario.request;
    if (watcher) await waitForIdleDatabase(watcher, new URL(database!.url).pathname.slice(1));
    proxy?.start();
    const path = request.path();
    const response = await fetch(base + path, {
      method: request.method,
      headers: { ...(request.body ? { 'content-type': 'application/json' } : {}), ...request.headers },
      body: request.body?.(),
    });
    const body = await response.text();
    if (!response.ok) throw new Error(`${scenario.name}: ${response.status} ${body.slice(0, 300)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const topicId = scenario.randomTopic ? Number(/\/t(?:opics)?\/(\d+)/.exec(path)![1]) : null;
    const statements = proxy?.stop() ?? [];
    // The same scenario under load for a moment: concurrent replies share their notification and
    // live-event statements, so a request alone is not what a request costs under load.
    let underLoad: number | null = null;
    if (proxy) {
      proxy.start();
      const burst = await load(base, request, 2);
      underLoad = proxy.stop().length / Math.max(1, burst.answered);
    }
    captured.set(scenario.name, { statements, bodySize: Buffer.byteLength(body), topicId, underLoad });
    if (process.env.BENCH_SQL) {
      console.log(`\n${scenario.name}: ${response.status}, ${captured.get(scenario.name)!.statements.length} statements`);
      for (const statement of captured.get(scenario.name)!.statements) console.log(`  ${statement.text.replace(/\s+/g, ' ').slice(0, 400)}`);
    }
  }
  if (database) {
    await server.stop();
    await proxy!.close();
    // Same port, so the origin header still matches; the session lives in the database.
    server = await startBenchServer(serverEnv({ DATABASE_URL: database.url }), Number(new URL(base).port));
    // At start the server looks for posts missing from the search index (a scan of every post,
    // seconds at a million): measuring before it ends would charge it to the first scenario.
    await waitForIdleDatabase(watcher!, new URL(database.url).pathname.slice(1));
  }
  await watcher?.close();

  // The floors, in a process of their own, straight to PostgreSQL.
  const floorConfig: Record<string, unknown> = {};
  scenarios.forEach((scenario, i) => {
    const capture = captured.get(scenario.name);
    if (!capture) return;
    floorConfig[`bare${i}`] = { kind: 'bare', body: JSON.stringify({ padding: 'x'.repeat(Math.max(0, capture.bodySize - 14)) }) };
    if (!database) return;
    floorConfig[`sql${i}`] =
      scenario.floor === 'reply'
        ? { kind: 'reply', topicId: hot, authorId: Number(author!.id) }
        : { kind: 'replay', topicId: capture.topicId, statements: capture.statements.filter((statement) => !/^(LISTEN|UNLISTEN)/i.test(statement.text)) };
  });
  const configPath = join(mkdtempSync(join(tmpdir(), 'townhall-floor-')), 'floor.json');
  writeFileSync(configPath, JSON.stringify({ databaseUrl: database?.url ?? null, routes: floorConfig }));
  const floorPort = await freePort();
  const floor = spawn(process.execPath, ['--import', 'tsx', 'bench/floor-server.ts'], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    env: { ...process.env, FLOOR_CONFIG: configPath, PORT: String(floorPort), FLOOR_WORKERS: String(workers) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  cleanup.unshift(() => new Promise((resolve) => (floor.exitCode !== null ? resolve(null) : (floor.once('exit', resolve), floor.kill()))));
  await new Promise<void>((resolve) => floor.stdout!.once('data', () => resolve()));
  const floorBase = `http://127.0.0.1:${floorPort}`;

  const table: string[][] = [];
  for (const [i, scenario] of scenarios.entries()) {
    if (!selected(scenario.name)) continue;
    const capture = captured.get(scenario.name);
    if (!capture) {
      table.push([scenario.name, 'skipped: run `pnpm build` first for the pages', '', '', '', '', '', '']);
      continue;
    }
    const app: Measured[] = [];
    const sqlFloor: Measured[] = [];
    const bare: Measured[] = [];
    // Rounds interleave the app and its floors, so a slow spell of the machine hits all three.
    const cpuBefore = machineCpuTimes();
    for (let round = 0; round < rounds; round += 1) {
      app.push(await measure(base, scenario.request));
      const sameLoad = { connections: scenario.request.connections };
      const floorPath = scenario.randomTopic ? () => `/floor/sql${i}?topic=${randomTopic()}` : () => `/floor/sql${i}`;
      if (database) sqlFloor.push(await measure(floorBase, { method: scenario.floor === 'reply' ? 'POST' : 'GET', path: floorPath, ...sameLoad }));
      bare.push(await measure(floorBase, { method: 'GET', path: () => `/floor/bare${i}`, ...sameLoad }));
    }
    const cpuAfter = machineCpuTimes();
    const a = median(app);
    const f = database ? median(sqlFloor) : null;
    table.push([
      scenario.name,
      a.rps.toFixed(0),
      `${a.p50} / ${a.p95} / ${a.p99}`,
      f ? `${f.rps.toFixed(0)} (p99 ${f.p99})` : 'n/a',
      f ? `${((a.rps / f.rps) * 100).toFixed(0)} %` : 'n/a',
      f ? `${(a.p99 / Math.max(1, f.p99)).toFixed(1)}×` : 'n/a',
      median(bare).rps.toFixed(0),
      database ? `${capture.statements.length} / ${capture.underLoad!.toFixed(1)}` : 'n/a',
      a.statuses.size === 0 ? '0' : [...a.statuses].map(([status, count]) => `${status === 0 ? 'no answer' : status}×${count}`).join(', '),
      stolenShare(cpuBefore, cpuAfter),
    ]);
  }
  const peak = server.peakRssBytes();
  const header = ['scenario', 'req/s', 'p50 / p95 / p99 ms', 'pg floor req/s', 'ratio to pg floor', 'p99 vs floor', 'bare floor req/s', 'SQL / request (alone / under load)', 'errors (all rounds)', 'CPU stolen'];
  const widths = header.map((title, column) => Math.max(title.length, ...table.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]) => `| ${header.map((_, column) => (cells[column] ?? '').padEnd(widths[column]!)).join(' | ')} |`;
  const where = database ? 'PostgreSQL' : 'embedded PGlite';
  console.log(
    `\nHTTP benchmark: ${where}, ${size.posts.toLocaleString('en')} posts, ${connections} connections (unless named), ${seconds} s per run after ${warmup} s warm-up, median of ${rounds} rounds`,
  );
  console.log(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);
  console.log(workers > 1 ? `Server: ${workers} worker processes (WORKERS=${workers}); each floor: ${workers} processes\n` : 'Server and floors: one process each\n');
  console.log(line(header));
  console.log(line(widths.map((width) => '-'.repeat(width))));
  for (const row of table) console.log(line(row));
  console.log(`\nServer peak RSS: ${mib(peak)} MiB${workers > 1 ? ' (its processes together)' : ''}. Targets: reads ≥ 70 % of the pg floor with p99 ≤ 2× its p99; replies ≥ 50 %; search p95 < 50 ms.\n`);
} finally {
  for (const step of cleanup) await step().catch(() => {});
}
