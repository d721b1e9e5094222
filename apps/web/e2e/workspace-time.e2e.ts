import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { hydrated, runTag, setWorkspaceTimeZone, useTownhall } from './people.ts';

// Staff type and read the beta deadline and the release-note publish time on the workspace's
// clock (the business calendar's time zone), not in UTC; the API keeps the instant. Shanghai is
// UTC+8 all year, so 07:30 on 1 March there is 23:30 UTC on 28 February. Berlin's clocks skip
// 02:00–03:00 on 31 March 2030 and go through 02:00–03:00 twice on 27 October 2030.

const { signedIn } = useTownhall();
const withoutScript = { javaScriptEnabled: false };

/** What the API holds, read by the page itself with its session. */
const apiJson = (page: Page, path: string) => page.evaluate(async (url) => (await fetch(url)).json(), path);

async function fillProgram(page: Page, title: string): Promise<void> {
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Introduction (what participants will try)').fill('Try it.');
  await page.getByLabel('Precautions (data risks, confidentiality)').fill('None.');
}

async function fillNote(page: Page, title: string): Promise<void> {
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Version', { exact: true }).fill('8.0.0');
  await page.getByLabel('Introduction (what it is)').fill('New.');
  await page.getByLabel('Scenarios (when to use it)').fill('Any.');
  await page.getByLabel('Precautions (limits, risks, migration)').fill('None.');
  await page.getByLabel('Publish at a set time').check();
}

