import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { answer, ask, open, runTag, useTownhall } from './people.ts';

// On a phone (390 px wide) no page is wider than the screen: wide tables scroll inside their own
// box, and long board names in the header wrap.

const { signedIn } = useTownhall();
const phone = { width: 390, height: 844 };

const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

/** Opens each path at phone width as `person` (a page or an email to sign in) and returns the ones wider than the screen. */
async function tooWide(person: Page | string, paths: string[]): Promise<string[]> {
  const page = typeof person === 'string' ? await signedIn(person) : person;
  await page.setViewportSize(phone);
  const wide: string[] = [];
  for (const path of paths) {
    await open(page, path);
    const width = await pageWidth(page);
    if (width > phone.width) wide.push(`${path} is ${width} px wide`);
  }
  return wide;
}

describe('pages on a phone', () => {
  /** Alice's question: in the SLA queue, then made a demand and answered. */
  let questionPath = '';

  test('the demands page fits the screen with a demand in its table', async () => {
    const alice = await signedIn('alice@acme.test');
    questionPath = await ask(alice, `Export dashboards to PDF (${runTag})`, 'We need PDF exports for our board meetings.');
    const pm = await signedIn('pm@demo.test');
    await open(pm, questionPath);
    await pm.getByText('Demand research').click();
    await pm.getByLabel('Demand title').fill(`PDF export of dashboards ${runTag}`);
    await pm.getByTestId('make-demand').click();
    await pm.waitForURL(/\/demands\/\d+$/);
    const demandPath = new URL(pm.url()).pathname;
    expect(await tooWide(pm, ['/demands', demandPath])).toEqual([]);
  });

  test('staff pages fit the screen with a question in the queue, then answered', async () => {
    const ops = await signedIn('ops@demo.test');
    const wide = await tooWide(ops, ['/staff/sla']);
    await ops.setViewportSize({ width: 1280, height: 800 });
    await open(ops, questionPath);
    await answer(ops, 'Under **Dashboards → Export**.');
    wide.push(...(await tooWide(ops, ['/staff/dashboard', '/staff/dashboard/organizations/1'])));
    expect(wide).toEqual([]);
  });

  test('admin pages fit the screen', async () => {
    expect(await tooWide('admin@demo.test', ['/admin/audit', '/admin/people'])).toEqual([]);
  });

  test('a board name of 80 characters wraps in the header', async () => {
    const name = 'Integrations with enterprise resource planning and customer relationship systems';
    expect(name.length).toBe(80);
    const admin = await signedIn('admin@demo.test');
    await open(admin, '/admin/boards');
    const create = admin.locator('form[action="?/create"]');
    await create.getByLabel('Name').fill(name);
    await create.getByRole('button', { name: 'Add board' }).click();
    await admin.getByRole('banner').getByRole('link', { name }).waitFor();

    await admin.setViewportSize(phone);
    await open(admin, '/');
    expect(await pageWidth(admin)).toBeLessThanOrEqual(phone.width);
  });
});
