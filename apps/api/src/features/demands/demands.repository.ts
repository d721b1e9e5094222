import { and, eq, inArray, isNull, lte, notInArray, sql } from 'drizzle-orm';
import {
  auditLog,
  boards,
  demandSources,
  demands,
  organizations,
  releaseNoteDemands,
  releaseNotes,
  topicVotes,
  topics,
  users,
  type Database,
  newestFirst,
  type Transaction,
} from '@townhall/db';
import type { AuditAction, DemandStatus, DemandVerdict, OrganizationTier, ValueKind } from '@townhall/domain';
import { indexDemands } from '../search/search-index.repository.ts';


export type DemandRow = typeof demands.$inferSelect;

export type DemandAskerRow = {
  demandId: number;
  userId: number;
  displayName: string;
  organizationId: number | null;
  organizationName: string | null;
  tier: OrganizationTier | null;
  asked: boolean;
  voted: boolean;
};

/** Why a question cannot become a source: it is not a live question, or it has a demand already. */
export type SourceProblem = { topicId: number; problem: 'NOT_A_QUESTION' | 'ALREADY_IN_DEMAND' };

async function audit(tx: Transaction, actorId: number, action: AuditAction, demandId: number, details: Record<string, unknown>) {
  await tx.insert(auditLog).values({ actorId, action, subjectType: 'demand', subjectId: String(demandId), details });
}

/** Questions that may become sources: live topics on a Q&A board, in no demand yet. Locks nothing: the primary key settles races. */
async function checkSources(tx: Transaction | Database, topicIds: number[], demandId: number | null): Promise<SourceProblem[]> {
  if (topicIds.length === 0) return [];
  const rows = await tx
    .select({ id: topics.id, boardKind: boards.kind, deletedAt: topics.deletedAt, demandId: demandSources.demandId })
    .from(topics)
    .innerJoin(boards, eq(boards.id, topics.boardId))
    .leftJoin(demandSources, eq(demandSources.topicId, topics.id))
    .where(inArray(topics.id, topicIds));
  const byId = new Map(rows.map((row) => [row.id, row]));
  return topicIds.flatMap((topicId): SourceProblem[] => {
    const row = byId.get(topicId);
    if (!row || row.boardKind !== 'qa' || row.deletedAt !== null) return [{ topicId, problem: 'NOT_A_QUESTION' }];
    if (row.demandId !== null && row.demandId !== demandId) return [{ topicId, problem: 'ALREADY_IN_DEMAND' }];
    return [];
  });
}

