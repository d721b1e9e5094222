import { Type, type Static } from 'typebox';
import { Id, Tier, Timestamp } from './common.ts';

export const demandStatusNames = ['new', 'under_review', 'planned', 'shipped', 'declined'] as const;
export const valueKindNames = ['user_growth', 'operating_efficiency', 'digital_maturity', 'experience_security_stability'] as const;
export const demandVerdictNames = ['do', 'be_prudent', 'wont_do'] as const;

export const DemandStatus = Type.Enum(demandStatusNames);
export const ValueKind = Type.Enum(valueKindNames);
export const DemandVerdict = Type.Enum(demandVerdictNames);

const DemandTitle = Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' });
const DemandDescription = Type.String({ maxLength: 10_000 });
const SourceTopicIds = Type.Array(Id, { maxItems: 50, uniqueItems: true });
const ValueScore = Type.Integer({ minimum: 0, maximum: 10 });
const Reason = Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S' });

/** A demand made directly, from one question, or from several duplicates merged. */
export const CreateDemandBody = Type.Object(
  { title: DemandTitle, description: Type.Optional(DemandDescription), sourceTopicIds: Type.Optional(SourceTopicIds) },
  { additionalProperties: false },
);
export type CreateDemandBody = Static<typeof CreateDemandBody>;

export const UpdateDemandBody = Type.Object(
  { title: Type.Optional(DemandTitle), description: Type.Optional(DemandDescription) },
  { additionalProperties: false },
);

/** Merges more questions into a demand. */
/** A demand and one of its source questions. */
export const DemandSourceParams = Type.Object({ id: Id, topicId: Id });
export const AddDemandSourcesBody = Type.Object({ topicIds: Type.Array(Id, { minItems: 1, maxItems: 50, uniqueItems: true }) }, { additionalProperties: false });

/** A PM's scores (0–10), kinds of value, and optionally a verdict other than the quadrant's, with a reason. */
export const ScoreDemandBody = Type.Object(
  {
    userValue: ValueScore,
    businessValue: ValueScore,
    valueKinds: Type.Array(ValueKind, { maxItems: 4, uniqueItems: true }),
    override: Type.Optional(Type.Union([Type.Object({ verdict: DemandVerdict, reason: Reason }, { additionalProperties: false }), Type.Null()])),
  },
  { additionalProperties: false },
);
export type ScoreDemandBody = Static<typeof ScoreDemandBody>;

/** Shipped comes from a published release note, not from here; declining needs a reason. */
export const SetDemandStatusBody = Type.Object(
  { status: Type.Enum(['new', 'under_review', 'planned', 'declined']), reason: Type.Optional(Reason) },
  { additionalProperties: false },
);

export const demandSortKeys = ['size', 'userValue', 'businessValue', 'title', 'status', 'createdAt'] as const;

export const DemandListQuery = Type.Object(
  {
    /** `open` (the default): new, under review and planned. */
    status: Type.Enum(['open', 'all', ...demandStatusNames], { default: 'open' }),
    kind: Type.Optional(ValueKind),
    verdict: Type.Optional(Type.Enum([...demandVerdictNames, 'unscored'])),
    /** Size points by tier (head 3, waist 2, tail 1) instead of counting askers. */
    weighted: Type.Boolean({ default: false }),
    sort: Type.Enum(demandSortKeys, { default: 'size' }),
    order: Type.Enum(['asc', 'desc'], { default: 'desc' }),
  },
  { additionalProperties: false },
);
export type DemandListQuery = Static<typeof DemandListQuery>;

export const DemandVerdictLabel = Type.Object({
  verdict: DemandVerdict,
  defaultVerdict: DemandVerdict,
  overridden: Type.Boolean(),
  overrideReason: Type.Union([Type.String(), Type.Null()]),
});

export const ShippedIn = Type.Object({ noteId: Id, title: Type.String(), version: Type.Union([Type.String(), Type.Null()]) });

export const DemandSummary = Type.Object({
  id: Id,
  title: Type.String(),
  status: DemandStatus,
  userValue: Type.Union([ValueScore, Type.Null()]),
  businessValue: Type.Union([ValueScore, Type.Null()]),
  valueKinds: Type.Array(ValueKind),
  /** Null while unscored. */
  verdict: Type.Union([DemandVerdictLabel, Type.Null()]),
  askerCount: Type.Integer({ minimum: 0 }),
  organizationCount: Type.Integer({ minimum: 0 }),
  /** Askers weighted by tier: head 3, waist 2, tail 1 (no organization 1). */
  weightedSize: Type.Integer({ minimum: 0 }),
  /** The point size on the chart: `askerCount`, or `weightedSize` when weighted. */
  size: Type.Integer({ minimum: 0 }),
  sourceCount: Type.Integer({ minimum: 0 }),
  createdAt: Timestamp,
});
export type DemandSummary = Static<typeof DemandSummary>;

export const DemandList = Type.Object({ items: Type.Array(DemandSummary), weighted: Type.Boolean() });
export type DemandList = Static<typeof DemandList>;

export const DemandAsker = Type.Object({
  id: Id,
  displayName: Type.String(),
  organization: Type.Union([Type.Object({ id: Id, name: Type.String(), tier: Tier }), Type.Null()]),
  asked: Type.Boolean(),
  voted: Type.Boolean(),
});

export const DemandDetail = Type.Object({
  ...DemandSummary.properties,
  description: Type.String(),
  declineReason: Type.Union([Type.String(), Type.Null()]),
  shippedIn: Type.Union([ShippedIn, Type.Null()]),
  sources: Type.Array(Type.Object({ id: Id, title: Type.String(), boardSlug: Type.String(), voteCount: Type.Integer(), status: Type.String() })),
  askers: Type.Array(DemandAsker),
  organizations: Type.Array(Type.Object({ id: Id, name: Type.String(), tier: Tier, askerCount: Type.Integer({ minimum: 1 }) })),
  canManage: Type.Boolean(),
  canScore: Type.Boolean(),
});
export type DemandDetail = Static<typeof DemandDetail>;

/**
 * A question's demand as its readers see it: customers get the status, a decline reason and the
 * release note that shipped it; `id` and `title` go to staff only.
 */
export const TopicDemand = Type.Object({
  id: Type.Optional(Id),
  title: Type.Optional(Type.String()),
  status: DemandStatus,
  declineReason: Type.Union([Type.String(), Type.Null()]),
  shippedIn: Type.Union([ShippedIn, Type.Null()]),
});
export type TopicDemand = Static<typeof TopicDemand>;

/** A demand linked to a release note (staff see them on the note). */
export const LinkedDemand = Type.Object({ id: Id, title: Type.String(), status: DemandStatus });
