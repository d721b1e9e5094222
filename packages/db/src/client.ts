import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { poolConnectionOptions } from './async-commit.ts';
import { oneQueryPerTurn } from './one-query-per-turn.ts';
import { PreparingClient } from './prepared-statements.ts';
import * as schema from './schema/index.ts';

/** One database type above the driver: code never knows whether PGlite or a server is behind it. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
/** The handle a `db.transaction` callback receives: queries on it run inside the transaction. */
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

export type DatabaseConnection = {
  db: Database;
  /** `embedded` is PGlite in-process; `server` is a PostgreSQL server through a pg pool. */
  kind: 'embedded' | 'server';
  /** The driver underneath, for the few places that need it (migrations, LISTEN/NOTIFY). */
  driver: { kind: 'server'; pool: pg.Pool } | { kind: 'embedded'; client: PGlite };
  close(): Promise<void>;
};

export type ConnectOptions =
  | { databaseUrl: string; poolSize?: number }
  | { dataDir: string | null; template?: Blob };

/**
 * Opens the database: a pg pool when a URL is given, else embedded PGlite persisted in
 * `dataDir` (or in memory when `dataDir` is null, for tests, optionally from a template dump).
 */
export async function connectDatabase(options: ConnectOptions): Promise<DatabaseConnection> {
  if ('databaseUrl' in options) {
    // A server that does not answer fails a request (503) instead of hanging it; generous, because
    // the same limit covers waiting for a free connection in a busy pool.
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: 30_000,
      // Lets live events and notifications commit without waiting for the disk (async-commit.ts).
      options: poolConnectionOptions(),
      Client: PreparingClient,
    });
    // An idle client that loses its server must not crash the process.
    pool.on('error', () => {});
    const db = drizzlePg({ client: pool, schema, casing: 'snake_case' }) as unknown as Database;
    return {
      db,
      kind: 'server',
      driver: { kind: 'server', pool },
      close: () => pool.end(),
    };
  }
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  // A template (a dump of an already initialized data folder) skips initdb, which takes seconds.
  const client = new PGlite({ dataDir: options.dataDir ?? undefined, loadDataDir: options.template });
  await client.waitReady;
  oneQueryPerTurn(client);
  const db = drizzlePglite({ client, schema, casing: 'snake_case' }) as unknown as Database;
  return {
    db,
    kind: 'embedded',
    driver: { kind: 'embedded', client },
    close: () => client.close(),
  };
}

/** The rows of `db.execute`: node-postgres and PGlite both answer with a result holding `rows`. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
