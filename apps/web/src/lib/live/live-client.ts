import type { LiveEventMessage, LiveServerMessage } from '@townhall/contracts';
import { liveSessionEndedCloseCode, liveTooManySocketsCloseCode } from '@townhall/contracts/live-close-codes';

export type LiveSubscription = {
  /** What to follow: `topic:<id>` or `board:<slug>`. */
  channels: string[];
  onEvent(event: LiveEventMessage): void;
  /** More was missed than the server replays: reload the page's data. */
  onReload(): void;
};

const firstRetryMs = 1000;
const maxRetryMs = 30_000;
/** The attempt whose backoff reaches `maxRetryMs`. */
const slowestAttempt = Math.ceil(Math.log2(maxRetryMs / firstRetryMs));
const rememberedIds = 500;

/** The websocket on the page's own origin (pages, API and socket share host and port). */
function liveSocketUrl(): string {
  const protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${protocol}//${location.host}/api/ws`;
}

/** Exponential backoff with full jitter, so a restarted server is not hit by every tab at once. */
export function reconnectDelayMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxRetryMs, firstRetryMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * Follows `channels` over `/api/ws` until `close()`: reconnects with backoff and, after a
 * reconnect, asks for the events missed since the last one seen. Each event is passed on once.
 */
export function followLive({ channels, onEvent, onReload }: LiveSubscription): { close(): void } {
  let socket: WebSocket | null = null;
  let closed = false;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  // Cursors are opaque (they do not show how many events happened between two), so the page keeps
  // the latest it received rather than the highest. Catching up from one received earlier than
  // another only replays a few events again, which `seen` drops.
  let lastEventId: string | null = null;
  const seen = new Set<string>();
  // Set when the socket closed because its session ended (signed out in another tab, expired,
  // deactivated, or a password change on this device that replaced the session): the page reads
  // its data again once the next socket is open, by when this device's cookie is whatever it now
  // is. Reloading at once could race the answer that sets a replacing session's cookie.
  let reloadWhenReady = false;

  const remember = (id: string) => {
    seen.add(id);
    if (seen.size > rememberedIds) seen.delete(seen.values().next().value!);
    lastEventId = id;
  };

  const onMessage = (message: LiveServerMessage) => {
    switch (message.type) {
      case 'ready':
        // A fresh page counts from now; its data was just loaded.
        lastEventId ??= message.lastEventId;
        if (reloadWhenReady) {
          reloadWhenReady = false;
          onReload();
        }
        return;
      case 'event':
        if (seen.has(message.id)) return;
        remember(message.id);
        onEvent(message);
        return;
      case 'caughtUp':
        lastEventId = message.lastEventId;
        return;
      case 'reload':
        onReload();
        return;
      default:
        return;
    }
  };

  const connect = () => {
    if (closed) return;
    const current = new WebSocket(liveSocketUrl());
    socket = current;
    current.addEventListener('open', () => {
      attempt = 0;
      for (const channel of channels) current.send(JSON.stringify({ type: 'subscribe', channel }));
      if (lastEventId !== null) current.send(JSON.stringify({ type: 'catchUp', sinceId: lastEventId }));
    });
    current.addEventListener('message', (event) => {
      try {
        onMessage(JSON.parse(String(event.data)) as LiveServerMessage);
      } catch {
        // A message this page does not understand is ignored.
      }
    });
    current.addEventListener('close', (event) => {
      if (socket !== current || closed) return;
      socket = null;
      if (event.code === liveSessionEndedCloseCode) reloadWhenReady = true;
      // Refused because this person holds too many sockets (tabs): a slot frees only when another
      // tab closes, so retry at the slowest pace rather than from the start of the backoff.
      if (event.code === liveTooManySocketsCloseCode) attempt = Math.max(attempt, slowestAttempt);
      retryTimer = setTimeout(connect, reconnectDelayMs(attempt));
      attempt += 1;
    });
  };

  // A tab coming back online reconnects at once instead of waiting out the backoff.
  const onOnline = () => {
    if (socket || closed) return;
    if (retryTimer) clearTimeout(retryTimer);
    connect();
  };
  window.addEventListener('online', onOnline);
  connect();

  return {
    close() {
      closed = true;
      window.removeEventListener('online', onOnline);
      if (retryTimer) clearTimeout(retryTimer);
      socket?.close();
      socket = null;
    },
  };
}

/**
 * Runs `refresh` after events, at most one at a time: events arriving while it runs cause one
 * more run afterwards, so a burst of votes reloads the data once or twice, not per vote.
 */
export function coalesced(refresh: () => Promise<unknown>): () => void {
  let running = false;
  let again = false;
  const run = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        await refresh();
      } while (again);
    } finally {
      running = false;
    }
  };
  return () => void run();
}
