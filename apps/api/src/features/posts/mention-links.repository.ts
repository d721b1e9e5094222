import { inArray } from 'drizzle-orm';
import { users, type Database } from '@townhall/db';
import { extractMentions } from '@townhall/domain';
import type { MentionLinks } from './render-markdown.ts';

/** Who the `@handle`s in Markdown bodies are, for the renderer's profile links. */
export function createMentionLinksRepository(db: Database) {
  return {
    /**
     * The people mentioned in any of `markdowns` who exist (the same handles a post notifies):
     * one query for them all, and none when nobody is mentioned, as in most posts.
     */
    async linksFor(markdowns: string[]): Promise<MentionLinks> {
      const handles = [...new Set(markdowns.flatMap(extractMentions))];
      if (handles.length === 0) return new Map();
      const rows = await db.select({ id: users.id, handle: users.handle }).from(users).where(inArray(users.handle, handles));
      return new Map(rows.map((row) => [row.handle!, row.id]));
    },
  };
}
