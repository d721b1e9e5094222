import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AddDomainBody,
  AdminOrganization,
  AdminOrganizationList,
  CreateOrganizationBody,
  ErrorBody,
  IdParams,
  OrganizationDomainParams,
  UpdateOrganizationBody,
} from '@townhall/contracts';
import { normalizeOrganizationDomain } from '@townhall/domain';
import { Type } from 'typebox';
import { AppError } from '../../errors.ts';
import { createOrganizationsRepository, type OrganizationRow } from './organizations.repository.ts';

const adminOnly = { access: { action: 'admin.manage' } } as const;
const refusals = { 401: ErrorBody, 403: ErrorBody };

/** An organization on the admin wire. */
export function toAdminOrganization(row: OrganizationRow) {
  return {
    id: row.id,
    name: row.name,
    tier: row.tier,
    lifecycleStage: row.lifecycleStage,
    renewalOn: row.renewalOn,
    memberCount: row.memberCount,
    domains: row.domains,
    createdAt: row.createdAt.toISOString(),
  };
}

const nameTaken = () => new AppError('ORGANIZATION_NAME_TAKEN', 'An organization with this name already exists', 'name');
const notFound = () => new AppError('NOT_FOUND', 'This organization does not exist');

/** Admin: customer organizations, their tier and lifecycle stage, and the e-mail domains mapped to them. */
export const adminOrganizationsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const organizations = createOrganizationsRepository(app.db);

  const loadOrganization = async (id: number) => {
    const row = await organizations.find(id);
    if (!row) throw notFound();
    return toAdminOrganization(row);
  };

  app.get(
    '/admin/organizations',
    {
      config: adminOnly,
      schema: {
        tags: ['admin'],
        summary: 'Every organization with its member count and domains',
        response: { 200: AdminOrganizationList, ...refusals },
      },
    },
    async () => ({ organizations: (await organizations.list()).map(toAdminOrganization) }),
  );

  app.post(
    '/admin/organizations',
    {
      config: adminOnly,
      schema: {
        tags: ['admin'],
        summary: 'Create an organization',
        body: CreateOrganizationBody,
        response: { 201: AdminOrganization, 400: ErrorBody, 409: ErrorBody, ...refusals },
      },
    },
    async (request, reply) => {
      const id = await organizations.create({
        actorId: request.viewer.user!.id,
        name: request.body.name.trim(),
        tier: request.body.tier,
        lifecycleStage: request.body.lifecycleStage,
        renewalOn: request.body.renewalOn ?? null,
      });
      if (id === null) throw nameTaken();
      return reply.status(201).send(await loadOrganization(id));
    },
  );

  app.patch(
    '/admin/organizations/:id',
    {
      config: adminOnly,
      schema: {
        tags: ['admin'],
        summary: 'Change an organization’s name, tier, lifecycle stage or renewal date',
        params: IdParams,
        body: UpdateOrganizationBody,
        response: { 200: AdminOrganization, 400: ErrorBody, 404: ErrorBody, 409: ErrorBody, ...refusals },
      },
    },
    async (request) => {
      const { name, ...rest } = request.body;
      const outcome = await organizations.update({
        id: request.params.id,
        actorId: request.viewer.user!.id,
        changes: { ...rest, ...(name === undefined ? {} : { name: name.trim() }) },
      });
      if (outcome === 'not_found') throw notFound();
      if (outcome === 'name_taken') throw nameTaken();
      return loadOrganization(request.params.id);
    },
  );

  app.post(
    '/admin/organizations/:id/domains',
    {
      config: adminOnly,
      schema: {
        tags: ['admin'],
        summary: 'Map an e-mail domain to the organization: new sign-ups from it join',
        params: IdParams,
        body: AddDomainBody,
        response: { 200: AdminOrganization, 201: AdminOrganization, 400: ErrorBody, 404: ErrorBody, 409: ErrorBody, ...refusals },
      },
    },
    async (request, reply) => {
      const normalized = normalizeOrganizationDomain(request.body.domain);
      if (!normalized.ok) throw new AppError('VALIDATION_FAILED', normalized.reason, 'domain');
      const outcome = await organizations.addDomain({
        id: request.params.id,
        domain: normalized.domain,
        actorId: request.viewer.user!.id,
      });
      if (outcome === 'not_found') throw notFound();
      if (outcome === 'taken') throw new AppError('DOMAIN_TAKEN', `${normalized.domain} is already mapped to another organization`, 'domain');
      return reply.status(outcome === 'added' ? 201 : 200).send(await loadOrganization(request.params.id));
    },
  );

  app.delete(
    '/admin/organizations/:id/domains/:domain',
    {
      config: adminOnly,
      schema: {
        tags: ['admin'],
        summary: 'Stop mapping an e-mail domain to the organization (members stay)',
        params: OrganizationDomainParams,
        response: { 204: Type.Null(), 400: ErrorBody, 404: ErrorBody, ...refusals },
      },
    },
    async (request, reply) => {
      const removed = await organizations.removeDomain({
        id: request.params.id,
        domain: request.params.domain.trim().toLowerCase(),
        actorId: request.viewer.user!.id,
      });
      if (!removed) throw new AppError('NOT_FOUND', 'This domain is not mapped to this organization');
      return reply.status(204).send(null);
    },
  );
};
