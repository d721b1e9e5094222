import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Person, type TestApp } from './test-app.ts';
import { berlinSlaSettings } from './sla-helpers.ts';

// SLA settings an admin cannot save because the rest of the app could not live with them: a time
// zone the database does not know (the dashboard converts with it), a target so long for its
// calendar that each question would walk it for seconds, a calendar without working time for years.

let t: TestApp;
let admin: Person;

const baseSettings = berlinSlaSettings;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.signedIn('admin');
});
afterAll(() => t.close());

const saveSettings = (settings: unknown) => t.request({ method: 'PUT', url: '/api/admin/sla-settings', cookie: admin.cookie, body: settings });

describe('SLA settings', () => {
  it('refuse a time zone the platform knows and the database does not ("US/Pacific-New", dropped from tzdata in 2020)', async () => {
    const saved = await saveSettings({ ...baseSettings, timeZone: 'US/Pacific-New' });
    expect(saved.statusCode, saved.body).toBe(400);
    expect(saved.json().error.field).toBe('timeZone');
  });

  it('refuse a target that would put deadlines years ahead on a calendar with a minute of work a week, at once', async () => {
    const started = performance.now();
    const saved = await saveSettings({
      ...baseSettings,
      workingWeekdays: [1],
      workingHours: [{ start: '09:00', end: '09:01' }],
      checkInWindows: [{ opens: '09:00', closes: '09:01' }],
      firstResponseTargetMinutesByTier: { head: 525_600, waist: 525_600, tail: 525_600 },
    });
    expect(saved.statusCode, saved.body).toBe(400);
    expect(saved.json().error.field).toMatch(/^firstResponseTargetMinutesByTier\./);
    // Refused by a walk that stops at its horizon (it used to hold a question's request for a minute).
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('refuse a calendar whose next 1,000 days are all holidays', async () => {
    const holidays: string[] = [];
    for (let day = 0; day < 1000; day += 1) holidays.push(new Date(Date.UTC(2026, 0, 14 + day)).toISOString().slice(0, 10));
    t.clock.set('2026-01-14T10:00:00Z');
    const saved = await saveSettings({ ...baseSettings, workingWeekdays: [1, 2, 3, 4, 5, 6, 7], holidays });
    t.clock.set(null);
    expect(saved.statusCode, saved.body).toBe(400);
    expect(saved.json().error.message).toContain('no working time');
  });

  it('name every bad part of one save, the first as `field`, and keep the settings as they were', async () => {
    expect((await saveSettings(baseSettings)).statusCode).toBe(200);
    const before = (await t.request({ method: 'GET', url: '/api/admin/sla-settings', cookie: admin.cookie })).json();
    const saved = await saveSettings({ ...baseSettings, holidays: ['2026-02-30'], checkInWindows: [{ opens: '10:00', closes: '09:00' }], alertLeadMinutes: 2000 });
    expect(saved.statusCode, saved.body).toBe(400);
    const { error } = saved.json();
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'holidays[0]' });
    expect(error.problems.map((problem: { field: string }) => problem.field)).toEqual(['holidays[0]', 'checkInWindows[0].closes', 'alertLeadMinutes']);
    expect(error.problems[2].message).toBe('alertLeadMinutes: the alert lead time is a whole number of minutes from 0 to 1440');
    expect((await t.request({ method: 'GET', url: '/api/admin/sla-settings', cookie: admin.cookie })).json()).toEqual(before);
    // One bad part: `field` alone, as for every other route.
    expect((await saveSettings({ ...baseSettings, alertLeadMinutes: 2000 })).json().error).not.toHaveProperty('problems');
  });

  it('still take a usual calendar', async () => {
    const saved = await saveSettings(baseSettings);
    expect(saved.statusCode, saved.body).toBe(200);
  });
});