export function createDemandsRepository(db: Database) {
  // Every topic page asks whether its question feeds a demand.
  const demandForTopic = db
    .select({ demand: demands })
    .from(demandSources)
    .innerJoin(demands, eq(demands.id, demandSources.demandId))
    .where(eq(demandSources.topicId, sql.placeholder('topicId')))
    .prepare('demands_for_topic');
  return {
    /** Creates a demand with its source questions (and its search document), audited, in one transaction. */
    async create(input: { title: string; description: string; sourceTopicIds: number[]; actorId: number }): Promise<{ id: number } | { problems: SourceProblem[] }> {
      return db.transaction(async (tx) => {
        const problems = await checkSources(tx, input.sourceTopicIds, null);
        if (problems.length > 0) return { problems };
        const [row] = await tx
          .insert(demands)
          .values({ title: input.title, description: input.description, createdById: input.actorId })
          .returning({ id: demands.id });
        const id = row!.id;
        if (input.sourceTopicIds.length > 0) {
          await tx.insert(demandSources).values(input.sourceTopicIds.map((topicId) => ({ topicId, demandId: id, addedById: input.actorId })));
        }
        await indexDemands(tx, [id]);
        await audit(tx, input.actorId, 'demand.create', id, { title: input.title, sourceTopicIds: input.sourceTopicIds });
        return { id };
      });
    },

    /** Merges more questions into a demand; questions already in it are kept as they are. */
    async addSources(demandId: number, topicIds: number[], actorId: number): Promise<{ ok: true } | { problems: SourceProblem[] }> {
      return db.transaction(async (tx) => {
        const problems = await checkSources(tx, topicIds, demandId);
        if (problems.length > 0) return { problems };
        await tx
          .insert(demandSources)
          .values(topicIds.map((topicId) => ({ topicId, demandId, addedById: actorId })))
          .onConflictDoNothing();
        await tx.update(demands).set({ updatedAt: sql`now()` }).where(eq(demands.id, demandId));
        await audit(tx, actorId, 'demand.merge', demandId, { topicIds });
        return { ok: true as const };
      });
    },

    /**
     * Takes a question back out of a demand (merged by mistake, or no longer the same request):
     * the question stays as it was, its askers and votes stop counting for the demand. False when
     * it was not a source of this demand.
     */
    async removeSource(demandId: number, topicId: number, actorId: number): Promise<boolean> {
      return db.transaction(async (tx) => {
        const removed = await tx
          .delete(demandSources)
          .where(and(eq(demandSources.demandId, demandId), eq(demandSources.topicId, topicId)))
          .returning({ topicId: demandSources.topicId });
        if (removed.length === 0) return false;
        await tx.update(demands).set({ updatedAt: sql`now()` }).where(eq(demands.id, demandId));
        await audit(tx, actorId, 'demand.unmerge', demandId, { topicId });
        return true;
      });
    },

    async update(demandId: number, changes: { title?: string; description?: string }, actorId: number): Promise<void> {
      await db.transaction(async (tx) => {
        await tx
          .update(demands)
          .set({ ...changes, updatedAt: sql`now()` })
          .where(eq(demands.id, demandId));
        await indexDemands(tx, [demandId]);
        await audit(tx, actorId, 'demand.edit', demandId, changes);
      });
    },

    async score(
      demandId: number,
      input: { userValue: number; businessValue: number; valueKinds: ValueKind[]; override: { verdict: DemandVerdict; reason: string } | null },
      actorId: number,
      at: Date,
    ): Promise<void> {
      await db.transaction(async (tx) => {
        await tx
          .update(demands)
          .set({
            userValue: input.userValue,
            businessValue: input.businessValue,
            valueKinds: input.valueKinds,
            verdictOverride: input.override?.verdict ?? null,
            overrideReason: input.override?.reason ?? null,
            scoredById: actorId,
            scoredAt: at,
            updatedAt: sql`now()`,
          })
          .where(eq(demands.id, demandId));
        await audit(tx, actorId, 'demand.score', demandId, input);
      });
    },

    /** Moves the status when it is still `from` (a concurrent change wins, and this reports false). */
    async setStatus(demandId: number, from: DemandStatus, to: DemandStatus, reason: string | null, actorId: number): Promise<boolean> {
      return db.transaction(async (tx) => {
        const changed = await tx
          .update(demands)
          .set({ status: to, declineReason: to === 'declined' ? reason : null, updatedAt: sql`now()` })
          .where(and(eq(demands.id, demandId), eq(demands.status, from)))
          .returning({ id: demands.id });
        if (changed.length === 0) return false;
        await audit(tx, actorId, 'demand.status', demandId, { from, to, reason });
        return true;
      });
    },

    async find(id: number): Promise<DemandRow | undefined> {
      const [row] = await db.select().from(demands).where(eq(demands.id, id));
      return row;
    },

    /** Demands with the given statuses (all when empty), newest first. */
    list(statuses: DemandStatus[]): Promise<DemandRow[]> {
      return db
        .select()
        .from(demands)
        .where(statuses.length > 0 ? inArray(demands.status, statuses) : undefined)
        .orderBy(newestFirst(demands.id));
    },

    /**
     * Who asked (wrote a source question) or voted "me too" on one, per demand, with their
     * organization and tier as they are now. Customers only: staff writing a question on
     * someone's behalf are not askers. Deleted questions do not count.
     */
    async askers(demandIds: number[]): Promise<DemandAskerRow[]> {
      if (demandIds.length === 0) return [];
      const asked = db
        .select({ demandId: demandSources.demandId, userId: sql<number>`${topics.authorId}`.as('user_id'), asked: sql<boolean>`true`.as('asked'), voted: sql<boolean>`false`.as('voted') })
        .from(demandSources)
        .innerJoin(topics, eq(topics.id, demandSources.topicId))
        .where(and(inArray(demandSources.demandId, demandIds), isNull(topics.deletedAt)));
      const voted = db
        .select({ demandId: demandSources.demandId, userId: sql<number>`${topicVotes.userId}`.as('user_id'), asked: sql<boolean>`false`.as('asked'), voted: sql<boolean>`true`.as('voted') })
        .from(demandSources)
        .innerJoin(topics, eq(topics.id, demandSources.topicId))
        .innerJoin(topicVotes, eq(topicVotes.topicId, demandSources.topicId))
        .where(and(inArray(demandSources.demandId, demandIds), isNull(topics.deletedAt)));
      const people = asked.unionAll(voted).as('people');
      const rows = await db
        .select({
          demandId: people.demandId,
          userId: users.id,
          displayName: users.displayName,
          organizationId: organizations.id,
          organizationName: organizations.name,
          tier: organizations.tier,
          asked: sql<boolean>`bool_or(${people.asked})`,
          voted: sql<boolean>`bool_or(${people.voted})`,
        })
        .from(people)
        .innerJoin(users, eq(users.id, people.userId))
        .leftJoin(organizations, eq(organizations.id, users.organizationId))
        .where(eq(users.role, 'customer'))
        .groupBy(people.demandId, users.id, organizations.id)
        .orderBy(people.demandId, users.id);
      return rows.map((row) => ({ ...row, demandId: Number(row.demandId), asked: Boolean(row.asked), voted: Boolean(row.voted) }));
    },

    /** Source questions per demand. */
    sources(demandIds: number[]) {
      if (demandIds.length === 0) return Promise.resolve([]);
      return db
        .select({
          demandId: demandSources.demandId,
          id: topics.id,
          title: topics.title,
          status: topics.status,
          voteCount: topics.voteCount,
          boardSlug: boards.slug,
          deletedAt: topics.deletedAt,
        })
        .from(demandSources)
        .innerJoin(topics, eq(topics.id, demandSources.topicId))
        .innerJoin(boards, eq(boards.id, topics.boardId))
        .where(inArray(demandSources.demandId, demandIds))
        .orderBy(demandSources.createdAt, topics.id);
    },

    /**
     * The release notes that shipped these demands, for "shipped in <version>". `publishedOnly`
     * (for readers other than staff) leaves out a note taken back since: a draft again, hidden or
     * deleted, whose title and version only staff may read.
     */
    shippedIn(noteIds: number[], { publishedOnly }: { publishedOnly: boolean }) {
      if (noteIds.length === 0) return Promise.resolve([]);
      return db
        .select({ noteId: topics.id, title: topics.title, version: releaseNotes.version })
        .from(topics)
        .innerJoin(releaseNotes, eq(releaseNotes.topicId, topics.id))
        .where(
          and(
            inArray(topics.id, noteIds),
            publishedOnly ? and(isNull(topics.deletedAt), isNull(topics.hiddenAt), lte(topics.publishedAt, sql`now()`)) : undefined,
          ),
        );
    },

    /** The demand a question is a source of, if any. */
    async forTopic(topicId: number): Promise<DemandRow | undefined> {
      const [row] = await demandForTopic.execute({ topicId });
      return row?.demand;
    },

    /** Which of these ids are demands. */
    async existing(ids: number[]): Promise<number[]> {
      if (ids.length === 0) return [];
      const rows = await db.select({ id: demands.id }).from(demands).where(inArray(demands.id, ids));
      return rows.map((row) => row.id);
    },

    /** The demands a release note ships. */
    linkedToNote(noteId: number) {
      return db
        .select({ id: demands.id, title: demands.title, status: demands.status })
        .from(releaseNoteDemands)
        .innerJoin(demands, eq(demands.id, releaseNoteDemands.demandId))
        .where(eq(releaseNoteDemands.noteId, noteId))
        .orderBy(demands.id);
    },

    /**
     * Replaces the demands a note ships. Links to demands another note already shipped are left
     * alone; links to ones this note shipped stay, since shipping is not undone.
     */
    async linkToNote(noteId: number, demandIds: number[], actorId: number): Promise<void> {
      await db.transaction(async (tx) => {
        await tx
          .delete(releaseNoteDemands)
          .where(
            and(
              eq(releaseNoteDemands.noteId, noteId),
              demandIds.length > 0 ? notInArray(releaseNoteDemands.demandId, demandIds) : undefined,
              sql`not exists (select 1 from ${demands} where ${demands.id} = ${releaseNoteDemands.demandId} and ${demands.shippedNoteId} = ${noteId})`,
            ),
          );
        if (demandIds.length > 0) {
          await tx.insert(releaseNoteDemands).values(demandIds.map((demandId) => ({ noteId, demandId }))).onConflictDoNothing();
        }
        await tx.insert(auditLog).values({ actorId, action: 'releaseNote.linkDemands', subjectType: 'topic', subjectId: String(noteId), details: { demandIds } });
      });
    },

    /**
     * Ships the demands linked to a note that is out: those not shipped by another note become
     * shipped by this one. Returns every demand this note shipped (now or on an earlier run), so
     * a retry after a failed notification tells the askers still.
     */
    async shipLinkedDemands(noteId: number, at: Date): Promise<{ id: number; title: string }[]> {
      return db.transaction(async (tx) => {
        const shipping = await tx
          .update(demands)
          .set({ status: 'shipped', shippedNoteId: noteId, shippedAt: at, declineReason: null, updatedAt: sql`now()` })
          .where(
            and(
              inArray(demands.id, tx.select({ id: releaseNoteDemands.demandId }).from(releaseNoteDemands).where(eq(releaseNoteDemands.noteId, noteId))),
              isNull(demands.shippedNoteId),
            ),
          )
          .returning({ id: demands.id });
        if (shipping.length > 0) {
          await tx.insert(auditLog).values(
            shipping.map((row) => ({ actorId: null, action: 'demand.ship' as const, subjectType: 'demand', subjectId: String(row.id), details: { noteId } })),
          );
        }
        return tx.select({ id: demands.id, title: demands.title }).from(demands).where(eq(demands.shippedNoteId, noteId)).orderBy(demands.id);
      });
    },

    /** Whether a note is out, as the announcement job sees it: published by now, not hidden, not deleted. */
    async noteIsOut(noteId: number): Promise<boolean> {
      const [row] = await db
        .select({
          out: sql<boolean>`${topics.publishedAt} is not null and ${topics.publishedAt} <= now() and ${topics.hiddenAt} is null and ${topics.deletedAt} is null`,
        })
        .from(topics)
        .where(eq(topics.id, noteId));
      return Boolean(row?.out);
    },

    /** Askers of several demands at once, for notifying: every customer who asked or voted, per demand. */
    async askerIds(demandIds: number[]): Promise<{ demandId: number; userId: number }[]> {
      const rows = await this.askers(demandIds);
      return rows.map((row) => ({ demandId: row.demandId, userId: row.userId }));
    },
  };
}

export type DemandsRepository = ReturnType<typeof createDemandsRepository>;


