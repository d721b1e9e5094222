import { Type, type Static } from 'typebox';
import { Id, LifecycleStage, MemberRole, Tier, Timestamp } from './common.ts';

export const slaStates = ['within', 'due_soon', 'breached', 'met', 'paused'] as const;
export const SlaState = Type.Enum(slaStates);
export const SlaClockKind = Type.Enum(['first', 'next']);

/** A question's response clock as staff see it on the topic page. Never sent to customers. */
export const TopicSla = Type.Object({
  kind: SlaClockKind,
  /** Derived at read time from the stored clock: due soon and breached come from `dueAt`. */
  state: SlaState,
  tier: Tier,
  startedAt: Timestamp,
  dueAt: Timestamp,
  targetMinutes: Type.Integer(),
  /** The lifecycle factor tightened the target. */
  tightened: Type.Boolean(),
  pausedAt: Type.Union([Timestamp, Type.Null()]),
  remainingMinutes: Type.Union([Type.Number(), Type.Null()]),
  urgentAt: Type.Union([Timestamp, Type.Null()]),
  metAt: Type.Union([Timestamp, Type.Null()]),
  /** Whether the reader may pause, resume and mark urgent. */
  canWork: Type.Boolean(),
});
export type TopicSla = Static<typeof TopicSla>;

/** The clock beside a question in a board list (staff only). */
export const TopicSlaSummary = Type.Object({ state: SlaState, dueAt: Timestamp, urgent: Type.Boolean() });
export type TopicSlaSummary = Static<typeof TopicSlaSummary>;

/** Answer of pause, resume and mark urgent. */
export const TopicSlaResult = Type.Object({ sla: TopicSla });
export type TopicSlaResult = Static<typeof TopicSlaResult>;

// ---- Settings ------------------------------------------------------------------------------

const TimeOfDay = Type.String({ maxLength: 5 });
const LocalDate = Type.String({ maxLength: 10 });
const TierMinutes = Type.Object(
  { head: Type.Integer(), waist: Type.Integer(), tail: Type.Integer() },
  { additionalProperties: false },
);

/**
 * The workspace's business calendar, check-in windows and response targets. Contents (a known
 * time zone, real dates, intervals that do not overlap) are checked by the domain, and a bad
 * entry is named like `holidays[3]`.
 */
export const SlaSettings = Type.Object(
  {
    timeZone: Type.String({ minLength: 1, maxLength: 64 }),
    workingWeekdays: Type.Array(Type.Integer(), { maxItems: 7 }),
    workingHours: Type.Array(Type.Object({ start: TimeOfDay, end: TimeOfDay }, { additionalProperties: false }), { maxItems: 12 }),
    holidays: Type.Array(LocalDate, { maxItems: 1000 }),
    makeUpWorkingDays: Type.Array(LocalDate, { maxItems: 1000 }),
    checkInWindows: Type.Array(Type.Object({ opens: TimeOfDay, closes: TimeOfDay }, { additionalProperties: false }), { maxItems: 12 }),
    alertLeadMinutes: Type.Integer(),
    firstResponseTargetMinutesByTier: TierMinutes,
    nextResponseTargetMinutesByTier: TierMinutes,
    /** Multiplies targets of tightened accounts, more than 0 and at most 1. */
    lifecycleTargetFactor: Type.Number(),
    tightenedLifecycleStages: Type.Array(LifecycleStage, { maxItems: 5 }),
    renewalTighteningDays: Type.Integer(),
  },
  { additionalProperties: false },
);
export type SlaSettings = Static<typeof SlaSettings>;

export const SlaSettingsResult = Type.Object({
  settings: SlaSettings,
  /** Null until an admin saves the settings (the defaults apply). */
  updatedAt: Type.Union([Timestamp, Type.Null()]),
});
export type SlaSettingsResult = Static<typeof SlaSettingsResult>;

// ---- Coverage ------------------------------------------------------------------------------

export const StaffCoverageBody = Type.Object(
  {
    boardIds: Type.Array(Id, { maxItems: 200 }),
    /** Local dates in the workspace time zone. */
    daysOff: Type.Array(LocalDate, { maxItems: 1000 }),
    backupId: Type.Union([Id, Type.Null()]),
  },
  { additionalProperties: false },
);
export type StaffCoverageBody = Static<typeof StaffCoverageBody>;

/** A staff member's coverage, with the boards and colleagues to choose from. */
export const StaffCoverage = Type.Object({
  userId: Id,
  displayName: Type.String(),
  boardIds: Type.Array(Id),
  daysOff: Type.Array(Type.String()),
  backupId: Type.Union([Id, Type.Null()]),
  boardChoices: Type.Array(Type.Object({ id: Id, slug: Type.String(), name: Type.String() })),
  backupChoices: Type.Array(Type.Object({ id: Id, displayName: Type.String(), role: MemberRole })),
});
export type StaffCoverage = Static<typeof StaffCoverage>;

// ---- Queue ---------------------------------------------------------------------------------

export const SlaQueueQuery = Type.Object(
  {
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 50 }),
    /** A board slug. */
    board: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    tier: Type.Optional(Tier),
  },
  { additionalProperties: false },
);
export type SlaQueueQuery = Static<typeof SlaQueueQuery>;

export const SlaQueueCsvQuery = Type.Omit(SlaQueueQuery, ['cursor', 'limit'], { additionalProperties: false });

export const SlaQueueItem = Type.Object({
  topicId: Id,
  title: Type.String(),
  board: Type.Object({ slug: Type.String(), name: Type.String() }),
  askerName: Type.String(),
  organizationName: Type.Union([Type.String(), Type.Null()]),
  tier: Tier,
  kind: SlaClockKind,
  state: SlaState,
  startedAt: Timestamp,
  dueAt: Timestamp,
  urgent: Type.Boolean(),
  assigneeId: Type.Union([Id, Type.Null()]),
});
export type SlaQueueItem = Static<typeof SlaQueueItem>;

/** Running clocks, urgent first, then by deadline, then tier (head, waist, tail). */
export const SlaQueue = Type.Object({
  items: Type.Array(SlaQueueItem),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
  /** The server's clock when the states were derived. */
  now: Timestamp,
  /** The check-in window now open or next to open; null when the calendar has none ahead. */
  nextWindow: Type.Union([Type.Object({ opensAt: Timestamp, closesAt: Timestamp }), Type.Null()]),
});
export type SlaQueue = Static<typeof SlaQueue>;

export const SlaQueueCsv = Type.String({ description: 'text/csv' });
