import cluster from 'node:cluster';
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';
import pg from 'pg';
import { statementName } from '@townhall/db';
import { rendererVersion } from '../src/features/posts/renderer-version.ts';

// The floors the benchmark compares against, in a process of their own: `bare` routes answer a
// constant JSON body of the endpoint's size; `replay` routes run, with a plain pg pool and no
// auth or permissions, the very statements the endpoint ran (captured on the wire); `reply`
// is the minimal insert-and-count of a new reply. `?topic=` puts another topic in place of the
// captured one (`topicId`), so the floor reads and writes the same spread of rows as the app.
type Route =
  | { kind: 'bare'; body: string }
  | { kind: 'replay'; topicId: number | null; statements: { text: string; params: (string | null)[] }[] }
  | { kind: 'reply'; topicId: number; authorId: number };
type TopicQuery = { Querystring: { topic?: string } };

// FLOOR_WORKERS > 1 runs that many processes on one port (node:cluster), as the app's WORKERS
// does, so that a ratio compares servers that may use the same cores.
const workers = Number(process.env.FLOOR_WORKERS ?? 1);
if (cluster.isPrimary && workers > 1) {
  let listening = 0;
  for (let i = 0; i < workers; i += 1) {
    cluster.fork().once('listening', () => {
      listening += 1;
      if (listening === workers) process.stdout.write('listening\n');
    });
  }
  process.once('SIGTERM', () => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    process.exit(0);
  });
} else {
  await serve();
  if (cluster.isPrimary) process.stdout.write('listening\n');
}

async function serve() {
  const config = JSON.parse(readFileSync(process.env.FLOOR_CONFIG!, 'utf8')) as { databaseUrl: string | null; routes: Record<string, Route> };
  // Without a server database (the embedded bench) only the bare routes exist.
  const pool = new pg.Pool({ connectionString: config.databaseUrl ?? undefined, max: 10 });
  const app = Fastify({ logger: false });

  for (const [name, route] of Object.entries(config.routes)) {
    if (route.kind === 'bare') {
      app.get(`/floor/${name}`, async (_request, reply) => reply.type('application/json').send(route.body));
    } else if (route.kind === 'replay') {
      const captured = route.topicId === null ? null : String(route.topicId);
      app.get<TopicQuery>(`/floor/${name}`, async (request) => {
        const topic = request.query.topic;
        // What it read is what it serves: the rows of each statement, as JSON.
        const results: unknown[][] = [];
        // Prepared by name, as the app's client does, so both skip the same parsing and planning.
        for (const statement of route.statements) {
          const name = statement.params.length > 0 ? statementName(statement.text) : undefined;
          const values = topic && captured ? statement.params.map((value) => (value === captured ? topic : value)) : statement.params;
          results.push((await pool.query({ name, text: statement.text, values })).rows);
        }
        return { results };
      });
    } else {
      app.post<TopicQuery>(`/floor/${name}`, async (request) => {
        const topicId = Number(request.query.topic ?? route.topicId);
        // The topic row is locked by the counter update, so concurrent replies number in turn.
        const { rows } = await pool.query({
          name: 'floor_reply',
          text: `with bumped as (
             update topics set reply_count = reply_count + 1, last_posted_at = now() where id = $1 returning id, reply_count + 1 as post_number
           )
           insert into posts (topic_id, author_id, post_number, body_markdown, body_html, renderer_version)
           select id, $2, post_number, $3, $4, $5 from bumped returning id`,
          // The current renderer's version, as the app writes: an older one would have the next
          // server start re-render these posts.
          values: [topicId, route.authorId, 'A floor reply', '<p>A floor reply</p>', rendererVersion],
        });
        return { id: rows[0]?.id ?? null };
      });
    }
  }

  await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
}
