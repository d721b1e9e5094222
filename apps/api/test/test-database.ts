import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { connectDatabase, type DatabaseConnection } from '@townhall/db';

/** What the global setup prepared: a migrated template every test file copies. */
export type DatabaseTemplate =
  | { kind: 'embedded'; dumpPath: string }
  | { kind: 'server'; adminUrl: string; templateName: string; prefix: string };

declare module 'vitest' {
  export interface ProvidedContext {
    databaseTemplate: DatabaseTemplate;
  }
}

/** A database URL with another database name. */
export function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/** A unique name for a throwaway database. */
export function throwawayName(prefix: string): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`;
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Runs one statement as the server's administrator, on a short-lived connection. */
export async function runAsAdmin(adminUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * A fresh, migrated database of its own for one test file: a PGlite loaded from the template
 * dump, or a new PostgreSQL database copied from the template database (dropped on close).
 */
export async function openTestDatabase(template: DatabaseTemplate): Promise<DatabaseConnection> {
  if (template.kind === 'embedded') {
    const dump = new Blob([await readFile(template.dumpPath)]);
    return connectDatabase({ dataDir: null, template: dump });
  }
  const name = throwawayName(template.prefix);
  await createDatabaseFromTemplate(template.adminUrl, name, template.templateName);
  const connection = await connectDatabase({ databaseUrl: withDatabaseName(template.adminUrl, name), poolSize: 10 });
  return {
    ...connection,
    close: async () => {
      await connection.close();
      await runAsAdmin(template.adminUrl, `drop database if exists ${quote(name)} with (force)`);
    },
  };
}

async function createDatabaseFromTemplate(adminUrl: string, name: string, templateName: string) {
  // Two files copying the template at the same moment can collide; the loser waits and retries.
  for (let attempt = 1; ; attempt++) {
    try {
      await runAsAdmin(adminUrl, `create database ${quote(name)} template ${quote(templateName)}`);
      return;
    } catch (error) {
      if (attempt >= 20 || !String(error).includes('being accessed by other users')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}

export { quote as quoteIdentifier };
