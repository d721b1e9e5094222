import { bigint, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { AuditAction } from '@townhall/domain';
import { users } from './users.ts';

/** Every staff action and every security-relevant account event, append-only. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    actorId: bigint({ mode: 'number' }).references(() => users.id),
    action: text().$type<AuditAction>().notNull(),
    subjectType: text().notNull(),
    subjectId: text().notNull(),
    details: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.createdAt.desc(), t.id.desc()),
    index().on(t.subjectType, t.subjectId),
    // The audit page filtered by action or by actor, newest first by keyset.
    index().on(t.action, t.createdAt.desc(), t.id.desc()),
    index().on(t.actorId, t.createdAt.desc(), t.id.desc()),
  ],
);
