import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const apiDir = join(repoRoot, 'apps/api');
const webBuildHandler = join(repoRoot, 'apps/web/build/handler.js');

const startTimeoutMs = 90_000;
const stopTimeoutMs = 15_000;
const keptOutputChars = 20_000;

export type RunningServer = {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** Everything the server printed so far (tail), for failure messages. */
  output: () => string;
  /** SIGTERM, wait for the process to exit, remove its data folder. Safe to call twice. */
  stop: () => Promise<void>;
};

/**
 * Starts the real server (`apps/api/src/server.ts`: API under /api and the built SvelteKit pages
 * on one port) as a child process with a fresh embedded database and the demo workspace.
 */
export async function startServer(extraEnv: Record<string, string> = {}): Promise<RunningServer> {
  if (!existsSync(webBuildHandler)) {
    throw new Error(`No web build at ${webBuildHandler}: run \`pnpm build\` (or \`pnpm test:browser\`, which builds first)`);
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'townhall-e2e-'));

  const env: NodeJS.ProcessEnv = { ...process.env };
  // What the test runner or the developer's shell may carry must not change which database,
  // build or origin the server uses.
  for (const key of Object.keys(env)) {
    if (key.startsWith('VITEST') || key.startsWith('TEST_')) delete env[key];
  }
  for (const key of ['NODE_ENV', 'DATABASE_URL', 'WEB_BUILD_DIR', 'ORIGIN', 'TRUST_PROXY', 'COOKIE_SECURE']) delete env[key];
  Object.assign(env, { PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, SEED_DEMO: 'true', LOG_LEVEL: 'warn' }, extraEnv);

  // `node --import tsx` (tsx resolved from apps/api) avoids an npx wrapper process between us and
  // the server, so SIGTERM reaches the server itself.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: apiDir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  let output = '';
  const append = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-keptOutputChars);
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);

  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  // A test run that dies without afterAll must not leave a server behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.off('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
      await exited;
      clearTimeout(timer);
    }
    await rm(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  };

  try {
    const url = await waitForStartLine(child, exited, () => output);
    return { url, output: () => output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function waitForStartLine(child: ChildProcess, exited: Promise<void>, output: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.stdout!.off('data', check);
      fn();
    };
    const check = () => {
      const match = /Townhall is running at (http:\/\/\S+)/.exec(output());
      if (match) finish(() => resolve(match[1]!.replace(/\/$/, '')));
    };
    const timer = setTimeout(
      () => finish(() => reject(new Error(`The server did not start within ${startTimeoutMs / 1000} s. Its output:\n${output()}`))),
      startTimeoutMs,
    );
    child.stdout!.on('data', check);
    child.once('error', (error) => finish(() => reject(new Error(`Could not start the server: ${error.message}`))));
    void exited.then(() => {
      // Let the last output chunks arrive before reporting.
      setImmediate(() =>
        finish(() =>
          reject(
            new Error(
              `The server exited (code ${child.exitCode}, signal ${child.signalCode}) before it was running. Its output:\n${output()}`,
            ),
          ),
        ),
      );
    });
  });
}

export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Headless Chromium (Debian's, not a Playwright download) with the flags this machine needs. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `Chromium not found at ${chromiumPath}: install Debian's chromium: apt-get install chromium, or set CHROMIUM_PATH`,
    );
  }
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
