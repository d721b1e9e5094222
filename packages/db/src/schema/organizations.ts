import { bigint, date, index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { lifecycleStageEnum, organizationTierEnum } from './enums.ts';

export const organizations = pgTable('organizations', {
  id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  name: text().notNull().unique(),
  tier: organizationTierEnum().notNull(),
  lifecycleStage: lifecycleStageEnum().notNull().default('adoption'),
  renewalOn: date(),
  createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
});

/** New sign-ups whose e-mail ends in `domain` join the organization. */
export const organizationDomains = pgTable(
  'organization_domains',
  {
    domain: text().primaryKey(),
    organizationId: bigint({ mode: 'number' })
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index().on(t.organizationId)],
);
