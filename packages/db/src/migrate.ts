import { fileURLToPath } from 'node:url';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import type { DatabaseConnection } from './client.ts';

/** The committed drizzle-kit output at the repository root. */
export const migrationsFolder = fileURLToPath(new URL('../../../migrations', import.meta.url));

// Any constant works; it only has to be the same for every instance of the app.
const migrationLockKey = 727_001;

/**
 * Applies pending migrations. On a server, a session advisory lock (held on one dedicated
 * connection) makes concurrent instances take turns instead of racing to create the same tables.
 */
export async function migrateDatabase(connection: DatabaseConnection): Promise<void> {
  const { driver } = connection;
  if (driver.kind === 'embedded') {
    await migratePglite(drizzlePglite({ client: driver.client }), { migrationsFolder });
    return;
  }
  const client = await driver.pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [migrationLockKey]);
    try {
      await migratePg(drizzlePg({ client }), { migrationsFolder });
    } finally {
      await client.query('select pg_advisory_unlock($1)', [migrationLockKey]);
    }
  } finally {
    client.release();
  }
}
