import { connectDatabase, migrateDatabase } from '@townhall/db';
import { loadConfig } from './config.ts';
import { indexMissingSearchDocuments } from './features/search/search-index.repository.ts';

// `pnpm db:reindex-search`: indexes every topic, note, program and reply that has no search
// document yet (the backfill after the search index arrives). The server also runs it at start.
const config = loadConfig();
const connection = await connectDatabase(config.database);
try {
  await migrateDatabase(connection);
  const { indexed } = await indexMissingSearchDocuments(connection.db);
  console.log(`Indexed ${indexed} documents for search.`);
} finally {
  await connection.close();
}
