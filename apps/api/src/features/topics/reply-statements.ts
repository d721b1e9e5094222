import { sql, type SQL } from 'drizzle-orm';
import { topicStatuses, topicStatusAfterReply, type TopicStatus } from '@townhall/domain';
import { AppError } from '../../errors.ts';
import { newReplyDocument, newReplyDocuments, replyDocumentText } from '../search/search-index.repository.ts';
import type { NewReply, PostRow } from './topics.repository.ts';

/** What a reply statement returns per reply: the new post and its author, as the database spells them. */
export type NewReplyRow = {
  /** Null when the topic does not exist (or is deleted). */
  previous_status: TopicStatus | null;
  locked: boolean | null;
  id: string | number;
  topic_id: string | number;
  post_number: number;
  is_official: boolean;
  created_at: string | Date;
  author_id: string | number;
  display_name: string;
  role: PostRow['authorRole'];
  organization_name: string | null;
  tier: PostRow['organizationTier'];
  lifecycle_stage: PostRow['organizationStage'];
};

/** The reply a statement wrote, or the reason it wrote none. */
export function checkedReply(row: NewReplyRow | undefined): NewReplyRow {
  if (!row || row.previous_status === null) throw new AppError('NOT_FOUND', 'This question does not exist');
  if (row.locked) throw new AppError('TOPIC_LOCKED', 'This question is locked; no new answers');
  return row;
}

const statusParam = (statusAfter: TopicStatus[]) =>
  sql`(${sql.param(statusAfter)}::text[])[array_position(${sql.param([...topicStatuses])}::text[], topics.status::text)]::topic_status`;

/**
 * Writing in a topic watches it, unless the writer chose otherwise before (say, muted it): in the
 * reply's own statement, so the writer's next read already shows it, while the notifications
 * about the reply are written after the answer.
 */
const watchByWriters = (posts: SQL) => sql`
  insert into topic_watches (user_id, topic_id, level)
  select distinct author_id, topic_id, 'watching'::watch_level from ${posts}
  on conflict do nothing`;

/**
 * One reply in one statement (data-modifying CTEs): lock the topic row, count the reply, set the
 * status, write the post, its first revision and its search document, and watch the topic for
 * its writer. `statusAfter` maps each status (in `topicStatuses` order) to the one this reply
 * leaves.
 */
export function replyStatement(input: NewReply, statusAfter: TopicStatus[]): SQL {
  return sql`
    with topic as (
      select id, status, locked_at, reply_count from topics where id = ${input.topicId} and deleted_at is null for update
    ), counted as (
      update topics set reply_count = topics.reply_count + 1, last_posted_at = now(), updated_at = now(), status = ${statusParam(statusAfter)}
        ${input.authorIsStaff ? sql`, first_staff_reply_at = coalesce(topics.first_staff_reply_at, now()), has_official_answer = true` : sql``}
      from topic where topics.id = topic.id and topic.locked_at is null
    ), post as (
      insert into posts (topic_id, author_id, post_number, body_markdown, body_html, renderer_version, is_official, idempotency_key)
      select topic.id, ${input.authorId}, topic.reply_count + 2, ${input.body.markdown}, ${input.body.html},
        ${input.body.rendererVersion}, ${input.authorIsStaff}, ${input.idempotencyKey}
      from topic where topic.locked_at is null
      returning id, topic_id, post_number, is_official, created_at, author_id
    ), revision as (
      insert into post_revisions (post_id, revision, body_markdown, editor_id) select id, 1, ${input.body.markdown}, ${input.authorId} from post
    ), document as (
      ${newReplyDocument(sql.raw('post'), input.body.html)}
    ), watch as (
      ${watchByWriters(sql.raw('post'))}
    )
    select topic.status as previous_status, topic.locked_at is not null as locked,
      post.id, post.topic_id, post.post_number, post.is_official, post.created_at, post.author_id,
      users.display_name, users.role, organizations.name as organization_name, organizations.tier, organizations.lifecycle_stage
    from topic
    left join post on true
    left join users on users.id = post.author_id
    left join organizations on organizations.id = users.organization_id`;
}

/** The status each status becomes with a reply by neither staff nor the asker. */
const statusAfterPlainReply = topicStatuses.map((status) => topicStatusAfterReply({ status, replyIsFromStaff: false, replyIsFromAsker: false }));

/**
 * Replies by neither staff nor the asker (they move no SLA clock), any number in one statement
 * that writes what `replyStatement` writes for one:
 * the topics are locked in id order (so two batches cannot deadlock), each reply is numbered
 * after its topic's count in the order given, and each topic counts its replies once. Returns a
 * row per reply with its `ord` (1-based position in `inputs`).
 */
export function plainRepliesStatement(inputs: NewReply[]): SQL {
  const column = <T>(pick: (input: NewReply) => T) => sql.param(inputs.map(pick));
  const documents = inputs.map((input) => replyDocumentText(input.body.html));
  return sql`
    with input as (
      select * from unnest(${column((input) => input.topicId)}::bigint[], ${column((input) => input.authorId)}::bigint[],
        ${column((input) => input.body.markdown)}::text[], ${column((input) => input.body.html)}::text[],
        ${column((input) => input.body.rendererVersion)}::int[], ${column((input) => input.idempotencyKey)}::text[],
        ${sql.param(documents.map((document) => document.body))}::text[], ${sql.param(documents.map((document) => document.searchText))}::text[])
        with ordinality as input(topic_id, author_id, body_markdown, body_html, renderer_version, idempotency_key, document_body, document_search_text, ord)
    ), topic as (
      select id, status, locked_at, reply_count from topics
      where id in (select topic_id from input) and deleted_at is null
      order by id for update
    ), numbered as (
      select input.*, topic.reply_count + 1 + row_number() over (partition by input.topic_id order by input.ord) as post_number
      from input join topic on topic.id = input.topic_id
      where topic.locked_at is null
    ), counted as (
      update topics set reply_count = topics.reply_count + added.replies, last_posted_at = now(), updated_at = now(),
        status = ${statusParam(statusAfterPlainReply)}
      from (select topic_id, count(*)::int as replies from numbered group by topic_id) as added
      where topics.id = added.topic_id
    ), post as (
      insert into posts (topic_id, author_id, post_number, body_markdown, body_html, renderer_version, is_official, idempotency_key)
      select topic_id, author_id, post_number, body_markdown, body_html, renderer_version, false, idempotency_key from numbered order by ord
      returning id, topic_id, post_number, is_official, created_at, author_id
    ), revision as (
      insert into post_revisions (post_id, revision, body_markdown, editor_id)
      select post.id, 1, numbered.body_markdown, numbered.author_id from post join numbered using (topic_id, post_number)
    ), document as (
      ${newReplyDocuments(sql`(select post.id, post.topic_id, post.created_at, numbered.document_body, numbered.document_search_text
        from post join numbered using (topic_id, post_number))`)}
    ), watch as (
      ${watchByWriters(sql.raw('post'))}
    )
    select input.ord, topic.status as previous_status, topic.locked_at is not null as locked,
      post.id, post.topic_id, post.post_number, post.is_official, post.created_at, post.author_id,
      users.display_name, users.role, organizations.name as organization_name, organizations.tier, organizations.lifecycle_stage
    from input
    left join topic on topic.id = input.topic_id
    left join numbered on numbered.ord = input.ord
    left join post on post.topic_id = numbered.topic_id and post.post_number = numbered.post_number
    left join users on users.id = post.author_id
    left join organizations on organizations.id = users.organization_id
    order by input.ord`;
}
