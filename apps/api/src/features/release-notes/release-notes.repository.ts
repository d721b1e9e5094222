import { and, desc, eq, gte, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import { auditLog, boards, organizations, releaseNoteRevisions, releaseNotes, topics, users, type Database } from '@townhall/db';
import type { ReleaseNoteStatus } from '@townhall/contracts';
import { AppError } from '../../errors.ts';
import { isUniqueViolation } from '../../unique-violation.ts';
import { reactionCountsColumn } from '../reactions/reactions.repository.ts';
import { authorColumns } from '../topics/post-shape.ts';
import type { ReleaseNoteCursor } from './release-note-cursor.ts';
import { indexTopics } from '../search/search-index.repository.ts';

/** Staff (who may read drafts) see drafts, scheduled and hidden notes; everyone else published ones. */
export type ReleaseNoteAudience = { staff: boolean };

/** When the note becomes visible: not yet (draft), now, or at a given time. */
export type PublishAt = { mode: 'draft' } | { mode: 'now' } | { mode: 'at'; at: Date };

export type RenderedSection = { markdown: string; html: string };

export type ReleaseNoteSections = {
  introduction: RenderedSection;
  scenarios: RenderedSection;
  precautions: RenderedSection;
};

export type NewReleaseNote = {
  boardId: number;
  authorId: number;
  title: string;
  version: string | null;
  releasedOn: string | null;
  sections: ReleaseNoteSections;
  rendererVersion: number;
  publish: PublishAt;
  idempotencyKey: string | null;
};

export type ReleaseNoteChanges = {
  title?: string;
  version?: string | null;
  releasedOn?: string | null;
  sections?: Partial<ReleaseNoteSections>;
  rendererVersion: number;
  publish?: PublishAt;
};

export type ReleaseNoteListFilter = {
  boardId: number;
  audience: ReleaseNoteAudience;
  version?: string;
  from?: string;
  to?: string;
  cursor: ReleaseNoteCursor | null;
  limit: number;
};

const liveTopic = and(isNull(topics.deletedAt), isNull(topics.hiddenAt), lte(topics.publishedAt, sql`now()`));

function visibleTo(audience: ReleaseNoteAudience) {
  return audience.staff ? isNull(topics.deletedAt) : liveTopic;
}

const statusColumn = sql<ReleaseNoteStatus>`case when ${topics.publishedAt} is null then 'draft' when ${topics.publishedAt} > now() then 'scheduled' else 'published' end`;

/** Newest first: by publication time, or creation time for drafts. */
const sortKey = sql`coalesce(${topics.publishedAt}, ${topics.createdAt})`;

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/** `4.2` matches 4.2 and 4.2.x (not 4.20); `4.` matches every 4.x. */
function versionMatches(version: string): SQL {
  if (version.endsWith('.')) return sql`${releaseNotes.version} like ${`${escapeLike(version)}%`}`;
  return or(eq(releaseNotes.version, version), sql`${releaseNotes.version} like ${`${escapeLike(version)}.%`}`)!;
}

function publishedAtValue(publish: PublishAt) {
  if (publish.mode === 'draft') return null;
  if (publish.mode === 'now') return sql`now()`;
  return publish.at;
}

export function createReleaseNotesRepository(db: Database) {
  async function findByIdempotencyKey(authorId: number, key: string): Promise<number | null> {
    const [row] = await db
      .select({ id: topics.id })
      .from(topics)
      .where(and(eq(topics.authorId, authorId), eq(topics.idempotencyKey, key)));
    return row?.id ?? null;
  }

  return {
    /** The note's board and author, for the access check, if the reader may open it. */
    async findResource(id: number, audience: ReleaseNoteAudience) {
      const [row] = await db
        .select({ board: boards, ownerId: topics.authorId })
        .from(topics)
        .innerJoin(releaseNotes, eq(releaseNotes.topicId, topics.id))
        .innerJoin(boards, eq(boards.id, topics.boardId))
        .where(and(eq(topics.id, id), visibleTo(audience)));
      return row ?? null;
    },

    /** One page of a board's notes in one query: notes, reaction counts and comment counts. */
    async list(filter: ReleaseNoteListFilter) {
      const after = filter.cursor
        ? sql`(${sortKey}, ${topics.id}) < (${filter.cursor.sortedAt.toISOString()}::timestamptz, ${filter.cursor.id})`
        : undefined;
      const rows = await db
        .select({
          id: topics.id,
          title: topics.title,
          version: releaseNotes.version,
          releasedOn: releaseNotes.releasedOn,
          publishedAt: topics.publishedAt,
          createdAt: topics.createdAt,
          status: statusColumn,
          introductionHead: sql<string>`left(${releaseNotes.introductionHtml}, 2000)`,
          reactions: reactionCountsColumn(topics.id),
          commentCount: topics.replyCount,
          hiddenCommentCount: topics.hiddenReplyCount,
        })
        .from(topics)
        .innerJoin(releaseNotes, eq(releaseNotes.topicId, topics.id))
        .where(
          and(
            eq(topics.boardId, filter.boardId),
            visibleTo(filter.audience),
            filter.version ? versionMatches(filter.version) : undefined,
            filter.from ? gte(releaseNotes.releasedOn, filter.from) : undefined,
            filter.to ? lte(releaseNotes.releasedOn, filter.to) : undefined,
            after,
          ),
        )
        .orderBy(desc(sortKey), desc(topics.id))
        .limit(filter.limit + 1);
      return { rows: rows.slice(0, filter.limit), hasMore: rows.length > filter.limit };
    },

    async find(id: number, audience: ReleaseNoteAudience) {
      const [row] = await db
        .select({
          id: topics.id,
          title: topics.title,
          version: releaseNotes.version,
          releasedOn: releaseNotes.releasedOn,
          publishedAt: topics.publishedAt,
          createdAt: topics.createdAt,
          lockedAt: topics.lockedAt,
          replyCount: topics.replyCount,
          status: statusColumn,
          boardSlug: boards.slug,
          boardName: boards.name,
          introductionMarkdown: releaseNotes.introductionMarkdown,
          introductionHtml: releaseNotes.introductionHtml,
          scenariosMarkdown: releaseNotes.scenariosMarkdown,
          scenariosHtml: releaseNotes.scenariosHtml,
          precautionsMarkdown: releaseNotes.precautionsMarkdown,
          precautionsHtml: releaseNotes.precautionsHtml,
          ...authorColumns,
        })
        .from(topics)
        .innerJoin(releaseNotes, eq(releaseNotes.topicId, topics.id))
        .innerJoin(boards, eq(boards.id, topics.boardId))
        .innerJoin(users, eq(users.id, topics.authorId))
        .leftJoin(organizations, eq(organizations.id, users.organizationId))
        .where(and(eq(topics.id, id), visibleTo(audience)));
      return row ?? null;
    },

    /**
     * Creates the topic, its release note and first revision, and audits it, in one transaction.
     * A retry with the same idempotency key returns the note the first attempt created; the
     * unique index on (author, key) settles concurrent retries.
     */
    async create(input: NewReleaseNote): Promise<{ id: number; created: boolean }> {
      if (input.idempotencyKey) {
        const existing = await findByIdempotencyKey(input.authorId, input.idempotencyKey);
        if (existing) return { id: existing, created: false };
      }
      try {
        const id = await db.transaction(async (tx) => {
          const [topic] = await tx
            .insert(topics)
            .values({
              boardId: input.boardId,
              authorId: input.authorId,
              title: input.title,
              publishedAt: publishedAtValue(input.publish),
              idempotencyKey: input.idempotencyKey,
            })
            .returning({ id: topics.id });
          const id = topic!.id;
          const { introduction, scenarios, precautions } = input.sections;
          await tx.insert(releaseNotes).values({
            topicId: id,
            version: input.version,
            releasedOn: input.releasedOn,
            introductionMarkdown: introduction.markdown,
            introductionHtml: introduction.html,
            scenariosMarkdown: scenarios.markdown,
            scenariosHtml: scenarios.html,
            precautionsMarkdown: precautions.markdown,
            precautionsHtml: precautions.html,
            rendererVersion: input.rendererVersion,
          });
          await tx.insert(releaseNoteRevisions).values({
            topicId: id,
            revision: 1,
            title: input.title,
            version: input.version,
            releasedOn: input.releasedOn,
            introductionMarkdown: introduction.markdown,
            scenariosMarkdown: scenarios.markdown,
            precautionsMarkdown: precautions.markdown,
            editorId: input.authorId,
          });
          await tx.insert(auditLog).values({
            actorId: input.authorId,
            action: 'release_note.created',
            subjectType: 'release_note',
            subjectId: String(id),
            details: {
              version: input.version,
              releasedOn: input.releasedOn,
              publish: input.publish.mode,
              ...(input.publish.mode === 'at' ? { publishAt: input.publish.at.toISOString() } : {}),
            },
          });
          await indexTopics(tx, [id]);
          return id;
        });
        return { id, created: true };
      } catch (error) {
        if (input.idempotencyKey && isUniqueViolation(error, 'topics_author_idempotency_unique')) {
          const existing = await findByIdempotencyKey(input.authorId, input.idempotencyKey);
          if (existing) return { id: existing, created: false };
        }
        throw error;
      }
    },

    /** Applies a partial edit under the note's row lock; one of version and date must remain. */
    async update(id: number, actorId: number, changes: ReleaseNoteChanges): Promise<void> {
      await db.transaction(async (tx) => {
        const [current] = await tx
          .select({ version: releaseNotes.version, releasedOn: releaseNotes.releasedOn })
          .from(topics)
          .innerJoin(releaseNotes, eq(releaseNotes.topicId, topics.id))
          .where(and(eq(topics.id, id), isNull(topics.deletedAt)))
          .for('update');
        if (!current) throw new AppError('NOT_FOUND', 'This release note does not exist');
        const version = changes.version !== undefined ? changes.version : current.version;
        const releasedOn = changes.releasedOn !== undefined ? changes.releasedOn : current.releasedOn;
        if (version === null && releasedOn === null) {
          throw new AppError('VALIDATION_FAILED', 'version or releasedOn is required', 'version');
        }
        await tx
          .update(topics)
          .set({
            updatedAt: sql`now()`,
            ...(changes.title !== undefined ? { title: changes.title } : {}),
            ...(changes.publish ? { publishedAt: publishedAtValue(changes.publish) } : {}),
          })
          .where(eq(topics.id, id));
        const { introduction, scenarios, precautions } = changes.sections ?? {};
        const noteChanges = {
          ...(changes.version !== undefined ? { version: changes.version } : {}),
          ...(changes.releasedOn !== undefined ? { releasedOn: changes.releasedOn } : {}),
          ...(introduction ? { introductionMarkdown: introduction.markdown, introductionHtml: introduction.html } : {}),
          ...(scenarios ? { scenariosMarkdown: scenarios.markdown, scenariosHtml: scenarios.html } : {}),
          ...(precautions ? { precautionsMarkdown: precautions.markdown, precautionsHtml: precautions.html } : {}),
        };
        if (Object.keys(noteChanges).length > 0) {
          await tx
            .update(releaseNotes)
            .set({ ...noteChanges, rendererVersion: changes.rendererVersion })
            .where(eq(releaseNotes.topicId, id));
        }
        // Snapshot the note as it now stands: every edit is a revision, nothing is lost.
        const [now] = await tx
          .select({
            title: topics.title,
            version: releaseNotes.version,
            releasedOn: releaseNotes.releasedOn,
            introductionMarkdown: releaseNotes.introductionMarkdown,
            scenariosMarkdown: releaseNotes.scenariosMarkdown,
            precautionsMarkdown: releaseNotes.precautionsMarkdown,
            revision: sql<number>`(select coalesce(max(${releaseNoteRevisions.revision}), 0) + 1 from ${releaseNoteRevisions} where ${releaseNoteRevisions.topicId} = ${id})`,
          })
          .from(topics)
          .innerJoin(releaseNotes, eq(releaseNotes.topicId, topics.id))
          .where(eq(topics.id, id));
        await tx.insert(releaseNoteRevisions).values({ topicId: id, editorId: actorId, ...now!, revision: Number(now!.revision) });
        await indexTopics(tx, [id]);
        await tx.insert(auditLog).values({
          actorId,
          action: 'release_note.updated',
          subjectType: 'release_note',
          subjectId: String(id),
          details: {
            fields: [...Object.keys(changes).filter((key) => key !== 'sections' && key !== 'rendererVersion'), ...Object.keys(changes.sections ?? {})],
            ...(changes.publish ? { publish: changes.publish.mode } : {}),
            ...(changes.publish?.mode === 'at' ? { publishAt: changes.publish.at.toISOString() } : {}),
          },
        });
      });
    },

    /** Publishes a draft or scheduled note now; a published note stays as it is. */
    async publishNow(id: number, actorId: number): Promise<{ changed: boolean }> {
      return db.transaction(async (tx) => {
        const updated = await tx
          .update(topics)
          .set({ publishedAt: sql`now()`, updatedAt: sql`now()` })
          .where(and(eq(topics.id, id), isNull(topics.deletedAt), or(isNull(topics.publishedAt), sql`${topics.publishedAt} > now()`)))
          .returning({ id: topics.id });
        if (updated.length === 0) return { changed: false };
        await indexTopics(tx, [id]);
        await tx.insert(auditLog).values({
          actorId,
          action: 'release_note.published',
          subjectType: 'release_note',
          subjectId: String(id),
          details: {},
        });
        return { changed: true };
      });
    },

    /** Notes that are out (published, visible) but not yet announced to the board's watchers, oldest first. */
    listUnannounced(limit: number) {
      return db
        .select({ topicId: releaseNotes.topicId, authorId: topics.authorId })
        .from(releaseNotes)
        .innerJoin(topics, eq(topics.id, releaseNotes.topicId))
        .where(and(isNull(releaseNotes.announcedAt), sql`${topics.publishedAt} <= now()`, isNull(topics.deletedAt), isNull(topics.hiddenAt)))
        .orderBy(topics.publishedAt)
        .limit(limit);
    },

    async markAnnounced(topicId: number): Promise<void> {
      await db.update(releaseNotes).set({ announcedAt: sql`now()` }).where(eq(releaseNotes.topicId, topicId));
    },

    /** The latest published notes of public release-notes boards, for the Atom feed. */
    feed(limit: number) {
      return db
        .select({
          id: topics.id,
          title: topics.title,
          version: releaseNotes.version,
          releasedOn: releaseNotes.releasedOn,
          publishedAt: topics.publishedAt,
          updatedAt: topics.updatedAt,
          introductionHtml: releaseNotes.introductionHtml,
          scenariosHtml: releaseNotes.scenariosHtml,
          precautionsHtml: releaseNotes.precautionsHtml,
          authorName: users.displayName,
        })
        .from(topics)
        .innerJoin(releaseNotes, eq(releaseNotes.topicId, topics.id))
        .innerJoin(boards, eq(boards.id, topics.boardId))
        .innerJoin(users, eq(users.id, topics.authorId))
        .where(and(eq(boards.kind, 'release_notes'), eq(boards.visibility, 'public'), liveTopic))
        .orderBy(desc(topics.publishedAt), desc(topics.id))
        .limit(limit);
    },
  };
}

export type ReleaseNotesRepository = ReturnType<typeof createReleaseNotesRepository>;
