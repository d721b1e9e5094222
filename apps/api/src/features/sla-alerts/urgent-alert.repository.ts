import { eq } from 'drizzle-orm';
import { topicSla, topics, type Database } from '@townhall/db';
import type { DigestItem } from '@townhall/domain';

export function createUrgentAlertRepository(db: Database) {
  return {
    /** One question's running clock as a digest item, or null when it has none running. */
    async digestItem(topicId: number): Promise<DigestItem | null> {
      const [row] = await db
        .select({
          topicId: topicSla.topicId,
          title: topics.title,
          boardId: topics.boardId,
          tier: topicSla.tier,
          dueAt: topicSla.dueAt,
          state: topicSla.state,
          assigneeId: topicSla.assigneeId,
        })
        .from(topicSla)
        .innerJoin(topics, eq(topics.id, topicSla.topicId))
        .where(eq(topicSla.topicId, topicId));
      return row ? { ...row, urgent: true } : null;
    },
  };
}