describe('times on the workspace clock', () => {
  test('a PM in Asia/Shanghai sets a beta deadline and a publish time in local time; the API holds UTC', async () => {
    await setWorkspaceTimeZone(await signedIn('admin@demo.test', withoutScript), 'Asia/Shanghai');
    const pm = await signedIn('pm@demo.test');

    // A beta program whose deadline is 07:30 on 1 March in Shanghai.
    const programTitle = `Beta on Shanghai time (${runTag})`;
    await pm.goto('/beta/new');
    await hydrated(pm);
    await fillProgram(pm, programTitle);
    await pm.getByLabel('Application deadline (Asia/Shanghai time)').fill('2030-03-01T07:30');
    await pm.getByRole('button', { name: 'Create program' }).click();
    await pm.waitForURL(/\/beta\/\d+$/);
    const programPath = new URL(pm.url()).pathname;
    const deadline = pm.getByTestId('beta-deadline');
    expect(await deadline.innerText()).toBe('Apply by Fri 1 Mar 2030 07:30 (Asia/Shanghai)');
    expect(await deadline.locator('time').getAttribute('datetime')).toBe('2030-02-28T23:30:00.000Z');
    const programId = programPath.split('/').pop();
    expect((await apiJson(pm, `/api/beta/programs/${programId}`)).applicationDeadline).toBe('2030-02-28T23:30:00.000Z');
    await pm.getByRole('button', { name: 'Open recruiting' }).click();
    await pm.getByTestId('beta-program-status').filter({ hasText: 'Recruiting' }).waitFor();

    // The list and the edit form read the same local time back; saving unchanged keeps the instant.
    await pm.goto('/beta');
    const listed = pm.getByTestId('beta-programs').locator('li', { hasText: programTitle }).getByTestId('beta-deadline');
    expect(await listed.innerText()).toBe('Apply by Fri 1 Mar 2030 07:30 (Asia/Shanghai)');
    await pm.goto(`${programPath}/edit`);
    await hydrated(pm);
    expect(await pm.getByLabel('Application deadline (Asia/Shanghai time)').inputValue()).toBe('2030-03-01T07:30');
    await pm.getByRole('button', { name: 'Save changes' }).click();
    await pm.waitForURL((url) => url.pathname === programPath);
    expect((await apiJson(pm, `/api/beta/programs/${programId}`)).applicationDeadline).toBe('2030-02-28T23:30:00.000Z');

    // A release note that goes out at 07:30 on 1 March in Shanghai.
    await pm.goto('/release-notes/new');
    await hydrated(pm);
    await fillNote(pm, `Out on Shanghai time (${runTag})`);
    await pm.getByLabel('Publish at (Asia/Shanghai time)').fill('2030-03-01T07:30');
    await pm.getByRole('button', { name: 'Save release note' }).click();
    await pm.waitForURL(/\/release-notes\/\d+$/);
    const notePath = new URL(pm.url()).pathname;
    const goesOut = pm.getByTestId('release-note-goes-out');
    expect(await goesOut.innerText()).toBe('goes out Fri 1 Mar 2030 07:30 (Asia/Shanghai)');
    expect(await goesOut.locator('time').getAttribute('datetime')).toBe('2030-02-28T23:30:00.000Z');
    expect((await apiJson(pm, `/api/release-notes/${notePath.split('/').pop()}`)).publishedAt).toBe('2030-02-28T23:30:00.000Z');
    await pm.goto(`${notePath}/edit`);
    expect(await pm.getByLabel('Publish at (Asia/Shanghai time)').inputValue()).toBe('2030-03-01T07:30');

    // A customer reads the deadline in UTC, which the page says.
    const alice = await signedIn('alice@acme.test');
    await alice.goto(programPath);
    expect(await alice.getByTestId('beta-deadline').innerText()).toBe('Apply by 28 Feb 2030, 23:30 UTC');
  });

  test('a time the clocks skip is refused on its field with what was typed kept; a doubled time is the earlier', async () => {
    await setWorkspaceTimeZone(await signedIn('admin@demo.test', withoutScript), 'Europe/Berlin');

    // Without JavaScript: the refusal is a 400 page with the field's error and every value kept.
    const pm = await signedIn('pm@demo.test', withoutScript);
    const programTitle = `Beta in a clock change (${runTag})`;
    await pm.goto('/beta/new');
    await fillProgram(pm, programTitle);
    const deadlineField = pm.getByLabel('Application deadline (Europe/Berlin time)');
    await deadlineField.fill('2030-03-31T02:30');
    const [refused] = await Promise.all([
      pm.waitForResponse((response) => response.request().method() === 'POST'),
      pm.getByRole('button', { name: 'Create program' }).click(),
    ]);
    expect(refused.status()).toBe(400);
    await pm.locator('#field-applicationDeadline-error').getByText('does not exist in Europe/Berlin', { exact: false }).waitFor();
    expect(await deadlineField.inputValue()).toBe('2030-03-31T02:30');
    expect(await pm.getByLabel('Title').inputValue()).toBe(programTitle);
    expect(new URL(pm.url()).pathname).toBe('/beta/new');

    // With JavaScript, on the release-note form.
    const scripted = await signedIn('pm@demo.test');
    await scripted.goto('/release-notes/new');
    await hydrated(scripted);
    const noteTitle = `Out in a clock change (${runTag})`;
    await fillNote(scripted, noteTitle);
    const publishAt = scripted.getByLabel('Publish at (Europe/Berlin time)');
    await publishAt.fill('2030-03-31T02:30');
    await scripted.getByRole('button', { name: 'Save release note' }).click();
    await scripted.locator('#field-publishAt-error').getByText('does not exist in Europe/Berlin', { exact: false }).waitFor();
    expect(await publishAt.inputValue()).toBe('2030-03-31T02:30');
    expect(await scripted.getByLabel('Title').inputValue()).toBe(noteTitle);

    // 02:30 on 27 October happens twice in Berlin: the first one (UTC+2) is taken.
    await publishAt.fill('2030-10-27T02:30');
    await scripted.getByRole('button', { name: 'Save release note' }).click();
    await scripted.waitForURL(/\/release-notes\/\d+$/);
    const goesOut = scripted.getByTestId('release-note-goes-out');
    expect(await goesOut.locator('time').getAttribute('datetime')).toBe('2030-10-27T00:30:00.000Z');
    expect(await goesOut.innerText()).toBe('goes out Sun 27 Oct 2030 02:30 (Europe/Berlin)');
  });
});
