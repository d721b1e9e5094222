import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody, IdParams, PersonCard } from '@townhall/contracts';
import { can, isStaffRole } from '@townhall/domain';
import { AppError } from '../../errors.ts';
import { createPersonCardRepository, type PersonCardRow } from './people.repository.ts';

/**
 * A person as a reader sees them. Everyone sees the name, role and organization name; the
 * organization's tier, lifecycle stage and renewal date, and the e-mail, are account data that
 * only staff see — otherwise the fields are absent, not empty.
 */
export function toPersonCard(row: PersonCardRow, readerSeesStaffFields: boolean) {
  return {
    id: row.id,
    displayName: row.displayName,
    handle: row.handle,
    role: row.role,
    isStaff: isStaffRole(row.role),
    ...(readerSeesStaffFields ? { email: row.email } : {}),
    organization:
      row.organizationName === null
        ? null
        : readerSeesStaffFields
          ? { name: row.organizationName, tier: row.tier!, lifecycleStage: row.lifecycleStage!, renewalOn: row.renewalOn }
          : { name: row.organizationName },
  };
}

export const personCardRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const people = createPersonCardRepository(app.db);

  app.get(
    '/people/:id',
    {
      config: { access: { action: 'board.read' } },
      schema: {
        tags: ['people'],
        summary: 'A person’s card: name, role, organization; account details for staff',
        params: IdParams,
        response: { 200: PersonCard, 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => {
      const row = await people.find(request.params.id);
      if (!row) throw new AppError('NOT_FOUND', 'This person does not exist');
      return toPersonCard(row, can({ role: request.viewer.role, action: 'staffFields.read' }));
    },
  );
};
