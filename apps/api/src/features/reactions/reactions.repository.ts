import { and, eq, sql } from 'drizzle-orm';
import { topicReactionCounts, topicReactions, type Database } from '@townhall/db';
import type { ReactionCounts, ReactionKind } from '@townhall/contracts';

type Executor = Pick<Database, 'select'>;

/** Counts as stored (one row per kind used), with 0 for the kinds nobody used. */
export function toReactionCounts(stored: Partial<Record<string, number>> | null | undefined): ReactionCounts {
  return {
    thumbs_up: Number(stored?.thumbs_up ?? 0),
    tada: Number(stored?.tada ?? 0),
    heart: Number(stored?.heart ?? 0),
    confused: Number(stored?.confused ?? 0),
  };
}

/** A topic's counts as one jsonb value, for use as a column in a larger query (no N+1). */
export function reactionCountsColumn(topicId: unknown) {
  return sql<Record<string, number>>`(select coalesce(jsonb_object_agg(${topicReactionCounts.kind}, ${topicReactionCounts.count}), '{}'::jsonb) from ${topicReactionCounts} where ${topicReactionCounts.topicId} = ${topicId})`;
}

async function readState(db: Executor, topicId: number, userId: number | null) {
  const [counts, mine] = await Promise.all([
    db.select({ kind: topicReactionCounts.kind, count: topicReactionCounts.count }).from(topicReactionCounts).where(eq(topicReactionCounts.topicId, topicId)),
    userId === null
      ? Promise.resolve([] as { kind: ReactionKind }[])
      : db
          .select({ kind: topicReactions.kind })
          .from(topicReactions)
          .where(and(eq(topicReactions.topicId, topicId), eq(topicReactions.userId, userId))),
  ]);
  return {
    reactions: toReactionCounts(Object.fromEntries(counts.map((row) => [row.kind, row.count]))),
    viewerReactions: mine.map((row) => row.kind).sort(),
  };
}

export function createReactionsRepository(db: Database) {
  return {
    /** The counts of a topic and the kinds `userId` reacted with. */
    readState: (topicId: number, userId: number | null) => readState(db, topicId, userId),

    /**
     * Adds a reaction; a repeat is a no-op. The count moves only when this call inserted the row,
     * and the upsert on (topic, kind) serializes concurrent increments, so counts stay exact.
     */
    async add(topicId: number, userId: number, kind: ReactionKind) {
      return db.transaction(async (tx) => {
        const inserted = await tx
          .insert(topicReactions)
          .values({ topicId, userId, kind })
          .onConflictDoNothing()
          .returning({ kind: topicReactions.kind });
        if (inserted.length > 0) {
          await tx
            .insert(topicReactionCounts)
            .values({ topicId, kind, count: 1 })
            .onConflictDoUpdate({
              target: [topicReactionCounts.topicId, topicReactionCounts.kind],
              set: { count: sql`${topicReactionCounts.count} + 1` },
            });
        }
        return readState(tx, topicId, userId);
      });
    },

    /** Removes a reaction; removing one that is not there is a no-op. */
    async remove(topicId: number, userId: number, kind: ReactionKind) {
      return db.transaction(async (tx) => {
        const deleted = await tx
          .delete(topicReactions)
          .where(and(eq(topicReactions.topicId, topicId), eq(topicReactions.userId, userId), eq(topicReactions.kind, kind)))
          .returning({ kind: topicReactions.kind });
        if (deleted.length > 0) {
          await tx
            .update(topicReactionCounts)
            .set({ count: sql`greatest(${topicReactionCounts.count} - 1, 0)` })
            .where(and(eq(topicReactionCounts.topicId, topicId), eq(topicReactionCounts.kind, kind)));
        }
        return readState(tx, topicId, userId);
      });
    },
  };
}

export type ReactionsRepository = ReturnType<typeof createReactionsRepository>;
