import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { connectDatabase, migrateDatabase } from '@townhall/db';
import { quoteIdentifier, runAsAdmin, throwawayName, withDatabaseName } from './test-database.ts';

/**
 * Migrates one template database per run, so each test file starts from a copy in a moment
 * instead of running initdb and every migration itself.
 */
export default async function setup(project: TestProject) {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const folder = await mkdtemp(join(tmpdir(), 'townhall-test-'));
    const connection = await connectDatabase({ dataDir: null });
    await migrateDatabase(connection);
    const dumpPath = join(folder, 'template.tar');
    if (connection.driver.kind !== 'embedded') throw new Error('expected PGlite');
    const dump = await connection.driver.client.dumpDataDir('none');
    await writeFile(dumpPath, new Uint8Array(await dump.arrayBuffer()));
    await connection.close();
    project.provide('databaseTemplate', { kind: 'embedded', dumpPath });
    return async () => {
      await rm(folder, { recursive: true, force: true });
    };
  }

  const prefix = throwawayName('townhall_test');
  const templateName = `${prefix}_template`;
  await runAsAdmin(adminUrl, `create database ${quoteIdentifier(templateName)}`);
  const connection = await connectDatabase({ databaseUrl: withDatabaseName(adminUrl, templateName), poolSize: 1 });
  await migrateDatabase(connection);
  await connection.close();
  project.provide('databaseTemplate', { kind: 'server', adminUrl, templateName, prefix });
  return async () => {
    // Drop the template and anything a crashed test file left behind.
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ datname: string }>('select datname from pg_database where datname like $1', [`${prefix}%`]);
      for (const { datname } of rows) await client.query(`drop database if exists ${quoteIdentifier(datname)} with (force)`);
    } finally {
      await client.end();
    }
  };
}
