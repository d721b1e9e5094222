import { and, asc, gt, lt, sql } from 'drizzle-orm';
import { posts, type Database } from '@townhall/db';
import { indexPosts } from '../search/search-index.repository.ts';
import { createMentionLinksRepository } from './mention-links.repository.ts';
import { renderMarkdown, rendererVersion } from './render-markdown.ts';

const batchSize = 500;

/**
 * Re-renders every post written by an older renderer from its stored Markdown, in id order and
 * batches of 500: one lookup of the people they mention and one UPDATE per batch. Safe to run on several instances at once: a row already
 * brought up to date is skipped by the version guard.
 */
export async function rerenderStalePosts(db: Database): Promise<{ rerendered: number }> {
  const mentions = createMentionLinksRepository(db);
  let after = 0;
  let rerendered = 0;
  for (;;) {
    const batch = await db
      .select({ id: posts.id, markdown: posts.bodyMarkdown })
      .from(posts)
      .where(and(gt(posts.id, after), lt(posts.rendererVersion, rendererVersion)))
      .orderBy(asc(posts.id))
      .limit(batchSize);
    if (batch.length === 0) return { rerendered };
    const links = await mentions.linksFor(batch.map((post) => post.markdown));
    const rows = sql.join(
      batch.map((post) => sql`(${post.id}::bigint, ${renderMarkdown(post.markdown, links)})`),
      sql`, `,
    );
    await db.transaction(async (tx) => {
      await tx.execute(sql`
        update posts set body_html = rendered.html, renderer_version = ${rendererVersion}
        from (values ${rows}) as rendered(id, html)
        where posts.id = rendered.id and posts.renderer_version < ${rendererVersion}`);
      // The search text comes from the HTML, so it follows the new rendering.
      await indexPosts(tx, batch.map((post) => post.id));
    });
    rerendered += batch.length;
    after = batch.at(-1)!.id;
  }
}
