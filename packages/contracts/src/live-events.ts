import { Type, type Static } from 'typebox';

/** What a socket can follow: one topic by id, one board's new topics by slug, or the signed-in person's notifications. */
export const LiveChannel = Type.String({ pattern: '^(topic:[1-9][0-9]{0,14}|board:[a-z0-9-]{1,64}|notifications|sla)$', maxLength: 80 });
export type LiveChannel = Static<typeof LiveChannel>;

export const LiveSubscribeMessage = Type.Object(
  { type: Type.Literal('subscribe'), channel: LiveChannel },
  { additionalProperties: false },
);
export const LiveUnsubscribeMessage = Type.Object(
  { type: Type.Literal('unsubscribe'), channel: LiveChannel },
  { additionalProperties: false },
);
/**
 * An event's place in the order of all events, as clients see it: opaque, so it does not tell how
 * many events (on channels the client cannot follow, too) came between two. The server makes it and
 * reads it back; a client only keeps and compares it for equality.
 */
export const LiveCursor = Type.String({ pattern: '^[A-Za-z0-9_-]{22}$' });
export type LiveCursor = Static<typeof LiveCursor>;

/** Asks for the events of the socket's subscriptions after `sinceId` (the cursor of the last event the client saw). */
export const LiveCatchUpMessage = Type.Object(
  { type: Type.Literal('catchUp'), sinceId: LiveCursor },
  { additionalProperties: false },
);

/** Every message a client may send over `/api/ws`. */
export const LiveClientMessage = Type.Union([LiveSubscribeMessage, LiveUnsubscribeMessage, LiveCatchUpMessage]);
export type LiveClientMessage = Static<typeof LiveClientMessage>;

/** What happened; payloads carry ids and counts only, the page reads the rest through the API. */
export const LiveEventKind = Type.Union([
  Type.Literal('topic.created'),
  Type.Literal('post.created'),
  Type.Literal('answer.accepted'),
  Type.Literal('topic.votes'),
  Type.Literal('topic.status'),
  Type.Literal('notification.created'),
  /** A post's text changed (sent only to those who may see the post). */
  Type.Literal('post.edited'),
  /** A post was hidden, shown, deleted or restored: the topic only, so nothing about the post leaks. */
  Type.Literal('post.moderated'),
  /** A topic was pinned, locked, moved, hidden or shown again. */
  Type.Literal('topic.moderated'),
  /** Reaction counts of a topic (release notes, questions). */
  Type.Literal('topic.reactions'),
  /** A question's SLA clock started, stopped or changed: the staff SLA queue refreshes (staff only). */
  Type.Literal('sla.changed'),
  /** A question's SLA clock changed (paused, resumed, urgent); sent to staff only. */
  Type.Literal('topic.sla'),
]);
export type LiveEventKind = Static<typeof LiveEventKind>;

export const LiveEventMessage = Type.Object({
  type: Type.Literal('event'),
  /** The event's cursor: the same for every reader, and the client catches up from the last one it saw. */
  id: LiveCursor,
  /** The channel the client subscribed to (`topic:12`, `board:qa`). */
  channel: LiveChannel,
  kind: LiveEventKind,
  payload: Type.Record(Type.String(), Type.Union([Type.Integer(), Type.String(), Type.Null()])),
  createdAt: Type.String({ format: 'date-time' }),
});
export type LiveEventMessage = Static<typeof LiveEventMessage>;

export const LiveServerMessage = Type.Union([
  /** Sent once on connect: the newest event's cursor, where a fresh client starts. */
  Type.Object({ type: Type.Literal('ready'), lastEventId: LiveCursor }),
  Type.Object({ type: Type.Literal('subscribed'), channel: LiveChannel }),
  Type.Object({ type: Type.Literal('unsubscribed'), channel: LiveChannel }),
  LiveEventMessage,
  /** The end of a catch-up: every missed event up to the cursor `lastEventId` has been sent. */
  Type.Object({ type: Type.Literal('caughtUp'), lastEventId: LiveCursor }),
  /** Too much was missed to replay: reload the page's data instead. */
  Type.Object({ type: Type.Literal('reload') }),
  Type.Object({
    type: Type.Literal('error'),
    code: Type.String(),
    message: Type.String(),
    channel: Type.Optional(Type.String()),
  }),
]);
export type LiveServerMessage = Static<typeof LiveServerMessage>;

/** Bounds shared by server and client. */
export const liveLimits = {
  /** At most this many missed events are replayed; beyond it the client reloads. */
  catchUpEvents: 500,
  subscriptionsPerSocket: 50,
  messageBytes: 4096,
  /** A socket may send this many messages at once, and this many a second after that; past it, it is closed. */
  messageBurst: 100,
  messagesPerSecond: 10,
} as const;
