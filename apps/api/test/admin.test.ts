import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, boards, invitations, posts, sessions, users } from '@townhall/db';
import type { AuditAction } from '@townhall/domain';
import { invitationIdFromToken } from '../src/features/admin/invitation-token.ts';
import { createTestApp, sessionCookieFrom, testPassword, type Person, type TestApp, type TestRequest } from './test-app.ts';

let t: TestApp;
let admin: Person;
let ip = 0;
const nextAddress = () => `10.7.${Math.floor(++ip / 250)}.${ip % 250}`;

beforeAll(async () => {
  t = await createTestApp({ rateLimits: { signInPerMinute: 10_000, postsPerMinute: 10_000 } });
  admin = await t.signedIn('admin');
});
afterAll(() => t.close());

const as = (person: Person | null, options: TestRequest) => t.request({ ...options, cookie: person?.cookie });
const auditFor = (action: AuditAction, subjectId: string | number) =>
  t.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.subjectId, String(subjectId))));

let orgSeq = 0;
async function createOrganization(overrides: Record<string, unknown> = {}) {
  const response = await as(admin, {
    method: 'POST',
    url: '/api/admin/organizations',
    body: { name: `Acme ${++orgSeq}`, tier: 'head', lifecycleStage: 'onboarding', ...overrides },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: number; name: string };
}

describe('admin organizations', () => {
  it('creates an organization and writes the audit log', async () => {
    const response = await as(admin, {
      method: 'POST',
      url: '/api/admin/organizations',
      body: { name: ' Initech ', tier: 'waist', lifecycleStage: 'renewal', renewalOn: '2027-03-31' },
    });
    expect(response.statusCode).toBe(201);
    const org = response.json();
    expect(org).toMatchObject({ name: 'Initech', tier: 'waist', lifecycleStage: 'renewal', renewalOn: '2027-03-31', memberCount: 0, domains: [] });
    const [entry] = await auditFor('organization.created', org.id);
    expect(entry).toMatchObject({ actorId: admin.id, subjectType: 'organization' });
  });

  it('rejects a duplicate name with 409 naming the field', async () => {
    const org = await createOrganization();
    const response = await as(admin, { method: 'POST', url: '/api/admin/organizations', body: { name: org.name, tier: 'tail', lifecycleStage: 'adoption' } });
    expect(response.statusCode).toBe(409);
    expect(response.json().error).toMatchObject({ code: 'ORGANIZATION_NAME_TAKEN', field: 'name' });
  });

  it.each([
    [{ tier: 'head', lifecycleStage: 'adoption' }, 'name'],
    [{ name: 'X', tier: 'huge', lifecycleStage: 'adoption' }, 'tier'],
    [{ name: 'X', tier: 'head', lifecycleStage: 'dead' }, 'lifecycleStage'],
    [{ name: 'X', tier: 'head', lifecycleStage: 'adoption', renewalOn: 'tomorrow' }, 'renewalOn'],
    [{ name: '   ', tier: 'head', lifecycleStage: 'adoption' }, 'name'],
  ])('rejects %j naming the field', async (body, field) => {
    const response = await as(admin, { method: 'POST', url: '/api/admin/organizations', body });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field });
  });

  it('lists organizations with active member counts and domains', async () => {
    const org = await createOrganization();
    await as(admin, { method: 'POST', url: `/api/admin/organizations/${org.id}/domains`, body: { domain: 'listed.test' } });
    await t.db.insert(users).values([
      { email: 'm1@listed.test', displayName: 'M1', passwordHash: 'x', organizationId: org.id },
      { email: 'm2@listed.test', displayName: 'M2', passwordHash: 'x', organizationId: org.id },
      { email: 'gone@listed.test', displayName: 'Gone', passwordHash: 'x', organizationId: org.id, deactivatedAt: new Date() },
    ]);
    const response = await as(admin, { method: 'GET', url: '/api/admin/organizations' });
    expect(response.statusCode).toBe(200);
    const listed = response.json().organizations.find((o: { id: number }) => o.id === org.id);
    expect(listed).toMatchObject({ memberCount: 2, domains: ['listed.test'] });
  });

  it('updates tier, stage and renewal date, and clears the date with null', async () => {
    const org = await createOrganization({ renewalOn: '2027-01-01' });
    const response = await as(admin, {
      method: 'PATCH',
      url: `/api/admin/organizations/${org.id}`,
      body: { tier: 'tail', lifecycleStage: 'churn-risk', renewalOn: null },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ tier: 'tail', lifecycleStage: 'churn-risk', renewalOn: null });
    const [entry] = await auditFor('organization.updated', org.id);
    expect(entry!.details).toMatchObject({ tier: { from: 'head', to: 'tail' }, renewalOn: { from: '2027-01-01', to: null } });
  });

  it('answers 404 for an unknown organization, 409 for a taken name and 400 for an empty change', async () => {
    const a = await createOrganization();
    const b = await createOrganization();
    expect((await as(admin, { method: 'PATCH', url: '/api/admin/organizations/999999', body: { tier: 'tail' } })).statusCode).toBe(404);
    const taken = await as(admin, { method: 'PATCH', url: `/api/admin/organizations/${a.id}`, body: { name: b.name } });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.field).toBe('name');
    expect((await as(admin, { method: 'PATCH', url: `/api/admin/organizations/${a.id}`, body: {} })).statusCode).toBe(400);
  });

  it('maps a lower-cased domain and refuses one mapped elsewhere', async () => {
    const a = await createOrganization();
    const b = await createOrganization();
    const added = await as(admin, { method: 'POST', url: `/api/admin/organizations/${a.id}/domains`, body: { domain: ' Hooli.TEST ' } });
    expect(added.statusCode).toBe(201);
    expect(added.json().domains).toEqual(['hooli.test']);
    expect((await auditFor('organization.domain_added', a.id))[0]!.details).toEqual({ domain: 'hooli.test' });
    const again = await as(admin, { method: 'POST', url: `/api/admin/organizations/${a.id}/domains`, body: { domain: 'hooli.test' } });
    expect(again.statusCode).toBe(200);
    const elsewhere = await as(admin, { method: 'POST', url: `/api/admin/organizations/${b.id}/domains`, body: { domain: 'HOOLI.test' } });
    expect(elsewhere.statusCode).toBe(409);
    expect(elsewhere.json().error).toMatchObject({ code: 'DOMAIN_TAKEN', field: 'domain' });
  });

  it.each(['localhost', 'not a domain', 'ann@hooli.test', '10.0.0.1'])('rejects the domain %j naming the field', async (domain) => {
    const org = await createOrganization();
    const response = await as(admin, { method: 'POST', url: `/api/admin/organizations/${org.id}/domains`, body: { domain } });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'domain' });
  });

  it('answers 404 when adding a domain to an unknown organization', async () => {
    expect((await as(admin, { method: 'POST', url: '/api/admin/organizations/999999/domains', body: { domain: 'x.test' } })).statusCode).toBe(404);
  });

  it('removes a domain, and answers 404 for one not mapped there', async () => {
    const org = await createOrganization();
    await as(admin, { method: 'POST', url: `/api/admin/organizations/${org.id}/domains`, body: { domain: 'removed.test' } });
    const removed = await as(admin, { method: 'DELETE', url: `/api/admin/organizations/${org.id}/domains/removed.test` });
    expect(removed.statusCode).toBe(204);
    expect((await auditFor('organization.domain_removed', org.id)).length).toBe(1);
    expect((await as(admin, { method: 'DELETE', url: `/api/admin/organizations/${org.id}/domains/removed.test` })).statusCode).toBe(404);
  });

  it('refuses non-admins', async () => {
    const pm = await t.signedIn('pm');
    expect((await as(pm, { method: 'GET', url: '/api/admin/organizations' })).statusCode).toBe(403);
    expect((await as(null, { method: 'GET', url: '/api/admin/organizations' })).statusCode).toBe(401);
  });
});

