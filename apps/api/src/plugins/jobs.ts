import fp from 'fastify-plugin';
import PgBoss from 'pg-boss';
import type { DatabaseConnection } from '@townhall/db';

/** A recurring job: what runs, and when (cron, in `tz`, UTC by default). */
export type JobDefinition = {
  name: string;
  cron: string;
  tz?: string;
  /** Also run once as soon as the instance starts (e.g. a digest missed while it was down). */
  runOnStart?: boolean;
  run(now: Date): Promise<unknown>;
};

export type JobsOptions = { enabled: boolean; now: () => Date; jobs: JobDefinition[] };

export type Jobs = {
  /** Runs a job soon on whichever instance picks it up (e.g. an urgent alert), instead of waiting for its schedule. */
  trigger(name: string): Promise<void>;
};

declare module 'fastify' {
  interface FastifyInstance {
    jobs: Jobs;
  }
}

/**
 * pg-boss talks to our own connection: the pg pool, or PGlite (which runs several statements only
 * through `exec`). `close` waits for its statements in flight and then answers any later one
 * with no rows: a worker may still mark its job done after `stop()` has returned (pg-boss issue
 * #421), and the connection closes right after. A job whose completion is lost that way runs
 * again later, which the jobs allow (see below).
 */
function bossDatabase(connection: DatabaseConnection): { db: PgBoss.Db; close(): Promise<void> } {
  const { driver } = connection;
  const run =
    driver.kind === 'server'
      ? (text: string, values?: unknown[]) => driver.pool.query(text, values)
      : async (text: string, values?: unknown[]) => {
          if (values && values.length > 0) return driver.client.query(text, values);
          const results = await driver.client.exec(text);
          return { rows: results.at(-1)?.rows ?? [] };
        };
  const inFlight = new Set<Promise<unknown>>();
  let closed = false;
  return {
    db: {
      executeSql(text, values) {
        if (closed) return Promise.resolve({ rows: [] });
        const query = run(text, values);
        inFlight.add(query);
        void query.finally(() => inFlight.delete(query)).catch(() => {});
        return query;
      },
    },
    async close() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
      closed = true;
    },
  };
}

/**
 * Background jobs on pg-boss, in the same database as everything else: schedules survive restarts
 * and each run is taken by one instance only. The jobs themselves are idempotent, so a run retried
 * after a crash cannot deliver anything twice (their writes carry unique keys).
 */
export const jobsPlugin = fp<JobsOptions>(
  async (app, options) => {
    let boss: PgBoss | null = null;
    let bossConnection: ReturnType<typeof bossDatabase> | null = null;

    app.decorate('jobs', {
      async trigger(name) {
        if (!boss) throw new Error('background jobs are not running on this instance');
        await boss.send(name, {});
      },
    } satisfies Jobs);

    if (!options.enabled) return;

    app.addHook('onReady', async () => {
      bossConnection = bossDatabase(app.dbConnection);
      boss = new PgBoss({ db: bossConnection.db, schema: 'pgboss' });
      boss.on('error', (error) => app.log.error({ err: error }, 'background job queue error'));
      await boss.start();
      for (const job of options.jobs) {
        await boss.createQueue(job.name);
        await boss.schedule(job.name, job.cron, {}, { tz: job.tz ?? 'UTC' });
        await boss.work(job.name, async () => {
          const result = await job.run(options.now());
          app.log.debug({ job: job.name, result }, 'job ran');
        });
        if (job.runOnStart) await boss.send(job.name, {});
      }
    });

    app.addHook('onClose', async () => {
      await boss?.stop({ graceful: true, wait: true, close: false, timeout: 10_000 });
      await bossConnection?.close();
    });
  },
  { name: 'jobs', dependencies: ['db'] },
);
