import { boards, invitations, organizations, users } from '@townhall/db';
import { invitationIdFromToken } from '../../src/features/admin/invitation-token.ts';
import { testPassword } from '../test-app.ts';
import type { AccessCaseFile } from './access-case.ts';

const admin = { action: 'admin.manage' } as const;
const inviteToken = 'matrixinvitetokenmatrixinvitetok';

export const adminCases: AccessCaseFile = {
  async setup(ctx) {
    const [org] = await ctx.t.db.insert(organizations).values({ name: 'Matrix Admin Org', tier: 'head' }).returning();
    ctx.ids['admin:org'] = org!.id;
    const [target] = await ctx.t.db
      .insert(users)
      .values({ email: 'matrix-target@example.test', displayName: 'Target', passwordHash: testPassword, role: 'customer' })
      .returning();
    ctx.ids['admin:person'] = target!.id;
    const [board] = await ctx.t.db.insert(boards).values({ slug: 'matrix-board', name: 'Matrix Board', kind: 'qa' }).returning();
    ctx.ids['admin:board'] = board!.id;
    await ctx.t.db.insert(invitations).values({
      id: invitationIdFromToken(inviteToken),
      role: 'customer',
      createdById: ctx.people.get('admin')!.id,
      expiresAt: new Date(Date.now() + 86_400_000),
    });
  },
  cases: [
    { name: 'admin boards', method: 'GET', route: '/api/admin/boards', url: () => '/api/admin/boards', access: admin, success: 200 },
    {
      name: 'admin add a Q&A board',
      method: 'POST',
      route: '/api/admin/boards',
      url: () => '/api/admin/boards',
      body: (ctx) => ({ name: `Matrix Q&A ${ctx.next()}` }),
      access: admin,
      success: 201,
    },
    {
      name: 'admin change a board',
      method: 'PATCH',
      route: '/api/admin/boards/{id}',
      url: (ctx) => `/api/admin/boards/${ctx.ids['admin:board']}`,
      body: (ctx) => ({ description: `Changed ${ctx.next()}` }),
      access: admin,
      success: 200,
    },
    { name: 'admin organizations', method: 'GET', route: '/api/admin/organizations', url: () => '/api/admin/organizations', access: admin, success: 200 },
    {
      name: 'admin create organization',
      method: 'POST',
      route: '/api/admin/organizations',
      url: () => '/api/admin/organizations',
      body: (ctx) => ({ name: `Matrix Org ${ctx.next()}`, tier: 'tail', lifecycleStage: 'onboarding' }),
      access: admin,
      success: 201,
    },
    {
      name: 'admin update organization',
      method: 'PATCH',
      route: '/api/admin/organizations/{id}',
      url: (ctx) => `/api/admin/organizations/${ctx.ids['admin:org']}`,
      body: () => ({ lifecycleStage: 'expansion' }),
      access: admin,
      success: 200,
    },
    {
      name: 'admin add domain',
      method: 'POST',
      route: '/api/admin/organizations/{id}/domains',
      url: (ctx) => `/api/admin/organizations/${ctx.ids['admin:org']}/domains`,
      body: () => ({ domain: 'matrix-admin.test' }),
      access: admin,
      success: 201,
    },
    {
      name: 'admin remove domain (not mapped is still a valid request)',
      method: 'DELETE',
      route: '/api/admin/organizations/{id}/domains/{domain}',
      url: (ctx) => `/api/admin/organizations/${ctx.ids['admin:org']}/domains/not-mapped.test`,
      access: admin,
      success: 404,
    },
    { name: 'admin people', method: 'GET', route: '/api/admin/people', url: () => '/api/admin/people?q=matrix', access: admin, success: 200 },
    {
      name: 'admin change person',
      method: 'PATCH',
      route: '/api/admin/people/{id}',
      url: (ctx) => `/api/admin/people/${ctx.ids['admin:person']}`,
      body: (ctx) => ({ organizationId: ctx.ids['admin:org'] }),
      access: admin,
      success: 200,
    },
    {
      name: 'admin deactivate person',
      method: 'POST',
      route: '/api/admin/people/{id}/deactivate',
      url: (ctx) => `/api/admin/people/${ctx.ids['admin:person']}/deactivate`,
      access: admin,
      success: 200,
    },
    {
      name: 'admin reactivate person',
      method: 'POST',
      route: '/api/admin/people/{id}/reactivate',
      url: (ctx) => `/api/admin/people/${ctx.ids['admin:person']}/reactivate`,
      access: admin,
      success: 200,
    },
    {
      name: 'admin create invitation',
      method: 'POST',
      route: '/api/admin/invitations',
      url: () => '/api/admin/invitations',
      body: (ctx) => ({ organizationId: ctx.ids['admin:org'], role: 'customer' }),
      access: admin,
      success: 201,
    },
    { name: 'admin invitations', method: 'GET', route: '/api/admin/invitations', url: () => '/api/admin/invitations', access: admin, success: 200 },
    {
      name: 'admin revoke invitation (unknown id)',
      method: 'POST',
      route: '/api/admin/invitations/{id}/revoke',
      url: () => `/api/admin/invitations/${'0'.repeat(64)}/revoke`,
      access: admin,
      success: 404,
    },
    {
      name: 'read invitation',
      method: 'GET',
      route: '/api/invitations/{token}',
      url: () => `/api/invitations/${inviteToken}`,
      access: 'public',
      success: 200,
    },
    {
      name: 'person card',
      method: 'GET',
      route: '/api/people/{id}',
      url: (ctx) => `/api/people/${ctx.ids['admin:person']}`,
      access: { action: 'board.read' },
      success: 200,
    },
    {
      name: 'person activity',
      method: 'GET',
      route: '/api/people/{id}/activity',
      url: (ctx) => `/api/people/${ctx.people.get('customer')!.id}/activity?kind=all`,
      access: { action: 'board.read' },
      success: 200,
    },
    {
      name: 'activity of nobody',
      method: 'GET',
      route: '/api/people/{id}/activity',
      url: () => '/api/people/987654321/activity',
      access: { action: 'board.read' },
      success: 404,
    },
  ],
};
