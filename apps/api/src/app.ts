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
import { clockPlugin, systemClock, type Clock } from './plugins/clock.ts';
import { sameOriginPlugin } from './plugins/same-origin.ts';
import { livePlugin, type LiveOptions } from './plugins/live.ts';
import { liveRoutes } from './features/live/live.routes.ts';
import { authRoutes } from './features/auth/auth.routes.ts';
import { boardsRoutes } from './features/boards/boards.routes.ts';
import { healthRoutes } from './features/health/health.routes.ts';
import { topicsRoutes } from './features/topics/topics.routes.ts';
import { topicWorkflowRoutes } from './features/topics/topic-workflow.routes.ts';
import { previewRoutes } from './features/posts/preview.routes.ts';
import { uploadsRoutes } from './features/uploads/uploads.routes.ts';
import { moderationRoutes } from './features/moderation/moderation.routes.ts';
import { adminOrganizationsRoutes } from './features/admin/organizations.routes.ts';
import { boardAdminRoutes } from './features/boards/board-admin.routes.ts';
import { adminPeopleRoutes } from './features/admin/people.routes.ts';
import { invitationsRoutes } from './features/admin/invitations.routes.ts';
import { personActivityRoutes } from './features/people/people-activity.routes.ts';
import { personCardRoutes } from './features/people/people.routes.ts';
import { mentionCandidatesRoutes } from './features/people/mention-candidates.routes.ts';
import { reactionsRoutes } from './features/reactions/reactions.routes.ts';
import { releaseNotesRoutes } from './features/release-notes/release-notes.routes.ts';
import { betaRoutes } from './features/beta/beta.routes.ts';
import { notifyPlugin } from './plugins/notify.ts';
import { jobsPlugin } from './plugins/jobs.ts';
import { notificationsRoutes } from './features/notifications/notifications.routes.ts';
import { mailRoutes } from './features/mail/mail.routes.ts';
import { webhooksRoutes } from './features/webhooks/webhooks.routes.ts';
import { deliverDueWebhooks } from './features/webhooks/webhook-delivery.ts';
import { createWebhooksRepository } from './features/webhooks/webhooks.repository.ts';
import { createMailRepository } from './features/mail/mail.repository.ts';
import { createMailTransport, type MailTransport } from './features/mail/mail-transport.ts';
import { deliverAllDueMail, deliverDueMail } from './features/mail/mail-delivery.ts';
import { queueDailyDigests } from './features/mail/queue-daily-digests.ts';
import { createNotificationsRepository } from './features/notifications/notifications.repository.ts';
import { queueDueNotificationEmails } from './features/notifications/queue-due-emails.ts';
import { databaseRateLimitStore } from './features/rate-limits/database-rate-limit-store.ts';
import { createRateLimitsRepository } from './features/rate-limits/rate-limits.repository.ts';
import { sendCheckInAlerts } from './features/sla-alerts/check-in-alerts.service.ts';
import { slaRoutes } from './features/sla/sla.routes.ts';
import { slaDashboardRoutes } from './features/sla-dashboard/sla-dashboard.routes.ts';
import { searchRoutes } from './features/search/search.routes.ts';
import { demandsRoutes } from './features/demands/demands.routes.ts';

export type BuildAppOptions = {
  config: Config;
  connection: DatabaseConnection;
  /** pino options, or false to stay quiet (tests). */
  logger?: boolean | { level: string; transport?: { target: string } };
  /** Heartbeat and back-pressure bounds of the websocket (defaults suit production). */
  live?: LiveOptions;
  /** Where "now" comes from (SLA clocks, mail delays, jobs); tests pass a clock they move. */
  clock?: Clock;
  /** Replaces the SMTP transport built from the config (tests). */
  mailTransport?: MailTransport;
  /** New posts that may wait to be told about before posting waits too (see `queueNewPost`; tests set it low). */
  maxQueuedPosts?: number;
};

// Room for a 64 KiB Markdown body of four-byte characters, JSON-escaped.
const bodyLimitBytes = 1024 * 1024;

