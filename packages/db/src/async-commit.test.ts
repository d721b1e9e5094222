import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asyncCommitSetting, asyncDerivedCommitsOption, poolConnectionOptions } from './async-commit.ts';
import { connectDatabase, rowsOf, type DatabaseConnection } from './client.ts';

// On PGlite, and on the PostgreSQL server in that pass of the suite (a pool of one connection, so
// every statement below runs on the same session).
const url = process.env.TEST_DATABASE_URL;

describe('asyncCommitSetting', () => {
  let connection: DatabaseConnection;
  beforeAll(async () => {
    connection = await connectDatabase(url ? { databaseUrl: url, poolSize: 1 } : { dataDir: null });
  });
  afterAll(() => connection?.close());

  const setting = async (statement = sql`select current_setting('synchronous_commit') as value where ${true}`) =>
    rowsOf<{ value: string }>(await connection.db.execute(statement))[0]!.value;

  it(`${url ? 'turns synchronous commit off' : 'leaves synchronous commit on (PGlite)'} for the statement that joins it, and for nothing after it`, async () => {
    expect(await setting()).toBe('on');
    const during = await setting(sql`
      with async_commit as materialized (${asyncCommitSetting})
      select current_setting('synchronous_commit') as value from async_commit where ${true}`);
    // PGlite has no WAL writer that would flush an asynchronous commit soon after.
    expect(during).toBe(url ? 'off' : 'on');
    // The pooled session is back to durable commits for whatever runs on it next.
    expect(await setting()).toBe('on');
  });
});

describe('poolConnectionOptions', () => {
  it('keeps PGOPTIONS, which pg ignores once options are given', () => {
    expect(poolConnectionOptions({ PGOPTIONS: '-c search_path=forum' })).toBe(`-c search_path=forum ${asyncDerivedCommitsOption}`);
    expect(poolConnectionOptions({})).toBe(asyncDerivedCommitsOption);
  });
});
