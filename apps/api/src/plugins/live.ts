import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import fp from 'fastify-plugin';
import websocket from '@fastify/websocket';
import type { WebSocket } from 'ws';
import { liveLimits, liveSessionEndedCloseCode, type LiveServerMessage } from '@townhall/contracts';
import type { Viewer } from './auth.ts';
import { createCoalescingBatcher } from './coalescing-batcher.ts';
import { listenForLiveEvents, type LiveListener } from './live-listener.ts';
import { createAuthRepository } from '../features/auth/auth.repository.ts';
import { createLiveAccess, type EventAccessCache } from '../features/live/live-access.ts';
import { createSocketQuota } from '../features/live/socket-quota.ts';
import { createLiveCursors, type LiveCursors } from '../features/live/live-cursor.ts';
import {
  createLiveRepository,
  liveNotifyChannel,
  parseLiveNotice,
  type LiveEventRow,
  type NewLiveEvent,
} from '../features/live/live.repository.ts';

/** The path of the websocket; every other upgrade (e.g. Vite's HMR in development) is left alone. */
export const liveSocketPath = '/api/ws';

export type LiveOptions = {
  /** How often sockets are pinged; one that has not answered the previous ping is terminated. */
  heartbeatMs?: number;
  /** A socket with more than this many bytes waiting to be sent is dropped, not buffered further. */
  maxBufferedBytes?: number;
  /** Sockets one signed-in person may hold open on this instance at once. */
  socketsPerPerson?: number;
  /** Sockets guests from one client address may hold open on this instance at once. */
  socketsPerGuestAddress?: number;
};

/**
 * One open socket: who it is and what it follows (stored channel key → the name it subscribed with).
 * `viewer` is read again whenever the person's sessions or role change (see `revalidate`).
 */
export type LiveConnection = {
  socket: WebSocket;
  viewer: Viewer;
  subscriptions: Map<string, string>;
  /** Recently sent event ids, so a catch-up racing a live delivery sends each event once. */
  sentIds: Set<number>;
  alive: boolean;
  /** Gives the socket's slot in the quota back; once, however often called. */
  releaseSlot: () => void;
};

export type LiveHub = {
  /** Records an event and tells every instance; call after the change has committed. Never throws. */
  publish(event: NewLiveEvent): Promise<void>;
  /**
   * The same for several events at once, in one statement, which calls made while another is
   * being written share: the events keep the order of each call, and calls keep theirs.
   */
  publishMany(events: NewLiveEvent[]): Promise<void>;
  /**
   * Takes the socket on if its holder (the person, or a guest's client `address`) has a slot left
   * on this instance; null when it holds as many sockets as it may.
   */
  connect(socket: WebSocket, viewer: Viewer, address: string): LiveConnection | null;
  /** Stops sending to the socket and frees its slot; safe to call more than once. */
  disconnect(connection: LiveConnection): void;
  send(connection: LiveConnection, message: LiveServerMessage): void;
  /** Sends `event` to `connection` if it follows its channel and may read it now. */
  deliver(connection: LiveConnection, event: LiveEventRow, cache: EventAccessCache): Promise<void>;
  /**
   * Whether the socket's session still holds (a guest's always does): past its expiry it is read
   * again, and a socket whose session ended is closed.
   */
  sessionHolds(connection: LiveConnection): Promise<boolean>;
  access: ReturnType<typeof createLiveAccess>;
  repository: ReturnType<typeof createLiveRepository>;
  /** Event ids as clients see them, and back. */
  cursors: LiveCursors;
};

declare module 'fastify' {
  interface FastifyInstance {
    live: LiveHub;
  }
}

const rememberedSentIds = 1000;

function toEventMessage(event: LiveEventRow, channel: string, cursors: LiveCursors): LiveServerMessage {
  return {
    type: 'event',
    id: cursors.toCursor(event.id),
    channel,
    kind: event.kind as 'post.created',
    payload: event.payload as Record<string, number | string | null>,
    createdAt: event.createdAt.toISOString(),
  };
}

/**
 * Live updates: the websocket server, publishing events, and the fan-out. Each instance LISTENs
 * on one PostgreSQL channel; a notification carries an event id, the instance reads the event and
 * sends it to its own sockets that follow the event's channel, each checked against the viewer's
 * read rights at that moment.
 */