/** Builds the API: infrastructure plugins first, then one plugin per feature under /api. */
export async function buildApp({ config, connection, logger, live, clock = systemClock, mailTransport, maxQueuedPosts }: BuildAppOptions): Promise<FastifyInstance> {
  const now = () => clock.now();
  const app = Fastify({
    logger: logger ?? { level: config.logLevel },
    trustProxy: config.trustProxy,
    bodyLimit: bodyLimitBytes,
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<TypeBoxTypeProvider>();

  // Headers every response carries, pages and API alike (pages add their own nonce-based CSP).
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'strict-origin-when-cross-origin');
    reply.header('x-frame-options', 'DENY');
    const path = request.url.split('?')[0]!;
    // API answers are data, never documents: nothing in them may load or run (the docs UI excepted).
    if (path.startsWith('/api/') && !path.startsWith('/api/docs') && !reply.hasHeader('content-security-policy')) {
      reply.header('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
    }
  });
  await app.register(cookie);
  await app.register(rateLimit, {
    global: false,
    // Counted in the database, so limits hold across instances.
    store: databaseRateLimitStore(connection.db) as never,
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
  await app.register(clockPlugin, { clock });
  await app.register(authPlugin, { cookieSecure: config.cookieSecure });
  await app.register(sameOriginPlugin);
  await app.register(livePlugin, live ?? config.live);
  await app.register(notifyPlugin, { mailDelayMinutes: config.mail.delayMinutes, now, ...(maxQueuedPosts === undefined ? {} : { maxQueuedPosts }) });
  const transport = mailTransport === undefined ? createMailTransport(config.mail) : mailTransport;
  app.addHook('onClose', async () => transport?.close());
  const mail = createMailRepository(connection.db);
  await app.register(jobsPlugin, {
    enabled: config.jobsEnabled,
    now,
    jobs: [
      {
        name: 'mail-delivery',
        cron: '* * * * *',
        // Notifications' e-mails are written when due, then go out with the rest.
        run: async (now) => ({
          ...(await queueDueNotificationEmails({ repository: createNotificationsRepository(connection.db), now, publicUrl: config.publicUrl })),
          ...(await deliverAllDueMail({ repository: mail, transport, now })),
        }),
      },
      {
        name: 'webhook-delivery',
        cron: '* * * * *',
        run: (now) => deliverDueWebhooks({ repository: createWebhooksRepository(connection.db), now, allowPrivateTargets: config.webhookPrivateTargets }),
      },
      {
        name: 'sla-check-in-alerts',
        cron: '* * * * *',
        runOnStart: true,
        run: async (at) => {
          const report = await sendCheckInAlerts({ db: connection.db, notifier: app.notifier, now: at, publicUrl: config.publicUrl });
          // Out at once rather than at the next delivery run.
          if (report.emails > 0) await deliverDueMail({ repository: mail, transport, now: at });
          if (report.webhooks > 0) {
            await deliverDueWebhooks({ repository: createWebhooksRepository(connection.db), now: at, allowPrivateTargets: config.webhookPrivateTargets });
          }
          return report;
        },
      },
      { name: 'rate-limit-sweep', cron: '17 * * * *', run: (at) => createRateLimitsRepository(connection.db).sweep(new Date(at.getTime() - 3_600_000)) },
      { name: 'release-note-announcements', cron: '* * * * *', run: () => app.notifier.announceReleaseNotes() },
      {
        name: 'daily-digests',
        cron: '0 7 * * *',
        run: (now) => queueDailyDigests({ notifications: createNotificationsRepository(connection.db), mail, now, publicUrl: config.publicUrl }),
      },
    ],
  });

  await app.register(
    async (api) => {
      // JSON only: a foreign page can send text/plain without a CORS preflight.
      api.removeContentTypeParser('text/plain');
      installErrorHandler(api);
      installValidators(api);
      await api.register(healthRoutes);
      await api.register(authRoutes, { signInPerMinute: config.rateLimits.signInPerMinute, publicUrl: config.publicUrl });
      await api.register(boardsRoutes);
      // Batches save round trips and commits on a server; in-process PGlite runs one statement
      // at a time anyway, and there the batch's larger statement measured about 12 % slower.
      await api.register(topicsRoutes, { postsPerMinute: config.rateLimits.postsPerMinute, batchReplies: connection.kind === 'server' });
      await api.register(topicWorkflowRoutes, { reactionsPerMinute: config.reactionsPerMinute });
      await api.register(previewRoutes, { previewsPerMinute: config.rateLimits.postsPerMinute * 4 });
      await api.register(uploadsRoutes, { ...config.uploads, uploadsPerMinute: config.rateLimits.postsPerMinute });
      await api.register(moderationRoutes, { editsPerMinute: config.rateLimits.postsPerMinute * 2 });
      await api.register(adminOrganizationsRoutes);
      await api.register(boardAdminRoutes);
      await api.register(adminPeopleRoutes);
      await api.register(invitationsRoutes);
      await api.register(personCardRoutes);
      await api.register(mentionCandidatesRoutes, { lookupsPerMinute: config.mentionLookupsPerMinute });
      await api.register(personActivityRoutes);
      await api.register(reactionsRoutes, { reactionsPerMinute: config.reactionsPerMinute });
      await api.register(releaseNotesRoutes);
      await api.register(betaRoutes);
      await api.register(slaRoutes, { publicUrl: config.publicUrl });
      await api.register(slaDashboardRoutes);
      await api.register(searchRoutes, { searchesPerMinute: config.searchesPerMinute });
      await api.register(demandsRoutes);
      await api.register(liveRoutes);
      await api.register(notificationsRoutes, { emailDelayMinutes: config.mail.delayMinutes });
      await api.register(mailRoutes);
      await api.register(webhooksRoutes, { publicUrl: config.publicUrl, now, allowPrivateTargets: config.webhookPrivateTargets });
    },
    { prefix: '/api' },
  );
  return app;
}
