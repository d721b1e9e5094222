import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody, NextCheckIn, OrganizationSlaParams, OrganizationSlaReport, SlaMetrics, SlaMetricsQuery, SlaReportCsv } from '@townhall/contracts';
import {
  attainmentPercent,
  buildCheckInDigest,
  organizationTiers,
  resolveSlaMetricsRange,
  roundMetricMinutes,
  upcomingCheckIn,
  weeksInRange,
  type DigestItem,
} from '@townhall/domain';
import { AppError } from '../../errors.ts';
import { toCsv } from '../beta/applications-csv.ts';
import { createBoardsRepository } from '../boards/boards.repository.ts';
import { createSlaRepository } from '../sla/sla.repository.ts';
import { createSlaMetricsRepository, type SlaMetricsDimension, type SlaMetricsFilter, type SlaMetricsGroup } from './sla-metrics.repository.ts';

const refusals = { 401: ErrorBody, 403: ErrorBody };
// The organization report lists this many breaches; its CSV up to `maxCsvBreaches`.
const maxListedBreaches = 200;
const maxCsvBreaches = 5000;

const tierLabels = { head: 'Head', waist: 'Waist', tail: 'Tail' } as const;

/** A group's figures on the wire: settled = answered + still-running breaches. */
function toMetricsRow(group: SlaMetricsGroup) {
  const settled = group.answered + group.openBreached;
  return {
    key: group.key,
    label: group.label,
    settled,
    met: group.met,
    breached: group.breachedAnswered + group.openBreached,
    attainmentPercent: attainmentPercent({ met: group.met, settled }),
    answered: group.answered,
    medianMinutes: roundMetricMinutes(group.medianMinutes),
    p90Minutes: roundMetricMinutes(group.p90Minutes),
  };
}

const emptyGroup = (key: string, label: string): SlaMetricsGroup => ({
  key,
  label,
  answered: 0,
  met: 0,
  breachedAnswered: 0,
  openBreached: 0,
  medianMinutes: null,
  p90Minutes: null,
});

/** Rows for every key in `keys` (empty ones included), in that order. */
function filled(groups: SlaMetricsGroup[], keys: { key: string; label: string }[]) {
  const byKey = new Map(groups.map((group) => [group.key, group]));
  return keys.map(({ key, label }) => toMetricsRow({ ...(byKey.get(key) ?? emptyGroup(key, label)), label }));
}

const byLabel = (groups: SlaMetricsGroup[]) => groups.map(toMetricsRow).sort((a, b) => a.label.localeCompare(b.label) || a.key.localeCompare(b.key));

/**
 * The staff dashboard: the check-in now open or next to open with what the reader's digest for
 * it holds, first-response metrics (business minutes, attainment) by week, organization, tier,
 * board and responder, and an organization's report with its breaches (JSON and CSV).
 */
