import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { posts } from '@townhall/db';
import { rendererVersion } from '../src/features/posts/render-markdown.ts';
import { rerenderStalePosts } from '../src/features/posts/rerender-posts.ts';
import { createTestApp, type TestApp } from './test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('rerenderStalePosts', () => {
  it('re-renders posts from an older renderer from their Markdown and leaves current ones alone', async () => {
    const alice = await t.signedIn('customer');
    const ask = await t.request({ method: 'POST', url: '/api/boards/qa/topics', cookie: alice.cookie, body: { title: 'Old render', body: '**new**' } });
    const topicId = ask.json().id;
    const [post] = await t.db.select().from(posts).where(eq(posts.topicId, topicId));
    // Pretend an older renderer wrote it, with different HTML.
    await t.db.update(posts).set({ bodyHtml: '<p>stale</p>', rendererVersion: rendererVersion - 1 }).where(eq(posts.id, post!.id));

    expect(await rerenderStalePosts(t.db)).toEqual({ rerendered: 1 });
    const [after] = await t.db.select().from(posts).where(eq(posts.id, post!.id));
    expect(after).toMatchObject({ bodyHtml: '<p><strong>new</strong></p>\n', rendererVersion });
    expect(await rerenderStalePosts(t.db)).toEqual({ rerendered: 0 });
  });
});
