import { bigint, date, index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { topics } from './boards.ts';

/**
 * The structured part of a release note (a topic on a release-notes board): version or date and
 * three Markdown sections, each stored as written and as sanitized HTML. Drafts and scheduled
 * publishing use the topic's `published_at`.
 */
export const releaseNotes = pgTable(
  'release_notes',
  {
    topicId: bigint({ mode: 'number' })
      .primaryKey()
      .references(() => topics.id),
    version: text(),
    releasedOn: date({ mode: 'string' }),
    introductionMarkdown: text().notNull(),
    introductionHtml: text().notNull(),
    scenariosMarkdown: text().notNull(),
    scenariosHtml: text().notNull(),
    precautionsMarkdown: text().notNull(),
    precautionsHtml: text().notNull(),
    rendererVersion: integer().notNull(),
  },
  (t) => [index('release_notes_version_idx').on(t.version), index('release_notes_released_on_idx').on(t.releasedOn)],
);
