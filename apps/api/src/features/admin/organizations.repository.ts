import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { organizationDomains, organizations, users, type Database } from '@townhall/db';
import type { LifecycleStage, OrganizationTier } from '@townhall/domain';
import { isUniqueViolation } from '../../unique-violation.ts';
import { writeAdminAudit } from './audit.repository.ts';

export type OrganizationFields = {
  name: string;
  tier: OrganizationTier;
  lifecycleStage: LifecycleStage;
  renewalOn: string | null;
};

const organizationColumns = {
  id: organizations.id,
  name: organizations.name,
  tier: organizations.tier,
  lifecycleStage: organizations.lifecycleStage,
  renewalOn: organizations.renewalOn,
  createdAt: organizations.createdAt,
};

export type OrganizationRow = {
  id: number;
  name: string;
  tier: OrganizationTier;
  lifecycleStage: LifecycleStage;
  renewalOn: string | null;
  createdAt: Date;
  memberCount: number;
  domains: string[];
};

type UpdateOutcome = 'updated' | 'not_found' | 'name_taken';

const memberCount = sql<number>`count(${users.id})::int`;

export function createOrganizationsRepository(db: Database) {
  /** Organizations with active member counts (one query) and their domains (a second). */
  async function list(organizationId?: number): Promise<OrganizationRow[]> {
    const rows = await db
      .select({ ...organizationColumns, memberCount })
      .from(organizations)
      .leftJoin(users, and(eq(users.organizationId, organizations.id), isNull(users.deactivatedAt)))
      .where(organizationId === undefined ? undefined : eq(organizations.id, organizationId))
      .groupBy(organizations.id)
      .orderBy(asc(organizations.name));
    const domains = await db
      .select({ domain: organizationDomains.domain, organizationId: organizationDomains.organizationId })
      .from(organizationDomains)
      .where(organizationId === undefined ? undefined : eq(organizationDomains.organizationId, organizationId))
      .orderBy(asc(organizationDomains.domain));
    const byOrganization = new Map<number, string[]>();
    for (const { domain, organizationId: owner } of domains) {
      byOrganization.set(owner, [...(byOrganization.get(owner) ?? []), domain]);
    }
    return rows.map((row) => ({ ...row, domains: byOrganization.get(row.id) ?? [] }));
  }

  return {
    list: () => list(),

    async find(id: number): Promise<OrganizationRow | null> {
      const [row] = await list(id);
      return row ?? null;
    },

    async exists(id: number): Promise<{ id: number; name: string } | null> {
      const [row] = await db.select({ id: organizations.id, name: organizations.name }).from(organizations).where(eq(organizations.id, id));
      return row ?? null;
    },

    /** Creates an organization; null when the name is taken. */
    async create(input: OrganizationFields & { actorId: number }): Promise<number | null> {
      return db.transaction(async (tx) => {
        const [created] = await tx
          .insert(organizations)
          .values({ name: input.name, tier: input.tier, lifecycleStage: input.lifecycleStage, renewalOn: input.renewalOn })
          .onConflictDoNothing({ target: organizations.name })
          .returning({ id: organizations.id });
        if (!created) return null;
        await writeAdminAudit(tx, {
          actorId: input.actorId,
          action: 'organization.created',
          subjectType: 'organization',
          subjectId: created.id,
          details: { name: input.name, tier: input.tier, lifecycleStage: input.lifecycleStage, renewalOn: input.renewalOn },
        });
        return created.id;
      });
    },

    /** Applies `changes`; answers what happened so the route can pick the status. */
    async update(input: { id: number; actorId: number; changes: Partial<OrganizationFields> }): Promise<UpdateOutcome> {
      try {
        return await db.transaction(async (tx): Promise<UpdateOutcome> => {
          const [before] = await tx.select(organizationColumns).from(organizations).where(eq(organizations.id, input.id)).for('update');
          if (!before) return 'not_found';
          if (input.changes.name !== undefined && input.changes.name !== before.name) {
            const [clash] = await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.name, input.changes.name));
            if (clash) return 'name_taken';
          }
          await tx.update(organizations).set(input.changes).where(eq(organizations.id, input.id));
          const changed = Object.fromEntries(
            Object.entries(input.changes)
              .filter(([key, value]) => before[key as keyof typeof before] !== value)
              .map(([key, value]) => [key, { from: before[key as keyof typeof before], to: value }]),
          );
          if (Object.keys(changed).length > 0) {
            await writeAdminAudit(tx, {
              actorId: input.actorId,
              action: 'organization.updated',
              subjectType: 'organization',
              subjectId: input.id,
              details: changed,
            });
          }
          return 'updated';
        });
      } catch (error) {
        // A concurrent rename to the same name: the unique index decides.
        if (isUniqueViolation(error, 'organizations_name_unique')) return 'name_taken';
        throw error;
      }
    },

    /** Maps a domain to an organization, unless another organization already has it. */
    async addDomain(input: { id: number; domain: string; actorId: number }): Promise<'added' | 'already_here' | 'taken' | 'not_found'> {
      return db.transaction(async (tx) => {
        const [organization] = await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, input.id));
        if (!organization) return 'not_found';
        const [inserted] = await tx
          .insert(organizationDomains)
          .values({ domain: input.domain, organizationId: input.id })
          .onConflictDoNothing({ target: organizationDomains.domain })
          .returning({ domain: organizationDomains.domain });
        if (!inserted) {
          const [owner] = await tx
            .select({ organizationId: organizationDomains.organizationId })
            .from(organizationDomains)
            .where(eq(organizationDomains.domain, input.domain));
          return owner?.organizationId === input.id ? 'already_here' : 'taken';
        }
        await writeAdminAudit(tx, {
          actorId: input.actorId,
          action: 'organization.domain_added',
          subjectType: 'organization',
          subjectId: input.id,
          details: { domain: input.domain },
        });
        return 'added';
      });
    },

    /** Removes a domain from an organization; false when it is not mapped there. */
    async removeDomain(input: { id: number; domain: string; actorId: number }): Promise<boolean> {
      return db.transaction(async (tx) => {
        const [deleted] = await tx
          .delete(organizationDomains)
          .where(and(eq(organizationDomains.organizationId, input.id), eq(organizationDomains.domain, input.domain)))
          .returning({ domain: organizationDomains.domain });
        if (!deleted) return false;
        await writeAdminAudit(tx, {
          actorId: input.actorId,
          action: 'organization.domain_removed',
          subjectType: 'organization',
          subjectId: input.id,
          details: { domain: input.domain },
        });
        return true;
      });
    },
  };
}

export type OrganizationsRepository = ReturnType<typeof createOrganizationsRepository>;