export const slaDashboardRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const sla = createSlaRepository(app.db);
  const metrics = createSlaMetricsRepository(app.db);
  const boards = createBoardsRepository(app.db);

  app.get(
    '/staff/next-check-in',
    {
      config: { access: { action: 'sla.read' } },
      schema: { tags: ['sla'], summary: 'The check-in window now open or next to open, and what my digest for it holds now', response: { 200: NextCheckIn, ...refusals } },
    },
    async (request) => {
      const now = app.clock.now();
      const viewerId = request.viewer.user!.id;
      const { settings } = await sla.readSettings();
      const upcoming = upcomingCheckIn({ settings, now });
      const empty = { breached: [], dueThisWindow: [], dueBeforeNextWindow: [] };
      if (!upcoming) return { now: now.toISOString(), timeZone: settings.timeZone, window: null, nextWindowOpensAt: null, noDigestReason: null, ...empty };
      const { window, nextWindow } = upcoming;
      const [items, staff] = await Promise.all([sla.listDigestItems({ dueBefore: nextWindow.opensAt }), sla.listStaffCoverage()]);
      const { digests } = buildCheckInDigest({ window, nextWindow, timeZone: settings.timeZone, items, staff });
      const mine = digests.find((digest) => digest.recipientId === viewerId);
      const me = staff.find((member) => member.id === viewerId);
      const toItem = (item: DigestItem) => ({ topicId: item.topicId, title: item.title, tier: item.tier, dueAt: item.dueAt.toISOString(), urgent: item.urgent, assigneeId: item.assigneeId });
      return {
        now: now.toISOString(),
        timeZone: settings.timeZone,
        window: { opensAt: window.opensAt.toISOString(), closesAt: window.closesAt.toISOString() },
        nextWindowOpensAt: nextWindow.opensAt.getTime() === window.opensAt.getTime() ? null : nextWindow.opensAt.toISOString(),
        noDigestReason: mine ? null : me && (me.role === 'pm' || me.role === 'ops') ? ('day_off' as const) : ('not_on_rota' as const),
        breached: mine?.breached.map(toItem) ?? [],
        dueThisWindow: mine?.dueThisWindow.map(toItem) ?? [],
        dueBeforeNextWindow: mine?.dueBeforeNextWindow.map(toItem) ?? [],
      };
    },
  );

  /** The filter of a metrics request, with the period checked on the workspace calendar. */
  async function metricsFilter(query: { from?: string; to?: string; board?: string; tier?: SlaMetricsFilter['tier'] }, organization: SlaMetricsFilter['organization']) {
    const now = app.clock.now();
    const { settings } = await sla.readSettings();
    const range = resolveSlaMetricsRange({ from: query.from, to: query.to, now, timeZone: settings.timeZone });
    if (!range.ok) throw new AppError('VALIDATION_FAILED', `${range.field}: ${range.reason}`, range.field);
    let boardId: number | null = null;
    if (query.board !== undefined) {
      const board = await boards.findBySlug(query.board);
      if (!board) throw new AppError('VALIDATION_FAILED', `board: no board is called "${query.board}"`, 'board');
      boardId = board.id;
    }
    const filter: SlaMetricsFilter = { startsAt: range.startsAt, endsBefore: range.endsBefore, boardId, tier: query.tier ?? null, organization, timeZone: settings.timeZone, now };
    return { filter, range };
  }

  const overallOf = (groups: SlaMetricsGroup[]) => toMetricsRow(groups[0] ? { ...groups[0], key: 'all', label: 'All questions' } : emptyGroup('all', 'All questions'));
  const weeksOf = (groups: SlaMetricsGroup[], range: { from: string; to: string }) =>
    filled(groups, weeksInRange(range).map((week) => ({ key: week, label: week })));

  app.get(
    '/staff/sla-metrics',
    {
      config: { access: { action: 'sla.read' } },
      schema: {
        tags: ['sla'],
        summary: 'First-response time (median, p90, business minutes) and SLA attainment of questions asked in a period, by week, organization, tier, board and responder',
        querystring: SlaMetricsQuery,
        response: { 200: SlaMetrics, 400: ErrorBody, ...refusals },
      },
    },
    async (request) => {
      const { filter, range } = await metricsFilter(request.query, null);
      const dimensions: SlaMetricsDimension[] = ['overall', 'week', 'organization', 'tier', 'board', 'staff'];
      const [overall, weeks, organizations, tiers, boardGroups, staff] = await Promise.all(dimensions.map((dimension) => metrics.groups(dimension, filter)));
      return {
        from: range.from,
        to: range.to,
        timeZone: filter.timeZone,
        overall: overallOf(overall!),
        weeks: weeksOf(weeks!, range),
        organizations: byLabel(organizations!),
        tiers: filled(tiers!, organizationTiers.map((tier) => ({ key: tier, label: tierLabels[tier] }))),
        boards: byLabel(boardGroups!),
        staff: byLabel(staff!),
      };
    },
  );

  /** The organization a report is about: an id, or `none`; 404 for an unknown id. */
  async function reportOrganization(id: string) {
    if (id === 'none') return { filter: 'none' as const, organization: { key: 'none', name: 'No organization', tier: null } };
    const found = await metrics.findOrganization(Number(id));
    if (!found) throw new AppError('NOT_FOUND', 'No organization has this id');
    return { filter: found.id, organization: { key: String(found.id), name: found.name, tier: found.tier } };
  }

  const toBreach = (row: Awaited<ReturnType<typeof metrics.listBreaches>>['rows'][number]) => ({
    topicId: row.topicId,
    title: row.title,
    board: { slug: row.boardSlug, name: row.boardName },
    askerName: row.askerName,
    tier: row.tier,
    askedAt: row.askedAt.toISOString(),
    dueAt: row.dueAt.toISOString(),
    targetMinutes: row.targetMinutes,
    respondedAt: row.respondedAt?.toISOString() ?? null,
    businessMinutes: roundMetricMinutes(row.businessMinutes),
    responderName: row.responderName,
  });

  app.get(
    '/staff/sla-metrics/organizations/:id',
    {
      config: { access: { action: 'sla.read' } },
      schema: {
        tags: ['sla'],
        summary: "An organization's account review: its first-response figures by week and board, and its breaches (`none`: customers without an organization)",
        params: OrganizationSlaParams,
        querystring: SlaMetricsQuery,
        response: { 200: OrganizationSlaReport, 400: ErrorBody, 404: ErrorBody, ...refusals },
      },
    },
    async (request) => {
      const { filter: organizationFilter, organization } = await reportOrganization(request.params.id);
      const { filter, range } = await metricsFilter(request.query, organizationFilter);
      const [overall, weeks, boardGroups, breaches] = await Promise.all([
        metrics.groups('overall', filter),
        metrics.groups('week', filter),
        metrics.groups('board', filter),
        metrics.listBreaches(filter, maxListedBreaches),
      ]);
      return {
        organization,
        from: range.from,
        to: range.to,
        timeZone: filter.timeZone,
        overall: overallOf(overall),
        weeks: weeksOf(weeks, range),
        boards: byLabel(boardGroups),
        breaches: breaches.rows.map(toBreach),
        breachesTruncated: breaches.truncated,
      };
    },
  );

  app.get(
    '/staff/sla-metrics/organizations/:id/breaches.csv',
    {
      config: { access: { action: 'sla.read' } },
      schema: {
        tags: ['sla'],
        summary: "An organization's first-response breaches in a period as CSV (at most 5000 rows), for account reviews",
        params: OrganizationSlaParams,
        querystring: SlaMetricsQuery,
        response: { 200: SlaReportCsv, 400: ErrorBody, 404: ErrorBody, ...refusals },
      },
    },
    async (request, reply) => {
      const { filter: organizationFilter, organization } = await reportOrganization(request.params.id);
      const { filter, range } = await metricsFilter(request.query, organizationFilter);
      const { rows } = await metrics.listBreaches(filter, maxCsvBreaches);
      const csv = toCsv([
        ['Organization', 'Topic', 'Title', 'Board', 'Asker', 'Tier', 'Asked at', 'Due at', 'Target (business minutes)', 'Responded at', 'Response (business minutes)', 'Responder'],
        ...rows.map(toBreach).map((breach) => [
          organization.name,
          breach.topicId,
          breach.title,
          breach.board.name,
          breach.askerName,
          breach.tier,
          breach.askedAt,
          breach.dueAt,
          breach.targetMinutes,
          breach.respondedAt ?? 'not yet',
          breach.businessMinutes,
          breach.responderName,
        ]),
      ]);
      const filename = `sla-breaches-${organization.key}-${range.from}-${range.to}.csv`;
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`).send(csv);
    },
  );
};
