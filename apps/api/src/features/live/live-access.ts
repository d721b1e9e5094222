import type { ErrorCode } from '@townhall/contracts';
import { decide, isStaffRole } from '@townhall/domain';
import type { Database } from '@townhall/db';
import type { Board, Viewer } from '../../plugins/auth.ts';
import { createBetaRepository } from '../beta/beta.repository.ts';
import { createBoardsRepository } from '../boards/boards.repository.ts';
import { createTopicsRepository } from '../topics/topics.repository.ts';
import type { LiveEventRow } from './live.repository.ts';

export type ChannelDecision = { ok: true; key: string } | { ok: false; code: ErrorCode; message: string };

/**
 * What one event looks like to each audience, looked up once per event however many sockets
 * receive it: the topic's board if that audience may open the topic, whether the post is visible
 * to it, and (under `text:<channel>`) the message as sent.
 */
export type EventAccessCache = Map<string, Promise<Board | null> | Promise<boolean | undefined> | string>;

const refusals = {
  SIGN_IN_REQUIRED: 'Sign in to follow this',
  FORBIDDEN: 'You may not follow this',
  NOT_FOUND: 'Not found',
} as const;

/** The API's read rules applied to live channels and events: the same lookups and `decide()`. */
export function createLiveAccess(db: Database) {
  const boards = createBoardsRepository(db);
  const topics = createTopicsRepository(db);
  const beta = createBetaRepository(db);

  /** On a board for participants (a beta feedback area), whether this signed-in customer takes part. */
  async function participates(viewer: Viewer, board: Board): Promise<boolean | undefined> {
    if (board.visibility !== 'participants' || !viewer.user || isStaffRole(viewer.role)) return undefined;
    return beta.isAcceptedParticipant(board.id, viewer.user.id);
  }

  async function topicBoardFor(topicId: number, staff: boolean) {
    const resource = await topics.findTopicResource(topicId, { staff });
    return resource?.board ?? null;
  }

  async function postVisibleTo(postId: number, topicId: number, staff: boolean) {
    const post = await topics.findPost(postId);
    if (!post || post.topicId !== topicId) return false;
    return staff || (post.hiddenAt === null && post.deletedAt === null);
  }

  return {
    /**
     * Whether `viewer` may follow `channel` (`topic:<id>`, `board:<slug>` or `notifications`), and
     * the key its events are stored under (`topic:<id>`, `board:<id>`, `user:<id>`).
     */
    async resolveChannel(viewer: Viewer, channel: string): Promise<ChannelDecision> {
      // The SLA queue: staff only, like the queue itself.
      if (channel === 'sla') {
        const decision = decide({ role: viewer.role, action: 'sla.read' });
        return decision.ok ? { ok: true, key: 'sla' } : { ok: false, code: decision.reason, message: refusals[decision.reason] };
      }
      // Everyone follows only their own notifications, stored under `user:<id>`.
      if (channel === 'notifications') {
        return viewer.user
          ? { ok: true, key: `user:${viewer.user.id}` }
          : { ok: false, code: 'SIGN_IN_REQUIRED', message: 'Sign in to follow your notifications' };
      }
      const separator = channel.indexOf(':');
      const type = channel.slice(0, separator);
      const ref = channel.slice(separator + 1);
      const staff = isStaffRole(viewer.role);
      const board = type === 'topic' ? await topicBoardFor(Number(ref), staff) : await boards.findBySlug(ref);
      if (!board) return { ok: false, code: 'NOT_FOUND', message: refusals.NOT_FOUND };
      const decision = decide({ role: viewer.role, action: 'board.read', board, isParticipant: await participates(viewer, board) });
      if (!decision.ok) return { ok: false, code: decision.reason, message: refusals[decision.reason] };
      return { ok: true, key: type === 'topic' ? `topic:${Number(ref)}` : `board:${board.id}` };
    },

    /**
     * Whether `viewer` may see `event` now: its topic must still be readable by them (not hidden,
     * not a draft, on a board they may read) and its post, if any, visible to them.
     */
    async mayReceive(viewer: Viewer, event: LiveEventRow, cache: EventAccessCache): Promise<boolean> {
      if (event.channel.startsWith('user:')) return viewer.user !== null && event.channel === `user:${viewer.user.id}`;
      if (event.channel === 'sla') return decide({ role: viewer.role, action: 'sla.read' }).ok;
      const topicId = event.payload.topicId;
      if (typeof topicId !== 'number') return false;
      const staff = isStaffRole(viewer.role);
      // SLA clocks are account data: their events reach staff only.
      if (event.kind === 'topic.sla' && !decide({ role: viewer.role, action: 'sla.read' }).ok) return false;
      const audienceKey = staff ? 'staff' : 'others';
      let board = cache.get(audienceKey) as Promise<Board | null> | undefined;
      if (!board) {
        board = (async () => {
          const found = await topicBoardFor(topicId, staff);
          if (!found) return null;
          const postId = event.payload.postId;
          if (typeof postId === 'number' && !(await postVisibleTo(postId, topicId, staff))) return null;
          return found;
        })();
        cache.set(audienceKey, board);
      }
      const readable = (await board) as Board | null;
      if (readable === null) return false;
      // Participation is checked per person and event, so a withdrawn participant stops receiving at once.
      const participantKey = `participant:${viewer.user?.id ?? 'guest'}`;
      let isParticipant = cache.get(participantKey) as Promise<boolean | undefined> | undefined;
      if (!isParticipant) {
        isParticipant = participates(viewer, readable);
        cache.set(participantKey, isParticipant);
      }
      return decide({ role: viewer.role, action: 'board.read', board: readable, isParticipant: await isParticipant }).ok;
    },
  };
}

export type LiveAccess = ReturnType<typeof createLiveAccess>;
