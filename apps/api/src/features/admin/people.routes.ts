import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AdminPeopleList, AdminPeopleQuery, AdminPerson, ErrorBody, IdParams, UpdatePersonBody } from '@townhall/contracts';
import { decodePeopleCursor, encodePeopleCursor } from '@townhall/domain';
import { AppError } from '../../errors.ts';
import { createPeopleRepository, type AdminPersonRow, type PersonChangeOutcome } from './people.repository.ts';

const adminOnly = { access: { action: 'admin.manage' } } as const;
const refusals = { 401: ErrorBody, 403: ErrorBody };

/** A person on the admin wire: never the password hash. */
export function toAdminPerson(row: AdminPersonRow) {
  return {
    id: row.id,
    email: row.email,
    displayName: row.displayName,
    role: row.role,
    organization: row.organizationId === null ? null : { id: row.organizationId, name: row.organizationName! },
    deactivatedAt: row.deactivatedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Turns a refused change into the error the admin sees. */
function throwUnlessChanged(outcome: PersonChangeOutcome): void {
  if (outcome.ok) return;
  switch (outcome.reason) {
    case 'NOT_FOUND':
      throw new AppError('NOT_FOUND', 'This person does not exist');
    case 'ORGANIZATION_NOT_FOUND':
      throw new AppError('NOT_FOUND', 'This organization does not exist', 'organizationId');
    case 'SELF_DEMOTION':
      throw new AppError('CANNOT_CHANGE_SELF', 'You cannot remove your own admin role; ask another admin to do it', 'role');
    case 'SELF_DEACTIVATION':
      throw new AppError('CANNOT_CHANGE_SELF', 'You cannot deactivate yourself; ask another admin to do it');
    case 'ACTOR_NOT_ADMIN':
      throw new AppError('FORBIDDEN', 'Your role may not do this here');
    case 'STAFF_IN_ORGANIZATION':
      throw new AppError(
        'STAFF_IN_ORGANIZATION',
        `Staff do not belong to customer organizations: to make this person staff, choose no organization${outcome.organizationName ? ` instead of ${outcome.organizationName}` : ''} in the same change`,
        outcome.field,
      );
  }
}

/** Admin: find people, change their role or organization, deactivate and reactivate them. */
export const adminPeopleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const people = createPeopleRepository(app.db);

  const loadPerson = async (id: number) => {
    const row = await people.find(id);
    if (!row) throw new AppError('NOT_FOUND', 'This person does not exist');
    return toAdminPerson(row);
  };

  app.get(
    '/admin/people',
    {
      config: adminOnly,
      schema: {
        tags: ['admin'],
        summary: 'People by e-mail, optionally those whose e-mail or name starts with q',
        querystring: AdminPeopleQuery,
        response: { 200: AdminPeopleList, 400: ErrorBody, ...refusals },
      },
    },
    async (request) => {
      const { q, cursor, limit } = request.query;
      const afterEmail = cursor ? decodePeopleCursor(cursor) : null;
      if (cursor && afterEmail === null) throw new AppError('INVALID_CURSOR', 'cursor is not one this list gave out', 'cursor');
      const rows = await people.search({ query: q, afterEmail, limit: limit + 1 });
      const page = rows.slice(0, limit);
      return {
        items: page.map(toAdminPerson),
        nextCursor: rows.length > limit ? encodePeopleCursor(page.at(-1)!.email) : null,
      };
    },
  );

  app.patch(
    '/admin/people/:id',
    {
      config: adminOnly,
      schema: {
        tags: ['admin'],
        summary: 'Change a person’s role or organization (null detaches)',
        params: IdParams,
        body: UpdatePersonBody,
        response: { 200: AdminPerson, 400: ErrorBody, 404: ErrorBody, 409: ErrorBody, ...refusals },
      },
    },
    async (request) => {
      throwUnlessChanged(
        await people.update({
          actorId: request.viewer.user!.id,
          targetId: request.params.id,
          role: request.body.role,
          organizationId: request.body.organizationId,
        }),
      );
      return loadPerson(request.params.id);
    },
  );

  for (const [path, active] of [
    ['deactivate', false],
    ['reactivate', true],
  ] as const) {
    app.post(
      `/admin/people/:id/${path}`,
      {
        config: adminOnly,
        schema: {
          tags: ['admin'],
          summary: active ? 'Let a deactivated person sign in again' : 'Deactivate a person: their sessions end, their posts stay',
          params: IdParams,
          response: { 200: AdminPerson, 400: ErrorBody, 404: ErrorBody, 409: ErrorBody, ...refusals },
        },
      },
      async (request) => {
        throwUnlessChanged(
          await people.setActive({ actorId: request.viewer.user!.id, targetId: request.params.id, active, now: new Date() }),
        );
        return loadPerson(request.params.id);
      },
    );
  }
};
