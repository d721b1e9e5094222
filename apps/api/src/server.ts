import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { connectDatabase, migrateDatabase } from '@townhall/db';
import { buildApp } from './app.ts';
import { rerenderStalePosts } from './features/posts/rerender-posts.ts';
import { indexMissingSearchDocuments } from './features/search/search-index.repository.ts';
import { loadConfig } from './config.ts';
import {
  configurePagesEnvironment,
  createDevPagesHandler,
  exposeApiToPages,
  pagesPlugin,
  type PagesHandler,
} from './plugins/pages.ts';
import { demoAccounts, demoPassword, seedDemoWorkspace } from './seed/demo-workspace.ts';
import { ensureWorkspace, isWorkspaceEmpty } from './seed/workspace.ts';
import { createHandlesRepository } from './features/people/handles.repository.ts';

const config = loadConfig();
const connection = await connectDatabase(config.database);
await migrateDatabase(connection);
await ensureWorkspace(connection.db);
const seeded = config.seedDemo && (await isWorkspaceEmpty(connection.db));
if (seeded) await seedDemoWorkspace(connection.db);
// Accounts from before mention handles existed (and demo accounts) get one.
await createHandlesRepository(connection.db).assignMissingHandles();

const developing = config.environment === 'development';
const app = await buildApp({
  config,
  connection,
  logger: developing ? { level: config.logLevel, transport: { target: 'pino-pretty' } } : undefined,
});

const handlerPath = config.webBuildDir ? join(config.webBuildDir, 'handler.js') : null;
if (developing) {
  exposeApiToPages(app);
  await app.register(pagesPlugin(await createDevPagesHandler(app, fileURLToPath(new URL('../../web', import.meta.url)))));
} else if (handlerPath && existsSync(handlerPath)) {
  exposeApiToPages(app);
  configurePagesEnvironment();
  const { handler } = (await import(pathToFileURL(handlerPath).href)) as { handler: PagesHandler };
  await app.register(pagesPlugin(handler));
} else {
  app.log.warn(`No web build at ${handlerPath}: serving the API only (run \`pnpm build\` for the pages)`);
}

let closing = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const forceExit = setTimeout(() => process.exit(1), 10_000);
    forceExit.unref();
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}

await app.listen({ host: config.host, port: config.port });
// Posts written by an older Markdown renderer catch up in the background, without delaying start.
rerenderStalePosts(connection.db).then(
  ({ rerendered }) => rerendered > 0 && app.log.info({ rerendered }, 're-rendered posts from an older renderer'),
  (error: unknown) => app.log.error({ err: error }, 're-rendering posts failed'),
);
// So do topics and replies written before the search index existed (or while it was dropped).
indexMissingSearchDocuments(connection.db).then(
  ({ indexed }) => indexed > 0 && app.log.info({ indexed }, 'indexed documents for search'),
  (error: unknown) => app.log.error({ err: error }, 'indexing documents for search failed'),
);
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : config.port;
const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
const database = 'databaseUrl' in config.database ? 'PostgreSQL server' : `embedded PGlite in ${config.database.dataDir}`;
const lines = [`Townhall is running at ${url} (${database})`, `API docs: ${url}/api/docs`];
if (config.seedDemo) {
  lines.push(
    seeded ? 'Demo workspace created. Sign in as:' : 'Demo sign-ins:',
    ...demoAccounts.map((a) => `  ${a.email.padEnd(18)} ${a.role.padEnd(8)} password: ${demoPassword}`),
  );
}
console.log(`\n${lines.join('\n')}\n`);