describe('admin people', () => {
  it('searches by e-mail or name prefix with a keyset cursor, never showing the hash', async () => {
    await t.db.insert(users).values(
      ['zed-a', 'zed-b', 'zed-c'].map((name) => ({ email: `${name}@people.test`, displayName: name, passwordHash: 'secret-hash' })),
    );
    await t.db.insert(users).values({ email: 'other@people.test', displayName: 'Zed Named', passwordHash: 'secret-hash' });
    const first = await as(admin, { method: 'GET', url: '/api/admin/people?q=zed&limit=2' });
    expect(first.statusCode).toBe(200);
    expect(first.json().items.map((p: { email: string }) => p.email)).toEqual(['other@people.test', 'zed-a@people.test']);
    expect(first.body).not.toContain('secret-hash');
    const second = await as(admin, { method: 'GET', url: `/api/admin/people?q=zed&limit=2&cursor=${first.json().nextCursor}` });
    expect(second.json().items.map((p: { email: string }) => p.email)).toEqual(['zed-b@people.test', 'zed-c@people.test']);
    expect(second.json().nextCursor).toBeNull();
  });

  it('treats % and _ in the search as plain characters', async () => {
    const response = await as(admin, { method: 'GET', url: '/api/admin/people?q=%25' });
    expect(response.json().items).toEqual([]);
  });

  it('rejects a forged cursor naming the field', async () => {
    const response = await as(admin, { method: 'GET', url: '/api/admin/people?cursor=bogus' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'INVALID_CURSOR', field: 'cursor' });
  });

  it('changes a role and organization, detaches with null, and audits each', async () => {
    const person = await t.signedIn('customer');
    const org = await createOrganization();
    const joined = await as(admin, { method: 'PATCH', url: `/api/admin/people/${person.id}`, body: { organizationId: org.id } });
    expect(joined.statusCode).toBe(200);
    expect(joined.json()).toMatchObject({ role: 'customer', organization: { id: org.id, name: org.name } });
    // Made staff and detached in one change, as staff belong to no customer organization.
    const changed = await as(admin, { method: 'PATCH', url: `/api/admin/people/${person.id}`, body: { role: 'ops', organizationId: null } });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ role: 'ops', organization: null });
    expect((await auditFor('person.role_changed', person.id))[0]!.details).toEqual({ from: 'customer', to: 'ops' });
    expect((await auditFor('person.organization_changed', person.id)).length).toBe(2);
  });

  it('keeps staff out of customer organizations, naming what to change and changing nothing', async () => {
    const customer = await t.signedIn('customer');
    const org = await createOrganization();
    await as(admin, { method: 'PATCH', url: `/api/admin/people/${customer.id}`, body: { organizationId: org.id } });
    // A member made staff, their organization left as it is: the role is what this change asked for.
    const promoted = await as(admin, { method: 'PATCH', url: `/api/admin/people/${customer.id}`, body: { role: 'pm' } });
    expect(promoted.statusCode).toBe(400);
    expect(promoted.json().error).toMatchObject({ code: 'STAFF_IN_ORGANIZATION', field: 'role', message: expect.stringContaining(`instead of ${org.name}`) });
    const ops = await t.signedIn('ops');
    const placed = await as(admin, { method: 'PATCH', url: `/api/admin/people/${ops.id}`, body: { organizationId: org.id } });
    expect(placed.statusCode).toBe(400);
    expect(placed.json().error).toMatchObject({ code: 'STAFF_IN_ORGANIZATION', field: 'organizationId' });
    const both = await as(admin, { method: 'PATCH', url: `/api/admin/people/${customer.id}`, body: { role: 'admin', organizationId: org.id } });
    expect(both.json().error).toMatchObject({ code: 'STAFF_IN_ORGANIZATION', field: 'organizationId' });
    const stored = await t.db.select({ id: users.id, role: users.role, organizationId: users.organizationId }).from(users).where(inArray(users.id, [customer.id, ops.id]));
    expect(stored.sort((a, b) => a.id - b.id)).toEqual([
      { id: customer.id, role: 'customer', organizationId: org.id },
      { id: ops.id, role: 'ops', organizationId: null },
    ]);
    expect(await auditFor('person.role_changed', customer.id)).toEqual([]);
  });

  it.each([
    [{ role: 'owner' }, 'role'],
    [{ organizationId: 'x' }, 'organizationId'],
    [{ password: 'x' }, 'password'],
  ])('rejects %j naming the field', async (body, field) => {
    const response = await as(admin, { method: 'PATCH', url: `/api/admin/people/${admin.id}`, body });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.field).toBe(field);
  });

  it('answers 404 for an unknown person or organization', async () => {
    expect((await as(admin, { method: 'PATCH', url: '/api/admin/people/999999', body: { role: 'pm' } })).statusCode).toBe(404);
    const person = await t.signedIn('customer');
    const response = await as(admin, { method: 'PATCH', url: `/api/admin/people/${person.id}`, body: { organizationId: 999999 } });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.field).toBe('organizationId');
  });

  it('refuses to let an admin demote or deactivate themselves', async () => {
    const demote = await as(admin, { method: 'PATCH', url: `/api/admin/people/${admin.id}`, body: { role: 'pm' } });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().error).toMatchObject({ code: 'CANNOT_CHANGE_SELF', field: 'role' });
    expect(demote.json().error.message).toMatch(/own admin role/);
    const deactivate = await as(admin, { method: 'POST', url: `/api/admin/people/${admin.id}/deactivate` });
    expect(deactivate.statusCode).toBe(409);
    expect(deactivate.json().error.code).toBe('CANNOT_CHANGE_SELF');
    expect((await as(admin, { method: 'GET', url: '/api/me' })).json().user.role).toBe('admin');
  });

  it('never leaves the workspace without an admin when two admins demote each other at once', async () => {
    const a = await t.signedIn('admin');
    const b = await t.signedIn('admin');
    const results = await Promise.all([
      as(a, { method: 'PATCH', url: `/api/admin/people/${b.id}`, body: { role: 'customer' } }),
      as(b, { method: 'PATCH', url: `/api/admin/people/${a.id}`, body: { role: 'customer' } }),
    ]);
    const statuses = results.map((r) => r.statusCode).sort();
    expect(statuses[0]).toBe(200);
    expect(statuses[1]).not.toBe(200);
    const roles = await t.db.select({ role: users.role }).from(users).where(inArray(users.id, [a.id, b.id]));
    expect(roles.map((r) => r.role).sort()).toEqual(['admin', 'customer']);
  });

  it('deactivation ends sessions and blocks sign-in but keeps posts; reactivation lets them back', async () => {
    const person = await t.signedIn('customer');
    const [board] = await t.db.select().from(boards).where(eq(boards.kind, 'qa'));
    const created = await as(person, { method: 'POST', url: `/api/boards/${board!.slug}/topics`, body: { title: 'Still here', body: 'My question' } });
    expect(created.statusCode).toBe(201);
    const topicId = created.json().id as number;

    const response = await as(admin, { method: 'POST', url: `/api/admin/people/${person.id}/deactivate` });
    expect(response.statusCode).toBe(200);
    expect(response.json().deactivatedAt).toEqual(expect.any(String));
    expect(await t.db.select().from(sessions).where(eq(sessions.userId, person.id))).toEqual([]);
    expect((await as(person, { method: 'GET', url: '/api/me' })).statusCode).toBe(401);
    const signIn = await t.request({ method: 'POST', url: '/api/auth/sign-in', body: { email: person.email, password: testPassword }, remoteAddress: nextAddress() });
    expect(signIn.statusCode).toBe(403);
    expect(signIn.json().error.code).toBe('ACCOUNT_DEACTIVATED');
    const topic = await t.request({ method: 'GET', url: `/api/topics/${topicId}` });
    expect(topic.statusCode).toBe(200);
    expect(await t.db.select().from(posts).where(eq(posts.authorId, person.id))).toHaveLength(1);
    expect(await auditFor('person.deactivated', person.id)).toHaveLength(1);

    // A second deactivation changes nothing.
    expect((await as(admin, { method: 'POST', url: `/api/admin/people/${person.id}/deactivate` })).statusCode).toBe(200);
    expect(await auditFor('person.deactivated', person.id)).toHaveLength(1);

    const back = await as(admin, { method: 'POST', url: `/api/admin/people/${person.id}/reactivate` });
    expect(back.json().deactivatedAt).toBeNull();
    const again = await t.request({ method: 'POST', url: '/api/auth/sign-in', body: { email: person.email, password: testPassword }, remoteAddress: nextAddress() });
    expect(again.statusCode).toBe(200);
    expect(await auditFor('person.reactivated', person.id)).toHaveLength(1);
  });

  it('answers 404 when deactivating an unknown person', async () => {
    expect((await as(admin, { method: 'POST', url: '/api/admin/people/999999/deactivate' })).statusCode).toBe(404);
  });

  it('refuses non-admins', async () => {
    const ops = await t.signedIn('ops');
    expect((await as(ops, { method: 'GET', url: '/api/admin/people' })).statusCode).toBe(403);
    expect((await as(ops, { method: 'POST', url: `/api/admin/people/${admin.id}/deactivate` })).statusCode).toBe(403);
  });
});

