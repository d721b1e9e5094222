import { bigint, date, integer, pgTable, text, timestamp, index } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { topics } from './boards.ts';

/**
 * The structured part of a release note (a topic on a release-notes board): version or date and
 * three Markdown sections, each stored as written and as sanitized HTML.
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
    /** Null while a draft; staff only see drafts. A future time schedules publishing. */
    publishedAt: timestamp({ withTimezone: true, precision: 3 }),
  },
  (t) => [index('release_notes_published_idx').on(t.publishedAt.desc()).where(sql`${t.publishedAt} is not null`)],
);
