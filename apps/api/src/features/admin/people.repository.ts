import { and, asc, eq, gt, ilike, inArray, isNotNull, isNull, or, type SQL } from 'drizzle-orm';
import { organizations, sessions, users, type Database, type Transaction } from '@townhall/db';
import { decidePersonChange, mayBelongToOrganization, type MemberRole, type PersonChangeRefusal } from '@townhall/domain';
import { writeAdminAudit } from './audit.repository.ts';

const personColumns = {
  id: users.id,
  email: users.email,
  displayName: users.displayName,
  role: users.role,
  deactivatedAt: users.deactivatedAt,
  createdAt: users.createdAt,
  organizationId: organizations.id,
  organizationName: organizations.name,
};

export type AdminPersonRow = {
  id: number;
  email: string;
  displayName: string;
  role: MemberRole;
  deactivatedAt: Date | null;
  createdAt: Date;
  organizationId: number | null;
  organizationName: string | null;
};

/** `LIKE` treats % and _ as wildcards; a search for them means the characters themselves. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export type PersonChangeOutcome =
  | { ok: true }
  | { ok: false; reason: 'NOT_FOUND' | 'ORGANIZATION_NOT_FOUND' | PersonChangeRefusal }
  /** The change would leave staff in a customer organization; `field` is what to change. */
  | { ok: false; reason: 'STAFF_IN_ORGANIZATION'; field: 'role' | 'organizationId'; organizationName: string | null };

/**
 * Locks the actor's and the target's rows (in id order, so two admins acting on each other wait
 * instead of deadlocking) and checks the change against the domain rule.
 */
async function lockAndDecide(
  tx: Transaction,
  input: { actorId: number; targetId: number; change: { role?: MemberRole; deactivate?: boolean } },
) {
  const rows = await tx
    .select({ id: users.id, role: users.role, organizationId: users.organizationId, deactivatedAt: users.deactivatedAt })
    .from(users)
    .where(inArray(users.id, [input.actorId, input.targetId]))
    .orderBy(asc(users.id))
    .for('update');
  const actor = rows.find((row) => row.id === input.actorId);
  const target = rows.find((row) => row.id === input.targetId);
  if (!target) return { ok: false as const, reason: 'NOT_FOUND' as const };
  if (!actor) return { ok: false as const, reason: 'ACTOR_NOT_ADMIN' as const };
  const decision = decidePersonChange({
    actor: { id: actor.id, role: actor.role, deactivated: actor.deactivatedAt !== null },
    target: { id: target.id },
    change: input.change,
  });
  return decision.ok ? { ok: true as const, target } : decision;
}

export function createPeopleRepository(db: Database) {
  return {
    /** People whose e-mail or display name starts with `query`, by e-mail, after `afterEmail`. */
    search(input: { query: string | undefined; afterEmail: string | null; limit: number }): Promise<AdminPersonRow[]> {
      const conditions: (SQL | undefined)[] = [];
      const query = input.query?.trim();
      if (query) {
        const prefix = `${escapeLike(query)}%`;
        conditions.push(or(ilike(users.email, prefix), ilike(users.displayName, prefix)));
      }
      if (input.afterEmail !== null) conditions.push(gt(users.email, input.afterEmail));
      return db
        .select(personColumns)
        .from(users)
        .leftJoin(organizations, eq(organizations.id, users.organizationId))
        .where(and(...conditions))
        .orderBy(asc(users.email))
        .limit(input.limit);
    },

    async find(id: number): Promise<AdminPersonRow | null> {
      const [row] = await db
        .select(personColumns)
        .from(users)
        .leftJoin(organizations, eq(organizations.id, users.organizationId))
        .where(eq(users.id, id));
      return row ?? null;
    },

    /** Changes a person's role and/or organization, with an audit row per kind of change. */
    async update(input: {
      actorId: number;
      targetId: number;
      role?: MemberRole;
      organizationId?: number | null;
    }): Promise<PersonChangeOutcome> {
      return db.transaction(async (tx): Promise<PersonChangeOutcome> => {
        const locked = await lockAndDecide(tx, { actorId: input.actorId, targetId: input.targetId, change: { role: input.role } });
        if (!locked.ok) return locked;
        const { target } = locked;
        if (input.organizationId !== undefined && input.organizationId !== null) {
          const [organization] = await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, input.organizationId));
          if (!organization) return { ok: false, reason: 'ORGANIZATION_NOT_FOUND' };
        }
        const role = input.role ?? target.role;
        const organizationId = input.organizationId === undefined ? target.organizationId : input.organizationId;
        if (organizationId !== null && !mayBelongToOrganization(role)) {
          // Name what this request asked for: an organization for staff, or staff for a member.
          const field = input.organizationId !== undefined && input.organizationId !== null ? 'organizationId' : 'role';
          const [organization] = await tx.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, organizationId));
          return { ok: false, reason: 'STAFF_IN_ORGANIZATION', field, organizationName: organization?.name ?? null };
        }
        const changes: { role?: MemberRole; organizationId?: number | null } = {};
        if (input.role !== undefined && input.role !== target.role) changes.role = input.role;
        if (input.organizationId !== undefined && input.organizationId !== target.organizationId) changes.organizationId = input.organizationId;
        if (Object.keys(changes).length === 0) return { ok: true };
        await tx.update(users).set(changes).where(eq(users.id, target.id));
        if (changes.role !== undefined) {
          await writeAdminAudit(tx, {
            actorId: input.actorId,
            action: 'person.role_changed',
            subjectType: 'user',
            subjectId: target.id,
            details: { from: target.role, to: changes.role },
          });
        }
        if (changes.organizationId !== undefined) {
          await writeAdminAudit(tx, {
            actorId: input.actorId,
            action: 'person.organization_changed',
            subjectType: 'user',
            subjectId: target.id,
            details: { from: target.organizationId, to: changes.organizationId },
          });
        }
        return { ok: true };
      });
    },

    /**
     * Deactivates a person and ends every session of theirs, or reactivates them. Their posts
     * stay. Doing it twice changes nothing and writes no second audit row.
     */
    async setActive(input: { actorId: number; targetId: number; active: boolean; now: Date }): Promise<PersonChangeOutcome> {
      return db.transaction(async (tx): Promise<PersonChangeOutcome> => {
        const locked = await lockAndDecide(tx, {
          actorId: input.actorId,
          targetId: input.targetId,
          change: { deactivate: !input.active },
        });
        if (!locked.ok) return locked;
        const [changed] = await tx
          .update(users)
          .set({ deactivatedAt: input.active ? null : input.now })
          .where(and(eq(users.id, input.targetId), input.active ? isNotNull(users.deactivatedAt) : isNull(users.deactivatedAt)))
          .returning({ id: users.id });
        if (!input.active) await tx.delete(sessions).where(eq(sessions.userId, input.targetId));
        if (changed) {
          await writeAdminAudit(tx, {
            actorId: input.actorId,
            action: input.active ? 'person.reactivated' : 'person.deactivated',
            subjectType: 'user',
            subjectId: input.targetId,
          });
        }
        return { ok: true };
      });
    },
  };
}

export type PeopleRepository = ReturnType<typeof createPeopleRepository>;
