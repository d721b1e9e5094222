import WebSocket from 'ws';
import { freshDatabase, mib, percentile, signIn, startBenchServer } from './bench-server.ts';

// `pnpm bench:ws`: one server instance on PostgreSQL holds IDLE idle websocket connections (guests,
// each subscribed to a topic), then a new post reaches the FANOUT sockets following its topic,
// while all the others stay connected. Prints memory per connection and delivery latency.

const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const idle = Number(process.env.BENCH_WS_CONNECTIONS ?? 10_000);
const fanout = Number(process.env.BENCH_WS_FANOUT ?? 1_000);
const posts = Number(process.env.BENCH_WS_POSTS ?? 30);
const openBatch = 250;

type Client = { socket: WebSocket; onEvent?: (message: { kind: string; payload: Record<string, unknown> }) => void };

function openClient(wsUrl: string, origin: string, channel: string): Promise<Client> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(wsUrl, { headers: { origin } });
    const client: Client = { socket };
    socket.once('error', reject);
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { type: string; kind: string; payload: Record<string, unknown> };
      if (message.type === 'ready') socket.send(JSON.stringify({ type: 'subscribe', channel }));
      else if (message.type === 'subscribed') resolve(client);
      else if (message.type === 'event') client.onEvent?.(message);
      else if (message.type === 'error') reject(new Error(JSON.stringify(message)));
    });
  });
}

async function main() {
  const database = await freshDatabase(adminUrl, `townhall_bench_ws_${process.pid}`);
  // Every guest socket comes from this one address.
  const server = await startBenchServer({ DATABASE_URL: database.url, SEED_DEMO: 'true', DB_POOL_SIZE: '20', LIVE_SOCKETS_PER_GUEST_IP: String(idle) });
  const clients: Client[] = [];
  try {
    const cookie = await signIn(server.url, 'ops@demo.test', 'townhall-demo');
    const headers = { 'content-type': 'application/json', origin: server.url, cookie };
    const createTopic = async (title: string) => {
      const response = await fetch(`${server.url}/api/boards/qa/topics`, { method: 'POST', headers, body: JSON.stringify({ title, body: 'Benchmark topic' }) });
      if (response.status !== 201) throw new Error(`topic: ${response.status} ${await response.text()}`);
      return ((await response.json()) as { id: number }).id;
    };
    const hot = await createTopic('Fan-out target');
    const quiet = await createTopic('Idle sockets');

    const wsUrl = `${server.url.replace('http', 'ws')}/api/ws`;
    await new Promise((resolve) => setTimeout(resolve, 500));
    const rssBefore = server.rssBytes();
    const openStarted = performance.now();
    for (let opened = 0; opened < idle; opened += openBatch) {
      const batch = Array.from({ length: Math.min(openBatch, idle - opened) }, (_, i) =>
        openClient(wsUrl, server.url, opened + i < fanout ? `topic:${hot}` : `topic:${quiet}`),
      );
      clients.push(...(await Promise.all(batch)));
    }
    const openSeconds = (performance.now() - openStarted) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const rssAfter = server.rssBytes();

    const latencies: number[] = [];
    const audience = clients.slice(0, fanout);
    for (let n = 0; n < posts; n += 1) {
      const received = new Promise<number[]>((resolve, reject) => {
        const times: number[] = [];
        const timer = setTimeout(() => reject(new Error(`only ${times.length} of ${audience.length} sockets got post ${n}`)), 15_000);
        for (const client of audience) {
          client.onEvent = (message) => {
            if (message.kind !== 'post.created') return;
            client.onEvent = undefined;
            times.push(performance.now());
            if (times.length === audience.length) {
              clearTimeout(timer);
              resolve(times);
            }
          };
        }
      });
      const sentAt = performance.now();
      const response = await fetch(`${server.url}/api/topics/${hot}/posts`, { method: 'POST', headers, body: JSON.stringify({ body: `Reply ${n}` }) });
      if (response.status !== 201) throw new Error(`reply: ${response.status} ${await response.text()}`);
      for (const at of await received) latencies.push(at - sentAt);
    }
    latencies.sort((a, b) => a - b);

    const rows = [
      ['Open idle connections', `${idle.toLocaleString('en')} in ${openSeconds.toFixed(1)} s`],
      ['Server RSS before / after', `${mib(rssBefore)} MiB / ${mib(rssAfter)} MiB`],
      ['Memory per connection', `${((rssAfter - rssBefore) / idle / 1024).toFixed(1)} KiB`],
      [`Fan-out: ${posts} posts × ${fanout} sockets`, `p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms, max ${latencies.at(-1)!.toFixed(1)} ms`],
      ['Target', 'p99 < 200 ms (issue 6)'],
    ];
    console.log(`\nWebsocket benchmark (PostgreSQL, one instance, loopback, ${idle.toLocaleString('en')} connections open)\n`);
    const width = Math.max(...rows.map(([label]) => label!.length));
    for (const [label, value] of rows) console.log(`  ${label!.padEnd(width)}  ${value}`);
    console.log('');
    if (percentile(latencies, 99) >= 200) process.exitCode = 1;
  } finally {
    for (const client of clients) client.socket.terminate();
    await server.stop();
    await database.drop();
  }
}

await main();
