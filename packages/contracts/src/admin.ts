import { Type, type Static } from 'typebox';
import { CalendarDate, Id, LifecycleStage, MemberRole, PersonRef, Tier, Timestamp } from './common.ts';

const RenewalDate = CalendarDate;

const OrganizationName = Type.String({ minLength: 1, maxLength: 120, pattern: '\\S' });

// ---- Organizations -------------------------------------------------------------------------

export const AdminOrganization = Type.Object({
  id: Id,
  name: Type.String(),
  tier: Tier,
  lifecycleStage: LifecycleStage,
  renewalOn: Type.Union([RenewalDate, Type.Null()]),
  /** Active (not deactivated) members. */
  memberCount: Type.Integer({ minimum: 0 }),
  domains: Type.Array(Type.String()),
  createdAt: Timestamp,
});
export type AdminOrganization = Static<typeof AdminOrganization>;

export const AdminOrganizationList = Type.Object({ organizations: Type.Array(AdminOrganization) });
export type AdminOrganizationList = Static<typeof AdminOrganizationList>;

export const CreateOrganizationBody = Type.Object(
  {
    name: OrganizationName,
    tier: Tier,
    lifecycleStage: LifecycleStage,
    renewalOn: Type.Optional(Type.Union([RenewalDate, Type.Null()])),
  },
  { additionalProperties: false },
);
export type CreateOrganizationBody = Static<typeof CreateOrganizationBody>;

export const UpdateOrganizationBody = Type.Object(
  {
    name: Type.Optional(OrganizationName),
    tier: Type.Optional(Tier),
    lifecycleStage: Type.Optional(LifecycleStage),
    /** null clears the renewal date. */
    renewalOn: Type.Optional(Type.Union([RenewalDate, Type.Null()])),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateOrganizationBody = Static<typeof UpdateOrganizationBody>;

export const AddDomainBody = Type.Object(
  { domain: Type.String({ minLength: 1, maxLength: 253 }) },
  { additionalProperties: false },
);
export type AddDomainBody = Static<typeof AddDomainBody>;

export const OrganizationDomainParams = Type.Object({
  id: Id,
  domain: Type.String({ minLength: 1, maxLength: 253 }),
});

// ---- People --------------------------------------------------------------------------------

export const AdminPerson = Type.Object({
  id: Id,
  email: Type.String(),
  displayName: Type.String(),
  role: MemberRole,
  organization: Type.Union([Type.Object({ id: Id, name: Type.String() }), Type.Null()]),
  deactivatedAt: Type.Union([Timestamp, Type.Null()]),
  createdAt: Timestamp,
});
export type AdminPerson = Static<typeof AdminPerson>;

export const AdminPeopleQuery = Type.Object(
  {
    /** Prefix of the e-mail or the display name. */
    q: Type.Optional(Type.String({ maxLength: 254 })),
    cursor: Type.Optional(Type.String({ maxLength: 400 })),
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 50 }),
  },
  { additionalProperties: false },
);
export type AdminPeopleQuery = Static<typeof AdminPeopleQuery>;

export const AdminPeopleList = Type.Object({
  items: Type.Array(AdminPerson),
  /** Pass back as `cursor` for the next page; null at the end. */
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export type AdminPeopleList = Static<typeof AdminPeopleList>;

export const UpdatePersonBody = Type.Object(
  {
    role: Type.Optional(MemberRole),
    /** null detaches the person from their organization. */
    organizationId: Type.Optional(Type.Union([Id, Type.Null()])),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdatePersonBody = Static<typeof UpdatePersonBody>;

// ---- Invitations ---------------------------------------------------------------------------

export const CreateInvitationBody = Type.Object(
  {
    organizationId: Type.Optional(Type.Union([Id, Type.Null()])),
    role: Type.Optional(MemberRole),
    expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 30 })),
  },
  { additionalProperties: false },
);
export type CreateInvitationBody = Static<typeof CreateInvitationBody>;

/** Shown once, to the admin who created it: only the token's hash is stored. */
export const CreatedInvitation = Type.Object({
  token: Type.String(),
  /** The path to share: `/invite/<token>`. */
  link: Type.String(),
  organization: Type.Union([Type.Object({ id: Id, name: Type.String() }), Type.Null()]),
  role: MemberRole,
  expiresAt: Timestamp,
});
export type CreatedInvitation = Static<typeof CreatedInvitation>;

export const InvitationTokenParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 128 }) });

/** What the invite page shows to whoever holds the link. */
export const InvitationPreview = Type.Object({
  organization: Type.Union([Type.Object({ name: Type.String() }), Type.Null()]),
  role: MemberRole,
  expiresAt: Timestamp,
});
export type InvitationPreview = Static<typeof InvitationPreview>;

/** An invitation's id is the SHA-256 of its token (hex), safe to show: the token cannot be derived from it. */
export const InvitationIdParams = Type.Object({ id: Type.String({ pattern: '^[0-9a-f]{64}$' }) });

export const invitationStatuses = ['pending', 'used', 'revoked', 'expired'] as const;

/** An invitation as admins see it in the list; never its token, which only its creator saw, once. */
export const AdminInvitation = Type.Object({
  id: Type.String(),
  organization: Type.Union([Type.Object({ id: Id, name: Type.String() }), Type.Null()]),
  role: MemberRole,
  status: Type.Enum(invitationStatuses),
  createdBy: PersonRef,
  createdAt: Timestamp,
  expiresAt: Timestamp,
  usedAt: Type.Union([Timestamp, Type.Null()]),
  /** Null when unused, or when the account it made was since removed. */
  usedBy: Type.Union([PersonRef, Type.Null()]),
  revokedAt: Type.Union([Timestamp, Type.Null()]),
  revokedBy: Type.Union([PersonRef, Type.Null()]),
});
export type AdminInvitation = Static<typeof AdminInvitation>;

/** Pending invitations first, then the used, revoked and expired ones; newest first within each. */
export const AdminInvitationList = Type.Object({
  items: Type.Array(AdminInvitation),
  /** Pass back as `cursor` for the next page; null at the end. */
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export type AdminInvitationList = Static<typeof AdminInvitationList>;

// ---- Person card ---------------------------------------------------------------------------

/**
 * A person as others see them. Tier, lifecycle stage, renewal date and e-mail are present only
 * when the reader is staff.
 */
export const PersonCard = Type.Object({
  id: Id,
  displayName: Type.String(),
  /** What to type after `@` to mention them; null until one is assigned (at start). */
  handle: Type.Union([Type.String(), Type.Null()]),
  role: MemberRole,
  isStaff: Type.Boolean(),
  email: Type.Optional(Type.String()),
  organization: Type.Union([
    Type.Object({
      name: Type.String(),
      tier: Type.Optional(Tier),
      lifecycleStage: Type.Optional(LifecycleStage),
      renewalOn: Type.Optional(Type.Union([RenewalDate, Type.Null()])),
    }),
    Type.Null(),
  ]),
});
export type PersonCard = Static<typeof PersonCard>;
