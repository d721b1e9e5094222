import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { chatWebhookFormats } from '@townhall/domain';
import { users } from './users.ts';

export const chatWebhookFormatEnum = pgEnum('chat_webhook_format', chatWebhookFormats);
export const webhookDeliveryStatusEnum = pgEnum('webhook_delivery_status', ['pending', 'sending', 'sent', 'failed']);

/** A staff member's chat webhook for their check-in digests (their own team chat or robot). */
export const staffWebhooks = pgTable('staff_webhooks', {
  userId: bigint({ mode: 'number' })
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  format: chatWebhookFormatEnum().notNull(),
  url: text().notNull(),
  /** Signs each delivery (HMAC-SHA256; DingTalk and Feishu sign their own way). */
  secret: text(),
  updatedAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
});

/**
 * Every webhook call the forum makes. The message is stored unsigned and signed when sent (the
 * signatures carry a timestamp). The dedupe key makes a delivery exactly-once per purpose, e.g.
 * `sla:<window>:<user>:webhook`.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    userId: bigint({ mode: 'number' }).references(() => users.id, { onDelete: 'set null' }),
    format: chatWebhookFormatEnum().notNull(),
    url: text().notNull(),
    secret: text(),
    message: jsonb().$type<Record<string, unknown>>().notNull(),
    dedupeKey: text().notNull(),
    status: webhookDeliveryStatusEnum().notNull().default('pending'),
    sendAfter: timestamp({ withTimezone: true, precision: 3 }).notNull(),
    attempts: integer().notNull().default(0),
    lastError: text(),
    responseStatus: integer(),
    claimedAt: timestamp({ withTimezone: true, precision: 3 }),
    sentAt: timestamp({ withTimezone: true, precision: 3 }),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_dedupe_unique').on(t.dedupeKey),
    index('webhook_deliveries_due_idx').on(t.sendAfter, t.id).where(sql`${t.status} in ('pending', 'sending')`),
    index('webhook_deliveries_newest_idx').on(t.id.desc()),
  ],
);
