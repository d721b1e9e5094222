import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organizations, releaseNotes } from '@townhall/db';
import { createTestApp, type Person, type TestApp } from './test-app.ts';

// Dates staff and admins type are calendar dates in the years 1900–2999: "0000-01-01" passed the
// `date` format and Temporal (ISO has a year 0) but not PostgreSQL's `date` type, which answered 500.

let t: TestApp;
let admin: Person;
let ops: Person;
let pm: Person;

beforeAll(async () => {
  t = await createTestApp({ rateLimits: { signInPerMinute: 1000, postsPerMinute: 1000 } });
  admin = await t.signedIn('admin');
  ops = await t.signedIn('ops');
  pm = await t.signedIn('pm');
});
afterAll(() => t.close());

describe('year-0 dates on staff and admin write paths', () => {
  it('admin: creating an organization with renewalOn 0000-01-01 is a 400 naming renewalOn, not a 500', async () => {
    const response = await t.request({
      method: 'POST',
      url: '/api/admin/organizations',
      cookie: admin.cookie,
      body: { name: 'Year Zero Ltd', tier: 'head', lifecycleStage: 'renewal', renewalOn: '0000-01-01' },
    });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error.field).toBe('renewalOn');
    expect(await t.db.select().from(organizations).where(eq(organizations.name, 'Year Zero Ltd'))).toHaveLength(0);
  });

  it('admin: changing an organization’s renewalOn to 0000-02-29 is a 400, not a 500', async () => {
    const created = await t.request({
      method: 'POST',
      url: '/api/admin/organizations',
      cookie: admin.cookie,
      body: { name: 'Renewing Co', tier: 'waist', lifecycleStage: 'adoption' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const response = await t.request({ method: 'PATCH', url: `/api/admin/organizations/${created.json().id}`, cookie: admin.cookie, body: { renewalOn: '0000-02-29' } });
    expect(response.statusCode, response.body).toBe(400);
  });

  it('ops: a day off on 0000-01-01 in my own coverage is a 400 naming daysOff[0], not a 500', async () => {
    const response = await t.request({ method: 'PUT', url: '/api/staff/coverage', cookie: ops.cookie, body: { boardIds: [], daysOff: ['0000-01-01'], backupId: null } });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error.field).toBe('daysOff[0]');
  });

  it('pm: a release note released on 0000-01-01 is a 400 naming releasedOn, not a 500', async () => {
    const response = await t.request({
      method: 'POST',
      url: '/api/boards/release-notes/release-notes',
      cookie: pm.cookie,
      body: { title: 'Year zero release', releasedOn: '0000-01-01', introduction: 'Intro', scenarios: 'Scenarios', precautions: 'Precautions', publish: 'now' },
    });
    expect(response.statusCode, response.body).toBe(400);
    expect(await t.db.select().from(releaseNotes)).toHaveLength(0);
  });
});

describe('the same requests with a real year', () => {
  it('are accepted', async () => {
    const org = await t.request({ method: 'POST', url: '/api/admin/organizations', cookie: admin.cookie, body: { name: 'Control Ltd', tier: 'head', lifecycleStage: 'renewal', renewalOn: '2026-01-01' } });
    expect(org.statusCode, org.body).toBe(201);
    const coverage = await t.request({ method: 'PUT', url: '/api/staff/coverage', cookie: ops.cookie, body: { boardIds: [], daysOff: ['2026-01-01'], backupId: null } });
    expect(coverage.statusCode, coverage.body).toBe(200);
    const note = await t.request({
      method: 'POST',
      url: '/api/boards/release-notes/release-notes',
      cookie: pm.cookie,
      body: { title: 'Control release', releasedOn: '2026-01-01', introduction: 'Intro', scenarios: 'Scenarios', precautions: 'Precautions', publish: 'now' },
    });
    expect(note.statusCode, note.body).toBe(201);
  });
});
