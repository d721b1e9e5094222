import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { connectDatabase, migrateDatabase } from '@townhall/db';
import { ensureWorkspace } from '../src/seed/workspace.ts';
import { indexMissingSearchDocuments } from '../src/features/search/search-index.repository.ts';
import { freePort, freshDatabase, mib, signIn, startBenchServer } from './bench-server.ts';
import { benchPassword, millionPosts, seedLargeWorkspace } from './seed-large.ts';
import { startSqlCaptureProxy, type CapturedStatement } from './sql-capture-proxy.ts';

// `pnpm bench:http`: the HTTP scenarios of issue 8 against the real server on PostgreSQL, at a
// million posts (BENCH_SCALE scales it), each beside its floors measured in the same run.

const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const scale = Number(process.env.BENCH_SCALE ?? 1);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const warmup = Number(process.env.BENCH_WARMUP ?? 3);
const connections = 50;
/** BENCH_ONLY=list,topic runs only the scenarios whose names contain one of these words. */
const only = (process.env.BENCH_ONLY ?? '').split(',').map((word) => word.trim()).filter(Boolean);
const selected = (name: string) => only.length === 0 || only.some((word) => name.includes(word));

type Request = { method: 'GET' | 'POST'; path: () => string; headers?: Record<string, string>; body?: () => string };
type Measured = { rps: number; p50: number; p99: number; errors: number };

async function load(base: string, request: Request, duration: number): Promise<Measured> {
  const result = await autocannon({
    url: base,
    connections,
    duration,
    requests: [
      {
        method: request.method,
        headers: { ...(request.body ? { 'content-type': 'application/json' } : {}), ...request.headers },
        setupRequest: (req) => ({ ...req, path: request.path(), ...(request.body ? { body: request.body() } : {}) }),
      },
    ],
  });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.non2xx + result.errors };
}

const measure = async (base: string, request: Request) => {
  if (warmup > 0) await load(base, request, warmup);
  return load(base, request, seconds);
};

