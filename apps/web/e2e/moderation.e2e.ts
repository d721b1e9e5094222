import { describe, expect, test } from 'vitest';
import { answer, ask, hydrated, open, runTag, useTownhall } from './people.ts';

// Nothing lost, in a real browser: a customer edits their answer, ops hides it and shows it again,
// and the post's history shows what the edit changed.

const alice = 'alice@acme.test';
const bob = 'bob@tinyco.test';
const ops = 'ops@demo.test';

const run = runTag;

const { newPerson, signedIn } = useTownhall();

describe('moderation, and nothing lost', () => {
  test('a customer edits their answer; the asker flags it and is told; ops hides and unhides it; the history shows the diff', async () => {
    const title = `Can reports be scheduled? (${run})`;
    const asker = await signedIn(alice);
    const questionPath = await ask(asker, title, 'We want a weekly report by e-mail.');

    // Bob answers, then corrects his answer.
    const answerer = await signedIn(bob);
    await open(answerer, questionPath);
    const original = `Use the Reports page (${run}).\nPick a weekday.`;
    const answered = await answer(answerer, original);
    const postId = new URL(answerer.url()).hash.slice('#post-'.length);
    await hydrated(answerer);
    await answered.getByRole('link', { name: 'Edit' }).click();
    await answerer.waitForURL(`**/p/${postId}/edit`);
    await hydrated(answerer);
    expect(await answerer.getByLabel('Text').inputValue()).toBe(original);
    const edited = `Use the Reports page (${run}).\nPick a weekday and a time.`;
    await answerer.getByLabel('Text').fill(edited);
    await answerer.getByRole('button', { name: 'Save changes' }).click();
    await answerer.waitForURL(new RegExp(`/t/\\d+\\?near=${postId}#post-${postId}$`));
    await answered.getByText('Pick a weekday and a time.').waitFor();
    expect(await answered.getByTestId('edited-marker').innerText()).toBe('(edited)');

    // Alice flags it, and is told that it reached staff; staff find it in their review list.
    await open(asker, questionPath);
    const flagged = asker.locator(`[data-testid="post"][id="post-${postId}"]`);
    await flagged.getByText('Flag…').click();
    await flagged.getByLabel('Reason for flagging').fill(`Outdated advice (${run})`);
    await flagged.getByRole('button', { name: 'Flag for staff' }).click();
    await flagged.getByTestId('flagged').waitFor();
    expect(await flagged.getByTestId('flagged').innerText()).toBe('Flagged — staff will review this post.');

    // Ops hides it: greyed with an Unhide button for staff, gone for everyone else.
    const staff = await signedIn(ops);
    await open(staff, '/staff/flags');
    await staff.getByText(`Outdated advice (${run})`).waitFor();
    await open(staff, questionPath);
    const staffAnswer = staff.locator(`[data-testid="post"][id="post-${postId}"]`);
    await staffAnswer.getByText('Hide…').click();
    await staffAnswer.getByLabel('Reason for hiding').fill('Checking the advice');
    await staffAnswer.getByRole('button', { name: 'Hide post' }).click();
    await staffAnswer.getByTestId('hidden-badge').waitFor();
    expect(await staffAnswer.getAttribute('class')).toContain('removed');
    expect(await staffAnswer.getByTestId('hidden-notice').innerText()).toBe('Hidden from everyone but staff and its author. Reason: “Checking the advice”.');

    const guest = await newPerson();
    await guest.goto(questionPath);
    await guest.getByRole('heading', { level: 1, name: title }).waitFor();
    expect(await guest.locator(`[id="post-${postId}"]`).count()).toBe(0);

    // Bob, its author, still sees it, is told why and what is left to him, and is notified.
    await answerer.reload();
    await answered.getByTestId('hidden-notice').waitFor();
    expect(await answered.getByTestId('hidden-notice').innerText()).toBe(
      'Staff hid your reply. Reason: “Checking the advice”. Only you and staff can see it; you can still edit it.',
    );
    expect(await answered.getByRole('link', { name: 'Edit', exact: true }).isVisible()).toBe(true);
    await open(answerer, '/notifications');
    const notice = answerer.locator('[data-testid="notification"][data-kind="post_hidden"]', { hasText: title });
    expect(await notice.locator('.lead').innerText()).toBe('Staff hid your post');
    expect(await notice.getByTestId('notification-detail').innerText()).toBe('Their reason: “Checking the advice”. Only you and staff can see it now; you can still edit it.');
    await notice.getByRole('link', { name: title }).click();
    await answerer.waitForURL(new RegExp(`/t/\\d+\\?near=${postId}#post-${postId}$`));
    await answered.getByTestId('hidden-notice').waitFor();

    await staffAnswer.getByRole('button', { name: 'Unhide' }).click();
    await staffAnswer.getByTestId('hidden-badge').waitFor({ state: 'detached' });
    await guest.reload();
    await guest.locator(`[id="post-${postId}"]`).getByText('Pick a weekday and a time.').waitFor();

    // The history, reached from the "edited" marker, shows the changed line.
    await answerer.reload();
    await hydrated(answerer);
    await answered.getByTestId('edited-marker').click();
    await answerer.waitForURL(`**/p/${postId}/revisions`);
    const revisions = answerer.getByTestId('revision');
    expect(await revisions.count()).toBe(2);
    const latest = revisions.first();
    const lines = async (kind: string) => (await latest.locator(`[data-kind="${kind}"]`).allInnerTexts()).map((text) => text.trim());
    expect(await lines('removed')).toEqual(['− Pick a weekday.']);
    expect(await lines('added')).toEqual(['+ Pick a weekday and a time.']);
    expect(await lines('same')).toEqual([`Use the Reports page (${run}).`]);
    expect(await latest.locator('[data-kind="removed"] del').count()).toBe(1);
    expect(await latest.locator('[data-kind="added"] ins').count()).toBe(1);
  });

  test('deleting asks first, and a question that has answers stays, with and without JavaScript', async () => {
    for (const script of [true, false]) {
      const asker = await signedIn(alice, { javaScriptEnabled: script });
      const goTo = (path: string) => (script ? open(asker, path) : asker.goto(path));
      // An unanswered question: "Delete…" opens a confirmation, which deletes it.
      const lonePath = await ask(asker, `Never mind (${run}, script ${script})`, 'Found it myself.', { script });
      await goTo(lonePath);
      const lone = asker.getByTestId('post').first();
      expect(await lone.getByRole('button', { name: 'Delete topic' }).isVisible()).toBe(false);
      await lone.getByText('Delete…', { exact: true }).click();
      await lone.getByText('Delete this whole topic? Only staff can bring it back.').waitFor();
      await lone.getByRole('button', { name: 'Delete topic' }).click();
      await asker.waitForURL((url) => url.pathname === '/');
      expect((await asker.goto(lonePath))!.status()).toBe(404);

      // Once someone has answered, the asker may edit but not delete: the answer would go with it.
      const answeredPath = await ask(asker, `Kept with its answer (${run}, script ${script})`, 'How do I export?', { script });
      const answerer = await signedIn(bob);
      await open(answerer, answeredPath);
      await answer(answerer, `Use the export page (${run}).`);
      await goTo(answeredPath);
      const question = asker.getByTestId('post').first();
      await question.getByRole('link', { name: 'Edit' }).waitFor();
      expect(await question.getByText('Delete…', { exact: true }).count()).toBe(0);
      await answerer.close();
    }
  });
});
