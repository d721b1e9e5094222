import { connectDatabase, migrateDatabase } from '@townhall/db';
import { loadConfig } from './config.ts';

// `pnpm db:migrate`: applies pending migrations to the configured database and exits.
const config = loadConfig();
const connection = await connectDatabase(config.database);
try {
  await migrateDatabase(connection);
  console.log('Migrations applied.');
} finally {
  await connection.close();
}
