import fp from 'fastify-plugin';
import {
  decide,
  emailSendAfter,
  extractMentions,
  notificationPath,
  recipientsForNewPost,
  type NotificationKind,
} from '@townhall/domain';
import type { Board } from './auth.ts';
import { createMailRepository } from '../features/mail/mail.repository.ts';
import {
  createNotificationsRepository,
  type NewNotification,
  type NotificationCandidate,
  type TopicFacts,
} from '../features/notifications/notifications.repository.ts';
import { notificationMail } from '../features/notifications/notification-mail.ts';
import { announceReleaseNotes } from '../features/release-notes/announce-release-notes.ts';
import { createReleaseNotesRepository } from '../features/release-notes/release-notes.repository.ts';
import { createDemandsRepository } from '../features/demands/demands.repository.ts';

export type NotifyOptions = {
  publicUrl: string;
  mailDelayMinutes: number;
  now: () => Date;
};

type BetaDecision = { userId: number; status: string; message: string | null };

export type Notifier = {
  /** After a post has committed: tells the asker, watchers, board watchers and mentioned people. */
  newPost(input: { topicId: number; postId: number | null; authorId: number; isOpeningPost: boolean; bodyMarkdown: string }): Promise<void>;
  answerAccepted(input: { topicId: number; postId: number; postAuthorId: number; actorId: number }): Promise<void>;
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
   * pushes them live, and e-mails them per each person's preference unless `email` is false (the
   * caller mails them itself). Returns the ids written now (a repeated dedupe key writes nothing).
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
 * pushed live to their sockets, and queued as e-mail per their preference. It runs after the
 * change has committed and never fails the request that caused it.
 */
