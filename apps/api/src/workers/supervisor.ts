import cluster, { type Worker } from 'node:cluster';
import { decideRestart } from './restart-policy.ts';

/**
 * The primary process of `WORKERS` > 1: it serves nothing itself. It starts the workers, each a
 * whole instance (API, pages, live sockets) on the same port, where node:cluster hands each new
 * connection to the next worker in turn. A worker that dies is replaced (see restart-policy.ts);
 * SIGTERM or SIGINT stops every worker gracefully, then the primary. If the primary itself is
 * killed, node:cluster makes each worker exit as its channel to the primary closes.
 *
 * Workers share nothing in memory: they are separate instances on one database, as several
 * machines would be (live events, rate limits and caches already work across instances).
 */
export function superviseWorkers(options: {
  count: number;
  /** Called once, when every first worker is listening (at the address of the last). */
  onListening: (address: { address: string; port: number }) => void;
}): void {
  const { count, onListening } = options;
  const indexOf = new Map<Worker, number>();
  let deaths: number[] = [];
  let stopping: { exitCode: number } | null = null;
  let listening = 0;

  const fork = (index: number) => {
    // The index says which worker does the background work (the first); it survives restarts.
    const worker = cluster.fork({ TOWNHALL_WORKER_INDEX: String(index) });
    indexOf.set(worker, index);
    worker.once('listening', (address) => {
      listening += 1;
      if (listening === count) onListening(address);
    });
  };

  const stop = (exitCode: number) => {
    if (stopping) return;
    stopping = { exitCode };
    if (indexOf.size === 0) process.exit(exitCode);
    for (const worker of indexOf.keys()) worker.process.kill('SIGTERM');
    // Each worker gives itself 10 s to close; this is the backstop for one that hangs.
    setTimeout(() => process.exit(1), 15_000).unref();
  };

  cluster.on('exit', (worker, code, signal) => {
    const index = indexOf.get(worker) ?? -1;
    indexOf.delete(worker);
    if (stopping) {
      if (indexOf.size === 0) process.exit(stopping.exitCode);
      return;
    }
    const decision = decideRestart(deaths, Date.now());
    deaths = decision.deaths;
    const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
    if (!decision.restart) {
      log(50, `worker ${index} ${how}; ${deaths.length} workers died within a minute, so Townhall stops`);
      stop(1);
      return;
    }
    log(40, `worker ${index} ${how}; starting another in ${decision.delayMs} ms`);
    setTimeout(() => stopping || fork(index), decision.delayMs);
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => stop(0));
  for (let index = 0; index < count; index += 1) fork(index);
}

/** A log line in the shape the workers' logger (pino) writes. */
function log(level: 40 | 50, msg: string): void {
  process.stdout.write(`${JSON.stringify({ level, time: Date.now(), pid: process.pid, role: 'primary', msg })}\n`);
}
