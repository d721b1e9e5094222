import type { FastifyInstance } from 'fastify';
import WebSocket from 'ws';
import { connectDatabase, type DatabaseConnection } from '@townhall/db';
import type { LiveServerMessage } from '@townhall/contracts';
import { buildApp, type BuildAppOptions } from '../src/app.ts';
import { loadConfig, type Config } from '../src/config.ts';

/** Starts `app` on a loopback port and returns its websocket URL. */
export async function listenForSockets(app: FastifyInstance): Promise<string> {
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  return `${address.replace(/^http/, 'ws')}/api/ws`;
}

/**
 * A second app instance on the same database, as behind a load balancer: on PostgreSQL its own
 * pool to the same URL, on PGlite the same in-process client (left open for the first app to close).
 */
export async function buildSecondInstance(
  first: FastifyInstance,
  live?: BuildAppOptions['live'],
  extra: { config?: Partial<Config>; clock?: BuildAppOptions['clock'] } = {},
): Promise<FastifyInstance> {
  const shared = first.dbConnection;
  const connection: DatabaseConnection =
    shared.driver.kind === 'server'
      ? await connectDatabase({ databaseUrl: String(shared.driver.pool.options.connectionString), poolSize: 4 })
      : { ...shared, close: async () => {} };
  // Jobs stay off unless a test is about them, as in createTestApp.
  const config = { ...loadConfig({}), webBuildDir: null, jobsEnabled: false, ...extra.config };
  const app = await buildApp({ config, connection, logger: false, live, clock: extra.clock });
  await app.ready();
  return app;
}

export type TestSocket = {
  socket: WebSocket;
  received: LiveServerMessage[];
  send(message: unknown): void;
  /** Waits for the next message (after those already taken) that matches. */
  next<T extends LiveServerMessage['type']>(type: T, timeoutMs?: number): Promise<Extract<LiveServerMessage, { type: T }>>;
  /** Events received so far. */
  events(): Extract<LiveServerMessage, { type: 'event' }>[];
  /** Resolves with the close code once the socket is closed, by either side. */
  closed: Promise<number>;
  /** The reason given with the close, once the socket is closed. */
  closeReason: Promise<string>;
  close(): Promise<void>;
};

/** Opens a websocket the way a browser page on `url`'s own origin would, with an optional session cookie. */
export async function openTestSocket(
  url: string,
  options: { cookie?: string; origin?: string | null; autoPong?: boolean; headers?: Record<string, string> } = {},
): Promise<TestSocket> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.cookie) headers.cookie = options.cookie;
  const origin = options.origin === undefined ? new URL(url).origin.replace(/^ws/, 'http') : options.origin;
  if (origin !== null) headers.origin = origin;
  const socket = new WebSocket(url, { headers, autoPong: options.autoPong ?? true });
  // Listened for from the start: a server may close a socket as soon as it has opened it.
  const closing = new Promise<{ code: number; reason: string }>((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: String(reason) })));
  const received: LiveServerMessage[] = [];
  let taken = 0;
  const waiters = new Set<() => void>();
  socket.on('message', (data) => {
    received.push(JSON.parse(String(data)) as LiveServerMessage);
    for (const wake of waiters) wake();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const testSocket: TestSocket = {
    socket,
    received,
    closed: closing.then(({ code }) => code),
    closeReason: closing.then(({ reason }) => reason),
    send: (message) => socket.send(JSON.stringify(message)),
    next(type, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          while (taken < received.length) {
            const message = received[taken++]!;
            if (message.type === type) {
              waiters.delete(check);
              clearTimeout(timer);
              resolve(message as never);
              return;
            }
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no ${type} message within ${timeoutMs} ms; got ${JSON.stringify(received)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    events: () => received.filter((message): message is Extract<LiveServerMessage, { type: 'event' }> => message.type === 'event'),
    close: () =>
      new Promise<void>((resolve) => {
        if (socket.readyState === socket.CLOSED) return resolve();
        socket.once('close', () => resolve());
        socket.close();
      }),
  };
  return testSocket;
}

/** Opens a socket, waits for `ready`, subscribes to `channels` and waits for each answer. */
export async function subscribedSocket(url: string, channels: string[], options: { cookie?: string } = {}) {
  const socket = await openTestSocket(url, options);
  const ready = await socket.next('ready');
  for (const channel of channels) socket.send({ type: 'subscribe', channel });
  return { socket, lastEventId: ready.lastEventId };
}

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
