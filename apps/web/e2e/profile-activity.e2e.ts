import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { answer, ask, hydrated, open, runTag, useTownhall } from './people.ts';

// A person's profile lists what they wrote: a customer asks and answers, someone else finds them
// through the author link, filters to replies, pages with "More" (without JavaScript too).

const bob = 'bob@tinyco.test';
const alice = 'alice@acme.test';
const run = runTag;

const { newPerson, signedIn } = useTownhall();

const items = (page: Page) => page.getByTestId('activity-item');
const titlesOn = async (page: Page) => (await items(page).locator('h3').allInnerTexts()).map((text) => text.trim());

describe('a person’s activity on their profile', () => {
  test('shows what a customer asked and answered, filters to replies, and pages on', async () => {
    const author = await signedIn(bob);
    const title = `Can the API return more than 100 rows? (${run})`;
    const questionPath = await ask(author, title, 'We page through **invoices** with `limit=100` and want more.');
    const questionId = Number(questionPath.split('/').pop());

    await open(author, '/b/qa');
    await author.getByRole('link', { name: 'SSO login loops back to the sign-in page' }).click();
    await author.waitForURL(/\/t\/\d+$/);
    const ssoPath = new URL(author.url()).pathname;
    await hydrated(author);
    const replyText = `Same here: clearing cookies helped us (${run}).`;
    const reply = await answer(author, replyText);
    const replyAnchor = await reply.getAttribute('id');

    // Another customer opens Bob's profile from the author link on his question.
    const reader = await signedIn(alice);
    await open(reader, questionPath);
    await reader.getByTestId('post').first().getByRole('link', { name: 'Bob Novak' }).click();
    await reader.waitForURL(/\/people\/\d+$/);
    const profilePath = new URL(reader.url()).pathname;
    await reader.getByRole('heading', { level: 2, name: 'Activity' }).waitFor();

    // Newest first: the reply, then the question, each linking to its post.
    const [newest, second] = [items(reader).nth(0), items(reader).nth(1)];
    expect(await newest.getAttribute('data-kind')).toBe('reply');
    expect(await newest.getByRole('link', { name: 'SSO login loops back to the sign-in page' }).getAttribute('href')).toBe(`${ssoPath}?near=${replyAnchor!.slice('post-'.length)}#${replyAnchor}`);
    expect(await newest.innerText()).toContain(replyText);
    expect(await second.getAttribute('data-kind')).toBe('topic');
    const questionLink = second.getByRole('link', { name: title });
    expect(await questionLink.getAttribute('href')).toMatch(new RegExp(`^/t/${questionId}\\?near=\\d+#post-\\d+$`));
    // The excerpt is plain text: no Markdown, no markup.
    const excerpt = await second.locator('.excerpt').innerText();
    expect(excerpt).toBe('We page through invoices with limit=100 and want more.');
    expect(await second.innerText()).toContain('Q&A');

    // Replies only: the question is gone, the demo answer Bob wrote is there.
    await reader.getByRole('navigation', { name: 'Show' }).getByRole('link', { name: 'Replies' }).click();
    await reader.waitForURL((url) => url.searchParams.get('kind') === 'replies');
    await items(reader).first().waitFor();
    expect(await items(reader).evaluateAll((elements) => elements.map((element) => element.getAttribute('data-kind')))).toEqual(['reply', 'reply']);
    expect(await titlesOn(reader)).toEqual(['SSO login loops back to the sign-in page', 'How do I export the audit log as CSV?']);

    // The link leads to the reply on the topic page.
    await items(reader).first().getByRole('link', { name: 'SSO login loops back to the sign-in page' }).click();
    await reader.waitForURL((url) => url.pathname === ssoPath && url.hash === `#${replyAnchor}`);
    expect(await reader.locator(`[data-testid="post"][id="${replyAnchor}"]`).innerText()).toContain(replyText);

    // Seventeen more answers take Bob past one page (20) of activity.
    const fillerStatuses = await author.evaluate(
      async ({ topicId, run }) => {
        const statuses: number[] = [];
        for (let i = 1; i <= 17; i += 1) {
          const response = await fetch(`/api/topics/${topicId}/posts`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ body: `Follow-up ${i} (${run})` }),
          });
          statuses.push(response.status);
        }
        return statuses;
      },
      { topicId: questionId, run },
    );
    expect(fillerStatuses.every((status) => status === 201)).toBe(true);

    // A guest without JavaScript pages with plain links.
    const guest = await newPerson({ javaScriptEnabled: false });
    await guest.goto(profilePath);
    expect(await items(guest).count()).toBe(20);
    const firstPage = await titlesOn(guest);
    expect(firstPage[0]).toBe(title);
    await guest.getByRole('link', { name: 'More →' }).click();
    await guest.waitForURL((url) => url.searchParams.has('cursor'));
    // What is left: Bob's oldest post, the demo question he asked.
    expect(await titlesOn(guest)).toEqual(['Can I schedule a report to be e-mailed every Monday?']);
    expect(await guest.getByRole('link', { name: 'More →' }).count()).toBe(0);
    await guest.getByRole('link', { name: '← Newest' }).click();
    await guest.waitForURL((url) => !url.searchParams.has('cursor'));
    expect(await items(guest).count()).toBe(20);
  });

  test('says so when there is nothing to show', async () => {
    const guest = await newPerson();
    await open(guest, '/b/qa');
    await guest.getByRole('link', { name: 'SSO login loops back to the sign-in page' }).click();
    await guest.waitForURL(/\/t\/\d+$/);
    await guest.getByTestId('post').filter({ hasText: 'rotated the SAML signing certificate' }).getByRole('link', { name: 'Omar Ops' }).click();
    await guest.waitForURL(/\/people\/\d+$/);
    await items(guest).first().waitFor();
    await guest.getByRole('navigation', { name: 'Show' }).getByRole('link', { name: 'Topics' }).click();
    await guest.waitForURL((url) => url.searchParams.get('kind') === 'topics');
    expect(await guest.getByTestId('activity-empty').innerText()).toBe('Omar Ops has not started any topics you can see.');
  });
});
