import { expect, test } from 'vitest';
import { ask, hydrated, open, runTag, useTownhall } from './people.ts';

// Demand research in a real browser: a PM merges two customers' duplicate questions into one
// demand, scores it, finds it on the quadrant chart, ships it in a release note, and the asker
// is told and sees where it shipped.

const pm = 'pm@demo.test';
const alice = 'alice@acme.test';
const bob = 'bob@tinyco.test';

const { signedIn } = useTownhall();

test('a PM merges two questions into a demand, scores it, sees it on the chart and ships it; the asker is told', async () => {
  const asker = await signedIn(alice);
  const firstPath = await ask(asker, `Export dashboards to PDF (${runTag})`, 'We need PDF exports for our board meetings.');
  const other = await signedIn(bob);
  const secondPath = await ask(other, `PDF export of dashboards? (${runTag})`, 'Same here: PDF please.');
  const demandTitle = `PDF export of dashboards ${runTag}`;

  // The PM turns the first question into a demand…
  const staff = await signedIn(pm);
  await open(staff, firstPath);
  await staff.getByText('Demand research').click();
  await staff.getByLabel('Demand title').fill(demandTitle);
  await staff.getByTestId('make-demand').click();
  await staff.waitForURL(/\/demands\/\d+$/);
  const demandPath = new URL(staff.url()).pathname;

  // …and merges the duplicate into it.
  await open(staff, secondPath);
  await staff.getByText('Demand research').click();
  await staff.getByTestId('merge-demand-select').selectOption({ label: demandTitle });
  await staff.getByTestId('merge-demand').click();
  await staff.waitForURL(`**${demandPath}`);
  await hydrated(staff);
  expect(await staff.getByTestId('demand-sources').locator('li').count()).toBe(2);
  expect(await staff.getByTestId('demand-askers').innerText()).toContain('2 from 2 organizations');
  expect(await staff.getByTestId('demand-verdict').innerText()).toBe('Not scored');

  // A score out of range (past the browser's own check) is named under its field.
  await staff.getByLabel('User value relevance (0–10)').evaluate((input) => input.removeAttribute('max'));
  await staff.getByLabel('User value relevance (0–10)').fill('11');
  await staff.getByLabel('Business value relevance (0–10)').fill('7');
  await staff.getByRole('button', { name: 'Save score' }).click();
  expect(await staff.locator('#userValue-error').innerText()).toBe('User value relevance must be at most 10');
  expect(await staff.getByTestId('demand-verdict').innerText()).toBe('Not scored');

  // The PM scores it: high user and business value → do.
  await staff.getByLabel('User value relevance (0–10)').fill('8');
  await staff.getByLabel('Business value relevance (0–10)').fill('7');
  await staff.getByLabel('User growth').check();
  await staff.getByRole('button', { name: 'Save score' }).click();
  await staff.getByTestId('demand-verdict').filter({ hasText: /^Do$/ }).waitFor();

  // The chart page draws it and lists it; the table links to it.
  await open(staff, '/demands?weighted=true');
  await staff.locator('[data-testid="quadrant-chart"][data-ready]').waitFor();
  expect(Number(await staff.getByTestId('quadrant-chart').getAttribute('data-ready'))).toBeGreaterThanOrEqual(1);
  const row = staff.getByTestId('demand-row').filter({ hasText: demandTitle });
  // Acme is a head account (3) and TinyCo a tail one (1).
  expect(await row.locator('td').nth(4).innerText()).toBe('4');
  expect(await row.innerText()).toContain('Do');

  // The PM ships it in a release note published now.
  await open(staff, '/release-notes/new');
  await staff.getByLabel('Title').fill(`Dashboards ${runTag}`);
  await staff.getByLabel('Version', { exact: true }).fill(`9.${Date.now() % 1000}.0`);
  await staff.getByLabel('Introduction (what it is)').fill('Export any dashboard to PDF.');
  await staff.getByLabel('Scenarios (when to use it)').fill('Board meetings.');
  await staff.getByLabel('Precautions (limits, risks, migration)').fill('Up to 50 pages.');
  await staff.getByLabel(demandTitle).check();
  await staff.getByLabel('Publish now').check();
  await staff.getByRole('button', { name: 'Save release note' }).click();
  await staff.waitForURL(/\/release-notes\/\d+$/);
  const notePath = new URL(staff.url()).pathname;
  await open(staff, demandPath);
  expect(await staff.getByTestId('demand-status').innerText()).toBe('Shipped');

  // The asker is told, and the notification leads to the note.
  await open(asker, '/notifications');
  const item = asker.getByTestId('notification').filter({ hasText: demandTitle });
  await item.waitFor();
  expect(await item.getAttribute('data-kind')).toBe('demand_shipped');
  expect(await item.textContent()).toContain('What you asked for has shipped');
  await item.getByRole('link', { name: demandTitle }).click();
  await asker.waitForURL(`**${notePath}`);

  // The question says where it shipped; the customer never sees the scores.
  await open(asker, firstPath);
  const notice = asker.getByTestId('topic-demand');
  expect(await notice.innerText()).toContain('Shipped in');
  expect(await asker.getByTestId('shipped-in').getAttribute('href')).toBe(notePath);
  expect(await asker.getByTestId('demand-link').count()).toBe(0);
});

