import { describe, expect, test } from 'vitest';
import { answer, ask, open, runTag, useTownhall } from './people.ts';

// The whole Q&A loop in a browser: a customer previews and asks with tags, another customer says
// "me too", ops answers officially, the asker accepts, and the board shows it solved.

const { signedIn } = useTownhall();

describe('the Q&A workflow', () => {
  test('a customer asks, another says me too, ops answers and the asker accepts', async () => {
    const title = `Can reports be scheduled? ${runTag}`;
    const alice = await signedIn('alice@acme.test');
    await open(alice, '/b/qa/new');
    await alice.getByLabel('Title').fill(title);
    await alice.getByLabel('Details').fill('We export **weekly**.');
    await alice.getByLabel('Tags').fill('Reports, scheduling');

    // The preview renders the Markdown without posting, and keeps everything typed.
    await alice.getByRole('button', { name: 'Preview' }).click();
    await expect.poll(() => alice.getByTestId('preview').locator('strong').textContent()).toBe('weekly');
    expect(await alice.getByLabel('Title').inputValue()).toBe(title);
    expect(await alice.getByLabel('Details').inputValue()).toBe('We export **weekly**.');

    await alice.getByRole('button', { name: 'Post your question' }).click();
    await alice.waitForURL(/\/t\/\d+$/);
    const questionPath = new URL(alice.url()).pathname;
    expect(await alice.getByRole('list', { name: 'Tags' }).first().innerText()).toContain('#reports');
    // The asker cannot vote on their own question.
    expect(await alice.getByTestId('vote-button').count()).toBe(0);

    const bob = await signedIn('bob@tinyco.test');
    await open(bob, questionPath);
    await bob.getByTestId('vote-button').click();
    await expect.poll(() => bob.getByTestId('vote-button').innerText()).toContain('✓ Me too · 1');

    const ops = await signedIn('ops@demo.test');
    await open(ops, questionPath);
    const official = await answer(ops, 'Yes: **Reports → Schedule**.');
    expect(await official.getByTestId('official-badge').count()).toBe(1);

    await open(alice, questionPath);
    await alice.getByRole('button', { name: 'Accept this answer' }).click();
    await alice.getByTestId('accepted-badge').waitFor();
    expect(await alice.getByTestId('status-badge').first().innerText()).toBe('Solved');

    await open(bob, '/b/qa?tag=reports');
    const item = bob.getByTestId('topic-item').filter({ hasText: title });
    expect(await item.innerText()).toContain('Accepted answer');
    expect(await item.getByTestId('status-badge').innerText()).toBe('Solved');
  });

  test('staff close a question with a reason and customers see it', async () => {
    const title = `Close me ${runTag}`;
    const alice = await signedIn('alice@acme.test');
    const questionPath = await ask(alice, title, 'Same as another question.');
    // Customers get no status control.
    expect(await alice.getByRole('button', { name: 'Set status' }).count()).toBe(0);

    const ops = await signedIn('ops@demo.test');
    await open(ops, questionPath);
    await ops.getByLabel('Status').selectOption('closed');
    await ops.getByLabel('Reason (when closing)').selectOption('duplicate');
    await ops.getByRole('button', { name: 'Set status' }).click();
    await expect.poll(() => ops.getByTestId('closed-reason').textContent()).toBe('Closed: Duplicate');

    await open(alice, questionPath);
    expect(await alice.getByTestId('closed-reason').innerText()).toBe('Closed: Duplicate');
    expect(await alice.getByLabel('Answer', { exact: true }).count()).toBe(1);

    // Locking stops new answers; customers see why.
    await ops.getByRole('button', { name: 'Lock', exact: true }).click();
    await ops.getByTestId('locked-badge').waitFor();
    await open(alice, questionPath);
    expect(await alice.getByTestId('locked-badge').count()).toBe(1);
    expect(await alice.getByLabel('Answer', { exact: true }).count()).toBe(0);
    expect(await alice.getByRole('button', { name: 'Lock', exact: true }).count()).toBe(0);
  });
});
