import { Type } from 'typebox';

/** Database ids travel as positive integers. */
export const Id = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
export const IdParams = Type.Object({ id: Id });
/** Who did something, as a name to show. */
export const PersonRef = Type.Object({ id: Id, displayName: Type.String() });
export const Timestamp = Type.String({ format: 'date-time' });
/** A calendar date, `YYYY-MM-DD`, in the years 1900–2999 (PostgreSQL has no year 0, and no one means one). */
export const CalendarDate = Type.String({ format: 'date', pattern: '^(19|2\\d)\\d{2}-\\d{2}-\\d{2}$' });

export const organizationTiers = ['head', 'waist', 'tail'] as const;
export const lifecycleStages = ['onboarding', 'adoption', 'expansion', 'renewal', 'churn-risk'] as const;
export const memberRoles = ['customer', 'ops', 'pm', 'admin'] as const;

export const Tier = Type.Enum(organizationTiers);
export const LifecycleStage = Type.Enum(lifecycleStages);
export const MemberRole = Type.Enum(memberRoles);

/**
 * A person as others see them next to their posts. `tier` and `lifecycleStage` are filled only
 * when the reader is staff.
 */
export const Author = Type.Object({
  id: Id,
  displayName: Type.String(),
  role: MemberRole,
  isStaff: Type.Boolean(),
  organization: Type.Union([
    Type.Object({
      name: Type.String(),
      tier: Type.Optional(Tier),
      lifecycleStage: Type.Optional(LifecycleStage),
    }),
    Type.Null(),
  ]),
});