export const livePlugin = fp<LiveOptions>(
  async (app, options) => {
    const heartbeatMs = options.heartbeatMs ?? 30_000;
    const maxBufferedBytes = options.maxBufferedBytes ?? 1024 * 1024;
    const repository = createLiveRepository(app.db);
    const access = createLiveAccess(app.db);
    const accounts = createAuthRepository(app.db);
    const connections = new Set<LiveConnection>();
    const cursors = createLiveCursors(Buffer.from(await repository.cursorKey(randomBytes(32).toString('base64url')), 'base64url'));
    const quota = createSocketQuota({ perPerson: options.socketsPerPerson ?? 40, perGuestAddress: options.socketsPerGuestAddress ?? 100 });

    // Only upgrades to the live path reach @fastify/websocket's router.
    const upgrades = new EventEmitter();
    const forwardUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      const path = (request.url ?? '').split('?')[0];
      if (path === liveSocketPath) upgrades.emit('upgrade', request, socket, head);
    };
    app.server.on('upgrade', forwardUpgrade);
    await app.register(websocket, {
      options: { server: upgrades as never, maxPayload: liveLimits.messageBytes },
      preClose: (done) => {
        for (const connection of connections) connection.socket.close(1001, 'server shutting down');
        done();
      },
    });

    const sendText = (connection: LiveConnection, text: string) => {
      const { socket } = connection;
      if (socket.readyState !== socket.OPEN) return;
      if (socket.bufferedAmount > maxBufferedBytes) {
        app.log.info({ bufferedAmount: socket.bufferedAmount }, 'dropping a live socket that does not keep up');
        socket.terminate();
        return;
      }
      socket.send(text);
    };
    const send = (connection: LiveConnection, message: LiveServerMessage) => sendText(connection, JSON.stringify(message));

    /**
     * Reads the sessions of these sockets again, in one query: a session that ended (signed out,
     * expired, its person deactivated) closes its socket; a changed role or organization applies
     * to everything the socket receives from now on.
     */
    const revalidate = async (targets: LiveConnection[]) => {
      const signedIn = targets.filter((connection) => connection.viewer.sessionId !== null && connections.has(connection));
      if (signedIn.length === 0) return;
      const found = await accounts.findSessions([...new Set(signedIn.map((connection) => connection.viewer.sessionId!))]);
      const now = new Date();
      for (const connection of signedIn) {
        const sessionId = connection.viewer.sessionId!;
        const session = found.get(sessionId);
        if (!session || session.expiresAt <= now || session.user.deactivatedAt) {
          // Its slot is free at once, before the close handshake ends (the close event frees it too).
          disconnect(connection);
          connection.socket.close(liveSessionEndedCloseCode, 'session ended');
          continue;
        }
        connection.viewer = { role: session.user.role, user: session.user, sessionId, sessionExpiresAt: session.expiresAt };
      }
    };

    const disconnect = (connection: LiveConnection) => {
      connections.delete(connection);
      connection.releaseSlot();
    };

    const pastExpiry = ({ viewer }: LiveConnection) => viewer.sessionId !== null && viewer.sessionExpiresAt.getTime() <= Date.now();

    const sessionHolds = async (connection: LiveConnection) => {
      if (pastExpiry(connection)) await revalidate([connection]);
      return connections.has(connection);
    };

    const deliver = async (connection: LiveConnection, event: LiveEventRow, cache: EventAccessCache) => {
      const channel = connection.subscriptions.get(event.channel);
      if (channel === undefined || connection.sentIds.has(event.id)) return;
      // Checked without a wait on the fan-out's usual path: only a session past its expiry is read again.
      if (pastExpiry(connection) && !(await sessionHolds(connection))) return;
      if (!(await access.mayReceive(connection.viewer, event, cache))) return;
      if (connection.sentIds.has(event.id)) return;
      connection.sentIds.add(event.id);
      if (connection.sentIds.size > rememberedSentIds) {
        connection.sentIds.delete(connection.sentIds.values().next().value!);
      }
      // One event goes to many sockets under the same channel name: serialize it once.
      const key = `text:${channel}`;
      let text = cache.get(key) as string | undefined;
      if (text === undefined) {
        text = JSON.stringify(toEventMessage(event, channel, cursors));
        cache.set(key, text);
      }
      sendText(connection, text);
    };

    let lastDispatchedId = await repository.lastEventId();

    const dispatch = async (event: LiveEventRow) => {
      lastDispatchedId = Math.max(lastDispatchedId, event.id);
      const cache: EventAccessCache = new Map();
      const receivers = [...connections].filter((connection) => connection.subscriptions.has(event.channel));
      await Promise.all(receivers.map((connection) => deliver(connection, event, cache)));
    };

    // Events fan out one after another, in the order they were notified, so every socket gets
    // them in order, also when one (too large to carry) has to be read back first.
    let inOrder: Promise<unknown> = Promise.resolve();
    const onNotification = (payload: string) => {
      const notice = parseLiveNotice(payload);
      if (!notice) return;
      if ('accessOf' in notice) {
        // In the same chain as the events: one notified after the change waits for the new viewer.
        const userId = notice.accessOf;
        inOrder = inOrder
          .then(() => revalidate([...connections].filter((connection) => connection.viewer.user?.id === userId)))
          .catch((error: unknown) => app.log.error({ err: error, userId }, 'reading live sockets’ sessions again failed'));
        return;
      }
      const event = 'event' in notice ? notice.event : repository.findEvent(notice.id);
      // Handled in the chain below, maybe after this rejection would count as unhandled.
      if (event instanceof Promise) event.catch(() => {});
      inOrder = inOrder
        .then(() => event)
        .then((found) => found && dispatch(found))
        .catch((error: unknown) => app.log.error({ err: error, notice: payload.slice(0, 100) }, 'live event fan-out failed'));
    };

    // After a lost listener connection, read back what was notified meanwhile, and every socket's
    // session, since a change of access may have been notified meanwhile too.
    const onReconnected = () => {
      inOrder = inOrder
        .then(() => revalidate([...connections]))
        .catch((error: unknown) => app.log.error({ err: error }, 'reading live sockets’ sessions again failed'));
      repository
        .listAllEventsSince({ sinceId: lastDispatchedId, limit: liveLimits.catchUpEvents })
        .then(async (events) => {
          for (const event of events) await dispatch(event);
        })
        .catch((error: unknown) => app.log.error({ err: error }, 'live catch-up after reconnect failed'));
    };

    let listener: LiveListener | null = null;
    app.addHook('onReady', async () => {
      listener = await listenForLiveEvents({
        connection: app.dbConnection,
        channel: liveNotifyChannel,
        onNotification,
        onReconnected,
        log: app.log,
      });
    });

    const heartbeat = setInterval(() => {
      for (const connection of connections) {
        if (!connection.alive) {
          connection.socket.terminate();
          continue;
        }
        connection.alive = false;
        connection.socket.ping();
      }
    }, heartbeatMs);
    heartbeat.unref();

    // Each publishing caller would otherwise pay a round trip of its own; under load, the calls
    // that arrive while one insert runs go together in the next.
    const publishing = createCoalescingBatcher<NewLiveEvent[]>({
      run: async (calls) => {
        await repository.insertAndNotify(calls.flat());
      },
    });

    const hub: LiveHub = {
      publish: (event) => hub.publishMany([event]),
      async publishMany(events) {
        if (events.length === 0) return;
        try {
          await publishing.add(events);
        } catch (error) {
          // The change itself has committed; a lost live event only costs a reload.
          app.log.error({ err: error, events: events.map(({ channel, kind }) => ({ channel, kind })) }, 'publishing live events failed');
        }
      },
      connect(socket, viewer, address) {
        const releaseSlot = quota.take({ userId: viewer.user?.id ?? null, address });
        if (!releaseSlot) return null;
        const connection: LiveConnection = { socket, viewer, subscriptions: new Map(), sentIds: new Set(), alive: true, releaseSlot };
        socket.on('pong', () => {
          connection.alive = true;
        });
        connections.add(connection);
        return connection;
      },
      disconnect,
      send,
      deliver,
      sessionHolds,
      access,
      repository,
      cursors,
    };
    app.decorate('live', hub);

    app.addHook('preClose', async () => {
      app.server.off('upgrade', forwardUpgrade);
    });
    app.addHook('onClose', async () => {
      clearInterval(heartbeat);
      for (const connection of connections) connection.socket.terminate();
      connections.clear();
      await listener?.stop();
    });
  },
  { name: 'live', dependencies: ['db', 'auth'] },
);
