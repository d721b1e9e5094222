import type { Database } from '@townhall/db';
import { createMentionLinksRepository } from './mention-links.repository.ts';
import { renderMarkdown } from './render-markdown.ts';

export type RenderedSection = { markdown: string; html: string };

/**
 * Renders what people write, as the write paths store it: sanitized HTML with `@handle` linked
 * to the profiles of the people who exist, looked up once for all the bodies of one request.
 */
export function createMarkdownRenderer(db: Database) {
  const mentions = createMentionLinksRepository(db);

  async function renderAll(markdowns: string[]): Promise<string[]> {
    const links = await mentions.linksFor(markdowns);
    return markdowns.map((markdown) => renderMarkdown(markdown, links));
  }

  return {
    renderAll,
    async render(markdown: string): Promise<string> {
      const [html] = await renderAll([markdown]);
      return html!;
    },

    /** Named sections (a release note's, a beta program's), each with its HTML; absent ones stay absent. */
    async renderSections<Name extends string>(sections: Partial<Record<Name, string>>): Promise<Partial<Record<Name, RenderedSection>>> {
      const entries = Object.entries(sections).filter((entry): entry is [Name, string] => entry[1] !== undefined);
      const html = await renderAll(entries.map(([, markdown]) => markdown));
      return Object.fromEntries(entries.map(([name, markdown], i) => [name, { markdown, html: html[i]! }])) as Partial<Record<Name, RenderedSection>>;
    },
  };
}

export type MarkdownRenderer = ReturnType<typeof createMarkdownRenderer>;
