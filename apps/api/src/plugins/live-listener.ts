import pg from 'pg';
import type { FastifyBaseLogger } from 'fastify';
import type { DatabaseConnection } from '@townhall/db';

export type LiveListener = { stop(): Promise<void> };

export type ListenOptions = {
  connection: DatabaseConnection;
  channel: string;
  /** Called with each notification's payload (an event id). */
  onNotification(payload: string): void;
  /** Called after the listener reconnected, so events notified meanwhile can be read back. */
  onReconnected(): void;
  log: FastifyBaseLogger;
};

const maxReconnectDelayMs = 30_000;

/**
 * LISTENs for live events: on PGlite through its own `listen`, on a PostgreSQL server through one
 * dedicated connection outside the pool (a pooled one would be handed back), reconnected with
 * backoff when it is lost.
 */
export async function listenForLiveEvents(options: ListenOptions): Promise<LiveListener> {
  const { connection, channel, onNotification, log } = options;
  if (connection.driver.kind === 'embedded') {
    const unlisten = await connection.driver.client.listen(channel, onNotification);
    // The database may already be closing with the app; nothing is left to unlisten then.
    return { stop: () => unlisten().catch(() => {}) };
  }

  const clientConfig = connection.driver.pool.options;
  let client: pg.Client | null = null;
  let stopped = false;
  let attempt = 0;
  let retryTimer: NodeJS.Timeout | null = null;

  const scheduleReconnect = () => {
    if (stopped || retryTimer) return;
    const delay = Math.min(maxReconnectDelayMs, 250 * 2 ** attempt) * (0.5 + Math.random() / 2);
    attempt += 1;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      connect(true).catch((error: unknown) => {
        log.warn({ err: error }, 'live listener could not reconnect');
        scheduleReconnect();
      });
    }, delay);
    retryTimer.unref();
  };

  const connect = async (reconnecting: boolean) => {
    const next = new pg.Client({ ...clientConfig });
    next.on('notification', (message) => {
      if (message.channel === channel && message.payload) onNotification(message.payload);
    });
    next.on('error', (error) => {
      log.warn({ err: error }, 'live listener connection failed');
      if (client === next) client = null;
      next.end().catch(() => {});
      scheduleReconnect();
    });
    next.on('end', () => {
      if (client === next) {
        client = null;
        scheduleReconnect();
      }
    });
    try {
      await next.connect();
      await next.query(`listen ${channel}`);
    } catch (error) {
      next.end().catch(() => {});
      throw error;
    }
    if (stopped) {
      await next.end();
      return;
    }
    client = next;
    attempt = 0;
    if (reconnecting) options.onReconnected();
  };

  await connect(false);
  return {
    async stop() {
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      const current = client;
      client = null;
      await current?.end().catch(() => {});
    },
  };
}
