import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { connectDatabase, migrateDatabase, type DatabaseConnection } from '@townhall/db';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import type { Config } from './config.ts';
import { rerenderStalePosts } from './features/posts/rerender-posts.ts';
import { indexMissingSearchDocuments } from './features/search/search-index.repository.ts';
import { createHandlesRepository } from './features/people/handles.repository.ts';
import {
  configurePagesEnvironment,
  createDevPagesHandler,
  exposeApiToPages,
  pagesPlugin,
  type PagesHandler,
} from './plugins/pages.ts';
import { seedDemoWorkspace } from './seed/demo-workspace.ts';
import { ensureWorkspace, isWorkspaceEmpty } from './seed/workspace.ts';

/**
 * Brings the database up to date before anyone is served: migrations (under a lock, so instances
 * take turns), the default boards, demo data on an empty workspace, handles for older accounts.
 * Returns whether demo data was seeded.
 */
export async function prepareDatabase(connection: DatabaseConnection, config: Config): Promise<boolean> {
  await migrateDatabase(connection);
  await ensureWorkspace(connection.db);
  const seeded = config.seedDemo && (await isWorkspaceEmpty(connection.db));
  if (seeded) await seedDemoWorkspace(connection.db);
  // Accounts from before mention handles existed (and demo accounts) get one.
  await createHandlesRepository(connection.db).assignMissingHandles();
  return seeded;
}

/**
 * What one serving process does besides serving. A single process does everything; of several
 * worker processes only the first runs background jobs and the catch-up work at start, since a
 * second copy of either would only repeat the first's queries.
 */
export type InstanceRole = { backgroundWork: boolean };

/**
 * Starts one instance of the server (API and pages) on config's host and port, on the `given`
 * connection or one of its own; stops on SIGTERM or SIGINT.
 */
export async function startInstance(config: Config, role: InstanceRole, given?: DatabaseConnection): Promise<FastifyInstance> {
  const connection = given ?? (await connectDatabase(config.database));
  const developing = config.environment === 'development';
  const app = await buildApp({
    config: { ...config, jobsEnabled: config.jobsEnabled && role.backgroundWork },
    connection,
    logger: developing ? { level: config.logLevel, transport: { target: 'pino-pretty' } } : undefined,
  });

  const handlerPath = config.webBuildDir ? join(config.webBuildDir, 'handler.js') : null;
  if (developing) {
    exposeApiToPages(app);
    await app.register(pagesPlugin(await createDevPagesHandler(app, fileURLToPath(new URL('../../web', import.meta.url)))));
  } else if (handlerPath && existsSync(handlerPath)) {
    exposeApiToPages(app);
    configurePagesEnvironment(process.env, { uploadMaxBytes: config.uploads.maxBytes });
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
  if (role.backgroundWork) {
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
  }
  return app;
}
