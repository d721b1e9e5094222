import { boards, topics } from '@townhall/db';
import { boardsUnderTest, type AccessCase, type AccessCaseFile } from './access-case.ts';

const boardCases = Object.entries(boardsUnderTest).flatMap(([slug, board]): AccessCase[] => [
  {
    name: `list ${slug}`,
    method: 'GET',
    route: '/api/boards/{slug}/topics',
    url: () => `/api/boards/${slug}/topics`,
    access: { action: 'board.read', board },
    success: 200,
  },
  {
    name: `create topic on ${slug}`,
    method: 'POST',
    route: '/api/boards/{slug}/topics',
    url: () => `/api/boards/${slug}/topics`,
    body: (ctx) => ({ title: `Matrix ${ctx.next()}`, body: 'Body' }),
    access: { action: 'topic.create', board },
    success: 201,
  },
  {
    name: `read topic on ${slug}`,
    method: 'GET',
    route: '/api/topics/{id}',
    url: (ctx) => `/api/topics/${ctx.ids[`topic:${slug}`]}`,
    access: { action: 'board.read', board },
    success: 200,
  },
  {
    name: `reply on ${slug}`,
    method: 'POST',
    route: '/api/topics/{id}/posts',
    url: (ctx) => `/api/topics/${ctx.ids[`topic:${slug}`]}/posts`,
    body: (ctx) => ({ body: `Reply ${ctx.next()}` }),
    access: { action: 'post.create', board },
    success: 201,
  },
]);

export const coreCases: AccessCaseFile = {
  async setup(ctx) {
    await ctx.t.db.insert(boards).values({ slug: 'members-qa', name: 'Members Q&A', kind: 'qa', visibility: 'members' });
    // One topic per board to read and reply to, owned by the admin, created directly: not every
    // board takes topics through the generic route.
    const admin = ctx.people.get('admin')!;
    for (const board of await ctx.t.db.select().from(boards)) {
      const [row] = await ctx.t.db.insert(topics).values({ boardId: board.id, authorId: admin.id, title: `Seed ${board.slug}` }).returning();
      ctx.ids[`topic:${board.slug}`] = row!.id;
    }
  },
  cases: [
    { name: 'health', method: 'GET', route: '/api/health', url: () => '/api/health', access: 'public', success: 200 },
    {
      name: 'sign up',
      method: 'POST',
      route: '/api/auth/sign-up',
      url: () => '/api/auth/sign-up',
      body: (ctx) => ({ email: `matrix-${ctx.next()}@example.test`, password: 'long enough password', displayName: 'Matrix' }),
      access: 'public',
      success: 201,
    },
    {
      name: 'sign in (a wrong password is still a valid request)',
      method: 'POST',
      route: '/api/auth/sign-in',
      url: () => '/api/auth/sign-in',
      body: () => ({ email: 'nobody@example.test', password: 'wrong' }),
      access: 'public',
      success: 401,
    },
    {
      name: 'confirm an e-mail address (an unknown link is still a valid request)',
      method: 'POST',
      route: '/api/auth/verify-email',
      url: () => '/api/auth/verify-email',
      body: () => ({ token: 'not-a-real-token' }),
      access: 'public',
      success: 400,
    },
    {
      // The matrix's people are made confirmed, so asking again is a valid request refused with 409.
      name: 'mail a new confirmation link',
      method: 'POST',
      route: '/api/auth/verify-email/resend',
      url: () => '/api/auth/verify-email/resend',
      access: { action: 'account.read' },
      success: 409,
    },
    {
      name: 'ask for a password reset link (the answer never says whether the account exists)',
      method: 'POST',
      route: '/api/auth/password-reset',
      url: () => '/api/auth/password-reset',
      body: (ctx) => ({ email: `matrix-reset-${ctx.next()}@example.test` }),
      access: 'public',
      success: 202,
    },
    {
      name: 'reset a password (an unknown link is still a valid request)',
      method: 'POST',
      route: '/api/auth/password-reset/confirm',
      url: () => '/api/auth/password-reset/confirm',
      body: () => ({ token: 'not-a-real-token', password: 'another long password' }),
      access: 'public',
      success: 400,
    },
    { name: 'me', method: 'GET', route: '/api/me', url: () => '/api/me', access: { action: 'account.read' }, success: 200 },
    {
      name: 'change my display name',
      method: 'PATCH',
      route: '/api/me',
      url: () => '/api/me',
      body: (ctx) => ({ displayName: `Matrix ${ctx.next()}` }),
      access: { action: 'account.read' },
      success: 200,
    },
    {
      name: 'change password (a wrong current password is still a valid request)',
      method: 'POST',
      route: '/api/auth/change-password',
      url: () => '/api/auth/change-password',
      body: () => ({ currentPassword: 'not it', newPassword: 'another long password' }),
      access: { action: 'account.read' },
      success: 401,
    },
    { name: 'boards', method: 'GET', route: '/api/boards', url: () => '/api/boards', access: { action: 'board.read' }, success: 200 },
    ...boardCases,
    {
      name: 'sign out',
      method: 'POST',
      route: '/api/auth/sign-out',
      url: () => '/api/auth/sign-out',
      access: 'public',
      success: 204,
      freshSession: true,
    },
  ],
};
