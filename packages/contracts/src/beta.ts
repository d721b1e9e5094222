import { Type, type Static } from 'typebox';
import { Id, LifecycleStage, Tier, Timestamp } from './common.ts';
import { MarkdownBody } from './topics.ts';

export const BetaProgramStatus = Type.Enum(['draft', 'recruiting', 'running', 'closed']);
export type BetaProgramStatus = Static<typeof BetaProgramStatus>;
export const BetaApplicationStatus = Type.Enum(['pending', 'accepted', 'waitlisted', 'declined', 'withdrawn', 'removed']);
export type BetaApplicationStatus = Static<typeof BetaApplicationStatus>;

/** One question of the application form. `options` only for `single_choice`. */
export const BetaQuestion = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 40, pattern: '^[a-z0-9_-]+$' }),
    kind: Type.Enum(['short_text', 'long_text', 'single_choice', 'accept_precautions']),
    label: Type.String({ minLength: 1, maxLength: 300, pattern: '\\S' }),
    required: Type.Boolean(),
    options: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 20 })),
  },
  { additionalProperties: false },
);
export type BetaQuestion = Static<typeof BetaQuestion>;

export const TierQuotas = Type.Object(
  {
    head: Type.Optional(Type.Integer({ minimum: 0 })),
    waist: Type.Optional(Type.Integer({ minimum: 0 })),
    tail: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);

const programFields = {
  title: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }),
  introduction: MarkdownBody,
  precautions: MarkdownBody,
  eligibleTiers: Type.Array(Tier, { uniqueItems: true }),
  eligibleStages: Type.Array(LifecycleStage, { uniqueItems: true }),
  eligibleOrganizationIds: Type.Array(Id, { uniqueItems: true, maxItems: 200 }),
  seatCapacity: Type.Integer({ minimum: 1, maximum: 100_000 }),
  /** Seats per tier (null: no quotas); they must not add up to more than the capacity. */
  tierQuotas: Type.Union([TierQuotas, Type.Null()]),
  perOrganizationCap: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
  applicationDeadline: Timestamp,
  form: Type.Array(BetaQuestion, { minItems: 1, maxItems: 20 }),
  /** First come, first served while seats remain; later applicants join the waitlist. */
  autoAccept: Type.Boolean(),
};

/** A new program, created as a draft with its private feedback board. */
export const CreateBetaProgramBody = Type.Object(programFields, { additionalProperties: false });
export type CreateBetaProgramBody = Static<typeof CreateBetaProgramBody>;

/** A partial edit of a program. */
export const UpdateBetaProgramBody = Type.Partial(Type.Object(programFields, { additionalProperties: false }));
export type UpdateBetaProgramBody = Static<typeof UpdateBetaProgramBody>;

export const SetBetaProgramStatusBody = Type.Object({ status: BetaProgramStatus }, { additionalProperties: false });

export const BetaProgramSummary = Type.Object({
  id: Id,
  title: Type.String(),
  status: BetaProgramStatus,
  seatCapacity: Type.Integer(),
  seatsTaken: Type.Integer(),
  applicationDeadline: Timestamp,
  autoAccept: Type.Boolean(),
});
export type BetaProgramSummary = Static<typeof BetaProgramSummary>;

export const BetaProgramList = Type.Object({ items: Type.Array(BetaProgramSummary), canManage: Type.Boolean() });

/** The organizations a program may name, for those who run programs: picked by name, sent by id. */
export const BetaOrganizationChoices = Type.Object({
  organizations: Type.Array(Type.Object({ id: Id, name: Type.String(), tier: Tier })),
});
export type BetaOrganizationChoices = Static<typeof BetaOrganizationChoices>;
export type BetaProgramList = Static<typeof BetaProgramList>;

export const EligibilityReason = Type.Object({ code: Type.String(), message: Type.String() });

/** The viewer's own application, with their place on the waitlist (1 is next). */
export const OwnBetaApplication = Type.Object({
  id: Id,
  status: BetaApplicationStatus,
  waitlistPosition: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
  decisionMessage: Type.Union([Type.String(), Type.Null()]),
  createdAt: Timestamp,
  decidedAt: Type.Union([Timestamp, Type.Null()]),
});
export type OwnBetaApplication = Static<typeof OwnBetaApplication>;

