import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  BoardSlugParams,
  ErrorBody,
  IdParams,
  MarkReadBody,
  MarkReadResult,
  NotificationListQuery,
  NotificationPage,
  NotificationPreferences,
  NotificationPreferencesBody,
  UnreadCount,
  WatchBody,
  WatchState,
} from '@townhall/contracts';
import { isStaffRole, notificationPath } from '@townhall/domain';
import { createBoardResourceResolver } from '../boards/board-resource.ts';
import { createTopicResourceResolver } from '../topics/topic-resource.ts';
import { notificationDetail, notificationLead } from './notification-mail.ts';
import { createNotificationsRepository } from './notifications.repository.ts';

const defaultPageSize = 20;

/** The notification center (list, unread count, mark read), watching topics and boards, e-mail preferences. */
export const notificationsRoutes: FastifyPluginAsyncTypebox<{ emailDelayMinutes: number }> = async (app, options) => {
  const notifications = createNotificationsRepository(app.db);
  const topicResource = createTopicResourceResolver(app.db);
  const boardResource = createBoardResourceResolver(app.db);
  const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

  app.get(
    '/notifications',
    {
      config: { access: { action: 'notifications.read' } },
      schema: {
        tags: ['notifications'],
        summary: 'My notifications, newest first (keyset pagination), with the unread count',
        querystring: NotificationListQuery,
        response: { 200: NotificationPage, ...errors },
      },
    },
    async (request) => {
      const user = request.viewer.user!;
      const staff = isStaffRole(user.role);
      const limit = request.query.limit ?? defaultPageSize;
      const [rows, unreadCount] = await Promise.all([
        notifications.list({
          userId: user.id,
          staff,
          beforeId: request.query.cursor ? Number(request.query.cursor) : null,
          limit: limit + 1,
          unreadOnly: request.query.unread ?? false,
        }),
        notifications.unreadCount(user.id, staff),
      ]);
      const page = rows.slice(0, limit);
      return {
        items: page.map((row) => ({
          id: row.id,
          kind: row.kind,
          lead: row.kind === 'sla_digest' && row.data.urgent ? 'A question was marked urgent' : notificationLead(row.kind, row.actorName),
          title: row.title,
          detail: notificationDetail(row.kind, row.data),
          path:
            row.kind === 'sla_digest' && typeof row.data.path === 'string'
              ? row.data.path
              : notificationPath({
                  topicId: row.topicId,
                  postId: row.postId,
                  board: row.boardKind && row.boardVisibility ? { kind: row.boardKind, visibility: row.boardVisibility } : null,
                }),
          actorName: row.actorName,
          data: row.data,
          read: row.readAt !== null,
          createdAt: row.createdAt.toISOString(),
        })),
        nextCursor: rows.length > limit ? String(page[page.length - 1]!.id) : null,
        unreadCount,
      };
    },
  );

  app.get(
    '/notifications/unread-count',
    {
      config: { access: { action: 'notifications.read' } },
      schema: { tags: ['notifications'], summary: 'How many of my notifications are unread', response: { 200: UnreadCount, ...errors } },
    },
    async (request) => ({ unreadCount: await notifications.unreadCount(request.viewer.user!.id, isStaffRole(request.viewer.role)) }),
  );

  app.post(
    '/notifications/read',
    {
      config: { access: { action: 'notifications.update' } },
      schema: { tags: ['notifications'], summary: 'Mark some of my notifications read', body: MarkReadBody, response: { 200: MarkReadResult, ...errors } },
    },
    async (request) => {
      const user = request.viewer.user!;
      const marked = await notifications.markRead(user.id, request.body.ids);
      return { marked, unreadCount: await notifications.unreadCount(user.id, isStaffRole(user.role)) };
    },
  );

  app.post(
    '/notifications/read-all',
    {
      config: { access: { action: 'notifications.update' } },
      schema: { tags: ['notifications'], summary: 'Mark all my notifications read', response: { 200: MarkReadResult, ...errors } },
    },
    async (request) => {
      const user = request.viewer.user!;
      const marked = await notifications.markRead(user.id, 'all');
      return { marked, unreadCount: await notifications.unreadCount(user.id, isStaffRole(user.role)) };
    },
  );

  app.get(
    '/notifications/preferences',
    {
      config: { access: { action: 'notifications.read' } },
      schema: { tags: ['notifications'], summary: 'My e-mail preference and mention handle', response: { 200: NotificationPreferences, ...errors } },
    },
    async (request) => {
      const preferences = (await notifications.preferences(request.viewer.user!.id))!;
      return { ...preferences, emailDelayMinutes: options.emailDelayMinutes };
    },
  );

  app.put(
    '/notifications/preferences',
    {
      config: { access: { action: 'notifications.update' } },
      schema: {
        tags: ['notifications'],
        summary: 'Choose e-mail for notifications: immediately (after a short delay), a daily digest, or never',
        body: NotificationPreferencesBody,
        response: { 200: NotificationPreferences, ...errors },
      },
    },
    async (request) => {
      const userId = request.viewer.user!.id;
      await notifications.setEmailFrequency(userId, request.body.emailNotifications);
      const preferences = (await notifications.preferences(userId))!;
      return { ...preferences, emailDelayMinutes: options.emailDelayMinutes };
    },
  );

  app.get(
    '/topics/:id/watch',
    {
      config: { access: { action: 'watch.set', resource: topicResource } },
      schema: { tags: ['notifications'], summary: 'Whether I watch or muted this topic', params: IdParams, response: { 200: WatchState, ...errors } },
    },
    async (request) => ({ level: await notifications.topicWatchLevel(request.viewer.user!.id, request.params.id) }),
  );

  app.put(
    '/topics/:id/watch',
    {
      config: { access: { action: 'watch.set', resource: topicResource } },
      schema: {
        tags: ['notifications'],
        summary: 'Watch a topic (every reply), mute it (nothing, not even mentions), or return to the default',
        params: IdParams,
        body: WatchBody,
        response: { 200: WatchState, ...errors },
      },
    },
    async (request) => {
      await notifications.setTopicWatch(request.viewer.user!.id, request.params.id, request.body.level);
      return { level: request.body.level };
    },
  );

  app.get(
    '/boards/:slug/watch',
    {
      config: { access: { action: 'watch.set', resource: boardResource } },
      schema: { tags: ['notifications'], summary: 'Whether I watch or muted this board', params: BoardSlugParams, response: { 200: WatchState, ...errors } },
    },
    async (request) => ({ level: await notifications.boardWatchLevel(request.viewer.user!.id, request.board!.id) }),
  );

  app.put(
    '/boards/:slug/watch',
    {
      config: { access: { action: 'watch.set', resource: boardResource } },
      schema: {
        tags: ['notifications'],
        summary: 'Watch a board (every new topic or release note), mute it (nothing from it), or return to the default',
        params: BoardSlugParams,
        body: WatchBody,
        response: { 200: WatchState, ...errors },
      },
    },
    async (request) => {
      await notifications.setBoardWatch(request.viewer.user!.id, request.board!.id, request.body.level);
      return { level: request.body.level };
    },
  );
};
