import { sql } from 'drizzle-orm';

/**
 * The session setting, set by the pg pool's connections only, under which `asyncCommitSetting`
 * takes effect. PGlite has no WAL writer to flush an asynchronous commit a moment later: there it
 * would wait for the next durable commit, however long that takes, so on PGlite it does nothing.
 */
export const asyncDerivedCommitsOption = '-c townhall.async_derived_commits=on';

/**
 * The `options` the pg pool's connections send: the switch above after `PGOPTIONS`, which pg would
 * otherwise have sent and now ignores. A DATABASE_URL with an `options` parameter of its own
 * replaces both (pg prefers the URL), and live events and notifications then wait for the disk.
 */
export function poolConnectionOptions(environment: NodeJS.ProcessEnv = process.env): string {
  return [environment.PGOPTIONS, asyncDerivedCommitsOption].filter(Boolean).join(' ');
}

/**
 * A select to put in a data-modifying statement (a materialized CTE the final select joins; it
 * always yields one row) that runs on its own, outside any transaction, so that its commit returns
 * without waiting for the write-ahead log to reach the disk: `SET LOCAL synchronous_commit = off`
 * for that one implicit transaction, without a round trip of its own. For rows derived from a
 * change that has already committed durably (live events, notifications): if the database server
 * itself crashes, the last moment's worth of them (up to three times `wal_writer_delay`, 0.6 s by
 * default) can be lost, but never half of one, never one that a later durable commit followed,
 * and never the change. Never use it inside `db.transaction`: the whole transaction's commit would
 * stop waiting for the disk.
 */
export const asyncCommitSetting = sql`select case when current_setting('townhall.async_derived_commits', true) = 'on'
  then set_config('synchronous_commit', 'off', true) end as async_commit`;