const size = Object.fromEntries(Object.entries(millionPosts).map(([key, value]) => [key, Math.max(1, Math.round(value * scale))])) as typeof millionPosts;
const database = await freshDatabase(adminUrl, `townhall_bench_http_${process.pid}`);
const cleanup: (() => Promise<unknown>)[] = [() => database.drop()];
try {
  const connection = await connectDatabase({ databaseUrl: database.url, poolSize: 4 });
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
  const direct = new pg.Client({ connectionString: database.url });
  await direct.connect();
  const topicIds = (await direct.query<{ id: string }>(`select id from topics where title like '% #%' order by id`)).rows.map((row) => Number(row.id));
  const [author] = (await direct.query<{ id: string }>(`select id from users where email = 'bench-100@bench.test'`)).rows;
  await direct.end();
  await connection.close();
  console.log(`Seeded ${JSON.stringify(size)} in ${seedSeconds.toFixed(1)} s ${JSON.stringify(timings)}; indexed ${indexed} documents for search in ${indexSeconds.toFixed(1)} s`);

  // The server reaches PostgreSQL through the capturing proxy.
  const target = new URL(database.url);
  const proxy = await startSqlCaptureProxy({ host: target.hostname, port: Number(target.port || 5432) });
  cleanup.unshift(() => proxy.close());
  const proxied = new URL(database.url);
  proxied.host = `127.0.0.1:${proxy.port}`;
  const webBuild = fileURLToPath(new URL('../../web/build', import.meta.url));
  const server = await startBenchServer({
    DATABASE_URL: proxied.toString(),
    SEED_DEMO: 'false',
    JOBS: 'false',
    DB_POOL_SIZE: '10',
    ...(existsSync(join(webBuild, 'handler.js')) ? { WEB_BUILD_DIR: webBuild } : {}),
  });
  cleanup.unshift(() => server.stop());
  const base = server.url;
  const cookie = await signIn(base, 'bench-100@bench.test', benchPassword);
  const signedIn = { cookie, origin: base };
  let n = 0;
  const randomTopic = () => topicIds[Math.floor(Math.random() * topicIds.length)]!;
  const hot = topicIds[topicIds.length - 1]!;
  const scenarios: { name: string; request: Request; floor: 'replay' | 'reply'; pages?: boolean }[] = [
    { name: 'board list, anonymous', request: { method: 'GET', path: () => '/api/boards/qa/topics' }, floor: 'replay' },
    { name: 'board list, signed in', request: { method: 'GET', path: () => '/api/boards/qa/topics', headers: signedIn }, floor: 'replay' },
    { name: 'topic (API)', request: { method: 'GET', path: () => `/api/topics/${randomTopic()}` }, floor: 'replay' },
    { name: 'topic (HTML page)', request: { method: 'GET', path: () => `/t/${randomTopic()}` }, floor: 'replay', pages: true },
    { name: 'search', request: { method: 'GET', path: () => '/api/search?q=export' }, floor: 'replay' },
    {
      name: 'reply, spread over topics',
      request: { method: 'POST', path: () => `/api/topics/${randomTopic()}/posts`, headers: { ...signedIn }, body: () => JSON.stringify({ body: `Bench reply ${++n}` }) },
      floor: 'reply',
    },
    {
      name: 'reply, one hot topic',
      request: { method: 'POST', path: () => `/api/topics/${hot}/posts`, headers: { ...signedIn }, body: () => JSON.stringify({ body: `Hot reply ${++n}` }) },
      floor: 'reply',
    },
  ];

  // One request of each, captured on the wire: its statements and its response size.
  const captured = new Map<string, { statements: CapturedStatement[]; bodySize: number; body: string }>();
  for (const scenario of scenarios) {
    if (!selected(scenario.name)) continue;
    if (scenario.pages && !existsSync(join(webBuild, 'handler.js'))) continue;
    const request = scenario.request;
    const path = request.path();
    proxy.start();
    const response = await fetch(base + path, {
      method: request.method,
      headers: { ...(request.body ? { 'content-type': 'application/json' } : {}), ...request.headers },
      body: request.body?.(),
    });
    const body = await response.text();
    await new Promise((resolve) => setTimeout(resolve, 200));
    captured.set(scenario.name, { statements: proxy.stop(), bodySize: Buffer.byteLength(body), body });
  }

  // The floors, in a process of their own, straight to PostgreSQL.
  const floorConfig: Record<string, unknown> = {};
  scenarios.forEach((scenario, i) => {
    const capture = captured.get(scenario.name);
    if (!capture) return;
    floorConfig[`bare${i}`] = { kind: 'bare', body: JSON.stringify({ padding: 'x'.repeat(Math.max(0, capture.bodySize - 14)) }) };
    floorConfig[`sql${i}`] =
      scenario.floor === 'reply'
        ? { kind: 'reply', topicIds: scenario.name.includes('hot') ? [hot] : topicIds.slice(-5000), authorId: Number(author!.id) }
        : { kind: 'replay', statements: capture.statements.filter((statement) => !/^(LISTEN|UNLISTEN)/i.test(statement.text)) };
  });
  const configPath = join(mkdtempSync(join(tmpdir(), 'townhall-floor-')), 'floor.json');
  writeFileSync(configPath, JSON.stringify({ databaseUrl: database.url, routes: floorConfig }));
  const floorPort = await freePort();
  const floor = spawn(process.execPath, ['--import', 'tsx', 'bench/floor-server.ts'], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    env: { ...process.env, FLOOR_CONFIG: configPath, PORT: String(floorPort) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  cleanup.unshift(() => new Promise((resolve) => (floor.exitCode !== null ? resolve(null) : (floor.once('exit', resolve), floor.kill()))));
  await new Promise<void>((resolve) => floor.stdout!.once('data', () => resolve()));
  const floorBase = `http://127.0.0.1:${floorPort}`;

  const rows: string[][] = [];
  for (const [i, scenario] of scenarios.entries()) {
    const capture = captured.get(scenario.name);
    if (!selected(scenario.name)) continue;
    if (!capture) {
      rows.push([scenario.name, 'skipped: run `pnpm build` first for the pages', '', '', '', '', '', '']);
      continue;
    }
    const app = await measure(base, scenario.request);
    const sqlFloor = await measure(floorBase, {
      method: scenario.floor === 'reply' ? 'POST' : 'GET',
      path: () => `/floor/sql${i}`,
    });
    const bare = await measure(floorBase, { method: 'GET', path: () => `/floor/bare${i}` });
    rows.push([
      scenario.name,
      app.rps.toFixed(0),
      `${app.p50} / ${app.p99}`,
      `${sqlFloor.rps.toFixed(0)} (p99 ${sqlFloor.p99})`,
      `${((app.rps / sqlFloor.rps) * 100).toFixed(0)} %`,
      `${bare.rps.toFixed(0)}`,
      String(capture.statements.length),
      String(app.errors),
    ]);
  }
  const peak = Number(/VmHWM:\s+(\d+) kB/.exec((await import('node:fs')).readFileSync(`/proc/${server.pid}/status`, 'utf8'))![1]) * 1024;
  const header = ['scenario', 'req/s', 'p50 / p99 ms', 'pg floor req/s', 'ratio to pg floor', 'bare floor req/s', 'SQL / request', 'errors'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  console.log(`\nHTTP benchmark: PostgreSQL, ${size.posts.toLocaleString('en')} posts, ${connections} connections, ${seconds} s per scenario after ${warmup} s warm-up\n`);
  console.log(line(header));
  console.log(line(widths.map((width) => '-'.repeat(width))));
  for (const row of rows) console.log(line(row));
  console.log(`\nServer peak RSS: ${mib(peak)} MiB. Targets: reads ≥ 70 % of the pg floor with p99 ≤ 2× its p99; replies ≥ 50 %; search p95 < 50 ms.\n`);
} finally {
  for (const step of cleanup) await step().catch(() => {});
}
