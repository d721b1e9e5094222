import { sql } from 'drizzle-orm';

/**
 * A select to put in a data-modifying statement (a materialized CTE the final select joins) that
 * runs on its own, outside any transaction, so that its commit returns without waiting for the
 * write-ahead log to reach the disk: `SET LOCAL synchronous_commit = off` for that one implicit
 * transaction, without a round trip of its own. For rows derived from a change that has already
 * committed durably (live events, notifications): if the database server itself crashes, the last
 * moment's worth of them (up to three times `wal_writer_delay`, 0.6 s by default) can be lost, but
 * never half of one, never a row that another committed row depends on, and never the change.
 * Never use it inside `db.transaction`: it would make the whole transaction's commit asynchronous.
 */
export const asyncCommitSetting = sql`select set_config('synchronous_commit', 'off', true)`;
