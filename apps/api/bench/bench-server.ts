import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A fresh database on the PostgreSQL server of `adminUrl`, dropped by `drop()`. */
export async function freshDatabase(adminUrl: string, name: string) {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

export type BenchServer = {
  url: string;
  pid: number;
  rssBytes(): number;
  /** The peak resident memory of the server: its process and, with WORKERS > 1, its workers together. */
  peakRssBytes(): number;
  /** Stops the server (SIGTERM) and resolves with its exit code. */
  stop(): Promise<number | null>;
  /** Kills the process at once (SIGKILL): no shutdown, no flush. */
  crash(): Promise<void>;
};

/**
 * What the api package's `start` script passes to node (its V8 settings included), so the
 * benchmarks measure the server as it runs in production.
 */
function startArguments(): string[] {
  const { scripts } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: { start: string } };
  const [command, ...args] = scripts.start.split(/\s+/);
  if (command !== 'node') throw new Error(`apps/api's start script should run node, not ${command}`);
  return args;
}

/**
 * Starts the real server (apps/api/src/server.ts) in a process of its own, so its memory is
 * measured apart from the load generator's.
 */
export async function startBenchServer(env: Record<string, string>, fixedPort?: number): Promise<BenchServer> {
  const port = fixedPort ?? (await freePort());
  // BENCH_PROFILE=<dir> writes a V8 CPU profile of the server there when it stops.
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const child: ChildProcess = spawn(process.execPath, [...profile, ...startArguments()], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      // No pages unless a scenario asks for them (env below may set the build).
      WEB_BUILD_DIR: '/nonexistent',
      SIGN_IN_RATE_LIMIT: '100000',
      POST_RATE_LIMIT: '100000',
      SEARCH_RATE_LIMIT: '100000',
      REACTION_RATE_LIMIT: '100000',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('server did not start within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    pid: child.pid!,
    rssBytes() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
    },
    peakRssBytes() {
      const peakOf = (pid: number) => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;
      return [child.pid!, ...workerProcesses(child.pid!)].reduce((sum, pid) => sum + peakOf(pid), 0);
    },
    stop: () =>
      new Promise<number | null>((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill('SIGTERM');
      }),
    crash: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}

/**
 * The worker processes of the server whose primary is `pid`: its children that run Node. (tsx
 * may start an esbuild service as a child too, which is not a worker.)
 */
export function workerProcesses(pid: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        // After the command in parentheses (which may hold spaces): the state, then the parent's pid.
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const command = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        return command === 'node' && Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false; // gone meanwhile
      }
    })
    .map(Number);
}

/** Signs in through the API and returns the session cookie pair. */
export async function signIn(url: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${url}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('townhall_session='));
  return cookie!.split(';')[0]!;
}

/** Percentile of sorted values (nearest rank). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

/** The machine's CPU time so far (all cores, in clock ticks): in all, and stolen by the hypervisor. */
export function machineCpuTimes(): { total: number; steal: number } {
  // The first line of /proc/stat: user nice system idle iowait irq softirq steal guest guest_nice.
  const ticks = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
  return { total: ticks.reduce((sum, value) => sum + value, 0), steal: ticks[7]! };
}

/**
 * The share of the machine's CPU time between two readings that a virtual machine's hypervisor
 * gave to others: a run with much of it measured a busy neighbour as much as the app.
 */
export function stolenShare(before: { total: number; steal: number }, after: { total: number; steal: number }): string {
  const total = after.total - before.total;
  return total > 0 ? `${((100 * (after.steal - before.steal)) / total).toFixed(1)} %` : 'n/a';
}
