import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';

/**
 * Descending order that matches our indexes: drizzle declares `.desc()` index columns as
 * `DESC NULLS LAST`, while a plain `desc()` asks for `DESC NULLS FIRST`, and PostgreSQL only
 * walks an index for ORDER BY when the null ordering matches too (even on NOT NULL columns).
 * Without this, a board list at a million posts sorts the whole board instead of reading 21 rows.
 */
export function newestFirst(column: AnyPgColumn): SQL {
  return sql`${column} desc nulls last`;
}
