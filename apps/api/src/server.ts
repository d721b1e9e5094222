import cluster from 'node:cluster';
import { connectDatabase } from '@townhall/db';
import { loadConfig, type Config } from './config.ts';
import { prepareDatabase, startInstance } from './instance.ts';
import { demoAccounts, demoPassword } from './seed/demo-workspace.ts';
import { superviseWorkers } from './workers/supervisor.ts';

// The entry point. One process serves everything (the default, and the only way on the embedded
// database); with WORKERS > 1 this process prepares the database, then starts that many workers
// on the same port and looks after them, and each worker runs this file again as an instance.

const config = loadConfig();
if (cluster.isWorker) {
  await startInstance(config, { backgroundWork: config.workerIndex === 0 });
} else if (config.workers > 1) {
  const connection = await connectDatabase(config.database);
  const seeded = await prepareDatabase(connection, config).finally(() => connection.close());
  superviseWorkers({ count: config.workers, onListening: ({ port }) => announce(config, { seeded, port }) });
} else {
  const connection = await connectDatabase(config.database);
  const seeded = await prepareDatabase(connection, config);
  const app = await startInstance(config, { backgroundWork: true }, connection);
  const address = app.server.address();
  announce(config, { seeded, port: typeof address === 'object' && address ? address.port : config.port });
}

/** Where the forum is and how to sign in to the demo, once it is listening. */
function announce(config: Config, { seeded, port }: { seeded: boolean; port: number }): void {
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  const database = 'databaseUrl' in config.database ? 'PostgreSQL server' : `embedded PGlite in ${config.database.dataDir}`;
  const processes = config.workers > 1 ? `, ${config.workers} worker processes` : '';
  const lines = [`Townhall is running at ${url} (${database}${processes})`, `API docs: ${url}/api/docs`];
  if (config.seedDemo) {
    lines.push(
      seeded ? 'Demo workspace created. Sign in as:' : 'Demo sign-ins:',
      ...demoAccounts.map((a) => `  ${a.email.padEnd(18)} ${a.role.padEnd(8)} password: ${demoPassword}`),
    );
  }
  console.log(`\n${lines.join('\n')}\n`);
}
