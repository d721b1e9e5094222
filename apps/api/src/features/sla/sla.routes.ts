import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ErrorBody,
  IdParams,
  SlaQueue,
  SlaQueueCsv,
  SlaQueueCsvQuery,
  SlaQueueQuery,
  SlaSettings,
  SlaSettingsResult,
  StaffCalendar,
  StaffCoverage,
  StaffCoverageBody,
  TopicSlaResult,
} from '@townhall/contracts';
import { currentSlaState, nextCheckInWindow, validateSlaSettings, validateStaffCoverage, type StaffSlaEvent, type SlaSettings as DomainSlaSettings } from '@townhall/domain';
import { sendUrgentAlert } from '../sla-alerts/urgent-alert.service.ts';
import { AppError } from '../../errors.ts';
import { toCsv } from '../beta/applications-csv.ts';
import { createBoardsRepository } from '../boards/boards.repository.ts';
import { createTopicResourceResolver } from '../topics/topic-resource.ts';
import { createSlaRepository, type SlaQueueCursor } from './sla.repository.ts';
import { decodeSlaQueueCursor, encodeSlaQueueCursor, toTopicSla } from './sla-shape.ts';

const refusals = { 401: ErrorBody, 403: ErrorBody };
// The CSV export lists at most this many clocks.
const maxCsvRows = 5000;

/**
 * The response SLA: the admin's settings (business calendar, check-in windows, targets), staff
 * coverage, the staff queue of running clocks with its CSV, and the staff actions on a clock.
 */
