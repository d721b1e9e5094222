import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { inject as injectProvided } from 'vitest';
import { organizations, users, type Database } from '@townhall/db';
import type { MemberRole, OrganizationTier } from '@townhall/domain';
import { buildApp, type BuildAppOptions } from '../src/app.ts';
import { loadConfig, type Config } from '../src/config.ts';
import { hashPassword } from '../src/features/auth/password.ts';
import { sessionCookieName } from '../src/features/auth/session-token.ts';
import { ensureWorkspace } from '../src/seed/workspace.ts';
import { openTestDatabase } from './test-database.ts';

/** Every test request claims to come from this site, the way a browser on it would. */
export const testHost = 'townhall.test';
export const testOrigin = `http://${testHost}`;
export const testPassword = 'correct horse battery';

/** The app's clock in tests: real time until `set`, then frozen there until `advance` or `set(null)`. */
export type TestClock = { now(): Date; set(at: Date | string | null): void; advance(minutes: number): void };

export type TestApp = {
  app: FastifyInstance;
  db: Database;
  clock: TestClock;
  request(options: TestRequest): Promise<LightMyRequestResponse>;
  /** Creates a person directly in the database and signs them in; returns their session cookie. */
  signedIn(role: MemberRole, options?: { tier?: OrganizationTier; organization?: string }): Promise<Person>;
  close(): Promise<void>;
};

export type Person = { id: number; email: string; cookie: string; role: MemberRole; handle: string };

export type TestRequest = {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  body?: unknown;
  cookie?: string;
  /** Extra headers; an empty value leaves that header out (e.g. `origin: ''` for a non-browser client). */
  headers?: Record<string, string>;
  remoteAddress?: string;
};

/** The cookie pair (`name=value`) a response set for the session, if any. */
export function sessionCookieFrom(response: LightMyRequestResponse): string | undefined {
  const cookie = response.cookies.find((c) => c.name === sessionCookieName);
  return cookie && cookie.value ? `${sessionCookieName}=${cookie.value}` : undefined;
}

let counter = 0;

/** Builds the real app on a database of its own; tear it down with `close()`. */
export async function createTestApp(overrides: Partial<Config> = {}, options: Pick<BuildAppOptions, 'mailTransport' | 'maxQueuedPosts'> = {}): Promise<TestApp> {
  const connection = await openTestDatabase(injectProvided('databaseTemplate'));
  await ensureWorkspace(connection.db);
  // Background jobs run only in the tests about them; the rest call the job functions directly.
  // Webhook tests answer with a receiver on this machine, which production refuses (see webhook-target.ts).
  const config: Config = { ...loadConfig({}), webBuildDir: null, jobsEnabled: false, webhookPrivateTargets: true, ...overrides };
  let frozen: Date | null = null;
  const clock: TestClock = {
    now: () => (frozen ? new Date(frozen) : new Date()),
    set: (at) => {
      frozen = at === null ? null : new Date(at);
    },
    advance: (minutes) => {
      frozen = new Date((frozen ?? new Date()).getTime() + minutes * 60_000);
    },
  };
  const app = await buildApp({ config, connection, logger: false, clock, ...options });
  await app.ready();
  const organizationIds = new Map<string, number>();

  const request = async (options: TestRequest) => {
    const headers: Record<string, string> = { host: testHost, ...options.headers };
    if (options.method !== 'GET' && !('origin' in headers) && !('sec-fetch-site' in headers)) headers.origin = testOrigin;
    if (options.cookie) headers.cookie = options.cookie;
    if (options.body !== undefined && !('content-type' in headers)) headers['content-type'] = 'application/json';
    for (const [name, value] of Object.entries(headers)) if (value === '') delete headers[name];
    const response = await app.inject({
      method: options.method,
      url: options.url,
      headers,
      payload: options.body === undefined ? undefined : typeof options.body === 'string' || Buffer.isBuffer(options.body) ? options.body : JSON.stringify(options.body),
      remoteAddress: options.remoteAddress,
    });
    // New posts are told about after their request is answered; tests read what a request caused
    // once it is all written (notifications.test.ts checks the answer does not wait for it).
    await app.notifier.settled();
    return response;
  };

  const passwordHash = await hashPassword(testPassword);

  return {
    app,
    db: connection.db,
    clock,
    request,
    async signedIn(role, options = {}) {
      // Taken before any await, so people created concurrently get distinct numbers.
      const n = ++counter;
      let organizationId: number | null = null;
      if (options.tier || options.organization) {
        const name = options.organization ?? `Org ${options.tier}`;
        if (!organizationIds.has(name)) {
          const [org] = await connection.db
            .insert(organizations)
            .values({ name, tier: options.tier ?? 'waist' })
            .returning({ id: organizations.id });
          organizationIds.set(name, org!.id);
        }
        organizationId = organizationIds.get(name)!;
      }
      const email = `${role}-${n}-${process.pid}@example.test`;
      const handle = `${role}${n}`;
      const [user] = await connection.db
        .insert(users)
        .values({ email, displayName: `${role} ${n}`, handle, passwordHash, role, organizationId })
        .returning({ id: users.id });
      const response = await request({ method: 'POST', url: '/api/auth/sign-in', body: { email, password: testPassword }, remoteAddress: `10.9.${n % 250}.1` });
      const cookie = sessionCookieFrom(response);
      if (response.statusCode !== 200 || !cookie) throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
      return { id: user!.id, email, cookie, role, handle };
    },
    close: () => app.close(),
  };
}
