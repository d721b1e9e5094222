import { connectDatabase, migrateDatabase } from '@townhall/db';
import { loadConfig } from './config.ts';
import { rerenderStalePosts } from './features/posts/rerender-posts.ts';

// `pnpm db:rerender`: re-renders posts whose stored HTML came from an older Markdown renderer.
const config = loadConfig();
const connection = await connectDatabase(config.database);
try {
  await migrateDatabase(connection);
  const { rerendered } = await rerenderStalePosts(connection.db);
  console.log(`Re-rendered ${rerendered} posts.`);
} finally {
  await connection.close();
}
