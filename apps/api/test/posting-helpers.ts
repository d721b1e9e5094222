import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { rowsOf } from '@townhall/db';
import { rendererVersion } from '../src/features/posts/render-markdown.ts';
import type { Person, TestApp } from './test-app.ts';

/** Asks a question on `board` over HTTP, expecting it to be created; returns the topic id. */
export async function askOn(t: TestApp, person: Person, board: string, title: string, body = 'How does this work?') {
  const response = await t.request({ method: 'POST', url: `/api/boards/${board}/topics`, cookie: person.cookie, body: { title, body } });
  expect(response.statusCode).toBe(201);
  return response.json().id as number;
}

/** Answers a topic over HTTP, expecting the reply to be created; returns the post id. */
export async function replyTo(t: TestApp, person: Person, topicId: number, body = 'Here is how.') {
  const response = await t.request({ method: 'POST', url: `/api/topics/${topicId}/posts`, cookie: person.cookie, body: { body } });
  expect(response.statusCode).toBe(201);
  return response.json().id as number;
}

/**
 * Adds `count` replies by `authorId` to a topic straight in the database, numbered after its last
 * post, with their first revisions and the topic's counters kept as replying would keep them.
 * For long topics, where a request per reply would only be slow. Returns the new posts' ids in order.
 */
export async function seedReplies(t: TestApp, topicId: number, authorId: number, count: number): Promise<number[]> {
  const result = await t.db.execute(sql`
    with topic as (
      update topics set reply_count = reply_count + ${count}, last_posted_at = now(), updated_at = now()
      where id = ${topicId} returning reply_count - ${count} as before
    ), post as (
      insert into posts (topic_id, author_id, post_number, body_markdown, body_html, renderer_version)
      select ${topicId}, ${authorId}, topic.before + 1 + n, 'Reply ' || (topic.before + n), '<p>Reply ' || (topic.before + n) || '</p>', ${rendererVersion}
      from topic, generate_series(1, ${count}) as n
      returning id, post_number, body_markdown
    ), revision as (
      insert into post_revisions (post_id, revision, body_markdown, editor_id) select id, 1, body_markdown, ${authorId} from post
    )
    select id from post order by post_number`);
  return rowsOf<{ id: string | number }>(result).map((row) => Number(row.id));
}
