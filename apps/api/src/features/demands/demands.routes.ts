import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AddDemandSourcesBody,
  CreateDemandBody,
  DemandDetail,
  DemandList,
  DemandListQuery,
  DemandSourceParams,
  ErrorBody,
  IdParams,
  ScoreDemandBody,
  SetDemandStatusBody,
  UpdateDemandBody,
  type DemandSummary,
} from '@townhall/contracts';
import { can, checkDemandStatusChange, openDemandStatuses, type DemandStatus } from '@townhall/domain';
import { AppError } from '../../errors.ts';
import { toDemandSummary } from './demand-shape.ts';
import { createDemandsRepository, type DemandAskerRow, type SourceProblem } from './demands.repository.ts';

function groupBy<T>(rows: T[], key: (row: T) => number): Map<number, T[]> {
  const map = new Map<number, T[]>();
  for (const row of rows) map.set(key(row), [...(map.get(key(row)) ?? []), row]);
  return map;
}

/** A refused source question, named by its place in the list the client sent. */
function sourceError(problem: SourceProblem, topicIds: number[], field: string): AppError {
  const at = `${field}[${topicIds.indexOf(problem.topicId)}]`;
  return problem.problem === 'ALREADY_IN_DEMAND'
    ? new AppError('QUESTION_ALREADY_IN_DEMAND', `Question ${problem.topicId} is already part of another demand`, at)
    : new AppError('VALIDATION_FAILED', `Question ${problem.topicId} is not a question on a Q&A board`, at);
}

const statusMessages = {
  SAME_STATUS: 'The demand already has this status',
  NOT_ALLOWED: 'The demand cannot move to this status from its current one',
  SHIPPED_BY_RELEASE_NOTE: 'A demand is shipped by publishing a release note that links it',
  REASON_REQUIRED: 'A reason is required to decline a demand',
} as const;

const compare = {
  size: (a: DemandSummary, b: DemandSummary) => a.size - b.size,
  userValue: (a: DemandSummary, b: DemandSummary) => (a.userValue ?? -1) - (b.userValue ?? -1),
  businessValue: (a: DemandSummary, b: DemandSummary) => (a.businessValue ?? -1) - (b.businessValue ?? -1),
  title: (a: DemandSummary, b: DemandSummary) => a.title.localeCompare(b.title),
  status: (a: DemandSummary, b: DemandSummary) => a.status.localeCompare(b.status),
  createdAt: (a: DemandSummary, b: DemandSummary) => a.createdAt.localeCompare(b.createdAt),
};

/**
 * Demands: staff make them from questions (one, or duplicates merged) or directly, set their
 * status; PMs and admins score them on the value quadrant. Customers see only what their question
 * shows (status, decline reason, the release note that shipped it).
 */
