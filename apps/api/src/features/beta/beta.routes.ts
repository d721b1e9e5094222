import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import {
  ApplyToBetaBody,
  BetaApplicationList,
  BetaApplicationsCsv,
  BetaDecisionResults,
  BetaOrganizationChoices,
  BetaProgramDetail,
  BetaProgramList,
  CreateBetaProgramBody,
  DecideBetaApplicationsBody,
  IdempotencyHeaders,
  ErrorBody,
  IdParams,
  OwnBetaApplication,
  SetBetaProgramStatusBody,
  UpdateBetaProgramBody,
} from '@townhall/contracts';
import {
  can,
  checkEligibility,
  checkForm,
  checkProgramTransition,
  checkSeatRules,
  isStaffRole,
  validateAnswers,
  type BetaQuestion,
} from '@townhall/domain';
import { AppError } from '../../errors.ts';
import { createMarkdownRenderer, type RenderedSection } from '../posts/markdown-renderer.ts';
import { rendererVersion } from '../posts/render-markdown.ts';
import { toCsv } from './applications-csv.ts';
import { createBetaRepository, type BetaAudience, type ProgramSettings } from './beta.repository.ts';

type ProgramRow = { id: number; title: string; status: 'draft' | 'recruiting' | 'running' | 'closed'; seatCapacity: number; seatsTaken: number; applicationDeadline: Date; autoAccept: boolean };

function toSummary(row: ProgramRow) {
  return {
    id: row.id,
    title: row.title,
    status: row.status,
    seatCapacity: row.seatCapacity,
    seatsTaken: row.seatsTaken,
    applicationDeadline: row.applicationDeadline.toISOString(),
    autoAccept: row.autoAccept,
  };
}

function formOrThrow(form: BetaQuestion[]): BetaQuestion[] {
  // Accepting the precautions is always required, whatever the body says.
  const normalized = form.map((question) => (question.kind === 'accept_precautions' ? { ...question, required: true } : question));
  const check = checkForm(normalized);
  if (!check.ok) throw new AppError('VALIDATION_FAILED', `form: ${check.reason}`, 'form');
  return normalized;
}

function deadlineOrThrow(value: string): Date {
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) throw new AppError('VALIDATION_FAILED', 'applicationDeadline is not a date', 'applicationDeadline');
  return at;
}

