import { bigint, index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { roleEnum } from './enums.ts';
import { organizations } from './organizations.ts';
import { users } from './users.ts';

/** An invite link: only the SHA-256 of its token is stored, like sessions. */
export const invitations = pgTable(
  'invitations',
  {
    id: text().primaryKey(),
    organizationId: bigint({ mode: 'number' }).references(() => organizations.id, { onDelete: 'cascade' }),
    role: roleEnum().notNull().default('customer'),
    createdById: bigint({ mode: 'number' })
      .notNull()
      .references(() => users.id),
    expiresAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
    usedAt: timestamp({ withTimezone: true, precision: 3 }),
    usedById: bigint({ mode: 'number' }).references(() => users.id),
    revokedAt: timestamp({ withTimezone: true, precision: 3 }),
    revokedById: bigint({ mode: 'number' }).references(() => users.id),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index().on(t.organizationId)],
);