export const notifyPlugin = fp<NotifyOptions>(
  async (app, options) => {
    const repository = createNotificationsRepository(app.db);
    const mail = createMailRepository(app.db);
    const releaseNotes = createReleaseNotesRepository(app.db);
    const demands = createDemandsRepository(app.db);

    const mayRead = (candidate: NotificationCandidate, board: Board) =>
      decide({ role: candidate.role, action: 'board.read', board, isParticipant: candidate.isParticipant }).ok;

    async function deliver(rows: NewNotification[], candidates: NotificationCandidate[], path: string, actorName: string | null, email = true) {
      const inserted = await repository.insert(rows);
      const byId = new Map(candidates.map((candidate) => [candidate.id, candidate]));
      const mails = inserted.flatMap((notification) => {
        if (!email) return [];
        const recipient = byId.get(notification.userId);
        const sendAfter =
          recipient && emailSendAfter({ frequency: recipient.emailNotifications, createdAt: notification.createdAt, delayMinutes: options.mailDelayMinutes });
        if (!recipient || !sendAfter) return [];
        const content = notificationMail({
          kind: notification.kind,
          actorName,
          title: notification.title,
          url: options.publicUrl + path,
          preferencesUrl: `${options.publicUrl}/notifications/settings`,
        });
        return [
          {
            userId: recipient.id,
            toAddress: recipient.email,
            subject: content.subject,
            textBody: content.text,
            notificationId: notification.id,
            dedupeKey: `notification:${notification.id}`,
            sendAfter,
          },
        ];
      });
      await mail.enqueue(mails);
      await app.live.publishMany(
        inserted.map((notification) => ({
          channel: `user:${notification.userId}`,
          kind: 'notification.created',
          payload: { notificationId: notification.id, topicId: notification.topicId },
        })),
      );
      return inserted;
    }

    /** Notifies about something in `topicId`: keeps the recipients who may read it, then delivers. */
    async function notifyAboutTopic(
      topicId: number,
      postId: number | null,
      actorId: number | null,
      recipients: { userId: number; kind: NotificationKind; data?: Record<string, string | number | null>; title?: string; dedupeKey?: string }[],
      dedupeKey: string | null = postId === null ? null : `post:${postId}`,
      /** The topic, when the caller has just read it. */
      facts?: TopicFacts,
    ) {
      if (recipients.length === 0) return;
      const topic = facts ?? (await repository.topicFacts(topicId));
      if (!topic) return;
      const actorIds = actorId === null ? [] : [actorId];
      const people = await repository.candidates([...new Set([...recipients.map((r) => r.userId), ...actorIds])], topic.board.visibility === 'participants' ? topic.board.id : null);
      const allowed = people.filter((person) => mayRead(person, topic.board));
      const allowedIds = new Set(allowed.map((person) => person.id));
      const actorName = people.find((person) => person.id === actorId)?.displayName ?? null;
      const rows = recipients
        .filter((recipient) => allowedIds.has(recipient.userId))
        .map((recipient) => ({
          userId: recipient.userId,
          kind: recipient.kind,
          actorId,
          topicId,
          postId,
          title: recipient.title ?? topic.title,
          data: recipient.data ?? {},
          // A post (or a note) notifies each person once, however often the notifier runs for it.
          dedupeKey: recipient.dedupeKey ?? dedupeKey,
        }));
      if (rows.length === 0) return;
      await deliver(rows, allowed, notificationPath({ topicId, postId, board: topic.board }), actorName);
    }

    const guard = (what: string, run: () => Promise<unknown>) =>
      run().then(
        () => undefined,
        (error: unknown) => app.log.error({ err: error }, `notifying about ${what} failed`),
      );

    const notifier: Notifier = {
      newPost: (input) =>
        guard('a new post', async () => {
          const topic = await repository.topicFacts(input.topicId);
          if (!topic) return;
          const [watches, mentioned] = await Promise.all([
            repository.watchesFor(input.topicId, topic.board.id),
            repository.userIdsByHandles(extractMentions(input.bodyMarkdown)),
          ]);
          const recipients = recipientsForNewPost({
            authorId: input.authorId,
            topicAuthorId: topic.authorId,
            isOpeningPost: input.isOpeningPost,
            isQuestion: topic.board.kind === 'qa',
            ...watches,
            mentionedUserIds: mentioned,
          });
          // Writing in a topic watches it, unless the writer chose otherwise before.
          if (!watches.topicWatches.some((watch) => watch.userId === input.authorId)) {
            await repository.watchUnlessChosen(input.authorId, input.topicId);
          }
          await notifyAboutTopic(input.topicId, input.postId, input.authorId, recipients, undefined, topic);
        }),
      answerAccepted: (input) =>
        guard('an accepted answer', async () => {
          if (input.postAuthorId === input.actorId) return;
          await notifyAboutTopic(input.topicId, input.postId, input.actorId, [{ userId: input.postAuthorId, kind: 'answer_accepted' }]);
        }),
      betaDecisions: (input) =>
        guard('beta decisions', async () => {
          await notifyAboutTopic(
            input.programTopicId,
            null,
            input.actorId,
            input.decisions.map((decision) => ({
              userId: decision.userId,
              kind: 'beta_decision' as const,
              data: { status: decision.status, message: decision.message },
            })),
          );
        }),
      // Not guarded: the announcement job marks a note announced only once this has succeeded.
      async releaseNotePublished(input) {
        const topic = await repository.topicFacts(input.topicId);
        if (!topic) return;
        const { boardWatches } = await repository.watchesFor(input.topicId, topic.board.id);
        const recipients = boardWatches
          .filter((watch) => watch.level === 'watching' && watch.userId !== input.actorId)
          .map((watch) => ({ userId: watch.userId, kind: 'release_note' as const }));
        await notifyAboutTopic(input.topicId, null, input.actorId, recipients, `release:${input.topicId}`);
      },
      // Not guarded either: a failure leaves the note unannounced, and the next run ships and tells again (exactly once per person and demand).
      async demandsShipped(input) {
        const shipped = await demands.shipLinkedDemands(input.noteId, options.now());
        if (shipped.length === 0) return;
        const [askers, notes] = await Promise.all([demands.askerIds(shipped.map((demand) => demand.id)), demands.shippedIn([input.noteId])]);
        const version = notes[0]?.version ?? null;
        const titles = new Map(shipped.map((demand) => [demand.id, demand.title]));
        await notifyAboutTopic(
          input.noteId,
          null,
          null,
          askers.map((asker) => ({
            userId: asker.userId,
            kind: 'demand_shipped' as const,
            title: titles.get(asker.demandId)!,
            data: { demandId: asker.demandId, version },
            dedupeKey: `demand-shipped:${asker.demandId}`,
          })),
        );
      },
      announceReleaseNotes: () => guard('release notes', () => announceReleaseNotes({ repository: releaseNotes, notifier })),
      async opened(userId, topicId) {
        if (userId !== undefined) await repository.markTopicRead(userId, topicId);
      },
      async send(rows, options = {}) {
        const people = await repository.candidates([...new Set(rows.map((row) => row.userId))], null);
        const inserted = await deliver(rows, people, '/notifications', null, options.email ?? true);
        return inserted.map((notification) => notification.id);
      },
    };
    app.decorate('notifier', notifier);
  },
  { name: 'notify', dependencies: ['db', 'live'] },
);
