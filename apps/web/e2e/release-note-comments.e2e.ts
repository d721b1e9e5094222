import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { hydrated, open, runTag, useTownhall } from './people.ts';

// A release note's comments have the controls of a topic's replies: their author edits them
// (marked "(edited)", with a history) and deletes them after a confirmation, staff see deleted
// ones and restore them, and anyone else flags them. Every step stays on the note's page.

const admin = 'admin@demo.test';
const alice = 'alice@acme.test';
const bob = 'bob@tinyco.test';
const run = runTag;

const { server, signedIn } = useTownhall();

/** Publishes a note through the API as `author` (staff) and returns its page. */
async function publishNote(author: Page, title: string): Promise<{ id: number; path: string }> {
  const created = await author.request.post('/api/boards/release-notes/release-notes', {
    data: { title, version: '7.1.0', introduction: 'Saved filters.', scenarios: 'Any.', precautions: 'None.', publish: 'now' },
    headers: { origin: server().url },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = (await created.json()) as { id: number };
  return { id, path: `/release-notes/${id}` };
}

/** Resolves once `page`'s live socket follows the note, so changes by others reach it. */
function followingNote(page: Page, noteId: number): Promise<void> {
  return new Promise((resolve) => {
    page.on('websocket', (socket) =>
      socket.on('framereceived', ({ payload }) => {
        if (String(payload).includes('"subscribed"') && String(payload).includes(`"topic:${noteId}"`)) resolve();
      }),
    );
  });
}

/** Whether `url` is the note's page of comments scrolled to `postId`, as a link to the comment opens it. */
const atComment = (noteId: number, postId: number) => (url: URL) =>
  url.pathname === `/release-notes/${noteId}` && url.search === `?near=${postId}` && url.hash === `#post-${postId}`;

/** Posts a comment through the note's form and returns its element and post id. */
async function comment(page: Page, body: string) {
  await page.getByLabel('Comment', { exact: true }).fill(body);
  await page.getByRole('button', { name: 'Post comment' }).click();
  const item = page.getByTestId('comment').filter({ hasText: body });
  await item.waitFor();
  const postId = Number((await item.getAttribute('id'))?.replace('post-', ''));
  expect(postId).toBeGreaterThan(0);
  return { item, postId };
}

describe('release note comments', () => {
  test('the author edits, reviews the history of and deletes a comment; staff restore it; another customer flags it', async () => {
    const staff = await signedIn(admin);
    const note = await publishNote(staff, `Saved filters (${run})`);

    const author = await signedIn(alice);
    await open(author, note.path);
    const first = `Can filters be shared with my team? (${run})`;
    const { item: mine, postId } = await comment(author, first);
    const mineById = author.locator(`[data-testid="comment"][id="post-${postId}"]`);
    expect(await mine.getByTestId('edited-marker').count()).toBe(0);
    // Their own comment: Edit, History and Delete…, but nothing to flag.
    await mineById.getByRole('link', { name: 'Edit' }).waitFor();
    expect(await mineById.getByRole('link', { name: 'History' }).count()).toBe(1);
    expect(await mineById.getByText('Delete…', { exact: true }).count()).toBe(1);
    expect(await mineById.getByText('Flag…').count()).toBe(0);

    // Editing leads back to the note (not through the topic page), the comment marked as edited.
    const visited: string[] = [];
    author.on('request', (request) => visited.push(new URL(request.url()).pathname));
    await mineById.getByRole('link', { name: 'Edit' }).click();
    await author.waitForURL(`**/p/${postId}/edit`);
    await hydrated(author);
    expect(await author.getByRole('link', { name: `← Saved filters (${run})` }).getAttribute('href')).toBe(
      `/release-notes/${note.id}?near=${postId}#post-${postId}`,
    );
    const second = `Can saved filters be shared with my whole team? (${run})`;
    await author.getByLabel('Text').fill(second);
    await author.getByRole('button', { name: 'Save changes' }).click();
    await author.waitForURL(atComment(note.id, postId));
    await mineById.getByText(second).waitFor();
    expect(await mineById.getByTestId('edited-marker').innerText()).toBe('(edited)');
    expect(visited.filter((path) => path.startsWith('/t/'))).toEqual([]);

    // The history shows both versions and leads back to the comment on the note.
    await mineById.getByRole('link', { name: 'History' }).click();
    await author.waitForURL(`**/p/${postId}/revisions`);
    expect(await author.getByTestId('revision').count()).toBe(2);
    await author.getByText(`+ ${second}`).waitFor();
    await author.getByRole('link', { name: `← Saved filters (${run})` }).click();
    await author.waitForURL(atComment(note.id, postId));
    await hydrated(author);

    // Staff have the note open; what the author does next reaches them live.
    const following = followingNote(staff, note.id);
    await open(staff, note.path);
    await following;
    const staffView = staff.locator(`[data-testid="comment"][id="post-${postId}"]`);
    await staffView.getByText(second).waitFor();

    // Deleting asks first; the author no longer sees the comment once deleted.
    expect(await mineById.getByRole('button', { name: 'Delete comment' }).isVisible()).toBe(false);
    await mineById.getByText('Delete…', { exact: true }).click();
    await mineById.getByText('Delete this comment? Only staff can bring it back.').waitFor();
    await mineById.getByRole('button', { name: 'Delete comment' }).click();
    await mineById.waitFor({ state: 'detached' });
    await author.getByRole('heading', { name: '0 comments' }).waitFor();

    // Staff see it greyed, marked deleted, and restore it.
    await staffView.getByTestId('deleted-badge').waitFor();
    expect(await staffView.getAttribute('class')).toContain('removed');
    await staffView.getByRole('button', { name: 'Restore' }).click();
    await staffView.getByTestId('deleted-badge').waitFor({ state: 'detached' });
    expect(await staffView.getByText('Delete…', { exact: true }).count()).toBe(1);

    // Restored, it is back for everyone; another customer flags it and is told it reached staff.
    const other = await signedIn(bob);
    await open(other, note.path);
    const theirs = other.locator(`[data-testid="comment"][id="post-${postId}"]`);
    await theirs.getByText(second).waitFor();
    expect(await theirs.getByRole('link', { name: 'Edit' }).count()).toBe(0);
    expect(await theirs.getByText('Delete…', { exact: true }).count()).toBe(0);
    await theirs.getByText('Flag…').click();
    await theirs.getByLabel('Reason for flagging').fill(`Off topic (${run})`);
    await theirs.getByRole('button', { name: 'Flag for staff' }).click();
    await theirs.getByTestId('flagged').waitFor();
    expect(await theirs.getByTestId('flagged').innerText()).toBe('Flagged — staff will review this post.');
    await open(staff, '/staff/flags');
    await staff.getByText(`Off topic (${run})`).waitFor();
  });

  test('without JavaScript, deleting a comment asks first and then deletes it', async () => {
    const staff = await signedIn(admin);
    const note = await publishNote(staff, `Filter export (${run})`);

    const author = await signedIn(bob, { javaScriptEnabled: false });
    await author.goto(note.path);
    const body = `Export to CSV too, please (${run})`;
    const { postId } = await comment(author, body);
    const mine = author.locator(`[data-testid="comment"][id="post-${postId}"]`);
    expect(await mine.getByRole('button', { name: 'Delete comment' }).isVisible()).toBe(false);
    await mine.getByText('Delete…', { exact: true }).click();
    await mine.getByRole('button', { name: 'Delete comment' }).click();
    await author.getByRole('heading', { name: '0 comments' }).waitFor();
    expect(await author.getByTestId('comment').count()).toBe(0);
  });
});
