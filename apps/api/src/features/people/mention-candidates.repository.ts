import { and, asc, eq, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm';
import { posts, users, type Database } from '@townhall/db';

export type MentionCandidatesRequest = {
  /** What was typed after `@`. */
  query: string;
  /** A topic the reader may read: its posters come first. */
  topicId: number | null;
  limit: number;
};

const handlePrefix = /^[a-z0-9][a-z0-9_.-]*$/;
const letterOrDigit = /[\p{L}\p{N}]/u;

/** `'text':*`, the text as one quoted lexeme (phrase) with a prefix match, quotes and backslashes escaped. */
function prefixTsQuery(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "''")}':*`;
}

/** `text%` for LIKE, with LIKE's wildcards in the text escaped (handles may contain `_`). */
function likePrefix(text: string): string {
  return `${text.replace(/[\\%_]/g, '\\$&')}%`;
}

/** People to offer while someone types `@…`: one query, on the two prefix indexes of `users`. */
export function createMentionCandidatesRepository(db: Database) {
  return {
    /**
     * Active people whose handle starts with the query or one of whose display-name words does
     * (case-insensitive): an exact handle first, then people who posted in the topic (latest
     * poster first), then by handle.
     */
    async find({ query, topicId, limit }: MentionCandidatesRequest) {
      const handle = query.toLowerCase();
      const matches: SQL[] = [];
      // The expressions are those of users_handle_prefix_idx and users_display_name_words_idx.
      if (handlePrefix.test(handle)) matches.push(sql`${users.handle} like ${likePrefix(handle)}`);
      if (letterOrDigit.test(query)) {
        matches.push(sql`to_tsvector('simple', ${users.displayName}) @@ to_tsquery('simple', ${prefixTsQuery(query)})`);
      }
      if (matches.length === 0) return [];

      const participants =
        topicId === null
          ? null
          : db
              .select({ authorId: posts.authorId, lastPostNumber: sql<number>`max(${posts.postNumber})`.as('last_post_number') })
              .from(posts)
              .where(and(eq(posts.topicId, topicId), isNull(posts.deletedAt), isNull(posts.hiddenAt)))
              .groupBy(posts.authorId)
              .as('participants');

      const candidates = db
        .select({ id: users.id, handle: users.handle, displayName: users.displayName, role: users.role })
        .from(users)
        .$dynamic();
      if (participants) candidates.leftJoin(participants, eq(participants.authorId, users.id));
      const rows = await candidates
        .where(and(isNull(users.deactivatedAt), isNotNull(users.handle), or(...matches)))
        .orderBy(
          sql`${users.handle} = ${handle} desc`,
          ...(participants ? [sql`${participants.lastPostNumber} desc nulls last`] : []),
          asc(users.handle),
        )
        .limit(limit);
      return rows.map((row) => ({ ...row, handle: row.handle! }));
    },
  };
}
