import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshDatabase, signIn, startBenchServer } from '../bench/bench-server.ts';
import { parseSqlmapOutput } from './sqlmap-output.ts';

// `pnpm --filter @townhall/api security:sqlmap`: runs sqlmap (--level 3 --risk 2, PostgreSQL
// payloads) against the main JSON routes of the real server on a fresh demo database, and fails
// if any parameter is injectable or any target could not be tested. Run by hand, not in CI.
//
// SQLMAP_ONLY=search,topic   runs only the targets whose names contain one of these words.
// SQLMAP_TARGET_MINUTES=10   bounds each sqlmap run; a run cut short counts as not tested.
// SQLMAP_KEEP=1              keeps sqlmap's output directory (traffic logs) for inspection.

const adminUrl = process.env.SQLMAP_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const sqlmapBin = process.env.SQLMAP_BIN ?? '/usr/bin/sqlmap';
const targetMinutes = Number(process.env.SQLMAP_TARGET_MINUTES ?? 10);
const only = (process.env.SQLMAP_ONLY ?? '').split(',').map((word) => word.trim()).filter(Boolean);
const password = 'townhall-demo';
const accounts = { customer: 'alice@acme.test', pm: 'pm@demo.test', admin: 'admin@demo.test' } as const;
type Account = keyof typeof accounts;

/**
 * One request for sqlmap. `params` go to `-p`; without them the `*` markers in `path` or `body`
 * are the injection points (sqlmap then tests only those).
 */
type Target = {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  as?: Account;
  body?: string;
  params?: string[];
  /** Answers that are a normal "false" here, which sqlmap would otherwise stop at (it stops at a 401). */
  ignoreCodes?: number[];
  /** Names of the `*` markers, in order, for the table (sqlmap calls them #1*, #2*, ...). */
  markers?: string[];
};

type Outcome = {
  target: string;
  verdict: 'clean' | 'INJECTABLE' | 'NOT TESTED';
  tested: string[];
  injectable: string[];
  requests: number;
  statuses: Record<string, number>;
  /** Per changed part of the request: how many of sqlmap's altered requests were answered 2xx. */
  reached: Record<string, number>;
  seconds: number;
  note: string;
};

const withoutMarkers = (text: string) => text.replaceAll('*', '');

/** Ids and values that make each request succeed and return rows (so boolean tests see a difference). */
async function discover(url: string, cookies: Record<Account, string>) {
  const boards = (await getJson(url, '/api/boards', cookies.pm)) as { boards: { slug: string; kind: string }[] };
  const board = boards.boards.find((b) => b.kind === 'qa')!.slug;
  // A tagged question of the customer's own, so tag filters match something.
  const created = await fetch(`${url}/api/boards/${board}/topics`, {
    method: 'POST',
    headers: { cookie: cookies.customer, origin: url, 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'How do I export invoices?', body: 'Looking for an export of all invoices.', tags: ['export'] }),
  });
  if (created.status !== 201) throw new Error(`creating the tagged topic: ${created.status} ${await created.text()}`);
  const topic = ((await created.json()) as { id: number }).id;
  // The server indexes for search in the background after start (and after each post).
  for (let tries = 0; ; tries++) {
    const found = (await getJson(url, '/api/search?q=export&limit=20', cookies.customer)) as { items: unknown[] };
    if (found.items.length > 0) break;
    if (tries > 50) throw new Error('search index stayed empty');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { board, topic };
}

