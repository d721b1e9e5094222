import { boards, postFlags, postRevisions, posts, topics } from '@townhall/db';
import { eq } from 'drizzle-orm';
import { boardsUnderTest, type AccessCase, type AccessCaseFile, type AccessContext } from './access-case.ts';

const board = boardsUnderTest.qa;

// Routes that change state for good (delete, resolve) take a fresh post or flag on every run.
const pools: Record<'delete' | 'resolve', number[]> = { delete: [], resolve: [] };
const take = (pool: keyof typeof pools) => {
  const id = pools[pool].shift();
  if (id === undefined) throw new Error(`the ${pool} pool is empty`);
  return id;
};
const runsPerCase = 5;

/** A reply by the customer on the moderation fixture topic, written directly. */
async function customerPost(ctx: AccessContext, topicId: number, postNumber: number): Promise<number> {
  const customer = ctx.people.get('customer')!;
  const body = `Fixture ${ctx.next()}`;
  const [post] = await ctx.t.db
    .insert(posts)
    .values({ topicId, authorId: customer.id, postNumber, bodyMarkdown: body, bodyHtml: `<p>${body}</p>\n`, rendererVersion: 1 })
    .returning({ id: posts.id });
  await ctx.t.db.insert(postRevisions).values({ postId: post!.id, revision: 1, bodyMarkdown: body, editorId: customer.id });
  return post!.id;
}

const cases: AccessCase[] = [
  {
    name: 'edit a customer’s post',
    method: 'PATCH',
    route: '/api/posts/{id}',
    url: (ctx) => `/api/posts/${ctx.ids['moderation:post']}`,
    body: (ctx) => ({ body: `Edited ${ctx.next()}` }),
    ownerRole: 'customer',
    access: { action: 'post.edit', board },
    success: 200,
  },
  {
    name: 'read a customer’s post revisions',
    method: 'GET',
    route: '/api/posts/{id}/revisions',
    url: (ctx) => `/api/posts/${ctx.ids['moderation:post']}/revisions`,
    ownerRole: 'customer',
    access: { action: 'post.readRevisions', board },
    success: 200,
  },
  {
    name: 'delete a customer’s post',
    method: 'POST',
    route: '/api/posts/{id}/delete',
    url: () => `/api/posts/${take('delete')}/delete`,
    ownerRole: 'customer',
    access: { action: 'post.delete', board },
    success: 200,
  },
  {
    name: 'restore a post',
    method: 'POST',
    route: '/api/posts/{id}/restore',
    url: (ctx) => `/api/posts/${ctx.ids['moderation:deleted-post']}/restore`,
    ownerRole: 'customer',
    access: { action: 'post.restore', board },
    success: 200,
  },
  {
    name: 'hide a post',
    method: 'POST',
    route: '/api/posts/{id}/hide',
    url: (ctx) => `/api/posts/${ctx.ids['moderation:hide-post']}/hide`,
    body: () => ({ reason: 'Off topic' }),
    ownerRole: 'customer',
    access: { action: 'post.hide', board },
    success: 200,
  },
  {
    name: 'unhide a post',
    method: 'POST',
    route: '/api/posts/{id}/unhide',
    url: (ctx) => `/api/posts/${ctx.ids['moderation:hide-post']}/unhide`,
    ownerRole: 'customer',
    access: { action: 'post.hide', board },
    success: 200,
  },
  {
    name: 'flag a post (once per person)',
    method: 'POST',
    route: '/api/posts/{id}/flags',
    url: (ctx) => `/api/posts/${ctx.ids['moderation:flag-post']}/flags`,
    body: () => ({ reason: 'Spam' }),
    access: { action: 'post.flag', board },
    success: 201,
  },
  {
    name: 'list open flags',
    method: 'GET',
    route: '/api/flags',
    url: () => '/api/flags',
    access: { action: 'flags.review' },
    success: 200,
  },
  {
    name: 'resolve a flag',
    method: 'POST',
    route: '/api/flags/{id}/resolve',
    url: () => `/api/flags/${take('resolve')}/resolve`,
    body: () => ({ resolution: 'dismiss' }),
    access: { action: 'flags.review', board },
    success: 200,
  },
  {
    name: 'moderate a topic',
    method: 'POST',
    route: '/api/topics/{id}/moderation',
    url: (ctx) => `/api/topics/${ctx.ids['moderation:topic']}/moderation`,
    body: () => ({ action: 'pin' }),
    ownerRole: 'customer',
    access: { action: 'topic.moderate', board },
    success: 200,
  },
  {
    name: 'read the audit log',
    method: 'GET',
    route: '/api/audit-log',
    url: () => '/api/audit-log',
    access: { action: 'audit.read' },
    success: 200,
  },
];

export const moderationCases: AccessCaseFile = {
  async setup(ctx) {
    const customer = ctx.people.get('customer')!;
    const [qa] = await ctx.t.db.select({ id: boards.id }).from(boards).where(eq(boards.slug, 'qa'));
    const [topic] = await ctx.t.db
      .insert(topics)
      .values({ boardId: qa!.id, authorId: customer.id, title: 'Moderation fixture' })
      .returning({ id: topics.id });
    const topicId = topic!.id;
    ctx.ids['moderation:topic'] = topicId;
    let postNumber = 1;
    const nextPost = () => customerPost(ctx, topicId, postNumber++);
    ctx.ids['moderation:post'] = await nextPost();
    ctx.ids['moderation:hide-post'] = await nextPost();
    ctx.ids['moderation:flag-post'] = await nextPost();
    ctx.ids['moderation:deleted-post'] = await nextPost();
    await ctx.t.db.update(posts).set({ deletedAt: new Date() }).where(eq(posts.id, ctx.ids['moderation:deleted-post']!));
    for (let run = 0; run < runsPerCase; run++) {
      pools.delete.push(await nextPost());
      const flagged = await nextPost();
      const [flag] = await ctx.t.db
        .insert(postFlags)
        .values({ postId: flagged, reporterId: customer.id, reason: 'Fixture flag' })
        .returning({ id: postFlags.id });
      pools.resolve.push(flag!.id);
    }
    await ctx.t.db.update(topics).set({ replyCount: postNumber - 2 }).where(eq(topics.id, topicId));
  },
  cases,
};
