import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boards, topics } from '@townhall/db';
import { allRoles, decide, type Action, type BoardRef, type Role } from '@townhall/domain';
import { createTestApp, type Person, type TestApp } from './test-app.ts';

/**
 * Walks every API route for every role over HTTP and checks the answer against the permission
 * matrix in the domain package: the matrix is the single source of truth.
 */

type RouteCase = {
  name: string;
  method: 'GET' | 'POST';
  /** Route pattern as OpenAPI lists it, to prove every route is covered. */
  route: string;
  url: () => string;
  body?: () => unknown;
  access: 'public' | { action: Action; board?: BoardRef };
  success: number;
};

let t: TestApp;
const people = new Map<Role, Person | null>();
const topicIds: Record<string, number> = {};
let seq = 0;

const publicQa: BoardRef = { kind: 'qa', visibility: 'public' };
const membersQa: BoardRef = { kind: 'qa', visibility: 'members' };
const releaseNotes: BoardRef = { kind: 'release_notes', visibility: 'public' };
const beta: BoardRef = { kind: 'beta', visibility: 'members' };

const cases: RouteCase[] = [
  { name: 'health', method: 'GET', route: '/api/health', url: () => '/api/health', access: 'public', success: 200 },
  {
    name: 'sign up',
    method: 'POST',
    route: '/api/auth/sign-up',
    url: () => '/api/auth/sign-up',
    body: () => ({ email: `matrix-${++seq}@example.test`, password: 'long enough password', displayName: 'Matrix' }),
    access: 'public',
    success: 201,
  },
  {
    name: 'sign in (wrong password is still a valid request)',
    method: 'POST',
    route: '/api/auth/sign-in',
    url: () => '/api/auth/sign-in',
    body: () => ({ email: 'nobody@example.test', password: 'wrong' }),
    access: 'public',
    success: 401,
  },
  { name: 'me', method: 'GET', route: '/api/me', url: () => '/api/me', access: { action: 'account.read' }, success: 200 },
  {
    name: 'change password (wrong current password is still a valid request)',
    method: 'POST',
    route: '/api/auth/change-password',
    url: () => '/api/auth/change-password',
    body: () => ({ currentPassword: 'not it', newPassword: 'another long password' }),
    access: { action: 'account.read' },
    success: 401,
  },
  { name: 'boards', method: 'GET', route: '/api/boards', url: () => '/api/boards', access: { action: 'board.read' }, success: 200 },
  ...(
    [
      ['qa', publicQa],
      ['members-qa', membersQa],
      ['release-notes', releaseNotes],
      ['beta', beta],
    ] as const
  ).flatMap(([slug, board]): RouteCase[] => [
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
      body: () => ({ title: `Matrix ${++seq}`, body: 'Body' }),
      access: { action: 'topic.create', board },
      success: 201,
    },
    {
      name: `read topic on ${slug}`,
      method: 'GET',
      route: '/api/topics/{id}',
      url: () => `/api/topics/${topicIds[slug]}`,
      access: { action: 'board.read', board },
      success: 200,
    },
    {
      name: `reply on ${slug}`,
      method: 'POST',
      route: '/api/topics/{id}/posts',
      url: () => `/api/topics/${topicIds[slug]}/posts`,
      body: () => ({ body: `Reply ${++seq}` }),
      access: { action: 'post.create', board },
      success: 201,
    },
  ]),
  { name: 'sign out', method: 'POST', route: '/api/auth/sign-out', url: () => '/api/auth/sign-out', access: 'public', success: 204 },
];

const statusFor = { SIGN_IN_REQUIRED: 401, FORBIDDEN: 403, NOT_FOUND: 404 } as const;

function expectedStatus(routeCase: RouteCase, role: Role): number {
  if (routeCase.access === 'public') return routeCase.success;
  const decision = decide({ role, action: routeCase.access.action, board: routeCase.access.board });
  return decision.ok ? routeCase.success : statusFor[decision.reason];
}

beforeAll(async () => {
  t = await createTestApp({ rateLimits: { signInPerMinute: 10_000, postsPerMinute: 10_000 } });
  await t.db.insert(boards).values({ slug: 'members-qa', name: 'Members Q&A', kind: 'qa', visibility: 'members' });
  for (const role of allRoles) people.set(role, role === 'guest' ? null : await t.signedIn(role, { tier: 'waist' }));
  // One topic per board to read and reply to, created directly: not every board takes topics
  // through this route.
  const admin = people.get('admin')!;
  const allBoards = await t.db.select().from(boards);
  for (const board of allBoards) {
    const [row] = await t.db.insert(topics).values({ boardId: board.id, authorId: admin.id, title: `Seed ${board.slug}` }).returning();
    topicIds[board.slug] = row!.id;
  }
});
afterAll(() => t.close());

describe('the permission matrix over HTTP', () => {
  for (const routeCase of cases) {
    for (const role of allRoles) {
      const expected = expectedStatus(routeCase, role);
      it(`${routeCase.method} ${routeCase.name} as ${role} answers ${expected}`, async () => {
        // Sign-out ends the session; give each signed-in role a fresh one for that case.
        const person = routeCase.name === 'sign out' && role !== 'guest' ? await t.signedIn(role as Exclude<Role, 'guest'>) : people.get(role);
        const response = await t.request({
          method: routeCase.method,
          url: routeCase.url(),
          cookie: person?.cookie,
          body: routeCase.body?.(),
        });
        expect(response.statusCode, response.body).toBe(expected);
        if (expected >= 400) expect(response.json().error.code).toBeTypeOf('string');
      });
    }
  }

  it('covers every route the API has', async () => {
    const spec = (await t.request({ method: 'GET', url: '/api/docs/json' })).json() as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(spec.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const covered = new Set(cases.map((c) => `${c.method} ${c.route}`));
    expect(documented.filter((route) => !covered.has(route))).toEqual([]);
  });

  it('refuses to start when a route declares no access rule', async () => {
    const { default: Fastify } = await import('fastify');
    const { authPlugin } = await import('../src/plugins/auth.ts');
    const { dbPlugin } = await import('../src/plugins/db.ts');
    const app = Fastify();
    const connection = { db: t.db, kind: 'embedded', driver: null, close: async () => {} } as never;
    await app.register((await import('@fastify/cookie')).default);
    await app.register(dbPlugin, { connection });
    await app.register(authPlugin, { cookieSecure: false });
    await expect(
      app.register(async (api) => {
        api.get('/api/forgotten', async () => 'oops');
      }),
    ).rejects.toThrow(/declares no config.access/);
  });
});