export const demandsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const repository = createDemandsRepository(app.db);
  const existingDemand = async (id: number) => {
    const row = await repository.find(id);
    if (!row) throw new AppError('NOT_FOUND', 'This demand does not exist');
    return row;
  };

  async function loadDetail(id: number, role: Parameters<typeof can>[0]['role']) {
    const row = await existingDemand(id);
    const [askers, sources, shipped] = await Promise.all([
      repository.askers([id]),
      repository.sources([id]),
      repository.shippedIn(row.shippedNoteId === null ? [] : [row.shippedNoteId], { publishedOnly: false }),
    ]);
    const liveSources = sources.filter((source) => source.deletedAt === null);
    const organizations = new Map<number, { id: number; name: string; tier: NonNullable<DemandAskerRow['tier']>; askerCount: number }>();
    for (const asker of askers) {
      if (asker.organizationId === null || asker.organizationName === null || asker.tier === null) continue;
      const entry = organizations.get(asker.organizationId) ?? { id: asker.organizationId, name: asker.organizationName, tier: asker.tier, askerCount: 0 };
      entry.askerCount += 1;
      organizations.set(asker.organizationId, entry);
    }
    return {
      ...toDemandSummary(row, askers, liveSources.length, false),
      description: row.description,
      declineReason: row.declineReason,
      shippedIn: shipped[0] ?? null,
      sources: liveSources.map((source) => ({ id: source.id, title: source.title, boardSlug: source.boardSlug, voteCount: source.voteCount, status: source.status })),
      askers: askers.map((asker) => ({
        id: asker.userId,
        displayName: asker.displayName,
        organization: asker.organizationId !== null && asker.organizationName !== null && asker.tier !== null ? { id: asker.organizationId, name: asker.organizationName, tier: asker.tier } : null,
        asked: asker.asked,
        voted: asker.voted,
      })),
      organizations: [...organizations.values()].sort((a, b) => b.askerCount - a.askerCount || a.name.localeCompare(b.name)),
      canManage: can({ role, action: 'demand.manage' }),
      canScore: can({ role, action: 'demand.score' }),
    };
  }

  app.get(
    '/demands',
    {
      config: { access: { action: 'demand.read' } },
      schema: {
        tags: ['demands'],
        summary: 'Demands with their scores, verdicts and askers: open ones by default, filtered and sorted (the quadrant chart and its table)',
        querystring: DemandListQuery,
        response: { 200: DemandList, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (request) => {
      const { query } = request;
      const statuses: DemandStatus[] = query.status === 'open' ? [...openDemandStatuses] : query.status === 'all' ? [] : [query.status];
      const rows = await repository.list(statuses);
      const ids = rows.map((row) => row.id);
      const [askers, sources] = await Promise.all([repository.askers(ids), repository.sources(ids)]);
      const askersByDemand = groupBy(askers, (row) => row.demandId);
      const sourcesByDemand = groupBy(
        sources.filter((source) => source.deletedAt === null),
        (row) => row.demandId,
      );
      const items = rows
        .filter((row) => !query.kind || row.valueKinds.includes(query.kind))
        .map((row) => toDemandSummary(row, askersByDemand.get(row.id) ?? [], sourcesByDemand.get(row.id)?.length ?? 0, query.weighted))
        .filter((item) => !query.verdict || (query.verdict === 'unscored' ? item.verdict === null : item.verdict?.verdict === query.verdict));
      const direction = query.order === 'asc' ? 1 : -1;
      items.sort((a, b) => direction * compare[query.sort](a, b) || b.id - a.id);
      return { items, weighted: query.weighted };
    },
  );

  app.post(
    '/demands',
    {
      config: { access: { action: 'demand.manage' } },
      schema: {
        tags: ['demands'],
        summary: 'Create a demand directly, from a question, or from several duplicate questions merged',
        body: CreateDemandBody,
        response: { 201: DemandDetail, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 409: ErrorBody },
      },
    },
    async (request, reply) => {
      const sourceTopicIds = request.body.sourceTopicIds ?? [];
      const result = await repository.create({
        title: request.body.title.trim(),
        description: request.body.description?.trim() ?? '',
        sourceTopicIds,
        actorId: request.viewer.user!.id,
      });
      if ('problems' in result) throw sourceError(result.problems[0]!, sourceTopicIds, 'sourceTopicIds');
      return reply.status(201).send(await loadDetail(result.id, request.viewer.role));
    },
  );

  app.get(
    '/demands/:id',
    {
      config: { access: { action: 'demand.read' } },
      schema: {
        tags: ['demands'],
        summary: 'A demand with its scores, verdict, source questions, askers and their organizations and tiers',
        params: IdParams,
        response: { 200: DemandDetail, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => loadDetail(request.params.id, request.viewer.role),
  );

  app.patch(
    '/demands/:id',
    {
      config: { access: { action: 'demand.manage' } },
      schema: {
        tags: ['demands'],
        summary: "Edit a demand's title or description",
        params: IdParams,
        body: UpdateDemandBody,
        response: { 200: DemandDetail, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => {
      await existingDemand(request.params.id);
      const { title, description } = request.body;
      await repository.update(
        request.params.id,
        { ...(title !== undefined ? { title: title.trim() } : {}), ...(description !== undefined ? { description: description.trim() } : {}) },
        request.viewer.user!.id,
      );
      return loadDetail(request.params.id, request.viewer.role);
    },
  );

  app.post(
    '/demands/:id/sources',
    {
      config: { access: { action: 'demand.manage' } },
      schema: {
        tags: ['demands'],
        summary: 'Merge more (duplicate) questions into a demand; the questions stay and link to it',
        params: IdParams,
        body: AddDemandSourcesBody,
        response: { 200: DemandDetail, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (request) => {
      await existingDemand(request.params.id);
      const result = await repository.addSources(request.params.id, request.body.topicIds, request.viewer.user!.id);
      if ('problems' in result) throw sourceError(result.problems[0]!, request.body.topicIds, 'topicIds');
      return loadDetail(request.params.id, request.viewer.role);
    },
  );

  app.delete(
    '/demands/:id/sources/:topicId',
    {
      config: { access: { action: 'demand.manage' } },
      schema: {
        tags: ['demands'],
        summary: 'Take a question back out of a demand; the question stays, and its askers and votes no longer count for the demand',
        params: DemandSourceParams,
        response: { 200: DemandDetail, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => {
      await existingDemand(request.params.id);
      const removed = await repository.removeSource(request.params.id, request.params.topicId, request.viewer.user!.id);
      if (!removed) throw new AppError('NOT_FOUND', `Question ${request.params.topicId} is not a source of this demand`, 'topicId');
      return loadDetail(request.params.id, request.viewer.role);
    },
  );

  app.put(
    '/demands/:id/score',
    {
      config: { access: { action: 'demand.score' } },
      schema: {
        tags: ['demands'],
        summary: 'Score user and business value (0–10), tag kinds of value, and optionally override the verdict with a reason',
        params: IdParams,
        body: ScoreDemandBody,
        response: { 200: DemandDetail, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => {
      await existingDemand(request.params.id);
      const { body } = request;
      await repository.score(
        request.params.id,
        {
          userValue: body.userValue,
          businessValue: body.businessValue,
          valueKinds: body.valueKinds,
          override: body.override ? { verdict: body.override.verdict, reason: body.override.reason.trim() } : null,
        },
        request.viewer.user!.id,
        app.clock.now(),
      );
      return loadDetail(request.params.id, request.viewer.role);
    },
  );

  app.post(
    '/demands/:id/status',
    {
      config: { access: { action: 'demand.manage' } },
      schema: {
        tags: ['demands'],
        summary: 'Move a demand to new, under review, planned, or declined (with a reason shown to the askers)',
        params: IdParams,
        body: SetDemandStatusBody,
        response: { 200: DemandDetail, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (request) => {
      const row = await existingDemand(request.params.id);
      const reason = request.body.reason?.trim() ?? null;
      if (reason !== null && request.body.status !== 'declined') throw new AppError('VALIDATION_FAILED', 'reason is only for declining', 'reason');
      const check = checkDemandStatusChange({ from: row.status, to: request.body.status, reason });
      if (!check.ok) {
        if (check.reason === 'REASON_REQUIRED') throw new AppError('VALIDATION_FAILED', statusMessages.REASON_REQUIRED, 'reason');
        throw new AppError('INVALID_STATUS_CHANGE', statusMessages[check.reason], 'status');
      }
      const changed = await repository.setStatus(row.id, row.status, request.body.status, reason, request.viewer.user!.id);
      if (!changed) throw new AppError('INVALID_STATUS_CHANGE', 'The demand changed meanwhile; reload it', 'status');
      return loadDetail(row.id, request.viewer.role);
    },
  );
};
