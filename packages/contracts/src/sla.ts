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
  /** Staff who said "I'm on it"; null: everyone covering the board. */
  assignee: Type.Union([Type.Object({ id: Id, displayName: Type.String() }), Type.Null()]),
  /** Whether the reader may pause, resume, mark urgent, take and release. */
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

export const SlaAssigneeFilter = Type.Enum(['me', 'anyone', 'unassigned']);

export const SlaQueueQuery = Type.Object(
  {
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 50 }),
    /** A board slug. */
    board: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    tier: Type.Optional(Tier),
    /** `me`: questions I took; `unassigned`: nobody took them; `anyone` (the default): all. */
    assignee: Type.Optional(SlaAssigneeFilter),
    /** `waiting_on_staff` (the default): running clocks; `waiting_on_customer`: paused ones. */
    view: Type.Optional(Type.Enum(['waiting_on_staff', 'waiting_on_customer'])),
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
  /** The tier the deadline was set from, when the question was asked (the queue's order uses it). */
  tier: Tier,
  /** The organization's tier now; it differs from `tier` when the account moved since. */
  organizationTier: Type.Union([Tier, Type.Null()]),
  kind: SlaClockKind,
  state: SlaState,
  startedAt: Timestamp,
  dueAt: Timestamp,
  urgent: Type.Boolean(),
  assigneeId: Type.Union([Id, Type.Null()]),
  assigneeName: Type.Union([Type.String(), Type.Null()]),
});
export type SlaQueueItem = Static<typeof SlaQueueItem>;

/** Running clocks, urgent first, then by deadline, then tier (head, waist, tail). */
export const SlaQueue = Type.Object({
  items: Type.Array(SlaQueueItem),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
  /** The server's clock when the states were derived. */
  now: Timestamp,
  /** The business calendar's IANA time zone: deadlines are read on its clock. */
  timeZone: Type.String(),
  /** The check-in window now open or next to open; null when the calendar has none ahead. */
  nextWindow: Type.Union([Type.Object({ opensAt: Timestamp, closesAt: Timestamp }), Type.Null()]),
});
export type SlaQueue = Static<typeof SlaQueue>;

export const SlaQueueCsv = Type.String({ description: 'text/csv' });

/** The business calendar as staff need it to read and type times on the workspace's clock. */
export const StaffCalendar = Type.Object({
  /** The business calendar's IANA time zone. */
  timeZone: Type.String(),
});
export type StaffCalendar = Static<typeof StaffCalendar>;

// ---- The next check-in ---------------------------------------------------------------------

const CheckInItem = Type.Object({
  topicId: Id,
  title: Type.String(),
  tier: Tier,
  dueAt: Timestamp,
  urgent: Type.Boolean(),
  assigneeId: Type.Union([Id, Type.Null()]),
});

/** The check-in window now open or next to open, and what the reader's digest for it holds now. */
export const NextCheckIn = Type.Object({
  now: Timestamp,
  /** The business calendar's IANA time zone. */
  timeZone: Type.String(),
  /** Null when the calendar has no window ahead. */
  window: Type.Union([Type.Object({ opensAt: Timestamp, closesAt: Timestamp }), Type.Null()]),
  nextWindowOpensAt: Type.Union([Timestamp, Type.Null()]),
  /** Why the reader gets no digest: admins get none, and nobody on a day off. Null: they get one. */
  noDigestReason: Type.Union([Type.Enum(['not_on_rota', 'day_off']), Type.Null()]),
  breached: Type.Array(CheckInItem),
  dueThisWindow: Type.Array(CheckInItem),
  dueBeforeNextWindow: Type.Array(CheckInItem),
});
export type NextCheckIn = Static<typeof NextCheckIn>;

// ---- Metrics -------------------------------------------------------------------------------

const LocalDateQuery = Type.String({ minLength: 10, maxLength: 10, description: 'YYYY-MM-DD, workspace time zone' });

export const SlaMetricsQuery = Type.Object(
  {
    /** First day asked (default: the Monday eleven weeks before `to`). */
    from: Type.Optional(LocalDateQuery),
    /** Last day asked, included (default: today). */
    to: Type.Optional(LocalDateQuery),
    /** A board slug. */
    board: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    tier: Type.Optional(Tier),
  },
  { additionalProperties: false },
);
export type SlaMetricsQuery = Static<typeof SlaMetricsQuery>;

/**
 * First-response figures of one group of questions asked in the period. `settled` counts clocks
 * that stopped plus running ones already past their deadline; `answered` only those that stopped
 * (the minutes come from them).
 */
export const SlaMetricsRow = Type.Object({
  /** The group: a week's Monday, an organization or board id, a tier, a staff id; `all` for the total; `none` for no organization. */
  key: Type.String(),
  label: Type.String(),
  settled: Type.Integer(),
  met: Type.Integer(),
  breached: Type.Integer(),
  /** Met of settled, in percent with one decimal; null when nothing settled. */
  attainmentPercent: Type.Union([Type.Number(), Type.Null()]),
  answered: Type.Integer(),
  /** Business minutes to the first staff response, one decimal; null without answered questions. */
  medianMinutes: Type.Union([Type.Number(), Type.Null()]),
  p90Minutes: Type.Union([Type.Number(), Type.Null()]),
});
export type SlaMetricsRow = Static<typeof SlaMetricsRow>;

export const SlaMetrics = Type.Object({
  from: Type.String(),
  to: Type.String(),
  timeZone: Type.String(),
  overall: SlaMetricsRow,
  /** Every ISO week of the period (key: its Monday), empty weeks included. */
  weeks: Type.Array(SlaMetricsRow),
  organizations: Type.Array(SlaMetricsRow),
  tiers: Type.Array(SlaMetricsRow),
  boards: Type.Array(SlaMetricsRow),
  /** By the staff member who responded first (answered questions only). */
  staff: Type.Array(SlaMetricsRow),
});
export type SlaMetrics = Static<typeof SlaMetrics>;

/** An organization id, or `none` for customers without an organization. */
export const OrganizationSlaParams = Type.Object({ id: Type.String({ pattern: '^([1-9][0-9]{0,14}|none)$' }) });

/** One first-response breach of an organization: answered late, or still unanswered past its deadline. */
export const SlaBreach = Type.Object({
  topicId: Id,
  title: Type.String(),
  board: Type.Object({ slug: Type.String(), name: Type.String() }),
  askerName: Type.String(),
  tier: Tier,
  askedAt: Timestamp,
  dueAt: Timestamp,
  targetMinutes: Type.Integer(),
  /** Null: still unanswered. */
  respondedAt: Type.Union([Timestamp, Type.Null()]),
  businessMinutes: Type.Union([Type.Number(), Type.Null()]),
  responderName: Type.Union([Type.String(), Type.Null()]),
});
export type SlaBreach = Static<typeof SlaBreach>;

/** An organization's account review: its figures by week and board, and every breach, most recent first. */
export const OrganizationSlaReport = Type.Object({
  organization: Type.Object({ key: Type.String(), name: Type.String(), tier: Type.Union([Tier, Type.Null()]) }),
  from: Type.String(),
  to: Type.String(),
  timeZone: Type.String(),
  overall: SlaMetricsRow,
  weeks: Type.Array(SlaMetricsRow),
  boards: Type.Array(SlaMetricsRow),
  breaches: Type.Array(SlaBreach),
  /** More breaches than listed (the CSV has up to 5000). */
  breachesTruncated: Type.Boolean(),
});
export type OrganizationSlaReport = Static<typeof OrganizationSlaReport>;

export const SlaReportCsv = Type.String({ description: 'text/csv' });
