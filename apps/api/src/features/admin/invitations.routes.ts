import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AdminInvitation,
  AdminInvitationList,
  CreateInvitationBody,
  CreatedInvitation,
  ErrorBody,
  InvitationIdParams,
  InvitationPreview,
  InvitationTokenParams,
  KeysetQuery,
} from '@townhall/contracts';
import {
  decodeInvitationCursor,
  encodeInvitationCursor,
  invitationExpiresAt,
  invitationLifetimeDays,
  invitationState,
  mayBelongToOrganization,
} from '@townhall/domain';
import { AppError } from '../../errors.ts';
import { generateInvitationToken, invitationIdFromToken, invitationLink } from './invitation-token.ts';
import { createInvitationsRepository, type AdminInvitationRow } from './invitations.repository.ts';

/** The error for an invitation that cannot be used, with the field a sign-up form names. */
export function invitationError(state: 'unknown' | 'used' | 'revoked' | 'expired', field?: string): AppError {
  if (state === 'used') return new AppError('INVITATION_USED', 'This invitation has already been used', field);
  if (state === 'revoked') return new AppError('INVITATION_REVOKED', 'This invitation was withdrawn by an administrator', field);
  if (state === 'expired') return new AppError('INVITATION_EXPIRED', 'This invitation has expired; ask for a new one', field);
  return new AppError('NOT_FOUND', 'This invitation does not exist', field);
}

const personRef = (id: number | null, displayName: string | null) => (id === null ? null : { id, displayName: displayName! });

/** An invitation on the admin wire, its status judged at `now`. */
function toAdminInvitation(row: AdminInvitationRow, now: Date): AdminInvitation {
  const state = invitationState({ usedAt: row.usedAt, revokedAt: row.revokedAt, expiresAt: row.expiresAt, now });
  return {
    id: row.id,
    organization: row.organizationId === null ? null : { id: row.organizationId, name: row.organizationName! },
    role: row.role,
    status: state === 'valid' ? 'pending' : state,
    createdBy: { id: row.createdById, displayName: row.createdByName },
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    usedAt: row.usedAt?.toISOString() ?? null,
    usedBy: personRef(row.usedById, row.usedByName),
    revokedAt: row.revokedAt?.toISOString() ?? null,
    revokedBy: personRef(row.revokedById, row.revokedByName),
  };
}

const notPendingMessage = {
  used: 'This invitation has already been used; it cannot be revoked',
  revoked: 'This invitation has already been revoked',
  expired: 'This invitation has expired already; it cannot be used',
} as const;

/** Admin: one-time invitation links; anyone holding a link may see what it offers. */
export const invitationsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const invitations = createInvitationsRepository(app.db);

  app.get(
    '/admin/invitations',
    {
      config: { access: { action: 'admin.manage' } },
      schema: {
        tags: ['admin'],
        summary: 'Invitations: pending first, then used, revoked and expired; newest first within each (keyset pagination)',
        querystring: KeysetQuery,
        response: { 200: AdminInvitationList, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (request) => {
      const { cursor, limit } = request.query;
      const after = cursor ? decodeInvitationCursor(cursor) : null;
      if (cursor && after === null) throw new AppError('INVALID_CURSOR', 'cursor is not one this list gave out', 'cursor');
      const now = new Date();
      const asOf = after?.asOf ?? now;
      const rows = await invitations.list({ asOf, after, limit: limit + 1 });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.map((row) => toAdminInvitation(row, now)),
        nextCursor:
          rows.length > limit && last
            ? encodeInvitationCursor({
                asOf,
                closed: invitationState({ ...last, now: asOf }) !== 'valid',
                createdAt: last.createdAt,
                id: last.id,
              })
            : null,
      };
    },
  );

  app.post(
    '/admin/invitations/:id/revoke',
    {
      config: { access: { action: 'admin.manage' } },
      schema: {
        tags: ['admin'],
        summary: 'Revoke a pending invitation: its link is refused from now on (audited)',
        params: InvitationIdParams,
        response: { 200: AdminInvitation, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (request) => {
      const now = new Date();
      const outcome = await invitations.revoke({ id: request.params.id, actorId: request.viewer.user!.id, now });
      if (!outcome.ok) {
        if (outcome.reason === 'unknown') throw new AppError('NOT_FOUND', 'This invitation does not exist');
        throw new AppError('INVITATION_NOT_PENDING', notPendingMessage[outcome.reason]);
      }
      return toAdminInvitation((await invitations.findForAdmin(request.params.id))!, now);
    },
  );

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
      if (request.body.organizationId != null && !mayBelongToOrganization(role)) {
        throw new AppError('STAFF_IN_ORGANIZATION', 'Staff do not belong to customer organizations: invite staff with no organization', 'organizationId');
      }
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
      const state = invitationState({ ...found, now: new Date() });
      if (state !== 'valid') throw invitationError(state);
      return {
        organization: found.organizationName === null ? null : { name: found.organizationName },
        role: found.role,
        expiresAt: found.expiresAt.toISOString(),
      };
    },
  );
};
