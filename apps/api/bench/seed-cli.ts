import { connectDatabase, migrateDatabase } from '@townhall/db';
import { ensureWorkspace } from '../src/seed/workspace.ts';
import { millionPosts, seedLargeWorkspace } from './seed-large.ts';

// `pnpm --filter @townhall/api bench:seed`: seeds BENCH_SEED_URL (a migrated or empty database)
// with the large workspace, scaled by BENCH_SCALE (1 = a million posts), and says how long it took.
const url = process.env.BENCH_SEED_URL;
if (!url) throw new Error('Set BENCH_SEED_URL to the database to seed');
const scale = Number(process.env.BENCH_SCALE ?? 1);
const size = Object.fromEntries(Object.entries(millionPosts).map(([key, value]) => [key, Math.max(1, Math.round(value * scale))])) as typeof millionPosts;
const connection = await connectDatabase({ databaseUrl: url, poolSize: 2 });
try {
  await migrateDatabase(connection);
  await ensureWorkspace(connection.db);
  const started = performance.now();
  const timings = await seedLargeWorkspace(connection.db, size);
  console.log(`Seeded ${JSON.stringify(size)} in ${((performance.now() - started) / 1000).toFixed(1)} s`, timings);
} finally {
  await connection.close();
}
