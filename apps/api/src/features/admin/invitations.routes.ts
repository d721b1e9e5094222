import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CreateInvitationBody, CreatedInvitation, ErrorBody, InvitationPreview, InvitationTokenParams } from '@townhall/contracts';
import { invitationExpiresAt, invitationLifetimeDays, invitationState } from '@townhall/domain';
import { AppError } from '../../errors.ts';
import { generateInvitationToken, invitationIdFromToken, invitationLink } from './invitation-token.ts';
import { createInvitationsRepository } from './invitations.repository.ts';

/** The error for an invitation that cannot be used, with the field a sign-up form names. */
export function invitationError(state: 'unknown' | 'used' | 'expired', field?: string): AppError {
  if (state === 'used') return new AppError('INVITATION_USED', 'This invitation has already been used', field);
  if (state === 'expired') return new AppError('INVITATION_EXPIRED', 'This invitation has expired; ask for a new one', field);
  return new AppError('NOT_FOUND', 'This invitation does not exist', field);
}

/** Admin: one-time invitation links; anyone holding a link may see what it offers. */
export const invitationsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const invitations = createInvitationsRepository(app.db);

  app.post(
    '/admin/invitations',
    {
      config: { access: { action: 'admin.manage' } },
      schema: {
        tags: ['admin'],
        summary: 'Create a one-time invitation link to an organization and role',
        body: CreateInvitationBody,
        response: { 201: CreatedInvitation, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (request, reply) => {
      const token = generateInvitationToken();
      const role = request.body.role ?? 'customer';
      const expiresAt = invitationExpiresAt({ now: new Date(), days: request.body.expiresInDays ?? invitationLifetimeDays.default });
      const created = await invitations.create({
        id: invitationIdFromToken(token),
        organizationId: request.body.organizationId ?? null,
        role,
        expiresAt,
        actorId: request.viewer.user!.id,
      });
      if (created === 'organization_not_found') throw new AppError('NOT_FOUND', 'This organization does not exist', 'organizationId');
      return reply.status(201).send({
        token,
        link: invitationLink(token),
        organization: created.organization,
        role,
        expiresAt: expiresAt.toISOString(),
      });
    },
  );

  app.get(
    '/invitations/:token',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'What an invitation link offers: organization and role',
        params: InvitationTokenParams,
        response: { 200: InvitationPreview, 400: ErrorBody, 404: ErrorBody, 410: ErrorBody },
      },
    },
    async (request) => {
      const found = await invitations.find(invitationIdFromToken(request.params.token));
      if (!found) throw invitationError('unknown');
      const state = invitationState({ usedAt: found.usedAt, expiresAt: found.expiresAt, now: new Date() });
      if (state !== 'valid') throw invitationError(state);
      return {
        organization: found.organizationName === null ? null : { name: found.organizationName },
        role: found.role,
        expiresAt: found.expiresAt.toISOString(),
      };
    },
  );
};
