import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { posts } from '@townhall/db';
import { rendererVersion } from '../src/features/posts/render-markdown.ts';
import { rerenderStalePosts } from '../src/features/posts/rerender-posts.ts';
import { createTestApp, type Person, type TestApp } from './test-app.ts';

// `@handle` of someone who exists is stored as a link to their profile, on every write path.
let t: TestApp;
let asker: Person;
let ana: Person;
let topicId: number;
const linkTo = (person: Person, typed = person.handle) => `<a href="/people/${person.id}" class="mention">@${typed}</a>`;

beforeAll(async () => {
  t = await createTestApp();
  asker = await t.signedIn('customer');
  ana = await t.signedIn('ops');
  const ask = await t.request({ method: 'POST', url: '/api/boards/qa/topics', cookie: asker.cookie, body: { title: 'Who knows exports?', body: `Maybe @${ana.handle} knows` } });
  expect(ask.statusCode).toBe(201);
  topicId = ask.json().id;
});
afterAll(() => t.close());

describe('mention links', () => {
  it('links the people who exist, as typed, and leaves unknown handles, code and e-mail addresses as text', async () => {
    const body = `Thanks @${ana.handle.toUpperCase()}. Ask @nobody-here, not \`@${ana.handle}\` or me@${ana.handle}.example`;
    const reply = await t.request({ method: 'POST', url: `/api/topics/${topicId}/posts`, cookie: asker.cookie, body: { body } });
    expect(reply.statusCode).toBe(201);
    const html: string = reply.json().bodyHtml;
    expect(html).toContain(`Thanks ${linkTo(ana, ana.handle.toUpperCase())}.`);
    expect(html).toContain('Ask @nobody-here');
    expect(html).toContain(`<code>@${ana.handle}</code>`);
    expect(html.match(/class="mention"/g)).toHaveLength(1);

    const topic = await t.request({ method: 'GET', url: `/api/topics/${topicId}` });
    expect(topic.json().posts[0].bodyHtml).toContain(linkTo(ana));
  });

  it('links in previews and edits, as the stored post will', async () => {
    const preview = await t.request({ method: 'POST', url: '/api/markdown/preview', cookie: asker.cookie, body: { body: `cc @${asker.handle}` } });
    expect(preview.json().html).toBe(`<p>cc ${linkTo(asker)}</p>\n`);

    const reply = await t.request({ method: 'POST', url: `/api/topics/${topicId}/posts`, cookie: asker.cookie, body: { body: 'Nobody yet' } });
    const edit = await t.request({ method: 'PATCH', url: `/api/posts/${reply.json().id}`, cookie: asker.cookie, body: { body: `Now @${ana.handle}` } });
    expect(edit.statusCode).toBe(200);
    expect(edit.json().bodyHtml).toBe(`<p>Now ${linkTo(ana)}</p>\n`);
  });

  it('links in release note sections', async () => {
    const pm = await t.signedIn('pm');
    const note = await t.request({
      method: 'POST',
      url: '/api/boards/release-notes/release-notes',
      cookie: pm.cookie,
      body: { title: 'Exports', version: '9.1', introduction: `Asked by @${asker.handle}`, scenarios: 'Reports', precautions: `Ask @${ana.handle}`, publish: 'now' },
    });
    expect(note.statusCode).toBe(201);
    expect(note.json()).toMatchObject({ introductionHtml: `<p>Asked by ${linkTo(asker)}</p>\n`, scenariosHtml: '<p>Reports</p>\n', precautionsHtml: `<p>Ask ${linkTo(ana)}</p>\n` });
  });

  it('links when older posts are re-rendered', async () => {
    const [opening] = await t.db.select().from(posts).where(eq(posts.topicId, topicId)).limit(1);
    await t.db.update(posts).set({ bodyHtml: `<p>Maybe @${ana.handle} knows</p>`, rendererVersion: rendererVersion - 1 }).where(eq(posts.id, opening!.id));
    expect(await rerenderStalePosts(t.db)).toEqual({ rerendered: 1 });
    const [after] = await t.db.select().from(posts).where(eq(posts.id, opening!.id));
    expect(after!.bodyHtml).toBe(`<p>Maybe ${linkTo(ana)} knows</p>\n`);
  });
});