export const BetaProgramDetail = Type.Object({
  ...BetaProgramSummary.properties,
  introductionHtml: Type.String(),
  precautionsHtml: Type.String(),
  /** The eligibility rules (tiers, stages, organizations, tier quotas): empty for all but those who manage programs. */
  eligibleTiers: Type.Array(Tier),
  eligibleStages: Type.Array(LifecycleStage),
  eligibleOrganizations: Type.Array(Type.Object({ id: Id, name: Type.String() })),
  tierQuotas: Type.Union([TierQuotas, Type.Null()]),
  perOrganizationCap: Type.Union([Type.Integer(), Type.Null()]),
  form: Type.Array(BetaQuestion),
  /** The Markdown sources, for those who may edit. */
  source: Type.Optional(Type.Object({ introduction: Type.String(), precautions: Type.String() })),
  canManage: Type.Boolean(),
  canApply: Type.Boolean(),
  /** Why the viewer cannot apply (empty when they can, or when they are staff). */
  cannotApplyReasons: Type.Array(EligibilityReason),
  application: Type.Union([OwnBetaApplication, Type.Null()]),
  /** The private feedback area, for staff and accepted participants only. */
  feedbackBoard: Type.Union([Type.Object({ slug: Type.String(), name: Type.String() }), Type.Null()]),
});
export type BetaProgramDetail = Static<typeof BetaProgramDetail>;

export const ApplyToBetaBody = Type.Object(
  { answers: Type.Record(Type.String({ maxLength: 40 }), Type.Union([Type.String({ maxLength: 10_000 }), Type.Boolean()])) },
  { additionalProperties: false },
);
export type ApplyToBetaBody = Static<typeof ApplyToBetaBody>;

/** An application as the PM sees it. */
export const BetaApplication = Type.Object({
  id: Id,
  status: BetaApplicationStatus,
  waitlistPosition: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
  applicant: Type.Object({ id: Id, displayName: Type.String(), email: Type.String() }),
  organization: Type.Union([Type.Object({ id: Id, name: Type.String() }), Type.Null()]),
  tier: Type.Union([Tier, Type.Null()]),
  answers: Type.Record(Type.String(), Type.Union([Type.String(), Type.Boolean()])),
  decisionMessage: Type.Union([Type.String(), Type.Null()]),
  createdAt: Timestamp,
  decidedAt: Type.Union([Timestamp, Type.Null()]),
});
export type BetaApplication = Static<typeof BetaApplication>;

export const BetaApplicationList = Type.Object({
  program: BetaProgramSummary,
  form: Type.Array(BetaQuestion),
  items: Type.Array(BetaApplication),
});
export type BetaApplicationList = Static<typeof BetaApplicationList>;

export const BetaDecision = Type.Enum(['accept', 'waitlist', 'decline', 'remove']);
export type BetaDecision = Static<typeof BetaDecision>;

/** One decision for one or more applications, taken in the order given. */
export const DecideBetaApplicationsBody = Type.Object(
  {
    applicationIds: Type.Array(Id, { minItems: 1, maxItems: 500, uniqueItems: true }),
    decision: BetaDecision,
    message: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export type DecideBetaApplicationsBody = Static<typeof DecideBetaApplicationsBody>;

/** Per application: its status after the decision, or why it was refused (an error code). */
export const BetaDecisionResults = Type.Object({
  results: Type.Array(
    Type.Object({
      applicationId: Id,
      ok: Type.Boolean(),
      status: BetaApplicationStatus,
      error: Type.Optional(Type.Object({ code: Type.String(), message: Type.String() })),
    }),
  ),
  /** Waitlisted applications that took a freed seat (auto-accept mode). */
  promotedIds: Type.Array(Id),
});
export type BetaDecisionResults = Static<typeof BetaDecisionResults>;

export const BetaApplicationsCsv = Type.String({ description: 'text/csv' });
