import { currentSlaState, type OrganizationTier } from '@townhall/domain';
import { toSlaClock, type TopicSlaRow } from './sla-clock.repository.ts';
import type { SlaQueueCursor } from './sla.repository.ts';

/** A stored clock on the staff wire, its state derived at `now`. */
export function toTopicSla(row: TopicSlaRow & { assigneeName: string | null }, now: Date, canWork: boolean) {
  const clock = toSlaClock(row);
  return {
    kind: clock.kind,
    state: currentSlaState({ clock, now }),
    tier: clock.tier,
    startedAt: clock.startedAt.toISOString(),
    dueAt: clock.dueAt.toISOString(),
    targetMinutes: clock.targetMinutes,
    tightened: clock.tightened,
    pausedAt: clock.pausedAt?.toISOString() ?? null,
    remainingMinutes: clock.remainingMinutes,
    urgentAt: clock.urgentAt?.toISOString() ?? null,
    metAt: clock.metAt?.toISOString() ?? null,
    assignee: row.assigneeId !== null ? { id: row.assigneeId, displayName: row.assigneeName ?? '' } : null,
    canWork,
  };
}

/** The clock beside a question in a list, from the columns the list query joined; null without a clock. */
export function toTopicSlaSummary(
  row: { slaState: TopicSlaRow['state'] | null; slaDueAt: Date | null; slaPausedAt: Date | null; slaUrgentAt: Date | null },
  now: Date,
) {
  if (row.slaState === null || row.slaDueAt === null) return null;
  const state = currentSlaState({ clock: { state: row.slaState === 'due_soon' ? 'within' : row.slaState, dueAt: row.slaDueAt, pausedAt: row.slaPausedAt }, now });
  return { state, dueAt: row.slaDueAt.toISOString(), urgent: row.slaUrgentAt !== null };
}

const tiers: readonly OrganizationTier[] = ['head', 'waist', 'tail'];

/** Encodes a queue position as an opaque URL-safe string. */
export function encodeSlaQueueCursor(cursor: SlaQueueCursor): string {
  return Buffer.from(`${cursor.urgent ? 1 : 0}|${cursor.dueAt.toISOString()}|${cursor.tier}|${cursor.topicId}`, 'utf8').toString('base64url');
}

/** Decodes a cursor made by `encodeSlaQueueCursor`; anything else is null. */
export function decodeSlaQueueCursor(raw: string): SlaQueueCursor | null {
  const text = Buffer.from(raw, 'base64url').toString('utf8');
  const match = /^([01])\|(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)\|(head|waist|tail)\|(\d{1,15})$/.exec(text);
  if (!match) return null;
  const dueAt = new Date(match[2]!);
  if (Number.isNaN(dueAt.getTime()) || !tiers.includes(match[3] as OrganizationTier)) return null;
  return { urgent: match[1] === '1', dueAt, tier: match[3] as OrganizationTier, topicId: Number(match[4]) };
}