async function getJson(url: string, path: string, cookie: string) {
  const response = await fetch(url + path, { headers: { cookie } });
  if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

function targets(board: string, topic: number): Target[] {
  return [
    { name: 'sign-in body', method: 'POST', path: '/api/auth/sign-in', body: JSON.stringify({ email: accounts.customer, password }), params: ['email', 'password'], ignoreCodes: [401] },
    {
      name: 'board topic list query',
      method: 'GET',
      path: `/api/boards/${board}/topics?limit=20&sort=newest&filter=all&tag=export&tier=head`,
      as: 'pm',
      params: ['limit', 'sort', 'filter', 'tag', 'tier'],
    },
    { name: 'board slug in path', method: 'GET', path: `/api/boards/${board}*/topics`, as: 'customer', markers: ['slug'] },
    { name: 'topic id in path', method: 'GET', path: `/api/topics/${topic}*`, as: 'customer', markers: ['id'] },
    {
      name: 'search query',
      method: 'GET',
      path: `/api/search?q=export&board=${board}&kind=topic&status=open&tag=export&from=2000-01-01&to=2100-01-01&limit=20`,
      as: 'customer',
      params: ['q', 'board', 'kind', 'status', 'tag', 'from', 'to', 'limit'],
    },
    { name: 'similar questions', method: 'GET', path: `/api/search/similar-questions?title=export%20invoices&board=${board}`, as: 'customer', params: ['title', 'board'] },
    // The session cookie is tested here once: every signed-in route looks it up the same way.
    { name: 'notifications + session cookie', method: 'GET', path: '/api/notifications?limit=20&unread=false', as: 'customer', params: ['limit', 'unread', 'townhall_session'], ignoreCodes: [401] },
    {
      name: 'create topic body',
      method: 'POST',
      path: `/api/boards/${board}/topics`,
      as: 'customer',
      // Markers, because sqlmap does not look inside JSON arrays (tags) on its own.
      body: JSON.stringify({ title: 'How do I rotate API keys?*', body: 'We rotate keys every quarter; how?*', tags: ['security*'] }),
      markers: ['title', 'body', 'tags[0]'],
    },
    { name: 'reply body', method: 'POST', path: `/api/topics/${topic}/posts`, as: 'customer', body: JSON.stringify({ body: 'Same question here.' }), params: ['body'] },
    {
      name: 'SLA queue query (pm)',
      method: 'GET',
      path: `/api/staff/sla-queue?limit=50&board=${board}&tier=head&assignee=anyone`,
      as: 'pm',
      params: ['limit', 'board', 'tier', 'assignee'],
    },
    {
      name: 'demands list query (pm)',
      method: 'GET',
      path: '/api/demands?status=all&weighted=false&sort=title&order=asc',
      as: 'pm',
      params: ['status', 'weighted', 'sort', 'order'],
    },
    { name: 'admin people query', method: 'GET', path: '/api/admin/people?q=acme&limit=50', as: 'admin', params: ['q', 'limit'] },
    { name: 'admin outbox query', method: 'GET', path: '/api/admin/mail?status=stored&cursor=999999', as: 'admin', params: ['status', 'cursor'] },
    { name: 'admin skipped e-mails query', method: 'GET', path: '/api/admin/mail/skipped?cursor=999999', as: 'admin', params: ['cursor'] },
  ];
}

function headersFor(url: string, target: Target, cookies: Record<Account, string>): Record<string, string> {
  return {
    ...(target.as ? { cookie: cookies[target.as] } : {}),
    ...(target.method === 'POST' ? { origin: url, 'content-type': 'application/json' } : {}),
  };
}

/** sqlmap must reach the handler: a plain request has to succeed first. */
async function preflight(url: string, target: Target, cookies: Record<Account, string>): Promise<string | null> {
  const response = await fetch(url + withoutMarkers(target.path), {
    method: target.method,
    headers: headersFor(url, target, cookies),
    body: target.body && withoutMarkers(target.body),
  });
  const text = await response.text();
  return response.ok ? null : `plain request answered ${response.status}: ${text.slice(0, 200)}`;
}

function sqlmapArgs(url: string, target: Target, cookies: Record<Account, string>, outputDir: string, trafficFile: string): string[] {
  const { cookie, ...headers } = headersFor(url, target, cookies);
  const args = [
    '-u', url + target.path,
    '--method', target.method,
    '--batch',
    '--level', '3',
    '--risk', '2',
    '--dbms', 'PostgreSQL',
    '--flush-session',
    '--output-dir', outputDir,
    '-t', trafficFile,
    '--disable-coloring',
    // Sign-in sets a cookie; keep every request as the target describes it.
    '--drop-set-cookie',
    '--threads', '4',
    // Loopback answers in milliseconds: a 2 s delay is unmistakable and keeps time-based tests short.
    '--time-sec', '2',
  ];
  if (cookie) args.push('--cookie', cookie);
  const headerLines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  if (headerLines.length) args.push('--headers', headerLines.join('\n'));
  if (target.body) args.push('--data', target.body);
  if (target.params) args.push('-p', target.params.join(','));
  if (target.ignoreCodes) args.push('--ignore-code', target.ignoreCodes.join(','));
  return args;
}

/** Runs sqlmap, killing it (the process started here, by its pid) past the time bound. */
function runSqlmap(args: string[], limitMs: number): Promise<{ output: string; timedOut: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(sqlmapBin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let timedOut = false;
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
    }, limitMs);
    child.once('error', reject);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve({ output, timedOut });
    });
  });
}

type Exchange = { target: string; cookie: string; body: string; status: string };

