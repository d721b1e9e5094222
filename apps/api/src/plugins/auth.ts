import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { boards } from '@townhall/db';
import { decide, type Action, type PermissionDecision, type Role } from '@townhall/domain';
import { AppError } from '../errors.ts';
import { createBatchLoader } from './batch-loader.ts';
import { forwardedToPages } from './pages.ts';
import { createAuthRepository, type AccountUser } from '../features/auth/auth.repository.ts';
import {
  generateSessionToken,
  sessionCookieName,
  sessionIdFromToken,
  sessionLifetimeMs,
  shouldRenewSession,
} from '../features/auth/session-token.ts';

/** Who is asking: a signed-in person with their session, or a guest. */
export type Viewer =
  | { role: 'guest'; user: null; sessionId: null }
  | { role: Exclude<Role, 'guest'>; user: AccountUser; sessionId: string; sessionExpiresAt: Date };

const guest: Viewer = { role: 'guest', user: null, sessionId: null };

/**
 * What a route requires. `public` routes need nothing; others name an action of the permission
 * matrix and, when the action concerns a board, how to find that board from the request.
 * Every API route must declare one: the server refuses to start otherwise.
 */
export type RouteAccess =
  | 'public'
  | {
      action: Action;
      /**
       * What the action is on: its board and, for owner rules (edit my post, accept on my
       * question), who owns it. Null when it does not exist (404).
       */
      resource?: (request: FastifyRequest) => Promise<AccessResource | null>;
    };

export type AccessResource = {
  board: Board;
  ownerId?: number;
  /** On a board for participants: whether the viewer takes part (e.g. an accepted beta applicant). */
  isParticipant?: boolean;
};

export type Board = typeof boards.$inferSelect;

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    viewer: Viewer;
    /** The board the route's access rule resolved, so handlers need not load it again. */
    board: Board | null;
    /** Whether the viewer owns the resource the access rule resolved. */
    viewerIsOwner: boolean;
    /** Whether the viewer takes part in what the resolved board (for participants) belongs to. */
    viewerIsParticipant: boolean;
  }
  interface FastifyReply {
    startSession(userId: number): Promise<void>;
    endSession(): Promise<void>;
  }
}

const refusalMessages = {
  SIGN_IN_REQUIRED: 'Sign in to do this',
  FORBIDDEN: 'Your role may not do this here',
  NOT_FOUND: 'Not found',
} as const;

function rejectUnlessAllowed(decision: PermissionDecision): void {
  if (!decision.ok) throw new AppError(decision.reason, refusalMessages[decision.reason]);
}

export type AuthOptions = { cookieSecure: 'auto' | boolean };

/**
 * Sessions as in Lucia's guide, and the one place that enforces the permission matrix: every
 * route's `config.access` is checked here before its handler runs.
 */
export const authPlugin = fp<AuthOptions>(
  async (app, options) => {
    const accounts = createAuthRepository(app.db);
    // Every signed-in API request starts with its session: concurrent ones are read together.
    const sessionLoader = createBatchLoader({ loadMany: (sessionIds: string[]) => accounts.findSessions(sessionIds) });

    app.decorateRequest('viewer', null as never);
    app.decorateRequest('board', null);
    app.decorateRequest('viewerIsOwner', false);
    app.decorateRequest('viewerIsParticipant', false);

    // Page requests reach the API through inject, so the pages pass on the browser's protocol;
    // a client can only use that header to make its own cookie stricter.
    const secureFor = (request: FastifyRequest) =>
      options.cookieSecure === 'auto'
        ? request.protocol === 'https' || request.headers[forwardedToPages.protocol] === 'https'
        : options.cookieSecure;

    const setSessionCookie = (reply: FastifyReply, token: string, expiresAt: Date) => {
      reply.setCookie(sessionCookieName, token, {
        httpOnly: true,
        sameSite: 'lax',
        secure: secureFor(reply.request),
        path: '/',
        expires: expiresAt,
      });
    };

    const clearSessionCookie = (reply: FastifyReply) => {
      reply.setCookie(sessionCookieName, '', {
        httpOnly: true,
        sameSite: 'lax',
        secure: secureFor(reply.request),
        path: '/',
        maxAge: 0,
      });
    };

    app.decorateReply('startSession', async function (this: FastifyReply, userId: number) {
      const token = generateSessionToken();
      const expiresAt = new Date(Date.now() + sessionLifetimeMs);
      await accounts.createSession({ id: sessionIdFromToken(token), userId, expiresAt });
      setSessionCookie(this, token, expiresAt);
    });

    app.decorateReply('endSession', async function (this: FastifyReply) {
      const { sessionId } = this.request.viewer;
      if (sessionId) await accounts.deleteSession(sessionId);
      clearSessionCookie(this);
    });

    app.addHook('onRequest', async (request, reply) => {
      request.viewer = guest;
      // Pages find the person through /api/me themselves; only API requests need it here.
      if (!request.url.startsWith('/api/')) return;
      const token = request.cookies[sessionCookieName];
      if (!token) return;
      const sessionId = sessionIdFromToken(token);
      const found = (await sessionLoader.load(sessionId)) ?? null;
      const now = new Date();
      if (!found || found.expiresAt <= now || found.user.deactivatedAt) {
        if (found) await accounts.deleteSession(sessionId);
        clearSessionCookie(reply);
        return;
      }
      let sessionExpiresAt = found.expiresAt;
      if (shouldRenewSession(found.expiresAt, now)) {
        sessionExpiresAt = new Date(now.getTime() + sessionLifetimeMs);
        await accounts.extendSession(sessionId, sessionExpiresAt);
        setSessionCookie(reply, token, sessionExpiresAt);
      }
      request.viewer = { role: found.user.role, user: found.user, sessionId, sessionExpiresAt };
    });

    app.addHook('onRoute', (route) => {
      if (!route.url.startsWith('/api') || route.method === 'HEAD') return;
      if (route.config?.access === undefined) {
        throw new Error(`Route ${String(route.method)} ${route.url} declares no config.access`);
      }
    });

    // Role first, before the body is validated: a guest learns "sign in", not what the body lacks.
    app.addHook('preValidation', async (request) => {
      const access = request.routeOptions.config.access;
      if (access === undefined || access === 'public') return;
      rejectUnlessAllowed(decide({ role: request.viewer.role, action: access.action }));
    });

    // Then the board, once params are validated.
    app.addHook('preHandler', async (request) => {
      const access = request.routeOptions.config.access;
      if (access === undefined || access === 'public') return;
      if (!access.resource) return;
      const resource = await access.resource(request);
      if (resource === null) throw new AppError('NOT_FOUND', 'Not found');
      const isOwner = resource.ownerId !== undefined && resource.ownerId === request.viewer.user?.id;
      rejectUnlessAllowed(
        decide({ role: request.viewer.role, action: access.action, board: resource.board, isOwner, isParticipant: resource.isParticipant }),
      );
      request.board = resource.board;
      request.viewerIsOwner = isOwner;
      request.viewerIsParticipant = resource.isParticipant === true;
    });
  },
  { name: 'auth', dependencies: ['db'] },
);
