import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { Ajv } from 'ajv';
import { LiveClientMessage, liveLimits, liveTooManySocketsCloseCode } from '@townhall/contracts';
import { AppError } from '../../errors.ts';
import { sessionCookieName } from '../auth/session-token.ts';
import type { LiveConnection } from '../../plugins/live.ts';
import { fullBudget, spendMessage } from './message-budget.ts';

const validateClientMessage = new Ajv({ strict: false, allErrors: false }).compile<LiveClientMessage>(LiveClientMessage);

/**
 * A browser always sends Origin on a websocket upgrade, and a page on another site must not open
 * one with our visitor's cookie. A client without Origin is not a browser: allowed without a session.
 */
async function rejectForeignOrigin(request: FastifyRequest) {
  const origin = request.headers.origin;
  if (origin === undefined) {
    if (request.cookies[sessionCookieName] !== undefined) {
      throw new AppError('CROSS_ORIGIN_REJECTED', 'A websocket carrying a session cookie must say where it comes from (Origin)');
    }
    return;
  }
  let originHost: string | null = null;
  try {
    originHost = new URL(origin).host;
  } catch {
    originHost = null;
  }
  if (originHost === null || originHost !== request.host) {
    throw new AppError('CROSS_ORIGIN_REJECTED', 'Cross-origin websocket refused: Origin does not match this site');
  }
}

function parseMessage(data: unknown): LiveClientMessage | null {
  try {
    const value: unknown = JSON.parse(String(data));
    return validateClientMessage(value) ? value : null;
  } catch {
    return null;
  }
}

/** `GET /api/ws`: subscribe to topics and boards the viewer may read, and catch up after a reconnect. */
export const liveRoutes: FastifyPluginAsync = async (app) => {
  const { live } = app;

  async function handle(connection: LiveConnection, message: LiveClientMessage) {
    // A socket whose session ended is closed here instead of answering as whom it was.
    if (message.type !== 'unsubscribe' && !(await live.sessionHolds(connection))) return;
    if (message.type === 'subscribe') {
      if (connection.subscriptions.size >= liveLimits.subscriptionsPerSocket) {
        live.send(connection, { type: 'error', code: 'FORBIDDEN', message: 'Too many subscriptions on one socket', channel: message.channel });
        return;
      }
      const decision = await live.access.resolveChannel(connection.viewer, message.channel);
      if (!decision.ok) {
        live.send(connection, { type: 'error', code: decision.code, message: decision.message, channel: message.channel });
        return;
      }
      connection.subscriptions.set(decision.key, message.channel);
      live.send(connection, { type: 'subscribed', channel: message.channel });
      return;
    }
    if (message.type === 'unsubscribe') {
      for (const [key, channel] of connection.subscriptions) if (channel === message.channel) connection.subscriptions.delete(key);
      live.send(connection, { type: 'unsubscribed', channel: message.channel });
      return;
    }
    const sinceId = live.cursors.fromCursor(message.sinceId);
    if (sinceId === null) {
      live.send(connection, { type: 'error', code: 'INVALID_CURSOR', message: 'sinceId is not a cursor this server gave out' });
      return;
    }
    const events = await live.repository.listEventsSince({
      channels: [...connection.subscriptions.keys()],
      sinceId,
      limit: liveLimits.catchUpEvents + 1,
    });
    if (events.length > liveLimits.catchUpEvents) {
      live.send(connection, { type: 'reload' });
      return;
    }
    for (const event of events) await live.deliver(connection, event, new Map());
    live.send(connection, { type: 'caughtUp', lastEventId: live.cursors.toCursor(Math.max(sinceId, events.at(-1)?.id ?? 0)) });
  }

  app.get(
    '/ws',
    {
      websocket: true,
      config: { access: 'public' },
      onRequest: rejectForeignOrigin,
      schema: { tags: ['live'], summary: 'Live updates over a websocket (same origin; the session cookie authenticates)' },
    },
    (socket, request) => {
      // request.ip is the client's address, from X-Forwarded-For only with TRUST_PROXY (as for rate limits).
      const connection = live.connect(socket, request.viewer, request.ip);
      if (!connection) {
        // The new socket is refused rather than the holder's oldest closed: each tab reconnects
        // when closed, so evicting would have tabs past the limit knock each other off in a loop,
        // and a guest could evict others sharing its address. Open sockets keep working instead.
        socket.close(liveTooManySocketsCloseCode, 'too many live sockets');
        return;
      }
      // Messages are handled one at a time, in order: a catch-up sees the subscriptions sent before it.
      let queue: Promise<void> = live.repository
        .lastEventId()
        .then((lastEventId) => live.send(connection, { type: 'ready', lastEventId: live.cursors.toCursor(lastEventId) }));
      let budget = fullBudget(liveLimits.messageBurst, Date.now());
      socket.on('message', (data) => {
        const spent = spendMessage(budget, Date.now(), { burst: liveLimits.messageBurst, perSecond: liveLimits.messagesPerSecond });
        budget = spent.budget;
        if (!spent.allowed) {
          // Nothing queued past this point: the page reconnects (with backoff) and subscribes again.
          live.disconnect(connection);
          socket.close(1008, 'too many messages');
          return;
        }
        const message = parseMessage(data);
        queue = queue
          .then(() =>
            message
              ? handle(connection, message)
              : live.send(connection, { type: 'error', code: 'VALIDATION_FAILED', message: 'Not a message this socket understands' }),
          )
          .catch((error: unknown) => {
            request.log.error({ err: error }, 'live message failed');
            live.send(connection, { type: 'error', code: 'INTERNAL', message: 'Something went wrong' });
          });
      });
      socket.on('close', () => live.disconnect(connection));
    },
  );
};
