import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { DatabaseConnection } from '@townhall/db';
import type { Config } from './config.ts';
import { AppError, installErrorHandler } from './errors.ts';
import { installValidators } from './validation.ts';
import { authPlugin } from './plugins/auth.ts';
import { dbPlugin } from './plugins/db.ts';
import { sameOriginPlugin } from './plugins/same-origin.ts';
import { livePlugin, type LiveOptions } from './plugins/live.ts';
import { liveRoutes } from './features/live/live.routes.ts';
import { authRoutes } from './features/auth/auth.routes.ts';
import { boardsRoutes } from './features/boards/boards.routes.ts';
import { healthRoutes } from './features/health/health.routes.ts';
import { topicsRoutes } from './features/topics/topics.routes.ts';
import { topicWorkflowRoutes } from './features/topics/topic-workflow.routes.ts';
import { previewRoutes } from './features/posts/preview.routes.ts';
import { moderationRoutes } from './features/moderation/moderation.routes.ts';
import { adminOrganizationsRoutes } from './features/admin/organizations.routes.ts';
import { adminPeopleRoutes } from './features/admin/people.routes.ts';
import { invitationsRoutes } from './features/admin/invitations.routes.ts';
import { personCardRoutes } from './features/people/people.routes.ts';
import { reactionsRoutes } from './features/reactions/reactions.routes.ts';
import { releaseNotesRoutes } from './features/release-notes/release-notes.routes.ts';
import { betaRoutes } from './features/beta/beta.routes.ts';
import { searchRoutes } from './features/search/search.routes.ts';

export type BuildAppOptions = {
  config: Config;
  connection: DatabaseConnection;
  /** pino options, or false to stay quiet (tests). */
  logger?: boolean | { level: string; transport?: { target: string } };
  /** Heartbeat and back-pressure bounds of the websocket (defaults suit production). */
  live?: LiveOptions;
};

// Room for a 64 KiB Markdown body of four-byte characters, JSON-escaped.
const bodyLimitBytes = 1024 * 1024;

/** Builds the API: infrastructure plugins first, then one plugin per feature under /api. */
export async function buildApp({ config, connection, logger, live }: BuildAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logger ?? { level: config.logLevel },
    trustProxy: config.trustProxy,
    bodyLimit: bodyLimitBytes,
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<TypeBoxTypeProvider>();

  await app.register(cookie);
  await app.register(rateLimit, {
    global: false,
    hook: 'preHandler',
    errorResponseBuilder: (_request, context) =>
      new AppError('RATE_LIMITED', `Too many attempts; try again in ${Math.ceil(context.ttl / 1000)} s`),
  });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Townhall API', version: '0.1.0', description: 'The customer community forum API' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'townhall_session' } } },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  await app.register(dbPlugin, { connection });
  await app.register(authPlugin, { cookieSecure: config.cookieSecure });
  await app.register(sameOriginPlugin);
  await app.register(livePlugin, live ?? {});

  await app.register(
    async (api) => {
      // JSON only: a foreign page can send text/plain without a CORS preflight.
      api.removeContentTypeParser('text/plain');
      installErrorHandler(api);
      installValidators(api);
      await api.register(healthRoutes);
      await api.register(authRoutes, { signInPerMinute: config.rateLimits.signInPerMinute });
      await api.register(boardsRoutes);
      await api.register(topicsRoutes, { postsPerMinute: config.rateLimits.postsPerMinute });
      await api.register(topicWorkflowRoutes);
      await api.register(previewRoutes, { previewsPerMinute: config.rateLimits.postsPerMinute * 4 });
      await api.register(moderationRoutes);
      await api.register(adminOrganizationsRoutes);
      await api.register(adminPeopleRoutes);
      await api.register(invitationsRoutes);
      await api.register(personCardRoutes);
      await api.register(reactionsRoutes);
      await api.register(releaseNotesRoutes);
      await api.register(betaRoutes);
      await api.register(searchRoutes, { searchesPerMinute: config.searchesPerMinute });
      await api.register(liveRoutes);
    },
    { prefix: '/api' },
  );
  return app;
}
