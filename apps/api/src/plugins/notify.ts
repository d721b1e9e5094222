import fp from 'fastify-plugin';
import {
  decide,
  emailDelayMinutes,
  extractMentions,
  recipientsForNewPost,
  type NotificationKind,
} from '@townhall/domain';
import type { Board } from './auth.ts';
import { createCoalescingBatcher } from './coalescing-batcher.ts';
import {
  createNotificationsRepository,
  type NewNotification,
  type NotificationCandidate,
  type TopicFacts,
} from '../features/notifications/notifications.repository.ts';
import { announceReleaseNotes } from '../features/release-notes/announce-release-notes.ts';
import { createReleaseNotesRepository } from '../features/release-notes/release-notes.repository.ts';
import { createDemandsRepository } from '../features/demands/demands.repository.ts';

export type NotifyOptions = {
  mailDelayMinutes: number;
  now: () => Date;
  /** See `defaultMaxQueuedPosts`. */
  maxQueuedPosts?: number;
};

type BetaDecision = { userId: number; status: string; message: string | null };

type NewPost = { topicId: number; postId: number | null; authorId: number; isOpeningPost: boolean; bodyMarkdown: string };

/** Someone to tell about something in a topic, before their read rights are checked. */
type TopicRecipient = { userId: number; kind: NotificationKind; data?: Record<string, string | number | null>; title?: string; dedupeKey?: string };

/** What to tell about one thing in a topic (a post, a decision, a note) and to whom. */
type TopicNotice = { topic: TopicFacts; postId: number | null; actorId: number | null; recipients: TopicRecipient[]; dedupeKey: string | null };

/** New posts notified together at most; more wait for the next batch. */
const maxPostsPerBatch = 100;

/**
 * New posts that may wait to be told before the requests that queue more wait for theirs: the
 * requests slow down with the notifier instead of its queue growing without end.
 */
const defaultMaxQueuedPosts = 1_000;

const unique = <T>(values: T[]) => [...new Set(values)];

export type Notifier = {
  /**
   * After a post has committed: tells the asker, watchers, board watchers and mentioned people.
   * Resolves once they are told (posts made at the same time are told together); never throws.
   */
  newPost(input: NewPost): Promise<void>;
  /**
   * The same, without waiting for it (replies and new topics: the post has committed, and telling
   * about it never failed the request anyway). Resolves at once, unless more than `maxQueuedPosts`
   * posts wait to be told: then once this one is told.
   */
  queueNewPost(input: NewPost): Promise<void>;
  /** Resolves once every post queued so far has been told (or has failed to be, and was logged). */
  settled(): Promise<void>;
  answerAccepted(input: { topicId: number; postId: number; postAuthorId: number; actorId: number }): Promise<void>;
  /** Staff hid someone's post: its author hears why (`reason` null after a report); never throws. */
  postHidden(input: { topicId: number; postId: number; postAuthorId: number; actorId: number; reason: string | null }): Promise<void>;
  betaDecisions(input: { programTopicId: number; actorId: number | null; decisions: BetaDecision[] }): Promise<void>;
  /** Tells the board's watchers about a note that is out; throws on failure (the caller retries). */
  releaseNotePublished(input: { topicId: number; actorId: number }): Promise<void>;
  /**
   * Ships the demands a note that is out links, and tells everyone who asked or voted on their
   * source questions (once per person and demand); throws on failure (the caller retries).
   */
  demandsShipped(input: { noteId: number }): Promise<void>;
  /** Announces every release note that is out and not yet announced; never throws. */
  announceReleaseNotes(): Promise<void>;
  /** Someone opened a topic's page: what they were told about it is read now, so no e-mail follows. */
  opened(userId: number | undefined, topicId: number): Promise<void>;
  /**
   * Writes notifications for people already known to be allowed to see them (e.g. SLA digests),
   * pushes them live, and e-mails them (when due) per each person's preference unless `email` is
   * false (the caller mails them itself). Returns the ids written now (a repeated dedupe key
   * writes nothing).
   */
  send(rows: NewNotification[], options?: { email?: boolean }): Promise<number[]>;
};

declare module 'fastify' {
  interface FastifyInstance {
    notifier: Notifier;
  }
}

/**
 * Notifications: who is told what, checked against each recipient's read rights when written,
 * pushed live to their sockets, and due for an e-mail per their preference (written when due, see
 * `queueDueNotificationEmails`). It runs after the change has committed and never fails the
 * request that caused it.
 */
