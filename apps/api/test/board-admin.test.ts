import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, boards } from '@townhall/db';
import type { AuditAction } from '@townhall/domain';
import { createTestApp, type Person, type TestApp, type TestRequest } from './test-app.ts';

let t: TestApp;
let admin: Person;
let pm: Person;
let customer: Person;

beforeAll(async () => {
  t = await createTestApp({ rateLimits: { signInPerMinute: 10_000, postsPerMinute: 10_000 } });
  [admin, pm, customer] = [await t.signedIn('admin'), await t.signedIn('pm'), await t.signedIn('customer')];
});
afterAll(() => t.close());

const as = (person: Person | null, options: TestRequest) => t.request({ ...options, cookie: person?.cookie });
const create = (body: Record<string, unknown>, person: Person = admin) => as(person, { method: 'POST', url: '/api/admin/boards', body });
const auditOf = (action: AuditAction, id: number) => t.db.select().from(auditLog).where(and(eq(auditLog.action, action), eq(auditLog.subjectId, String(id))));

describe('adding a Q&A board', () => {
  it('adds it after the others with a slug made from its name, audited, and people ask there', async () => {
    const response = await create({ name: ' Reports & Exports ', description: 'Scheduled reports, CSV and Excel exports.' });
    expect(response.statusCode, response.body).toBe(201);
    const board = response.json();
    expect(board).toMatchObject({ slug: 'reports-exports', name: 'Reports & Exports', kind: 'qa', visibility: 'public', topicCount: 0, settableVisibilities: ['public', 'members'] });
    const others = (await as(admin, { method: 'GET', url: '/api/admin/boards' })).json().boards;
    expect(others.at(-1).slug).toBe('reports-exports');
    expect(Math.max(...others.slice(0, -1).map((row: { position: number }) => row.position))).toBeLessThan(board.position);
    expect(await auditOf('board.created', board.id)).toMatchObject([{ actorId: admin.id, subjectType: 'board', details: { slug: 'reports-exports' } }]);

    // Guests read it in the list, and a customer asks there: a question with a response clock.
    const listed = (await as(null, { method: 'GET', url: '/api/boards' })).json().boards;
    expect(listed.map((row: { slug: string }) => row.slug)).toContain('reports-exports');
    const asked = await as(customer, { method: 'POST', url: '/api/boards/reports-exports/topics', body: { title: 'Weekly export is empty', body: 'Since Monday.' } });
    expect(asked.statusCode, asked.body).toBe(201);
    const topic = (await as(pm, { method: 'GET', url: `/api/topics/${asked.json().id}` })).json();
    expect(topic.sla).toMatchObject({ state: 'within' });
    expect((await as(admin, { method: 'GET', url: '/api/admin/boards' })).json().boards.at(-1).topicCount).toBe(1);
  });

  it('takes a given slug, and refuses a taken or malformed one naming the field', async () => {
    const response = await create({ name: '报表与导出', slug: 'reports-cn', visibility: 'members' });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ slug: 'reports-cn', name: '报表与导出', visibility: 'members' });

    const taken = await create({ name: 'Again', slug: 'reports-cn' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error).toMatchObject({ code: 'BOARD_SLUG_TAKEN', field: 'slug' });
    const defaultTaken = await create({ name: 'QA' });
    expect(defaultTaken.json().error).toMatchObject({ code: 'BOARD_SLUG_TAKEN', field: 'slug' });

    for (const [body, field] of [
      [{ name: '报表' }, 'slug'],
      [{ name: 'Bad', slug: 'Bad Slug' }, 'slug'],
      [{ name: 'Bad', slug: 'x' }, 'slug'],
      [{ name: '   ' }, 'name'],
      [{ name: 'x'.repeat(81) }, 'name'],
      [{ name: 'Bad', visibility: 'participants' }, 'visibility'],
      [{ name: 'Bad', kind: 'beta' }, 'kind'],
    ] as const) {
      const refused = await create(body);
      expect(refused.statusCode, JSON.stringify(body)).toBe(400);
      expect(refused.json().error.field, JSON.stringify(body)).toBe(field);
    }
    expect(await t.db.select().from(boards).where(eq(boards.name, 'Bad'))).toEqual([]);
  });

  it('keeps a members-only board from guests', async () => {
    const listed = (await as(null, { method: 'GET', url: '/api/boards' })).json().boards;
    expect(listed.map((row: { slug: string }) => row.slug)).not.toContain('reports-cn');
    expect((await as(null, { method: 'GET', url: '/api/boards/reports-cn/topics' })).statusCode).toBe(401);
    expect((await as(customer, { method: 'GET', url: '/api/boards/reports-cn/topics' })).statusCode).toBe(200);
  });

  it('is for admins only', async () => {
    for (const person of [pm, customer, null]) {
      expect((await create({ name: 'Not mine' }, person!)).statusCode).toBe(person ? 403 : 401);
      expect((await as(person, { method: 'GET', url: '/api/admin/boards' })).statusCode).toBe(person ? 403 : 401);
    }
  });
});

