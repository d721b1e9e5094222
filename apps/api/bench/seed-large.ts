import { sql } from 'drizzle-orm';
import type { Database } from '@townhall/db';
import { hashPassword } from '../src/features/auth/password.ts';
import { rendererVersion } from '../src/features/posts/render-markdown.ts';

export type LargeWorkspaceSize = { organizations: number; people: number; topics: number; posts: number };

export const millionPosts: LargeWorkspaceSize = { organizations: 2_000, people: 50_000, topics: 200_000, posts: 1_000_000 };

/** The password every seeded person shares (`bench-<n>@bench.test`). */
export const benchPassword = 'bench password 1';

// Sentences mixed into bodies: English and Chinese, so search and rendering see both.
const sentences = [
  'How do I export the monthly report to CSV with all custom fields included?',
  'After the upgrade the dashboard takes a long time to load for our team.',
  'We need single sign-on with our identity provider before the rollout.',
  'The API returns 429 when our nightly sync runs; what is the limit?',
  'Is there a way to schedule reports to external recipients?',
  '如何导出报表并包含所有自定义字段？',
  '升级之后仪表盘加载很慢，请帮忙看一下。',
  '我们需要在上线前接入单点登录。',
  'Thanks, the workaround in the release notes fixed it for us.',
  'Could you share the roadmap for the mobile app offline mode?',
];

const run = async (db: Database, statement: ReturnType<typeof sql>) => {
  await db.execute(statement);
};

/**
 * Builds a large workspace with bulk SQL (not the HTTP API): organizations, people, questions on
 * the Q&A board with realistic Markdown bodies (some Chinese), replies spread unevenly over the
 * questions, and counters that match. Returns how long each part took, in milliseconds.
 */
export async function seedLargeWorkspace(db: Database, size: LargeWorkspaceSize): Promise<Record<string, number>> {
  const timings: Record<string, number> = {};
  const timed = async (name: string, work: () => Promise<void>) => {
    const started = performance.now();
    await work();
    timings[name] = Math.round(performance.now() - started);
  };
  const passwordHash = await hashPassword(benchPassword);
  const sentenceArray = sql.raw(`(array[${sentences.map((s) => `'${s.replace(/'/g, "''")}'`).join(',')}])`);

  await timed('organizations', () =>
    run(
      db,
      sql`insert into organizations (name, tier, lifecycle_stage)
        select 'Bench Org ' || n,
          (case when n % 10 = 0 then 'head' when n % 10 < 4 then 'waist' else 'tail' end)::organization_tier,
          (array['onboarding','adoption','expansion','renewal','churn-risk'])[1 + n % 5]::lifecycle_stage
        from generate_series(1, ${size.organizations}) n`,
    ),
  );
  await timed('people', () =>
    run(
      db,
      sql`insert into users (email, display_name, password_hash, role, organization_id, handle)
        select 'bench-' || n || '@bench.test', 'Bench Person ' || n, ${passwordHash},
          (case when n <= 20 then 'ops' when n <= 30 then 'pm' when n <= 32 then 'admin' else 'customer' end)::role,
          case when n <= 32 then null else (select min(id) from organizations where name like 'Bench Org %') + (n % ${size.organizations}) end,
          'bench' || n
        from generate_series(1, ${size.people}) n`,
    ),
  );
  // Questions: authors are customers, created over the past year, newest last.
  await timed('topics', () =>
    run(
      db,
      sql`with qa as (select id from boards where slug = 'qa'), people as (select min(id) as first from users where email like 'bench-%')
        insert into topics (board_id, author_id, title, status, tags, created_at, updated_at, last_posted_at, published_at)
        select qa.id, people.first + 32 + (n * 7919) % (${size.people} - 32),
          left(${sentenceArray}[1 + n % 10], 150) || ' #' || n,
          (array['open','answered','solved','closed'])[1 + n % 4]::topic_status,
          array[(array['export','sso','api','reports','mobile'])[1 + n % 5]],
          now() - interval '365 days' + n * (interval '365 days' / ${size.topics}),
          now() - interval '365 days' + n * (interval '365 days' / ${size.topics}),
          now() - interval '365 days' + n * (interval '365 days' / ${size.topics}),
          now() - interval '365 days' + n * (interval '365 days' / ${size.topics})
        from generate_series(1, ${size.topics}) n, qa, people`,
    ),
  );
  // Opening posts, then replies: reply k of topic t exists when k <= its share (uneven: 0–9).
  const repliesPerTopic = Math.max(0, (size.posts - size.topics) / size.topics);
  await timed('posts', async () => {
    await run(
      db,
      sql`insert into posts (topic_id, author_id, post_number, body_markdown, body_html, renderer_version, created_at)
        select t.id, t.author_id, 1, b.body, '<p>' || b.body || '</p>', ${rendererVersion}, t.created_at
        from topics t
        cross join lateral (select repeat(${sentenceArray}[1 + t.id % 10] || ' ', (2 + t.id % 12)::int) as body) b
        where t.title like '% #%'`,
    );
    await run(
      db,
      sql`with bench_topics as (
          select id, created_at, (id * 2654435761) % ${Math.round(repliesPerTopic * 2) + 1} as replies
          from topics where title like '% #%'
        ), people as (select min(id) as first from users where email like 'bench-%')
        insert into posts (topic_id, author_id, post_number, body_markdown, body_html, renderer_version, is_official, created_at)
        select t.id, people.first + (k * 104729 + t.id) % ${size.people}, k + 1, b.body, '<p>' || b.body || '</p>', ${rendererVersion},
          ((k * 104729 + t.id) % ${size.people}) < 32, t.created_at + k * interval '1 hour'
        from bench_topics t
        cross join people
        cross join lateral generate_series(1, t.replies::int) k
        cross join lateral (select repeat(${sentenceArray}[1 + (t.id + k) % 10] || ' ', (1 + (t.id + k) % 8)::int) as body) b`,
    );
  });
  await timed('counters', () =>
    run(
      db,
      sql`update topics t set reply_count = c.replies, last_posted_at = c.last, has_official_answer = c.official
        from (select topic_id, count(*) - 1 as replies, max(created_at) as last, bool_or(is_official and post_number > 1) as official
          from posts group by topic_id) c
        where c.topic_id = t.id and t.title like '% #%'`,
    ),
  );
  await timed('analyze', () => run(db, sql`analyze`));
  return timings;
}