export const notifyPlugin = fp<NotifyOptions>(
  async (app, options) => {
    const repository = createNotificationsRepository(app.db);
    const releaseNotes = createReleaseNotesRepository(app.db);
    const demands = createDemandsRepository(app.db);

    const mayRead = (candidate: NotificationCandidate, board: Board) =>
      decide({ role: candidate.role, action: 'board.read', board, isParticipant: candidate.isParticipant }).ok;

    /**
     * Writes `rows`, each due for an e-mail per its recipient's preference (unless `email` is
     * false), and pushes them live. The e-mails themselves are written when due, by the delivery
     * job, for the notifications not read by then.
     */
    async function deliver(rows: NewNotification[], candidates: NotificationCandidate[], email = true) {
      const byId = new Map(candidates.map((candidate) => [candidate.id, candidate]));
      const emailDelays = rows.map((notification) => {
        const recipient = email ? byId.get(notification.userId) : undefined;
        return recipient ? emailDelayMinutes({ frequency: recipient.emailNotifications, delayMinutes: options.mailDelayMinutes }) : null;
      });
      const inserted = await repository.insert(rows, emailDelays);
      await app.live.publishMany(
        inserted.map((notification) => ({
          channel: `user:${notification.userId}`,
          kind: 'notification.created',
          payload: { notificationId: notification.id, topicId: notification.topicId },
        })),
      );
      return inserted;
    }

    /**
     * Notifies about things in topics: keeps, for each, the recipients who may read its topic, then
     * delivers them all at once. Read rights are read once per feedback area a topic sits in (one
     * query for every other topic), so a batch usually costs a single query for them.
     */
    async function notifyAboutTopics(notices: TopicNotice[]) {
      const pending = notices.filter((notice) => notice.recipients.length > 0);
      if (pending.length === 0) return;
      const participantBoardOf = (topic: TopicFacts) => (topic.board.visibility === 'participants' ? topic.board.id : null);
      const peopleByArea = new Map<number | null, Set<number>>();
      for (const { topic, recipients } of pending) {
        const key = participantBoardOf(topic);
        const people = peopleByArea.get(key) ?? new Set<number>();
        for (const recipient of recipients) people.add(recipient.userId);
        peopleByArea.set(key, people);
      }
      const candidatesByArea = new Map(
        await Promise.all(
          [...peopleByArea].map(async ([boardId, userIds]) => {
            const candidates = await repository.candidates([...userIds], boardId);
            return [boardId, new Map(candidates.map((candidate) => [candidate.id, candidate]))] as const;
          }),
        ),
      );
      const rows: NewNotification[] = [];
      for (const { topic, postId, actorId, recipients, dedupeKey } of pending) {
        const people = candidatesByArea.get(participantBoardOf(topic))!;
        for (const recipient of recipients) {
          const person = people.get(recipient.userId);
          if (!person || !mayRead(person, topic.board)) continue;
          rows.push({
            userId: recipient.userId,
            kind: recipient.kind,
            actorId,
            topicId: topic.id,
            postId,
            title: recipient.title ?? topic.title,
            data: recipient.data ?? {},
            // A post (or a note) notifies each person once, however often the notifier runs for it.
            dedupeKey: recipient.dedupeKey ?? dedupeKey,
          });
        }
      }
      if (rows.length === 0) return;
      // Whoever is told, the e-mail's due time only needs their preference, the same in every area.
      const candidates = [...candidatesByArea.values()].flatMap((people) => [...people.values()]);
      await deliver(rows, candidates);
    }

    /** Notifies about something in `topicId`: keeps the recipients who may read it, then delivers. */
    async function notifyAboutTopic({
      topicId,
      postId = null,
      actorId,
      recipients,
      dedupeKey = postId === null ? null : `post:${postId}`,
    }: {
      topicId: number;
      postId?: number | null;
      actorId: number | null;
      recipients: TopicRecipient[];
      /** For every recipient without a key of their own; by default `post:<postId>`, or none without a post. */
      dedupeKey?: string | null;
    }) {
      if (recipients.length === 0) return;
      const topic = await repository.topicFacts(topicId);
      if (!topic) return;
      await notifyAboutTopics([{ topic, postId, actorId, recipients, dedupeKey }]);
    }

    /**
     * Tells about a batch of new posts with a query per need rather than per post. Each post's own
     * statement has already watched its topic for its writer (unless they chose otherwise before),
     * so the watches read here hold every writer of the batch, or the choice they made since.
     */
    async function notifyAboutNewPosts(posts: NewPost[]) {
      const topicIds = unique(posts.map((post) => post.topicId));
      const handlesOf = new Map(posts.map((post) => [post, extractMentions(post.bodyMarkdown)]));
      // Three reads side by side: each needs only the posts.
      const [facts, watches, mentionable] = await Promise.all([
        repository.topicFactsMany(topicIds),
        repository.watchesForMany(topicIds),
        repository.usersByHandles(unique([...handlesOf.values()].flat())),
      ]);
      const topicsById = new Map(facts.map((topic) => [topic.id, topic]));
      const known = posts.flatMap((post) => {
        const topic = topicsById.get(post.topicId);
        return topic ? [{ post, topic, handles: handlesOf.get(post)! }] : [];
      });
      if (known.length === 0) return;
      const idsByHandle = new Map(mentionable.map((person) => [person.handle, person.id]));
      const notices = known.map(({ post, topic, handles }): TopicNotice => {
        const recipients = recipientsForNewPost({
          authorId: post.authorId,
          topicAuthorId: topic.authorId,
          isOpeningPost: post.isOpeningPost,
          isQuestion: topic.board.kind === 'qa',
          topicWatches: watches.byTopic.get(topic.id) ?? [],
          boardWatches: watches.byBoard.get(topic.board.id) ?? [],
          mentionedUserIds: handles.flatMap((handle) => idsByHandle.get(handle) ?? []),
        });
        // Each person hears once about a post, or about a new topic (whose opening post has no id here).
        const dedupeKey = post.postId === null ? `topic:${topic.id}` : `post:${post.postId}`;
        return { topic, postId: post.postId, actorId: post.authorId, recipients, dedupeKey };
      });
      await notifyAboutTopics(notices);
    }

    // Posts are told about in batches: under load, the posts that arrive while one batch is
    // written go together in the next. A failed batch is told again post by post: the
    // `post:<id>` and `topic:<id>` keys keep anything already written from being written twice.
    const newPosts = createCoalescingBatcher<NewPost>({ run: notifyAboutNewPosts, maxBatchSize: maxPostsPerBatch });

    const guard = (what: string, run: () => Promise<unknown>) =>
      run().then(
        () => undefined,
        (error: unknown) => app.log.error({ err: error }, `notifying about ${what} failed`),
      );

    const notifier: Notifier = {
      newPost: (input) => guard('a new post', () => newPosts.add(input)),
      queueNewPost(input) {
        const told = notifier.newPost(input);
        return newPosts.pending > (options.maxQueuedPosts ?? defaultMaxQueuedPosts) ? told : Promise.resolve();
      },
      settled: () => newPosts.idle(),
      answerAccepted: (input) =>
        guard('an accepted answer', async () => {
          if (input.postAuthorId === input.actorId) return;
          await notifyAboutTopic({
            topicId: input.topicId,
            postId: input.postId,
            actorId: input.actorId,
            recipients: [{ userId: input.postAuthorId, kind: 'answer_accepted' }],
          });
        }),
      postHidden: (input) =>
        guard('a hidden post', async () => {
          if (input.postAuthorId === input.actorId) return;
          await notifyAboutTopic({
            topicId: input.topicId,
            postId: input.postId,
            // Not who: a moderation decision is the team's (the audit log keeps who).
            actorId: null,
            // Each hide is news, even of a post hidden, shown and hidden again.
            dedupeKey: null,
            recipients: [{ userId: input.postAuthorId, kind: 'post_hidden', data: { reason: input.reason } }],
          });
        }),
      betaDecisions: (input) =>
        guard('beta decisions', async () => {
          await notifyAboutTopic({
            topicId: input.programTopicId,
            actorId: input.actorId,
            recipients: input.decisions.map((decision) => ({
              userId: decision.userId,
              kind: 'beta_decision' as const,
              data: { status: decision.status, message: decision.message },
            })),
          });
        }),
      // Not guarded: the announcement job marks a note announced only once this has succeeded.
      async releaseNotePublished(input) {
        const topic = await repository.topicFacts(input.topicId);
        if (!topic) return;
        const { boardWatches } = await repository.watchesFor(input.topicId, topic.board.id);
        const recipients = boardWatches
          .filter((watch) => watch.level === 'watching' && watch.userId !== input.actorId)
          .map((watch) => ({ userId: watch.userId, kind: 'release_note' as const }));
        await notifyAboutTopic({ topicId: input.topicId, actorId: input.actorId, recipients, dedupeKey: `release:${input.topicId}` });
      },
      // Not guarded either: a failure leaves the note unannounced, and the next run ships and tells again (exactly once per person and demand).
      async demandsShipped(input) {
        const shipped = await demands.shipLinkedDemands(input.noteId, options.now());
        if (shipped.length === 0) return;
        const [askers, notes] = await Promise.all([demands.askerIds(shipped.map((demand) => demand.id)), demands.shippedIn([input.noteId], { publishedOnly: false })]);
        const version = notes[0]?.version ?? null;
        const titles = new Map(shipped.map((demand) => [demand.id, demand.title]));
        await notifyAboutTopic({
          topicId: input.noteId,
          actorId: null,
          recipients: askers.map((asker) => ({
            userId: asker.userId,
            kind: 'demand_shipped' as const,
            title: titles.get(asker.demandId)!,
            data: { demandId: asker.demandId, version },
            dedupeKey: `demand-shipped:${asker.demandId}`,
          })),
        });
      },
      announceReleaseNotes: () => guard('release notes', () => announceReleaseNotes({ repository: releaseNotes, notifier })),
      async opened(userId, topicId) {
        if (userId !== undefined) await repository.markTopicRead(userId, topicId);
      },
      async send(rows, options = {}) {
        const people = await repository.candidates([...new Set(rows.map((row) => row.userId))], null);
        const inserted = await deliver(rows, people, options.email ?? true);
        return inserted.map((notification) => notification.id);
      },
    };
    app.decorate('notifier', notifier);
    // Plugins close after those registered later, so the database is still there.
    app.addHook('onClose', () => notifier.settled());
  },
  { name: 'notify', dependencies: ['db', 'live'] },
);