/** Beta programs: PMs and admins run them; customers apply; accepted participants give feedback. */
export const betaRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const beta = createBetaRepository(app.db);
  const markdown = createMarkdownRenderer(app.db);

  const audienceOf = (request: FastifyRequest): BetaAudience => ({ staff: isStaffRole(request.viewer.role) });

  /** Named organizations must exist: an unknown id would leave a program nobody can apply to. */
  async function organizationIdsOrThrow(ids: number[]): Promise<number[]> {
    const known = new Set((await beta.organizationNames(ids)).map((organization) => organization.id));
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length > 0) {
      throw new AppError('VALIDATION_FAILED', `eligibleOrganizationIds: no organization has the id ${unknown.join(', ')}`, 'eligibleOrganizationIds');
    }
    return ids;
  }

  /** Tells applicants where their application now stands (after the change has committed). */
  async function notifyDecisions(programId: number, applicationIds: number[], actorId: number | null) {
    const rows = await beta.applicationsByIds(applicationIds);
    if (rows.length === 0) return;
    await app.notifier.betaDecisions({
      programTopicId: programId,
      actorId,
      decisions: rows.map((row) => ({ userId: row.userId, status: row.status, message: row.decisionMessage })),
    });
  }
  const programResource = (request: FastifyRequest) => beta.findResource((request.params as { id: number }).id, audienceOf(request));

  async function ownApplication(programId: number, userId: number | undefined) {
    if (userId === undefined) return null;
    const row = await beta.findOwnApplication(programId, userId);
    if (!row) return null;
    return {
      id: row.id,
      status: row.status,
      waitlistPosition: row.waitlistPosition,
      decisionMessage: row.decisionMessage,
      createdAt: row.createdAt.toISOString(),
      decidedAt: row.decidedAt?.toISOString() ?? null,
    };
  }

  async function loadDetail(request: FastifyRequest, id: number) {
    const { role, user } = request.viewer;
    const program = await beta.find(id, audienceOf(request));
    if (!program) throw new AppError('NOT_FOUND', 'This beta program does not exist');
    const canManage = can({ role, action: 'beta.manage' });
    const [application, organizations] = await Promise.all([
      ownApplication(id, user?.id),
      canManage ? beta.organizationNames(program.eligibleOrganizationIds) : [],
    ]);
    const eligibility = checkEligibility({
      role,
      organization: user?.organization ?? null,
      program,
      now: new Date(),
      alreadyApplied: application !== null,
    });
    const mayApplyAtAll = can({ role, action: 'beta.apply' });
    const seesFeedback = isStaffRole(role) || application?.status === 'accepted';
    return {
      ...toSummary(program),
      introductionHtml: program.introductionHtml,
      precautionsHtml: program.precautionsHtml,
      // Who may apply is for those who run programs: the tiers and stages would tell customers how
      // the vendor classifies them, and the organizations which other customers were invited.
      eligibleTiers: canManage ? program.eligibleTiers : [],
      eligibleStages: canManage ? program.eligibleStages : [],
      eligibleOrganizations: organizations,
      tierQuotas: canManage ? (program.tierQuotas ?? null) : null,
      perOrganizationCap: program.perOrganizationCap,
      form: program.form,
      ...(canManage ? { source: { introduction: program.introductionMarkdown, precautions: program.precautionsMarkdown } } : {}),
      canManage,
      canApply: eligibility.eligible,
      // Reasons only matter to those who could apply at all and have not yet.
      cannotApplyReasons: !eligibility.eligible && mayApplyAtAll && application === null ? eligibility.reasons : [],
      application,
      feedbackBoard: seesFeedback && program.feedbackBoardSlug ? { slug: program.feedbackBoardSlug, name: program.feedbackBoardName! } : null,
    };
  }

  app.get(
    '/beta/organizations',
    {
      config: { access: { action: 'beta.manage' } },
      schema: {
        tags: ['beta'],
        summary: 'The organizations a program may name (for those who run programs), by name',
        response: { 200: BetaOrganizationChoices, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async () => ({ organizations: await beta.organizationChoices() }),
  );

  app.get(
    '/beta/programs',
    {
      config: { access: { action: 'beta.read' } },
      schema: {
        tags: ['beta'],
        summary: 'Beta programs with seats taken/total and deadline (drafts for staff only)',
        response: { 200: BetaProgramList, 401: ErrorBody },
      },
    },
    async (request) => {
      const rows = await beta.list(audienceOf(request));
      return { items: rows.map(toSummary), canManage: can({ role: request.viewer.role, action: 'beta.manage' }) };
    },
  );

  app.post(
    '/beta/programs',
    {
      config: { access: { action: 'beta.manage' } },
      schema: {
        tags: ['beta'],
        summary: 'Create a beta program (a draft) with its private feedback board',
        description: 'A retry with the same Idempotency-Key returns the first program with 200.',
        headers: IdempotencyHeaders,
        body: CreateBetaProgramBody,
        response: { 200: BetaProgramDetail, 201: BetaProgramDetail, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (request, reply) => {
      const { body } = request;
      const board = await beta.findProgramsBoard();
      if (!board) throw new AppError('NOT_FOUND', 'There is no beta board to publish programs on');
      const rules = { seatCapacity: body.seatCapacity, tierQuotas: body.tierQuotas, perOrganizationCap: body.perOrganizationCap };
      const seatCheck = checkSeatRules(rules);
      if (!seatCheck.ok) throw new AppError('VALIDATION_FAILED', `${seatCheck.field} ${seatCheck.reason}`, seatCheck.field);
      const sections = await markdown.renderSections({ introduction: body.introduction, precautions: body.precautions });
      const { id, created } = await beta.create({
        boardId: board.id,
        idempotencyKey: request.headers['idempotency-key'] ?? null,
        authorId: request.viewer.user!.id,
        title: body.title.trim(),
        introduction: sections.introduction!,
        precautions: sections.precautions!,
        rendererVersion,
        eligibleTiers: body.eligibleTiers,
        eligibleStages: body.eligibleStages,
        eligibleOrganizationIds: await organizationIdsOrThrow(body.eligibleOrganizationIds),
        ...rules,
        applicationDeadline: deadlineOrThrow(body.applicationDeadline),
        form: formOrThrow(body.form),
        autoAccept: body.autoAccept,
      });
      return reply.status(created ? 201 : 200).send(await loadDetail(request, id));
    },
  );

  app.get(
    '/beta/programs/:id',
    {
      config: { access: { action: 'beta.read', resource: programResource } },
      schema: {
        tags: ['beta'],
        summary: 'A beta program: what it is, whether the viewer can apply (or why not), their application',
        params: IdParams,
        response: { 200: BetaProgramDetail, 400: ErrorBody, 401: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => {
      const detail = await loadDetail(request, request.params.id);
      // Opening the page reads what one was told about it (a new note, a beta decision).
      await app.notifier.opened(request.viewer.user?.id, request.params.id);
      return detail;
    },
  );

  app.patch(
    '/beta/programs/:id',
    {
      config: { access: { action: 'beta.manage', resource: programResource } },
      schema: {
        tags: ['beta'],
        summary: 'Edit a beta program (any subset of its fields)',
        params: IdParams,
        body: UpdateBetaProgramBody,
        response: { 200: BetaProgramDetail, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => {
      const { body } = request;
      const sections: { introduction?: RenderedSection; precautions?: RenderedSection } = await markdown.renderSections({
        introduction: body.introduction,
        precautions: body.precautions,
      });
      const changes: Partial<ProgramSettings> = {
        ...(body.title !== undefined ? { title: body.title.trim() } : {}),
        ...sections,
        ...(body.eligibleTiers !== undefined ? { eligibleTiers: body.eligibleTiers } : {}),
        ...(body.eligibleStages !== undefined ? { eligibleStages: body.eligibleStages } : {}),
        ...(body.eligibleOrganizationIds !== undefined ? { eligibleOrganizationIds: await organizationIdsOrThrow(body.eligibleOrganizationIds) } : {}),
        ...(body.seatCapacity !== undefined ? { seatCapacity: body.seatCapacity } : {}),
        ...(body.tierQuotas !== undefined ? { tierQuotas: body.tierQuotas } : {}),
        ...(body.perOrganizationCap !== undefined ? { perOrganizationCap: body.perOrganizationCap } : {}),
        ...(body.applicationDeadline !== undefined ? { applicationDeadline: deadlineOrThrow(body.applicationDeadline) } : {}),
        ...(body.form !== undefined ? { form: formOrThrow(body.form) } : {}),
        ...(body.autoAccept !== undefined ? { autoAccept: body.autoAccept } : {}),
        rendererVersion,
      };
      await beta.update(request.params.id, request.viewer.user!.id, changes, (current) => {
        const rules = {
          seatCapacity: changes.seatCapacity ?? current.seatCapacity,
          tierQuotas: changes.tierQuotas !== undefined ? changes.tierQuotas : (current.tierQuotas ?? null),
          perOrganizationCap: changes.perOrganizationCap !== undefined ? changes.perOrganizationCap : current.perOrganizationCap,
        };
        const seatCheck = checkSeatRules(rules, current.seatsTaken);
        if (!seatCheck.ok) throw new AppError('VALIDATION_FAILED', `${seatCheck.field} ${seatCheck.reason}`, seatCheck.field);
      });
      return loadDetail(request, request.params.id);
    },
  );

  app.post(
    '/beta/programs/:id/status',
    {
      config: { access: { action: 'beta.manage', resource: programResource } },
      schema: {
        tags: ['beta'],
        summary: 'Move a program on: draft → recruiting → running → closed',
        params: IdParams,
        body: SetBetaProgramStatusBody,
        response: { 200: BetaProgramDetail, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (request) => {
      const to = request.body.status;
      await beta.setStatus(request.params.id, request.viewer.user!.id, to, (from) => {
        const check = checkProgramTransition({ from, to });
        if (!check.ok) throw new AppError('INVALID_STATUS_CHANGE', check.reason, 'status');
      });
      return loadDetail(request, request.params.id);
    },
  );

  app.post(
    '/beta/programs/:id/applications',
    {
      config: { access: { action: 'beta.apply', resource: programResource } },
      schema: {
        tags: ['beta'],
        summary: 'Apply to a program (once); in auto-accept mode this takes a seat or joins the waitlist',
        params: IdParams,
        body: ApplyToBetaBody,
        response: { 201: OwnBetaApplication, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (request, reply) => {
      const user = request.viewer.user!;
      const programId = request.params.id;
      const program = await beta.find(programId, audienceOf(request));
      if (!program) throw new AppError('NOT_FOUND', 'This beta program does not exist');
      const answers = validateAnswers({ form: program.form, answers: request.body.answers });
      if (!answers.ok) throw new AppError('VALIDATION_FAILED', `answers.${answers.questionId} ${answers.reason}`, `answers.${answers.questionId}`);
      const organization = user.organization;
      await beta.apply({
        programId,
        userId: user.id,
        organizationId: organization?.id ?? null,
        tier: organization?.tier ?? null,
        answers: answers.answers,
        // Checked again under the program's lock: status, deadline and eligibility as they are now.
        check: (locked, alreadyApplied) => {
          if (alreadyApplied) throw new AppError('ALREADY_APPLIED', 'You have already applied to this program');
          const eligibility = checkEligibility({ role: user.role, organization, program: locked, now: new Date() });
          if (!eligibility.eligible) throw new AppError('NOT_ELIGIBLE', eligibility.reasons.map((reason) => reason.message).join('; '));
        },
      });
      return reply.status(201).send((await ownApplication(programId, user.id))!);
    },
  );

  app.post(
    '/beta/programs/:id/withdraw',
    {
      config: { access: { action: 'beta.apply', resource: programResource } },
      schema: {
        tags: ['beta'],
        summary: 'Withdraw your application; an accepted one frees its seat',
        params: IdParams,
        response: { 200: OwnBetaApplication, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (request) => {
      const user = request.viewer.user!;
      const { promotedIds } = await beta.withdraw(request.params.id, user.id);
      // Promoted applicants are told by the program, not by the person who withdrew.
      await notifyDecisions(request.params.id, promotedIds, null);
      return (await ownApplication(request.params.id, user.id))!;
    },
  );

  app.get(
    '/beta/programs/:id/applications',
    {
      config: { access: { action: 'beta.manage', resource: programResource } },
      schema: {
        tags: ['beta'],
        summary: "A program's applications in order, with waitlist places",
        params: IdParams,
        response: { 200: BetaApplicationList, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => {
      const [program, rows] = await Promise.all([beta.find(request.params.id, { staff: true }), beta.listApplications(request.params.id)]);
      let position = 0;
      return {
        program: toSummary(program!),
        form: program!.form,
        items: rows.map((row) => ({
          id: row.id,
          status: row.status,
          waitlistPosition: row.status === 'waitlisted' ? ++position : null,
          applicant: { id: row.userId, displayName: row.displayName, email: row.email },
          organization: row.organizationId !== null ? { id: row.organizationId, name: row.organizationName ?? '' } : null,
          tier: row.tier,
          answers: row.answers as Record<string, string | boolean>,
          decisionMessage: row.decisionMessage,
          createdAt: row.createdAt.toISOString(),
          decidedAt: row.decidedAt?.toISOString() ?? null,
        })),
      };
    },
  );

  app.post(
    '/beta/programs/:id/decisions',
    {
      config: { access: { action: 'beta.manage', resource: programResource } },
      schema: {
        tags: ['beta'],
        summary: 'Accept, waitlist, decline or remove applications, one or many, with an optional message',
        description:
          'Applications are decided in the order given. With one application, a refusal answers 409 with its code ' +
          '(SEATS_FULL, TIER_QUOTA_FULL, ORGANIZATION_CAP_REACHED, APPLICATION_ALREADY_DECIDED); with several, each result says.',
        params: IdParams,
        body: DecideBetaApplicationsBody,
        response: { 200: BetaDecisionResults, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (request) => {
      const { applicationIds, decision, message } = request.body;
      const { outcomes, promotedIds } = await beta.decide({
        programId: request.params.id,
        actorId: request.viewer.user!.id,
        applicationIds,
        decision,
        message: message?.trim() || null,
      });
      const decided = outcomes.flatMap((outcome) => (outcome.ok ? [outcome.applicationId] : []));
      await notifyDecisions(request.params.id, [...decided, ...promotedIds], request.viewer.user!.id);
      const only = outcomes.length === 1 ? outcomes[0]! : null;
      if (only && !only.ok) throw new AppError(only.code, only.message, 'applicationIds');
      return {
        results: outcomes.map((outcome) =>
          outcome.ok
            ? { applicationId: outcome.applicationId, ok: true, status: outcome.status }
            : { applicationId: outcome.applicationId, ok: false, status: outcome.status, error: { code: outcome.code, message: outcome.message } },
        ),
        promotedIds,
      };
    },
  );

  app.get(
    '/beta/programs/:id/applications.csv',
    {
      config: { access: { action: 'beta.manage', resource: programResource } },
      schema: {
        tags: ['beta'],
        summary: "A program's applications and participants as CSV",
        params: IdParams,
        response: { 200: BetaApplicationsCsv, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (request, reply) => {
      const [program, rows] = await Promise.all([beta.find(request.params.id, { staff: true }), beta.listApplications(request.params.id)]);
      const form = program!.form;
      const csv = toCsv([
        ['Application', 'Name', 'E-mail', 'Organization', 'Tier', 'Status', 'Applied at', 'Decided at', 'Message', ...form.map((q) => q.label)],
        ...rows.map((row) => {
          const answers = row.answers as Record<string, string | boolean>;
          return [
            row.id,
            row.displayName,
            row.email,
            row.organizationName,
            row.tier,
            row.status,
            row.createdAt.toISOString(),
            row.decidedAt?.toISOString() ?? '',
            row.decisionMessage,
            ...form.map((q) => (answers[q.id] === true ? 'yes' : (answers[q.id] ?? ''))),
          ];
        }),
      ]);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="beta-${request.params.id}-applications.csv"`)
        .send(csv);
    },
  );
};
