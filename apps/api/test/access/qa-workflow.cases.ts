import { boards, posts, topics, users } from '@townhall/db';
import { eq } from 'drizzle-orm';
import { boardsUnderTest, type AccessCaseFile } from './access-case.ts';

const qa = boardsUnderTest.qa;

export const qaWorkflowCases: AccessCaseFile = {
  async setup(ctx) {
    const [board] = await ctx.t.db.select().from(boards).where(eq(boards.slug, 'qa'));
    const customer = ctx.people.get('customer')!;
    // Someone outside the roles under test, so nobody votes on their own question.
    const [stranger] = await ctx.t.db
      .insert(users)
      .values({ email: 'stranger@example.test', displayName: 'Stranger', passwordHash: 'x', role: 'customer' })
      .returning();
    const [votable] = await ctx.t.db.insert(topics).values({ boardId: board!.id, authorId: stranger!.id, title: 'Votable' }).returning();
    const [asked] = await ctx.t.db.insert(topics).values({ boardId: board!.id, authorId: customer.id, title: 'Asked by the customer' }).returning();
    const [answer] = await ctx.t.db
      .insert(posts)
      .values({ topicId: asked!.id, authorId: stranger!.id, postNumber: 2, bodyMarkdown: 'a', bodyHtml: '<p>a</p>', rendererVersion: 1 })
      .returning();
    ctx.ids['topic:votable'] = votable!.id;
    ctx.ids['topic:asked'] = asked!.id;
    ctx.ids['post:answer'] = answer!.id;
  },
  cases: [
    {
      name: 'vote me too',
      method: 'PUT',
      route: '/api/topics/{id}/vote',
      url: (ctx) => `/api/topics/${ctx.ids['topic:votable']}/vote`,
      access: { action: 'topic.vote', board: qa },
      success: 200,
    },
    {
      name: 'withdraw me too',
      method: 'DELETE',
      route: '/api/topics/{id}/vote',
      url: (ctx) => `/api/topics/${ctx.ids['topic:votable']}/vote`,
      access: { action: 'topic.vote', board: qa },
      success: 200,
    },
    {
      name: 'accept an answer',
      method: 'POST',
      route: '/api/topics/{id}/accepted-answer',
      url: (ctx) => `/api/topics/${ctx.ids['topic:asked']}/accepted-answer`,
      body: (ctx) => ({ postId: ctx.ids['post:answer'] }),
      ownerRole: 'customer',
      access: { action: 'answer.accept', board: qa },
      success: 200,
    },
    {
      name: 'withdraw the accepted answer',
      method: 'DELETE',
      route: '/api/topics/{id}/accepted-answer',
      url: (ctx) => `/api/topics/${ctx.ids['topic:asked']}/accepted-answer`,
      ownerRole: 'customer',
      access: { action: 'answer.accept', board: qa },
      success: 200,
    },
    {
      name: 'set status',
      method: 'POST',
      route: '/api/topics/{id}/status',
      url: (ctx) => `/api/topics/${ctx.ids['topic:votable']}/status`,
      body: () => ({ status: 'open' }),
      access: { action: 'topic.setStatus', board: qa },
      success: 200,
    },
    {
      name: 'markdown preview',
      method: 'POST',
      route: '/api/markdown/preview',
      url: () => '/api/markdown/preview',
      body: () => ({ body: '**hi**' }),
      access: { action: 'account.read' },
      success: 200,
    },
  ],
};