/** sqlmap's traffic log (-t): each request next to its answer, so we know what really reached the server. */
function readTraffic(trafficFile: string): Exchange[] {
  if (!existsSync(trafficFile)) return [];
  const exchanges: Exchange[] = [];
  for (const entry of readFileSync(trafficFile, 'utf8').split(/^HTTP request \[#\d+\]:\r?\n/m).slice(1)) {
    const status = /^HTTP response \[#\d+\] \((\d{3})/m.exec(entry)?.[1];
    if (!status) continue;
    const request = entry.slice(0, entry.search(/^HTTP response \[#/m));
    const [head = '', ...rest] = request.split(/\r?\n\r?\n/);
    exchanges.push({
      target: /^\S+ (\S+)/.exec(head)?.[1] ?? '',
      cookie: /^cookie: (.*)$/im.exec(head)?.[1]?.trim() ?? '',
      body: rest.join('\n\n').trim(),
      status,
    });
  }
  return exchanges;
}

const countBy = (keys: string[]) => keys.reduce<Record<string, number>>((counts, key) => ({ ...counts, [key]: (counts[key] ?? 0) + 1 }), {});

const safeDecode = (text: string) => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

/** Which parts of a request sqlmap changed from the plain one: query keys, the path, JSON body keys, the cookie. */
function changedParts(exchange: Exchange, plain: { path: string; body: string; cookie: string }): string[] {
  const changed: string[] = [];
  const [path, query = ''] = exchange.target.split('?') as [string, string?];
  const [plainPath, plainQuery = ''] = plain.path.split('?') as [string, string?];
  if (safeDecode(path) !== safeDecode(plainPath)) changed.push('path');
  const sent = new URLSearchParams(query);
  const expected = new URLSearchParams(plainQuery);
  // Keys only sqlmap sends (its WAF probe adds one) are not parameters under test.
  for (const key of expected.keys()) if (sent.get(key) !== expected.get(key)) changed.push(key);
  if (plain.body) {
    try {
      const sentBody = JSON.parse(exchange.body) as Record<string, unknown>;
      const plainBody = JSON.parse(plain.body) as Record<string, unknown>;
      for (const key of Object.keys(plainBody)) if (JSON.stringify(sentBody[key]) !== JSON.stringify(plainBody[key])) changed.push(key);
    } catch {
      changed.push('body (not JSON)');
    }
  }
  if (plain.cookie && exchange.cookie !== plain.cookie) changed.push('cookie');
  return changed;
}

async function testTarget(url: string, target: Target, cookies: Record<Account, string>, workDir: string): Promise<Outcome> {
  const started = performance.now();
  const outcome = (fields: Partial<Outcome>): Outcome => ({
    target: target.name,
    verdict: 'NOT TESTED',
    tested: [],
    injectable: [],
    requests: 0,
    statuses: {},
    reached: {},
    seconds: (performance.now() - started) / 1000,
    note: '',
    ...fields,
  });
  const refused = await preflight(url, target, cookies);
  if (refused) return outcome({ note: refused });

  const slug = target.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
  const trafficFile = join(workDir, `${slug}.traffic.txt`);
  const args = sqlmapArgs(url, target, cookies, join(workDir, slug), trafficFile);
  const { output, timedOut } = await runSqlmap(args, targetMinutes * 60_000);
  writeFileSync(join(workDir, `${slug}.log`), output);
  const parsed = parseSqlmapOutput(output);
  const traffic = readTraffic(trafficFile);
  const statuses = countBy(traffic.map((exchange) => exchange.status));
  const requests = traffic.length;
  const twoHundreds = traffic.filter((exchange) => exchange.status.startsWith('2')).length;
  // Payloads the schema refuses (400) never reach a query; the 2xx answers to changed values did.
  const plain = { path: withoutMarkers(target.path), body: target.body ? withoutMarkers(target.body) : '', cookie: target.as ? cookies[target.as] : '' };
  const reached = countBy(traffic.filter((exchange) => exchange.status.startsWith('2')).flatMap((exchange) => changedParts(exchange, plain)));
  const named = (parameter: string) => parameter.replace(/#(\d+)\*/, (marker, n: string) => target.markers?.[Number(n) - 1] ?? marker);
  const base = { tested: parsed.tested.map(named), injectable: parsed.injectable.map(named), requests, statuses, reached };

  if (parsed.identified || parsed.injectable.length > 0) {
    return outcome({ ...base, verdict: 'INJECTABLE', note: parsed.identified ? `sqlmap identified an injection point (after ${parsed.reportedRequests ?? '?'} requests)` : 'sqlmap flagged a parameter' });
  }
  // Without answers the handler really ran, "not injectable" proves nothing.
  if (statuses['429']) return outcome({ ...base, note: `rate limited: ${statuses['429']} answers were 429` });
  if (twoHundreds === 0) return outcome({ ...base, note: 'no request sqlmap made was answered 2xx' });
  if (timedOut) return outcome({ ...base, note: `stopped after ${targetMinutes} min (SQLMAP_TARGET_MINUTES)` });
  if (!parsed.allClean) return outcome({ ...base, note: parsed.critical.at(-1) ?? 'sqlmap ended without a verdict' });
  // sqlmap only warns about a -p name it cannot find; a parameter it skipped is not proven clean.
  const untested = (target.params ?? target.markers ?? []).filter((name) => !base.tested.some((t) => t.endsWith(`'${name}'`) || t.endsWith(` ${name}'`)));
  if (base.tested.length === 0 || untested.length > 0) return outcome({ ...base, note: `not tested: ${untested.join(', ') || 'any parameter'}` });
  // Worth a look even when clean: a 500 may be a query that broke, a heuristic hit an odd answer.
  const serverErrors = Object.entries(statuses).filter(([code]) => code.startsWith('5'));
  const notes = [
    serverErrors.length ? `server errors: ${serverErrors.map(([code, n]) => `${n}×${code}`).join(', ')}` : '',
    parsed.heuristicHits.length ? `heuristic hit (not confirmed): ${parsed.heuristicHits.map(named).join(', ')}` : '',
    parsed.falsePositives.length ? `sqlmap's own check rejected a hit as a false positive: ${parsed.falsePositives.map(named).join(', ')}` : '',
    parsed.unstable ? 'answers vary per request (compared by similarity)' : '',
  ];
  return outcome({ ...base, verdict: 'clean', note: notes.filter(Boolean).join('; ') });
}

function printTable(outcomes: Outcome[]) {
  const rows = outcomes.map((o) => [
    o.target,
    o.verdict,
    o.tested.map((p) => p.replace(/ parameter /, ':').replaceAll("'", '')).join(', ') || '-',
    String(o.requests),
    Object.entries(o.statuses).map(([code, n]) => `${code}×${n}`).join(' ') || '-',
    Object.entries(o.reached).map(([part, n]) => `${part}×${n}`).join(' ') || '-',
    `${o.seconds.toFixed(0)} s`,
    o.injectable.length ? `${o.note}: ${o.injectable.join('; ')}` : o.note,
  ]);
  const header = ['target', 'verdict', 'parameters tested', 'requests', 'statuses', '2xx with a changed value', 'time', 'note'];
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ').trimEnd();
  console.log(['', line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n'));
}

const selected = (target: Target) => only.length === 0 || only.some((word) => target.name.includes(word));
const workDir = mkdtempSync(join(tmpdir(), 'townhall-sqlmap-'));
const database = await freshDatabase(adminUrl, `townhall_sqlmap_${process.pid}`);
const cleanup: (() => Promise<unknown>)[] = [() => database.drop()];
let failed = true;
try {
  // A fresh, empty database: the server migrates it and seeds the demo workspace on start.
  const server = await startBenchServer({ DATABASE_URL: database.url, SEED_DEMO: 'true', JOBS: 'false' });
  cleanup.unshift(() => server.stop());
  const cookies = Object.fromEntries(
    await Promise.all(Object.entries(accounts).map(async ([role, email]) => [role, await signIn(server.url, email, password)])),
  ) as Record<Account, string>;
  const { board, topic } = await discover(server.url, cookies);
  const chosen = targets(board, topic).filter(selected);
  console.log(`sqlmap --level 3 --risk 2 against ${server.url}: ${chosen.length} targets, up to ${targetMinutes} min each; logs in ${workDir}`);
  const outcomes: Outcome[] = [];
  for (const target of chosen) {
    const result = await testTarget(server.url, target, cookies, workDir);
    console.log(`  ${target.name}: ${result.verdict} (${result.requests} requests, ${result.seconds.toFixed(0)} s)${result.note ? ` ${result.note}` : ''}`);
    outcomes.push(result);
  }
  printTable(outcomes);
  failed = outcomes.some((o) => o.verdict !== 'clean');
  console.log(failed ? '\nFAILED: an injectable parameter, or a target that was not fully tested.' : '\nNo injectable parameter found.');
} finally {
  for (const step of cleanup) await step().catch((error: unknown) => console.error('cleanup:', error));
  if (!process.env.SQLMAP_KEEP) rmSync(workDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
