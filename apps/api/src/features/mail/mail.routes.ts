import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody, OutboxPage, OutboxQuery, SkippedEmailPage, SkippedEmailQuery } from '@townhall/contracts';
import { normalizeEmail } from '@townhall/domain';
import { resetMailKeyPrefix } from '../auth/password-reset.repository.ts';
import { createNotificationsRepository } from '../notifications/notifications.repository.ts';
import { createMailRepository } from './mail.repository.ts';

const pageSize = 50;

/** The outbox for admins: every mail the forum wrote, whether it was sent, kept, dropped or failed, and why. */
export const mailRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const mail = createMailRepository(app.db);
  const notifications = createNotificationsRepository(app.db);

  app.get(
    '/admin/mail',
    {
      config: { access: { action: 'deliveries.read' } },
      schema: {
        tags: ['admin'],
        summary: 'The mail outbox, newest first (keyset pagination); without SMTP, mail is read here',
        querystring: OutboxQuery,
        response: { 200: OutboxPage, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (request) => {
      const [rows, waiting] = await Promise.all([
        mail.list({
          beforeId: request.query.cursor ? Number(request.query.cursor) : null,
          limit: pageSize + 1,
          status: request.query.status ?? null,
        }),
        // A notification's e-mail is written only when due: until then it is counted here.
        notifications.waitingEmails(),
      ]);
      const page = rows.slice(0, pageSize);
      return {
        items: page.map((row) => ({
          id: row.id,
          toAddress: row.toAddress,
          subject: row.subject,
          // A reset link would let whoever reads it take over the account: not even admins see it.
          textBody: row.dedupeKey.startsWith(resetMailKeyPrefix) ? '(A password reset link, hidden here: only its recipient may use it.)' : row.textBody,
          status: row.status,
          attempts: row.attempts,
          lastError: row.lastError,
          sendAfter: row.sendAfter.toISOString(),
          sentAt: row.sentAt?.toISOString() ?? null,
          createdAt: row.createdAt.toISOString(),
        })),
        nextCursor: rows.length > pageSize ? String(page[page.length - 1]!.id) : null,
        waitingNotificationEmails: { count: waiting.count, nextDueAt: waiting.nextDueAt?.toISOString() ?? null },
      };
    },
  );

  app.get(
    '/admin/mail/skipped',
    {
      config: { access: { action: 'deliveries.read' } },
      schema: {
        tags: ['admin'],
        summary: 'Notification e-mails that were due and not written, and why (read first, digest chosen since…), newest first; `email` keeps one recipient\'s',
        querystring: SkippedEmailQuery,
        response: { 200: SkippedEmailPage, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (request) => {
      const rows = await notifications.skippedEmails({
        beforeId: request.query.cursor ? Number(request.query.cursor) : null,
        limit: pageSize + 1,
        // Addresses are stored normalized, as sign-up and sign-in normalize them.
        email: request.query.email ? normalizeEmail(request.query.email) : null,
      });
      const page = rows.slice(0, pageSize);
      return {
        items: page.map((row) => ({ ...row, skippedAt: row.skippedAt.toISOString() })),
        nextCursor: rows.length > pageSize ? String(page[page.length - 1]!.notificationId) : null,
      };
    },
  );
};
