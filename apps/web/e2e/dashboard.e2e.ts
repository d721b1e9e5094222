import { describe, expect, test } from 'vitest';
import { answer, ask, open, runTag, useTownhall } from './people.ts';

// The staff dashboard in a browser: ops takes a question from the SLA queue ("I'm on it", without
// JavaScript), answers it, and the dashboard's figures (tables and Chart.js charts) count it.

const { signedIn } = useTownhall();
const withoutScript = { javaScriptEnabled: false };

const answeredBy = async (page: import('playwright-core').Page, name: string) => {
  const row = page.getByTestId('metrics-staff-row').filter({ hasText: name });
  return (await row.count()) === 0 ? 0 : Number(await row.locator('td').nth(4).innerText());
};

describe('the staff dashboard', () => {
  test('ops takes a question, answers it, and sees the real figures with charts', async () => {
    const title = `Dashboard question ${runTag}`;
    const alice = await signedIn('alice@acme.test');
    const questionPath = await ask(alice, title, 'Where do I see my invoices?');

    // "I'm on it" from the queue, then the question shows who has it.
    const ops = await signedIn('ops@demo.test', withoutScript);
    await ops.goto('/staff/sla?assignee=unassigned');
    const row = ops.getByTestId('sla-queue-row').filter({ hasText: title });
    await row.getByTestId('sla-queue-assign').click();
    await ops.goto('/staff/sla?assignee=me');
    await ops.getByTestId('sla-queue-row').filter({ hasText: title }).getByTestId('sla-queue-release').waitFor();
    await ops.goto(questionPath);
    expect(await ops.getByTestId('sla-assignee').innerText()).toBe("You're on it");
    await ops.getByTestId('sla-release').waitFor();

    // The dashboard before the answer: the question is in ops's next digest (or not yet due).
    const dashboard = await signedIn('ops@demo.test');
    await open(dashboard, '/staff/dashboard');
    await dashboard.getByTestId('next-check-in').getByRole('heading', { name: 'Next check-in' }).waitFor();
    const before = await answeredBy(dashboard, 'Omar Ops');
    const staffChart = dashboard.locator('[data-testid="chart-staff"][data-rendered="true"]');
    await staffChart.waitFor();
    const drawnBefore = await staffChart.getAttribute('data-drawn');

    await answer(ops, 'Under **Billing → Invoices**.');
    await expect.poll(async () => (await ops.getByTestId('sla-badge').innerText()).trim()).toBe('SLA met');

    // The open dashboard counts the answer without a reload: its tables, and its charts redrawn.
    await expect.poll(() => answeredBy(dashboard, 'Omar Ops'), { timeout: 10_000 }).toBe(before + 1);
    await expect.poll(() => staffChart.getAttribute('data-drawn')).not.toBe(drawnBefore);
    await open(dashboard, '/staff/dashboard');
    expect(await answeredBy(dashboard, 'Omar Ops')).toBe(before + 1);
    const opsRow = dashboard.getByTestId('metrics-staff-row').filter({ hasText: 'Omar Ops' });
    expect(await opsRow.getByTestId('attainment').innerText()).toBe('100 %');
    expect(await opsRow.getByTestId('median').innerText()).toMatch(/^\d+(\.\d)?$/);
    const summary = await dashboard.getByTestId('metrics-overall').innerText();
    expect(summary).toMatch(/met \(\d+ of \d+\)/);
    // Chart.js drew the charts from the same data.
    for (const chart of ['chart-weeks', 'chart-tiers', 'chart-staff', 'chart-boards']) {
      await dashboard.locator(`[data-testid="${chart}"][data-rendered="true"]`).waitFor();
    }
    // Weeks follow each other, so a line joins their attainment; tiers, staff and boards are separate: points only.
    expect(await dashboard.getByTestId('chart-weeks').getAttribute('data-attainment')).toBe('line');
    for (const chart of ['chart-tiers', 'chart-staff', 'chart-boards']) {
      expect(await dashboard.getByTestId(chart).getAttribute('data-attainment')).toBe('points');
    }
    const headRow = dashboard.getByTestId('metrics-tiers-row').filter({ hasText: 'Head' });
    expect(Number(await headRow.locator('td').nth(4).innerText())).toBeGreaterThanOrEqual(1);

    // Acme's report: its figures and no breaches; the CSV downloads.
    await dashboard.getByTestId('metrics-organizations').getByRole('link', { name: 'Acme' }).click();
    await dashboard.getByRole('heading', { name: 'Acme: response SLA' }).waitFor();
    expect(await dashboard.getByTestId('report-overall').innerText()).toMatch(/met \(\d+ of \d+\)/);
    const csv = await dashboard.request.get(await dashboard.getByTestId('breaches-csv').getAttribute('href').then((href) => href!));
    expect(csv.status()).toBe(200);
    expect((await csv.text()).split('\r\n')[0]).toMatch(/^Organization,Topic,Title/);
  });

  test('customers cannot open the dashboard', async () => {
    const alice = await signedIn('alice@acme.test', withoutScript);
    const response = await alice.goto('/staff/dashboard');
    expect(response!.status()).toBe(403);
  });
});
