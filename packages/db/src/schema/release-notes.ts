import { sql } from 'drizzle-orm';
import { bigint, date, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from './users.ts';
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
    /** When people watching the board were told; null until the note is out and announced. */
    announcedAt: timestamp({ withTimezone: true, precision: 3 }),
  },
  (t) => [
    index('release_notes_version_idx').on(t.version),
    index('release_notes_released_on_idx').on(t.releasedOn),
    // The announcement job looks only at notes not yet announced.
    index('release_notes_unannounced_idx').on(t.topicId).where(sql`${t.announcedAt} is null`),
  ],
);

/** Every version of a release note, so an edit never loses what was published before. */
export const releaseNoteRevisions = pgTable(
  'release_note_revisions',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    topicId: bigint({ mode: 'number' })
      .notNull()
      .references(() => topics.id),
    revision: integer().notNull(),
    title: text().notNull(),
    version: text(),
    releasedOn: date({ mode: 'string' }),
    introductionMarkdown: text().notNull(),
    scenariosMarkdown: text().notNull(),
    precautionsMarkdown: text().notNull(),
    editorId: bigint({ mode: 'number' })
      .notNull()
      .references(() => users.id),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('release_note_revisions_topic_revision_unique').on(t.topicId, t.revision)],
);
