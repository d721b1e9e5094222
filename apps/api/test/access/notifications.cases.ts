import { boardsUnderTest, type AccessCase, type AccessCaseFile } from './access-case.ts';

const watchCases = Object.entries(boardsUnderTest).flatMap(([slug, board]): AccessCase[] => [
  {
    name: `watch level of a topic on ${slug}`,
    method: 'GET',
    route: '/api/topics/{id}/watch',
    url: (ctx) => `/api/topics/${ctx.ids[`topic:${slug}`]}/watch`,
    access: { action: 'watch.set', board },
    success: 200,
  },
  {
    name: `watch a topic on ${slug}`,
    method: 'PUT',
    route: '/api/topics/{id}/watch',
    url: (ctx) => `/api/topics/${ctx.ids[`topic:${slug}`]}/watch`,
    body: () => ({ level: 'watching' }),
    access: { action: 'watch.set', board },
    success: 200,
  },
  {
    name: `watch level of ${slug}`,
    method: 'GET',
    route: '/api/boards/{slug}/watch',
    url: () => `/api/boards/${slug}/watch`,
    access: { action: 'watch.set', board },
    success: 200,
  },
  {
    name: `watch ${slug}`,
    method: 'PUT',
    route: '/api/boards/{slug}/watch',
    url: () => `/api/boards/${slug}/watch`,
    body: () => ({ level: 'muted' }),
    access: { action: 'watch.set', board },
    success: 200,
  },
]);

export const notificationsCases: AccessCaseFile = {
  cases: [
    ...watchCases,
    { name: 'notifications', method: 'GET', route: '/api/notifications', url: () => '/api/notifications', access: { action: 'notifications.read' }, success: 200 },
    {
      name: 'unread count',
      method: 'GET',
      route: '/api/notifications/unread-count',
      url: () => '/api/notifications/unread-count',
      access: { action: 'notifications.read' },
      success: 200,
    },
    {
      name: 'mark read',
      method: 'POST',
      route: '/api/notifications/read',
      url: () => '/api/notifications/read',
      body: () => ({ ids: [1] }),
      access: { action: 'notifications.update' },
      success: 200,
    },
    {
      name: 'mark all read',
      method: 'POST',
      route: '/api/notifications/read-all',
      url: () => '/api/notifications/read-all',
      access: { action: 'notifications.update' },
      success: 200,
    },
    {
      name: 'notification preferences',
      method: 'GET',
      route: '/api/notifications/preferences',
      url: () => '/api/notifications/preferences',
      access: { action: 'notifications.read' },
      success: 200,
    },
    {
      name: 'set notification preferences',
      method: 'PUT',
      route: '/api/notifications/preferences',
      url: () => '/api/notifications/preferences',
      body: () => ({ emailNotifications: 'daily' }),
      access: { action: 'notifications.update' },
      success: 200,
    },
    { name: 'mail outbox', method: 'GET', route: '/api/admin/mail', url: () => '/api/admin/mail', access: { action: 'deliveries.read' }, success: 200 },
    { name: 'skipped notification e-mails', method: 'GET', route: '/api/admin/mail/skipped', url: () => '/api/admin/mail/skipped', access: { action: 'deliveries.read' }, success: 200 },
  ],
};