describe('invitations', () => {
  async function invite(body: Record<string, unknown>) {
    const response = await as(admin, { method: 'POST', url: '/api/admin/invitations', body });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { token: string; link: string; expiresAt: string };
  }
  const signUp = (body: Record<string, unknown>) => t.request({ method: 'POST', url: '/api/auth/sign-up', body, remoteAddress: nextAddress() });

  it('creates a one-time link, storing only the hash of its token, and audits it', async () => {
    const org = await createOrganization();
    const created = await invite({ organizationId: org.id });
    expect(created.link).toBe(`/invite/${created.token}`);
    const days = (Date.parse(created.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThan(7.1);
    const [row] = await t.db.select().from(invitations).where(eq(invitations.id, invitationIdFromToken(created.token)));
    expect(row).toMatchObject({ organizationId: org.id, role: 'customer', createdById: admin.id, usedAt: null });
    expect(JSON.stringify(await t.db.select().from(invitations))).not.toContain(created.token);
    expect(await auditFor('invitation.created', row!.id)).toHaveLength(1);
  });

  it.each([
    [{ expiresInDays: 0 }, 'expiresInDays'],
    [{ expiresInDays: 31 }, 'expiresInDays'],
    [{ role: 'guest' }, 'role'],
    [{ organizationId: 0 }, 'organizationId'],
  ])('rejects %j naming the field', async (body, field) => {
    const response = await as(admin, { method: 'POST', url: '/api/admin/invitations', body });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.field).toBe(field);
  });

  it('answers 404 for an unknown organization', async () => {
    const response = await as(admin, { method: 'POST', url: '/api/admin/invitations', body: { organizationId: 999999 } });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.field).toBe('organizationId');
  });

  it('invites staff only with no organization, writing nothing otherwise', async () => {
    const org = await createOrganization();
    const before = await t.db.select().from(invitations);
    for (const role of ['ops', 'pm', 'admin']) {
      const refused = await as(admin, { method: 'POST', url: '/api/admin/invitations', body: { organizationId: org.id, role } });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error).toMatchObject({ code: 'STAFF_IN_ORGANIZATION', field: 'organizationId' });
    }
    expect(await t.db.select().from(invitations)).toHaveLength(before.length);
    const staff = await invite({ role: 'ops' });
    expect((await t.request({ method: 'GET', url: `/api/invitations/${staff.token}` })).json()).toMatchObject({ organization: null, role: 'ops' });
  });

  it('shows what a link offers to anyone, and 404 or 410 when it cannot be used', async () => {
    const org = await createOrganization();
    const created = await invite({ organizationId: org.id, expiresInDays: 1 });
    const preview = await t.request({ method: 'GET', url: `/api/invitations/${created.token}` });
    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toEqual({ organization: { name: org.name }, role: 'customer', expiresAt: created.expiresAt });
    expect((await t.request({ method: 'GET', url: '/api/invitations/unknowntoken' })).statusCode).toBe(404);

    await t.db.update(invitations).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(invitations.id, invitationIdFromToken(created.token)));
    const expired = await t.request({ method: 'GET', url: `/api/invitations/${created.token}` });
    expect(expired.statusCode).toBe(410);
    expect(expired.json().error.code).toBe('INVITATION_EXPIRED');
  });

  it('signs up into the organization and role, marks the invite used, and refuses a second use', async () => {
    const org = await createOrganization({ tier: 'head' });
    const created = await invite({ organizationId: org.id });
    const first = await signUp({ email: 'invited@elsewhere.test', password: testPassword, displayName: 'Invited', inviteToken: created.token });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().user).toMatchObject({ role: 'customer', isStaff: false, organization: { id: org.id, name: org.name } });
    const [row] = await t.db.select().from(invitations).where(eq(invitations.id, invitationIdFromToken(created.token)));
    expect(row!.usedById).toBe(first.json().user.id);
    expect(row!.usedAt).toBeInstanceOf(Date);

    const second = await signUp({ email: 'second@elsewhere.test', password: testPassword, displayName: 'Second', inviteToken: created.token });
    expect(second.statusCode).toBe(410);
    expect(second.json().error).toMatchObject({ code: 'INVITATION_USED', field: 'inviteToken' });
    expect(await t.db.select().from(users).where(eq(users.email, 'second@elsewhere.test'))).toEqual([]);
    const preview = await t.request({ method: 'GET', url: `/api/invitations/${created.token}` });
    expect(preview.json().error.code).toBe('INVITATION_USED');
  });

  it('refuses an expired or unknown token naming the field', async () => {
    const created = await invite({});
    await t.db.update(invitations).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(invitations.id, invitationIdFromToken(created.token)));
    const expired = await signUp({ email: 'late@example.test', password: testPassword, displayName: 'Late', inviteToken: created.token });
    expect(expired.statusCode).toBe(410);
    expect(expired.json().error).toMatchObject({ code: 'INVITATION_EXPIRED', field: 'inviteToken' });
    const unknown = await signUp({ email: 'who@example.test', password: testPassword, displayName: 'Who', inviteToken: 'nope' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.field).toBe('inviteToken');
  });

  it('keeps the invite usable when the e-mail is taken', async () => {
    const created = await invite({});
    const taken = await signUp({ email: admin.email, password: testPassword, displayName: 'Dup', inviteToken: created.token });
    expect(taken.statusCode).toBe(409);
    const [row] = await t.db.select().from(invitations).where(eq(invitations.id, invitationIdFromToken(created.token)));
    expect(row!.usedAt).toBeNull();
  });

  it('lets exactly one of two concurrent sign-ups use a token', async () => {
    const org = await createOrganization();
    const created = await invite({ organizationId: org.id });
    const results = await Promise.all(
      [1, 2].map((n) => signUp({ email: `race-${n}@example.test`, password: testPassword, displayName: `Race ${n}`, inviteToken: created.token })),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 410]);
    const members = await t.db.select().from(users).where(eq(users.organizationId, org.id));
    expect(members).toHaveLength(1);
    expect(sessionCookieFrom(results.find((r) => r.statusCode === 201)!)).toBeDefined();
  });
});