// Runs after the test above, whose demand fills the table.
test('without JavaScript: the demand table filters and sorts through the address', async () => {
  const staff = await signedIn(pm, { javaScriptEnabled: false });
  await staff.goto('/demands?status=all');
  const table = staff.getByTestId('demand-table');
  await table.waitFor();
  await table.getByRole('link', { name: 'Demand', exact: true }).click();
  await staff.waitForURL((url) => url.searchParams.get('sort') === 'title' && url.searchParams.get('order') === 'desc');
  const titles = await staff.getByTestId('demand-row').locator('td:first-child').allInnerTexts();
  expect(titles).toEqual([...titles].sort((a, b) => b.localeCompare(a)));
  // A second click reverses the order, keeping the filter.
  await staff.getByTestId('demand-table').getByRole('link', { name: /^Demand/ }).first().click();
  await staff.waitForURL((url) => url.searchParams.get('order') === 'asc' && url.searchParams.get('status') === 'all');
  await staff.getByLabel('Weight askers by tier').check();
  await staff.getByRole('button', { name: 'Apply' }).click();
  await staff.waitForURL((url) => url.searchParams.get('weighted') === 'true' && url.searchParams.get('sort') === 'title');
});

test('a question merged by mistake is taken back out of the demand, with and without JavaScript', async () => {
  const asker = await signedIn(alice);
  const keptPath = await ask(asker, `Audit log export (${runTag})`, 'We need the audit log as CSV.');
  const firstMistake = await ask(asker, `Audit log retention (${runTag})`, 'How long is the audit log kept?');
  const secondMistake = await ask(asker, `Audit log search (${runTag})`, 'Can I search the audit log?');
  const demandTitle = `Audit log export ${runTag}`;

  const staff = await signedIn(pm);
  await open(staff, keptPath);
  await staff.getByText('Demand research').click();
  await staff.getByLabel('Demand title').fill(demandTitle);
  await staff.getByTestId('make-demand').click();
  await staff.waitForURL(/\/demands\/\d+$/);
  const demandPath = new URL(staff.url()).pathname;
  for (const path of [firstMistake, secondMistake]) {
    await open(staff, path);
    await staff.getByText('Demand research').click();
    await staff.getByTestId('merge-demand-select').selectOption({ label: demandTitle });
    await staff.getByTestId('merge-demand').click();
    await staff.waitForURL(`**${demandPath}`);
  }
  await hydrated(staff);
  const sources = staff.getByTestId('demand-sources').locator('li');
  expect(await sources.count()).toBe(3);

  await staff.getByRole('button', { name: `Take “Audit log retention (${runTag})” out of this demand` }).click();
  await sources.filter({ hasText: 'Audit log retention' }).waitFor({ state: 'detached' });
  expect(await sources.count()).toBe(2);

  // The same form posts without JavaScript.
  const plain = await signedIn(pm, { javaScriptEnabled: false });
  await plain.goto(demandPath);
  await plain.getByRole('button', { name: `Take “Audit log search (${runTag})” out of this demand` }).click();
  await plain.waitForURL(`**${demandPath}?/removeSource`);
  expect(await plain.getByTestId('demand-sources').locator('li').allInnerTexts()).toEqual([expect.stringContaining(`Audit log export (${runTag})`)]);

  // The questions themselves stay, no longer part of the demand; the one kept still is.
  await open(staff, firstMistake);
  await staff.getByRole('heading', { level: 1, name: `Audit log retention (${runTag})` }).waitFor();
  expect(await staff.getByTestId('demand-link').count()).toBe(0);
  await open(staff, keptPath);
  expect(await staff.getByTestId('demand-link').innerText()).toBe(demandTitle);
});