export const slaRoutes: FastifyPluginAsyncTypebox<{ publicUrl: string }> = async (app, options) => {
  const sla = createSlaRepository(app.db);
  const boards = createBoardsRepository(app.db);
  const topicResource = createTopicResourceResolver(app.db);

  const toSettingsResult = ({ settings, updatedAt }: { settings: DomainSlaSettings; updatedAt: Date | null }) => ({
    settings: {
      ...settings,
      workingWeekdays: [...settings.workingWeekdays],
      workingHours: [...settings.workingHours],
      holidays: [...settings.holidays],
      makeUpWorkingDays: [...settings.makeUpWorkingDays],
      checkInWindows: [...settings.checkInWindows],
      tightenedLifecycleStages: [...settings.tightenedLifecycleStages],
    },
    updatedAt: updatedAt?.toISOString() ?? null,
  });

  app.get(
    '/admin/sla-settings',
    {
      config: { access: { action: 'sla.configure' } },
      schema: { tags: ['sla'], summary: 'The business calendar, check-in windows and response targets', response: { 200: SlaSettingsResult, ...refusals } },
    },
    async () => toSettingsResult(await sla.readSettings()),
  );

  app.put(
    '/admin/sla-settings',
    {
      config: { access: { action: 'sla.configure' } },
      schema: {
        tags: ['sla'],
        summary: 'Replace the SLA settings; a bad entry is named in `field` (e.g. `holidays[3]`), and with several, each in `problems`',
        body: SlaSettings,
        response: { 200: SlaSettingsResult, 400: ErrorBody, ...refusals },
      },
    },
    async (request) => {
      const checked = validateSlaSettings({ settings: request.body as DomainSlaSettings, now: app.clock.now() });
      if (!checked.ok) {
        const problems = checked.problems.map((problem) => ({ field: problem.field, message: `${problem.field}: ${problem.reason}` }));
        throw new AppError('VALIDATION_FAILED', problems[0]!.message, checked.field, problems);
      }
      if (!(await sla.knowsTimeZone(checked.settings.timeZone))) {
        throw new AppError('VALIDATION_FAILED', `timeZone: "${checked.settings.timeZone}" is not a time zone the database knows; choose a current IANA name`, 'timeZone');
      }
      await sla.saveSettings({ settings: checked.settings, actorId: request.viewer.user!.id, now: app.clock.now() });
      return toSettingsResult(await sla.readSettings());
    },
  );

  async function loadCoverage(userId: number) {
    const [coverage, choices] = await Promise.all([sla.findCoverage(userId), sla.coverageChoices()]);
    if (!coverage) throw new AppError('NOT_FOUND', 'No active staff member has this id');
    return { ...coverage, boardChoices: choices.boardChoices, backupChoices: choices.staff.filter((person) => person.id !== userId) };
  }

  async function saveCoverage(userId: number, actorId: number, body: { boardIds: number[]; daysOff: string[]; backupId: number | null }) {
    if (!(await sla.findCoverage(userId))) throw new AppError('NOT_FOUND', 'No active staff member has this id');
    const checked = validateStaffCoverage({ userId, daysOff: body.daysOff, backupId: body.backupId });
    if (!checked.ok) throw new AppError('VALIDATION_FAILED', `${checked.field}: ${checked.reason}`, checked.field);
    const references = await sla.checkCoverageReferences({ boardIds: body.boardIds, backupId: body.backupId });
    if (references.unknownBoardIds.length > 0) {
      const index = body.boardIds.indexOf(references.unknownBoardIds[0]!);
      throw new AppError('VALIDATION_FAILED', `boardIds[${index}]: no board has id ${references.unknownBoardIds[0]}`, `boardIds[${index}]`);
    }
    if (!references.backupIsStaff) throw new AppError('VALIDATION_FAILED', 'backupId: the backup must be an active staff member', 'backupId');
    await sla.saveCoverage({ userId, boardIds: body.boardIds, daysOff: checked.daysOff, backupId: body.backupId, actorId });
    return loadCoverage(userId);
  }

  app.get(
    '/staff/calendar',
    {
      config: { access: { action: 'sla.read' } },
      schema: { tags: ['sla'], summary: "The workspace's time zone, on whose clock staff read and type times", response: { 200: StaffCalendar, ...refusals } },
    },
    async () => ({ timeZone: (await sla.readSettings()).settings.timeZone }),
  );

  app.get(
    '/staff/coverage',
    {
      config: { access: { action: 'coverage.manageOwn' } },
      schema: { tags: ['sla'], summary: 'My coverage: boards I cover, days off, my backup', response: { 200: StaffCoverage, 404: ErrorBody, ...refusals } },
    },
    async (request) => loadCoverage(request.viewer.user!.id),
  );

  app.put(
    '/staff/coverage',
    {
      config: { access: { action: 'coverage.manageOwn' } },
      schema: { tags: ['sla'], summary: 'Replace my coverage', body: StaffCoverageBody, response: { 200: StaffCoverage, 400: ErrorBody, 404: ErrorBody, ...refusals } },
    },
    async (request) => saveCoverage(request.viewer.user!.id, request.viewer.user!.id, request.body),
  );

  app.get(
    '/admin/staff/:id/coverage',
    {
      config: { access: { action: 'sla.configure' } },
      schema: { tags: ['sla'], summary: "A staff member's coverage", params: IdParams, response: { 200: StaffCoverage, 400: ErrorBody, 404: ErrorBody, ...refusals } },
    },
    async (request) => loadCoverage(request.params.id),
  );

  app.put(
    '/admin/staff/:id/coverage',
    {
      config: { access: { action: 'sla.configure' } },
      schema: {
        tags: ['sla'],
        summary: "Replace a staff member's coverage (audited)",
        params: IdParams,
        body: StaffCoverageBody,
        response: { 200: StaffCoverage, 400: ErrorBody, 404: ErrorBody, ...refusals },
      },
    },
    async (request) => saveCoverage(request.params.id, request.viewer.user!.id, request.body),
  );

  async function boardIdOf(slug: string | undefined): Promise<number | null> {
    if (slug === undefined) return null;
    const board = await boards.findBySlug(slug);
    if (!board) throw new AppError('VALIDATION_FAILED', `board: no board is called "${slug}"`, 'board');
    return board.id;
  }

  const toQueueItem = (row: Awaited<ReturnType<typeof sla.listQueue>>['rows'][number], now: Date) => ({
    topicId: row.topicId,
    title: row.title,
    board: { slug: row.boardSlug, name: row.boardName },
    askerName: row.askerName,
    organizationName: row.organizationName,
    tier: row.tier,
    organizationTier: row.organizationTier,
    kind: row.kind,
    state: currentSlaState({ clock: { state: row.state === 'due_soon' ? 'within' : row.state, dueAt: row.dueAt, pausedAt: row.pausedAt }, now }),
    startedAt: row.startedAt.toISOString(),
    dueAt: row.dueAt.toISOString(),
    urgent: row.urgentAt !== null,
    assigneeId: row.assigneeId,
    assigneeName: row.assigneeName,
  });

  /** The queue's assignee filter for the reader. */
  const assigneeFilter = (filter: 'me' | 'anyone' | 'unassigned' | undefined, viewerId: number) =>
    filter === 'me' ? { mine: viewerId } : filter === 'unassigned' ? ('unassigned' as const) : null;

  app.get(
    '/staff/sla-queue',
    {
      config: { access: { action: 'sla.read' } },
      schema: {
        tags: ['sla'],
        summary: 'Running SLA clocks: urgent first, then by deadline, then tier (keyset pagination)',
        querystring: SlaQueueQuery,
        response: { 200: SlaQueue, 400: ErrorBody, ...refusals },
      },
    },
    async (request) => {
      let cursor: SlaQueueCursor | null = null;
      if (request.query.cursor) {
        cursor = decodeSlaQueueCursor(request.query.cursor);
        if (!cursor) throw new AppError('INVALID_CURSOR', 'cursor is not one this API gave out', 'cursor');
      }
      const now = app.clock.now();
      const [{ rows, hasMore }, { settings }] = await Promise.all([
        sla.listQueue({
          cursor,
          limit: request.query.limit,
          boardId: await boardIdOf(request.query.board),
          tier: request.query.tier ?? null,
          assignee: assigneeFilter(request.query.assignee, request.viewer.user!.id),
          paused: request.query.view === 'waiting_on_customer',
        }),
        sla.readSettings(),
      ]);
      const window = nextCheckInWindow({ calendar: settings, windows: settings.checkInWindows, after: now });
      const last = rows.at(-1);
      return {
        items: rows.map((row) => toQueueItem(row, now)),
        nextCursor: hasMore && last ? encodeSlaQueueCursor({ urgent: last.urgentAt !== null, dueAt: last.dueAt, tier: last.tier, topicId: last.topicId }) : null,
        now: now.toISOString(),
        timeZone: settings.timeZone,
        nextWindow: window.ok ? { opensAt: window.opensAt.toISOString(), closesAt: window.closesAt.toISOString() } : null,
      };
    },
  );

  app.get(
    '/staff/sla-queue.csv',
    {
      config: { access: { action: 'sla.read' } },
      schema: {
        tags: ['sla'],
        summary: 'The SLA queue as CSV (at most 5000 rows)',
        querystring: SlaQueueCsvQuery,
        response: { 200: SlaQueueCsv, 400: ErrorBody, ...refusals },
      },
    },
    async (request, reply) => {
      const now = app.clock.now();
      const { rows } = await sla.listQueue({
        cursor: null,
        limit: maxCsvRows,
        boardId: await boardIdOf(request.query.board),
        tier: request.query.tier ?? null,
        assignee: assigneeFilter(request.query.assignee, request.viewer.user!.id),
        paused: request.query.view === 'waiting_on_customer',
      });
      const csv = toCsv([
        ['Topic', 'Title', 'Board', 'Asker', 'Organization', 'Tier', 'Clock', 'State', 'Urgent', 'Started at', 'Due at', 'Assignee'],
        ...rows.map((row) => {
          const item = toQueueItem(row, now);
          return [item.topicId, item.title, item.board.name, item.askerName, item.organizationName, item.tier, item.kind, item.state, item.urgent ? 'yes' : 'no', item.startedAt, item.dueAt, item.assigneeName];
        }),
      ]);
      return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="sla-queue.csv"').send(csv);
    },
  );

  const staffAction = (path: string, event: StaffSlaEvent, summary: string) =>
    app.post(
      `/topics/:id/sla/${path}`,
      {
        config: { access: { action: 'sla.work', resource: topicResource } },
        schema: { tags: ['sla'], summary, params: IdParams, response: { 200: TopicSlaResult, 400: ErrorBody, 404: ErrorBody, 409: ErrorBody, ...refusals } },
      },
      async (request) => {
        const topicId = request.params.id;
        const outcome = await sla.applyStaffEvent({ topicId, event, actorId: request.viewer.user!.id, now: app.clock.now() });
        if (!outcome.ok) throw new AppError('SLA_CLOCK_NOT_OPEN', outcome.reason);
        // Published after the commit; staff pages on the topic refresh (customers never receive it).
        if (outcome.changed) {
          await app.live.publish({ channel: `topic:${topicId}`, kind: 'topic.sla', payload: { topicId } });
          await app.live.publish({ channel: 'sla', kind: 'sla.changed', payload: { topicId } });
        }
        // Urgent means now: the covering staff hear at once, on every channel, and the jobs send the mail and webhooks.
        if (outcome.changed && event.type === 'marked_urgent') {
          await sendUrgentAlert({ db: app.db, notifier: app.notifier, topicId, now: app.clock.now(), publicUrl: options.publicUrl });
          await app.jobs.trigger('mail-delivery').catch(() => {});
          await app.jobs.trigger('webhook-delivery').catch(() => {});
        }
        const row = await sla.findTopicClock(topicId);
        return { sla: toTopicSla(row!, app.clock.now(), true) };
      },
    );

  const assignment = (path: 'assign' | 'release', change: 'take' | 'release', summary: string) =>
    app.post(
      `/topics/:id/sla/${path}`,
      {
        config: { access: { action: 'sla.work', resource: topicResource } },
        schema: { tags: ['sla'], summary, params: IdParams, response: { 200: TopicSlaResult, 400: ErrorBody, 404: ErrorBody, 409: ErrorBody, ...refusals } },
      },
      async (request) => {
        const topicId = request.params.id;
        const viewer = request.viewer.user!;
        const outcome = await sla.changeAssignee({ topicId, change, actorId: viewer.id, actorIsAdmin: request.viewer.role === 'admin', now: app.clock.now() });
        if (!outcome.ok) throw new AppError(outcome.code, outcome.reason);
        if (outcome.changed) {
          await app.live.publish({ channel: `topic:${topicId}`, kind: 'topic.sla', payload: { topicId } });
          await app.live.publish({ channel: 'sla', kind: 'sla.changed', payload: { topicId } });
        }
        const row = await sla.findTopicClock(topicId);
        if (!row) throw new AppError('SLA_CLOCK_NOT_OPEN', 'This question has no response clock');
        return { sla: toTopicSla(row, app.clock.now(), true) };
      },
    );

  assignment('assign', 'take', "I'm on it: take the question (it then goes to my check-in digest only)");
  assignment('release', 'release', 'Release a question I took (admins: anyone’s)');

  staffAction('pause', { type: 'paused' }, 'Pause the clock: waiting on the customer (their reply resumes it)');
  staffAction('resume', { type: 'resumed' }, 'Resume a paused clock with the business minutes it had left');
  staffAction('urgent', { type: 'marked_urgent' }, 'Mark the question urgent: it goes to the top of the queue');
};