describe('changing a board', () => {
  const boardId = async (slug: string) => (await t.db.select({ id: boards.id }).from(boards).where(eq(boards.slug, slug)))[0]!.id;
  const update = (id: number, body: Record<string, unknown>, person: Person = admin) => as(person, { method: 'PATCH', url: `/api/admin/boards/${id}`, body });

  it('renames, describes, reorders and hides it from guests, auditing what changed', async () => {
    const id = await boardId('reports-exports');
    const response = await update(id, { name: 'Reporting', description: '', visibility: 'members', position: 0 });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ slug: 'reports-exports', name: 'Reporting', description: '', visibility: 'members', position: 0 });
    expect((await as(admin, { method: 'GET', url: '/api/admin/boards' })).json().boards[0].slug).toBe('reports-exports');
    expect((await as(null, { method: 'GET', url: '/api/boards' })).json().boards.map((row: { slug: string }) => row.slug)).not.toContain('reports-exports');
    const [entry] = await auditOf('board.updated', id);
    expect(entry!.details).toEqual({
      slug: 'reports-exports',
      changes: {
        name: { from: 'Reports & Exports', to: 'Reporting' },
        description: { from: 'Scheduled reports, CSV and Excel exports.', to: '' },
        visibility: { from: 'public', to: 'members' },
        position: { from: expect.any(Number), to: 0 },
      },
    });
    // Saving the same values again changes nothing and audits nothing.
    expect((await update(id, { name: 'Reporting' })).statusCode).toBe(200);
    expect(await auditOf('board.updated', id)).toHaveLength(1);
  });

  it('keeps the beta and release-note boards as readable as they are', async () => {
    for (const slug of ['beta', 'release-notes']) {
      const refused = await update(await boardId(slug), { visibility: 'public' });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'visibility' });
    }
    const renamed = await update(await boardId('release-notes'), { name: 'What shipped' });
    expect(renamed.json()).toMatchObject({ name: 'What shipped', visibility: 'public', settableVisibilities: [] });
    await update(await boardId('release-notes'), { name: 'Release notes' });
  });

  it('answers 404 for an unknown board, 400 for an empty change, 403 for non-admins', async () => {
    expect((await update(999_999, { name: 'Nope' })).statusCode).toBe(404);
    expect((await update(await boardId('qa'), {})).statusCode).toBe(400);
    expect((await update(await boardId('qa'), { slug: 'elsewhere' })).json().error.field).toBe('slug');
    expect((await update(await boardId('qa'), { name: 'Mine' }, pm)).statusCode).toBe(403);
  });

  it('lets staff move a question to the new board', async () => {
    const asked = await as(customer, { method: 'POST', url: '/api/boards/qa/topics', body: { title: 'Export fails', body: 'x' } });
    const moved = await as(pm, { method: 'POST', url: `/api/topics/${asked.json().id}/moderation`, body: { action: 'move', boardSlug: 'reports-exports' } });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().boardSlug).toBe('reports-exports');
  });
});

describe('who covers a board', () => {
  const coveredBy = async () =>
    Object.fromEntries((await as(admin, { method: 'GET', url: '/api/admin/boards' })).json().boards.map((row: { slug: string; coveredBy: number }) => [row.slug, row.coveredBy]));
  const cover = async (person: Person, slugs: string[]) => {
    const all = (await as(admin, { method: 'GET', url: '/api/admin/boards' })).json().boards as { id: number; slug: string }[];
    const boardIds = all.filter((row) => slugs.includes(row.slug)).map((row) => row.id);
    const response = await as(person, { method: 'PUT', url: '/api/staff/coverage', body: { boardIds, daysOff: [], backupId: null } });
    expect(response.statusCode, response.body).toBe(200);
  };

  it('counts the active PMs and ops members covering each board, not admins', async () => {
    const created = await create({ name: 'Covered or not' });
    expect(created.json().coveredBy).toBe(0);
    const ops = await t.signedIn('ops');
    await cover(pm, ['qa', 'covered-or-not']);
    await cover(ops, ['qa']);
    await cover(admin, ['qa', 'covered-or-not']);
    expect(await coveredBy()).toMatchObject({ qa: 2, 'covered-or-not': 1, 'reports-exports': 0 });
  });
});
