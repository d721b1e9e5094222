import type { AccessCaseFile } from './access-case.ts';

export const webhooksCases: AccessCaseFile = {
  cases: [
    { name: 'my webhook', method: 'GET', route: '/api/staff/webhook', url: () => '/api/staff/webhook', access: { action: 'staff.settings' }, success: 200 },
    {
      name: 'set my webhook',
      method: 'PUT',
      route: '/api/staff/webhook',
      url: () => '/api/staff/webhook',
      body: () => ({ format: 'slack', url: 'https://hooks.slack.test/services/T/B/x' }),
      access: { action: 'staff.settings' },
      success: 200,
    },
    { name: 'remove my webhook', method: 'DELETE', route: '/api/staff/webhook', url: () => '/api/staff/webhook', access: { action: 'staff.settings' }, success: 200 },
    {
      name: 'test my webhook',
      method: 'POST',
      route: '/api/staff/webhook/test',
      url: () => '/api/staff/webhook/test',
      access: { action: 'staff.settings' },
      // Runs after the removal above, so an allowed person has no webhook to test.
      success: 404,
    },
    {
      name: 'webhook deliveries',
      method: 'GET',
      route: '/api/admin/webhook-deliveries',
      url: () => '/api/admin/webhook-deliveries',
      access: { action: 'deliveries.read' },
      success: 200,
    },
  ],
};
