/// <reference types="vite/client" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allRoles, decide, type Role } from '@townhall/domain';
import type { AccessCase, AccessCaseFile, AccessContext } from './access/access-case.ts';
import { createTestApp, type TestApp } from './test-app.ts';

/**
 * Walks every API route for every role over HTTP and checks the answer against the permission
 * matrix in the domain package: the matrix is the single source of truth. Each feature adds its
 * routes in `access/<feature>.cases.ts`.
 */
const caseModules = import.meta.glob<Record<string, AccessCaseFile>>('./access/*.cases.ts', { eager: true });
const caseFiles = Object.values(caseModules).flatMap((module) => Object.values(module));
const cases = caseFiles.flatMap((file) => file.cases);

const statusFor = { SIGN_IN_REQUIRED: 401, FORBIDDEN: 403, NOT_FOUND: 404 } as const;

function expectedStatus(accessCase: AccessCase, role: Role): number {
  if (accessCase.access === 'public') return accessCase.success;
  const isOwner = accessCase.ownerRole === undefined ? undefined : accessCase.ownerRole === role;
  const decision = decide({ role, action: accessCase.access.action, board: accessCase.access.board, isOwner });
  return decision.ok ? accessCase.success : statusFor[decision.reason];
}

let t: TestApp;
let seq = 0;
const ctx = { people: new Map(), ids: {}, next: () => ++seq } as unknown as AccessContext;

beforeAll(async () => {
  t = await createTestApp({ rateLimits: { signInPerMinute: 10_000, postsPerMinute: 10_000 } });
  ctx.t = t;
  for (const role of allRoles) ctx.people.set(role, role === 'guest' ? null : await t.signedIn(role, { tier: 'waist' }));
  for (const file of caseFiles) await file.setup?.(ctx);
});
afterAll(() => t.close());

describe('the permission matrix over HTTP', () => {
  for (const accessCase of cases) {
    for (const role of allRoles) {
      const expected = expectedStatus(accessCase, role);
      it(`${accessCase.method} ${accessCase.name} as ${role} answers ${expected}`, async () => {
        const person =
          accessCase.freshSession && role !== 'guest' ? await t.signedIn(role as Exclude<Role, 'guest'>) : ctx.people.get(role);
        const response = await t.request({
          method: accessCase.method,
          url: accessCase.url(ctx),
          cookie: person?.cookie,
          body: accessCase.body?.(ctx),
          headers: accessCase.headers,
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
    const { default: cookie } = await import('@fastify/cookie');
    const { authPlugin } = await import('../src/plugins/auth.ts');
    const { dbPlugin } = await import('../src/plugins/db.ts');
    const app = Fastify();
    const connection = { db: t.db, kind: 'embedded', driver: null, close: async () => {} } as never;
    await app.register(cookie);
    await app.register(dbPlugin, { connection });
    await app.register(authPlugin, { cookieSecure: false });
    await expect(
      app.register(async (api) => {
        api.get('/api/forgotten', async () => 'oops');
      }),
    ).rejects.toThrow(/declares no config.access/);
  });
});