describe('invitation list and revocation', () => {
  type Listed = { id: string; status: string; role: string; organization: { name: string } | null; createdBy: { id: number }; usedBy: { id: number } | null; revokedBy: { id: number } | null; revokedAt: string | null };
  async function invite(body: Record<string, unknown> = {}) {
    const response = await as(admin, { method: 'POST', url: '/api/admin/invitations', body });
    expect(response.statusCode, response.body).toBe(201);
    const created = response.json() as { token: string };
    return { ...created, id: invitationIdFromToken(created.token) };
  }
  const revoke = (id: string, person: Person | null = admin) => as(person, { method: 'POST', url: `/api/admin/invitations/${id}/revoke` });
  async function listAll(limit = 100) {
    const items: Listed[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      // A cursor that does not move on would page forever.
      expect(++pages).toBeLessThan(200);
      const query: string = `limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
      const response = await as(admin, { method: 'GET', url: `/api/admin/invitations?${query}` });
      expect(response.statusCode, response.body).toBe(200);
      const page = response.json() as { items: Listed[]; nextCursor: string | null };
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  }
  const signUp = (body: Record<string, unknown>) => t.request({ method: 'POST', url: '/api/auth/sign-up', body, remoteAddress: nextAddress() });

  it('lists pending invitations first, then used, revoked and expired ones, across pages of any size', async () => {
    const org = await createOrganization();
    // Created before the closed ones: only the pending-first order puts it ahead of them.
    const older = await invite({ organizationId: org.id });
    const used = await invite({ organizationId: org.id });
    const signedUp = await signUp({ email: 'listed-user@example.test', password: testPassword, displayName: 'Listed User', inviteToken: used.token });
    expect(signedUp.statusCode, signedUp.body).toBe(201);
    const expired = await invite();
    await t.db.update(invitations).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(invitations.id, expired.id));
    const revoked = await invite();
    expect((await revoke(revoked.id)).statusCode).toBe(200);
    const newer = await invite({ role: 'pm' });

    const all = await listAll();
    const firstClosed = all.findIndex((item) => item.status !== 'pending');
    expect(all.slice(firstClosed).every((item) => item.status !== 'pending')).toBe(true);
    const position = (id: string) => all.findIndex((item) => item.id === id);
    expect(position(newer.id)).toBeLessThan(position(older.id));
    expect(position(older.id)).toBeLessThan(firstClosed);
    expect(all.find((item) => item.id === used.id)).toMatchObject({ status: 'used', role: 'customer', organization: { name: org.name }, createdBy: { id: admin.id }, usedBy: { id: signedUp.json().user.id } });
    expect(all.find((item) => item.id === revoked.id)).toMatchObject({ status: 'revoked', revokedBy: { id: admin.id } });
    expect(all.find((item) => item.id === expired.id)).toMatchObject({ status: 'expired', usedBy: null, revokedBy: null });
    expect(JSON.stringify(all)).not.toContain(used.token);

    // Pages of two see the same invitations in the same order, each once.
    expect((await listAll(2)).map((item) => item.id)).toEqual(all.map((item) => item.id));
  });

  it('rejects a forged cursor naming the field', async () => {
    const response = await as(admin, { method: 'GET', url: '/api/admin/invitations?cursor=bm9wZQ' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'INVALID_CURSOR', field: 'cursor' });
  });

  it('revokes a pending invitation, audits it, and refuses the link from then on', async () => {
    const created = await invite({ role: 'pm' });
    const response = await revoke(created.id);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ id: created.id, status: 'revoked', revokedBy: { id: admin.id } });
    const [entry] = await auditFor('invitation.revoked', created.id);
    expect(entry).toMatchObject({ actorId: admin.id, subjectType: 'invitation', details: { role: 'pm', organizationId: null } });

    const preview = await t.request({ method: 'GET', url: `/api/invitations/${created.token}` });
    expect(preview.statusCode).toBe(410);
    expect(preview.json().error.code).toBe('INVITATION_REVOKED');
    const used = await signUp({ email: 'too-late@example.test', password: testPassword, displayName: 'Too Late', inviteToken: created.token });
    expect(used.statusCode).toBe(410);
    expect(used.json().error).toMatchObject({ code: 'INVITATION_REVOKED', field: 'inviteToken' });
    expect(await t.db.select().from(users).where(eq(users.email, 'too-late@example.test'))).toEqual([]);
  });

  it('answers 409 for an invitation already revoked, used or expired, and 404 for an unknown one', async () => {
    const revoked = await invite();
    expect((await revoke(revoked.id)).statusCode).toBe(200);
    const again = await revoke(revoked.id);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('INVITATION_NOT_PENDING');

    const used = await invite();
    expect((await signUp({ email: 'used-first@example.test', password: testPassword, displayName: 'Used First', inviteToken: used.token })).statusCode).toBe(201);
    const afterUse = await revoke(used.id);
    expect(afterUse.statusCode).toBe(409);
    expect(afterUse.json().error.message).toMatch(/already been used/);
    const [row] = await t.db.select().from(invitations).where(eq(invitations.id, used.id));
    expect(row!.revokedAt).toBeNull();

    const expired = await invite();
    await t.db.update(invitations).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(invitations.id, expired.id));
    expect((await revoke(expired.id)).statusCode).toBe(409);

    expect((await revoke('f'.repeat(64))).statusCode).toBe(404);
    expect((await revoke('not-a-hash')).statusCode).toBe(400);
    expect(await auditFor('invitation.revoked', used.id)).toEqual([]);
  });

  it('lets exactly one of a revoke and a sign-up racing for the same link win', async () => {
    for (let round = 0; round < 3; round++) {
      const created = await invite();
      const [revoked, signedUp] = await Promise.all([
        revoke(created.id),
        signUp({ email: `race-revoke-${round}@example.test`, password: testPassword, displayName: 'Racer', inviteToken: created.token }),
      ]);
      expect([revoked.statusCode, signedUp.statusCode].sort()).toEqual(revoked.statusCode === 200 ? [200, 410] : [201, 409]);
      const [row] = await t.db.select().from(invitations).where(eq(invitations.id, created.id));
      expect(row!.usedAt === null).toBe(row!.revokedAt !== null);
    }
  });

  it('refuses non-admins', async () => {
    const created = await invite();
    const ops = await t.signedIn('ops');
    const customer = await t.signedIn('customer');
    for (const person of [ops, customer]) {
      expect((await as(person, { method: 'GET', url: '/api/admin/invitations' })).statusCode).toBe(403);
      expect((await revoke(created.id, person)).statusCode).toBe(403);
    }
    expect((await revoke(created.id, null)).statusCode).toBe(401);
    const [row] = await t.db.select().from(invitations).where(eq(invitations.id, created.id));
    expect(row!.revokedAt).toBeNull();
  });
});

describe('person card', () => {
  let subject: Person;
  let orgName: string;
  beforeAll(async () => {
    const org = await createOrganization({ tier: 'head', lifecycleStage: 'renewal', renewalOn: '2027-06-30' });
    orgName = org.name;
    subject = await t.signedIn('customer');
    await t.db.update(users).set({ organizationId: org.id }).where(eq(users.id, subject.id));
  });

  it('shows tier, stage, renewal and e-mail to staff', async () => {
    const ops = await t.signedIn('ops');
    const response = await as(ops, { method: 'GET', url: `/api/people/${subject.id}` });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      id: subject.id,
      displayName: expect.any(String),
      handle: subject.handle,
      role: 'customer',
      isStaff: false,
      email: subject.email,
      organization: { name: orgName, tier: 'head', lifecycleStage: 'renewal', renewalOn: '2027-06-30' },
    });
  });

  it.each(['customer', 'guest'] as const)('hides them from a %s', async (role) => {
    const reader = role === 'guest' ? null : await t.signedIn(role);
    const response = await as(reader, { method: 'GET', url: `/api/people/${subject.id}` });
    expect(response.statusCode).toBe(200);
    const card = response.json();
    expect(card).not.toHaveProperty('email');
    expect(card.organization).toEqual({ name: orgName });
    expect(response.body).not.toContain(subject.email);
    expect(response.body).not.toContain('renewal');
  });

  it('answers 404 for an unknown person and 400 for a bad id', async () => {
    expect((await t.request({ method: 'GET', url: '/api/people/999999' })).statusCode).toBe(404);
    const bad = await t.request({ method: 'GET', url: '/api/people/abc' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('id');
  });

  it('never shows the password hash', async () => {
    const [row] = await t.db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, subject.id));
    const response = await as(admin, { method: 'GET', url: `/api/people/${subject.id}` });
    expect(response.body).not.toContain(row!.hash);
    const list = await as(admin, { method: 'GET', url: `/api/admin/people?q=${encodeURIComponent(subject.email)}` });
    expect(list.body).not.toContain(row!.hash);
  });
});

