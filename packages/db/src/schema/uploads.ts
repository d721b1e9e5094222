import { bigint, customType, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from './users.ts';

/** Raw bytes. node-postgres reads them as a Buffer, PGlite as a Uint8Array (a Buffer is one too). */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

/**
 * Images attached to posts, in the database with everything else: one backup holds them, every
 * instance serves them, and the embedded database needs no folder of its own for them.
 */
export const uploads = pgTable(
  'uploads',
  {
    /** 128 random bits (base32): the address is the capability, as Discourse's and GitHub's are. */
    id: text().primaryKey(),
    uploaderId: bigint({ mode: 'number' })
      .notNull()
      .references(() => users.id),
    /** Sniffed from the bytes, never taken from the request. */
    contentType: text().notNull(),
    byteSize: integer().notNull(),
    /** The file name as uploaded, for the alt text and a download's name. */
    name: text(),
    /** The image with its metadata (Exif, GPS, text chunks) removed. */
    data: bytea().notNull(),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  // Someone's uploads, newest first: the daily volume they may still upload.
  (t) => [index('uploads_uploader_newest_idx').on(t.uploaderId, t.createdAt.desc())],
);
