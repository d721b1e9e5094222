import { and, asc, desc, eq, isNull, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { boards, organizations, slaFirstResponses, topicSla, topics, users, type Database } from '@townhall/db';
import type { OrganizationTier } from '@townhall/domain';

/** Which questions the figures cover: asked in [startsAt, endsBefore), optionally one board, tier or organization. */
export type SlaMetricsFilter = {
  startsAt: Date;
  endsBefore: Date;
  boardId: number | null;
  tier: OrganizationTier | null;
  /** An organization id, `none` for customers without one, or null for all. */
  organization: number | 'none' | null;
  timeZone: string;
  /** Running clocks past their deadline at this moment count as breached. */
  now: Date;
};

export type SlaMetricsDimension = 'overall' | 'week' | 'organization' | 'tier' | 'board' | 'staff';

/** Raw figures of one group: what the answered clocks say, and how many still-running clocks breached. */
export type SlaMetricsGroup = {
  key: string;
  label: string;
  answered: number;
  met: number;
  breachedAnswered: number;
  openBreached: number;
  medianMinutes: number | null;
  p90Minutes: number | null;
};

const responders = alias(users, 'responders');
const askers = alias(users, 'askers');

export function createSlaMetricsRepository(db: Database) {
  /** The stopped clocks of the filter: `sla_first_responses` through `sla_first_responses_started_idx`. */
  const answeredWhere = (filter: SlaMetricsFilter) =>
    and(
      sql`${slaFirstResponses.startedAt} >= ${filter.startsAt.toISOString()}::timestamptz`,
      sql`${slaFirstResponses.startedAt} < ${filter.endsBefore.toISOString()}::timestamptz`,
      isNull(topics.deletedAt),
      filter.boardId === null ? undefined : eq(topics.boardId, filter.boardId),
      filter.tier === null ? undefined : eq(slaFirstResponses.tier, filter.tier),
      filter.organization === null
        ? undefined
        : filter.organization === 'none'
          ? isNull(slaFirstResponses.organizationId)
          : eq(slaFirstResponses.organizationId, filter.organization),
    );

  /** First-response clocks still running (or paused) after their deadline: breached, not answered yet. */
  const openBreachedWhere = (filter: SlaMetricsFilter) =>
    and(
      eq(topicSla.kind, 'first'),
      or(
        and(eq(topicSla.state, 'within'), sql`${topicSla.dueAt} <= ${filter.now.toISOString()}::timestamptz`),
        and(eq(topicSla.state, 'paused'), sql`${topicSla.pausedAt} >= ${topicSla.dueAt}`),
      ),
      sql`${topicSla.startedAt} >= ${filter.startsAt.toISOString()}::timestamptz`,
      sql`${topicSla.startedAt} < ${filter.endsBefore.toISOString()}::timestamptz`,
      isNull(topics.deletedAt),
      filter.boardId === null ? undefined : eq(topics.boardId, filter.boardId),
      filter.tier === null ? undefined : eq(topicSla.tier, filter.tier),
      filter.organization === null
        ? undefined
        : filter.organization === 'none'
          ? isNull(askers.organizationId)
          : eq(askers.organizationId, filter.organization),
    );

  /** The group key and label of a dimension, for the answered and the open-breached sides. */
  function groupOf(dimension: SlaMetricsDimension, filter: SlaMetricsFilter, side: 'answered' | 'open'): { key: SQL<string>; label: SQL<string> } {
    const startedAt = side === 'answered' ? slaFirstResponses.startedAt : topicSla.startedAt;
    const tier = side === 'answered' ? slaFirstResponses.tier : topicSla.tier;
    const organizationId = side === 'answered' ? slaFirstResponses.organizationId : askers.organizationId;
    switch (dimension) {
      case 'overall':
        return { key: sql<string>`'all'`, label: sql<string>`'All questions'` };
      case 'week': {
        // ISO weeks (Monday) in the workspace time zone, as `weekStartOf` in the domain.
        const week = sql<string>`to_char(date_trunc('week', ${startedAt} at time zone ${filter.timeZone}), 'YYYY-MM-DD')`;
        return { key: week, label: week };
      }
      case 'organization':
        return { key: sql<string>`coalesce(${organizationId}::text, 'none')`, label: sql<string>`coalesce(${organizations.name}, 'No organization')` };
      case 'tier':
        return { key: sql<string>`${tier}::text`, label: sql<string>`${tier}::text` };
      case 'board':
        return { key: sql<string>`${topics.boardId}::text`, label: sql<string>`${boards.name}` };
      case 'staff':
        return { key: sql<string>`${slaFirstResponses.responderId}::text`, label: sql<string>`${responders.displayName}` };
    }
  }

  async function answeredGroups(dimension: SlaMetricsDimension, filter: SlaMetricsFilter) {
    const { key, label } = groupOf(dimension, filter, 'answered');
    const query = db
      .select({
        key,
        label,
        answered: sql<number>`count(*)::int`.mapWith(Number),
        met: sql<number>`(count(*) filter (where ${slaFirstResponses.met}))::int`.mapWith(Number),
        medianMinutes: sql<number | null>`percentile_cont(0.5) within group (order by ${slaFirstResponses.businessMinutes})`,
        p90Minutes: sql<number | null>`percentile_cont(0.9) within group (order by ${slaFirstResponses.businessMinutes})`,
      })
      .from(slaFirstResponses)
      .innerJoin(topics, eq(topics.id, slaFirstResponses.topicId))
      .innerJoin(boards, eq(boards.id, topics.boardId))
      .leftJoin(organizations, eq(organizations.id, slaFirstResponses.organizationId))
      .leftJoin(responders, eq(responders.id, slaFirstResponses.responderId))
      .where(and(answeredWhere(filter), dimension === 'staff' ? sql`${slaFirstResponses.responderId} is not null` : undefined))
      .$dynamic();
    // Grouped by position: the week expression carries the time zone as a parameter.
    return dimension === 'overall' ? query : query.groupBy(sql`1`, sql`2`).orderBy(sql`1`);
  }

  async function openBreachedGroups(dimension: SlaMetricsDimension, filter: SlaMetricsFilter) {
    // Nobody has answered these yet: they belong to no staff member.
    if (dimension === 'staff') return [];
    const { key, label } = groupOf(dimension, filter, 'open');
    const query = db
      .select({ key, label, openBreached: sql<number>`count(*)::int`.mapWith(Number) })
      .from(topicSla)
      .innerJoin(topics, eq(topics.id, topicSla.topicId))
      .innerJoin(boards, eq(boards.id, topics.boardId))
      .innerJoin(askers, eq(askers.id, topics.authorId))
      .leftJoin(organizations, eq(organizations.id, askers.organizationId))
      .where(openBreachedWhere(filter))
      .$dynamic();
    return dimension === 'overall' ? query : query.groupBy(sql`1`, sql`2`).orderBy(sql`1`);
  }

  return {
    /**
     * First-response figures of the filter's questions grouped by a dimension: per group, the
     * answered clocks (met, median and p90 business minutes by `percentile_cont`) and the clocks
     * still running past their deadline. Two grouped queries; nothing is computed per row here.
     */
    async groups(dimension: SlaMetricsDimension, filter: SlaMetricsFilter): Promise<SlaMetricsGroup[]> {
      const [answered, open] = await Promise.all([answeredGroups(dimension, filter), openBreachedGroups(dimension, filter)]);
      const byKey = new Map<string, SlaMetricsGroup>();
      for (const row of answered) {
        if (row.answered === 0 && dimension === 'overall') continue;
        byKey.set(row.key, {
          key: row.key,
          label: row.label,
          answered: row.answered,
          met: row.met,
          breachedAnswered: row.answered - row.met,
          openBreached: 0,
          medianMinutes: row.medianMinutes === null ? null : Number(row.medianMinutes),
          p90Minutes: row.p90Minutes === null ? null : Number(row.p90Minutes),
        });
      }
      for (const row of open) {
        if (row.openBreached === 0) continue;
        const group = byKey.get(row.key);
        if (group) group.openBreached = row.openBreached;
        else byKey.set(row.key, { key: row.key, label: row.label, answered: 0, met: 0, breachedAnswered: 0, openBreached: row.openBreached, medianMinutes: null, p90Minutes: null });
      }
      return [...byKey.values()];
    },

    /** An organization's name and tier; null when there is no such organization. */
    async findOrganization(id: number) {
      const [row] = await db.select({ id: organizations.id, name: organizations.name, tier: organizations.tier }).from(organizations).where(eq(organizations.id, id));
      return row ?? null;
    },

    /**
     * The filter's first-response breaches, most recently asked first: answered late (from
     * `sla_first_responses`) and still unanswered past the deadline. At most `limit` of each kind
     * are read; the caller merges and cuts.
     */
    async listBreaches(filter: SlaMetricsFilter, limit: number) {
      const [late, open] = await Promise.all([
        db
          .select({
            topicId: topics.id,
            title: topics.title,
            boardSlug: boards.slug,
            boardName: boards.name,
            askerName: askers.displayName,
            tier: slaFirstResponses.tier,
            askedAt: slaFirstResponses.startedAt,
            dueAt: slaFirstResponses.dueAt,
            targetMinutes: slaFirstResponses.targetMinutes,
            respondedAt: slaFirstResponses.respondedAt,
            businessMinutes: slaFirstResponses.businessMinutes,
            responderName: responders.displayName,
          })
          .from(slaFirstResponses)
          .innerJoin(topics, eq(topics.id, slaFirstResponses.topicId))
          .innerJoin(boards, eq(boards.id, topics.boardId))
          .innerJoin(askers, eq(askers.id, topics.authorId))
          .leftJoin(responders, eq(responders.id, slaFirstResponses.responderId))
          .where(and(answeredWhere(filter), eq(slaFirstResponses.met, false)))
          .orderBy(desc(slaFirstResponses.startedAt), asc(topics.id))
          .limit(limit + 1),
        db
          .select({
            topicId: topics.id,
            title: topics.title,
            boardSlug: boards.slug,
            boardName: boards.name,
            askerName: askers.displayName,
            tier: topicSla.tier,
            askedAt: topicSla.startedAt,
            dueAt: topicSla.dueAt,
            targetMinutes: topicSla.targetMinutes,
          })
          .from(topicSla)
          .innerJoin(topics, eq(topics.id, topicSla.topicId))
          .innerJoin(boards, eq(boards.id, topics.boardId))
          .innerJoin(askers, eq(askers.id, topics.authorId))
          .where(openBreachedWhere(filter))
          .orderBy(desc(topicSla.startedAt), asc(topics.id))
          .limit(limit + 1),
      ]);
      const rows = [
        ...late,
        ...open.map((row) => ({ ...row, respondedAt: null, businessMinutes: null, responderName: null })),
      ].sort((a, b) => b.askedAt.getTime() - a.askedAt.getTime() || a.topicId - b.topicId);
      return { rows: rows.slice(0, limit), truncated: rows.length > limit };
    },
  };
}

export type SlaMetricsRepository = ReturnType<typeof createSlaMetricsRepository>;
