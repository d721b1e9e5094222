import { Type, type Static } from 'typebox';
import { Id, MemberRole } from './common.ts';

export const passwordRules = { minLength: 10, maxLength: 256 } as const;

export const Email = Type.String({ format: 'email', minLength: 3, maxLength: 254 });

export const SignUpBody = Type.Object(
  {
    email: Email,
    password: Type.String(passwordRules),
    displayName: Type.String({ minLength: 1, maxLength: 80, pattern: '\\S' }),
    /** From an invitation link: joins its organization with its role. */
    inviteToken: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  },
  { additionalProperties: false },
);
export type SignUpBody = Static<typeof SignUpBody>;

export const SignInBody = Type.Object(
  {
    email: Type.String({ minLength: 1, maxLength: 254 }),
    password: Type.String({ minLength: 1, maxLength: passwordRules.maxLength }),
  },
  { additionalProperties: false },
);
export type SignInBody = Static<typeof SignInBody>;

export const ChangePasswordBody = Type.Object(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: passwordRules.maxLength }),
    newPassword: Type.String(passwordRules),
  },
  { additionalProperties: false },
);
export type ChangePasswordBody = Static<typeof ChangePasswordBody>;

/** What a person may change about themselves. */
export const UpdateMeBody = Type.Object(
  { displayName: Type.String({ minLength: 1, maxLength: 80, pattern: '\\S' }) },
  { additionalProperties: false },
);
export type UpdateMeBody = Static<typeof UpdateMeBody>;

/** Confirms an e-mail address with the token of the link mailed to it. */
export const VerifyEmailBody = Type.Object({ token: Type.String({ minLength: 1, maxLength: 128 }) }, { additionalProperties: false });
export type VerifyEmailBody = Static<typeof VerifyEmailBody>;

export const EmailVerified = Type.Object({
  verified: Type.Literal(true),
  /** The organization joined by e-mail domain, if any (none when they already had one, or no domain maps). */
  joinedOrganization: Type.Union([Type.Object({ id: Id, name: Type.String() }), Type.Null()]),
});
export type EmailVerified = Static<typeof EmailVerified>;

/** Asks for a password reset link by e-mail; the answer never says whether the account exists. */
export const PasswordResetRequestBody = Type.Object({ email: Type.String({ minLength: 1, maxLength: 254 }) }, { additionalProperties: false });
export type PasswordResetRequestBody = Static<typeof PasswordResetRequestBody>;

export const PasswordResetRequested = Type.Object({
  /** Always true: sent if an active account has this address (and none was sent in the last minutes). */
  requested: Type.Literal(true),
});

/** Sets a new password with the token from the reset link; signs in on success. */
export const PasswordResetBody = Type.Object(
  {
    token: Type.String({ minLength: 1, maxLength: 128 }),
    password: Type.String(passwordRules),
  },
  { additionalProperties: false },
);
export type PasswordResetBody = Static<typeof PasswordResetBody>;

/** The signed-in person, as they see themselves. */
export const Me = Type.Object({
  id: Id,
  email: Type.String(),
  displayName: Type.String(),
  role: MemberRole,
  isStaff: Type.Boolean(),
  /** Whether they confirmed their address (a link mailed to it); until then no organization by e-mail domain. */
  emailVerified: Type.Boolean(),
  /** Their organization by name only: its tier and lifecycle stage are for staff. */
  organization: Type.Union([Type.Object({ id: Id, name: Type.String() }), Type.Null()]),
});
export type Me = Static<typeof Me>;

export const MeResponse = Type.Object({ user: Me });
export type MeResponse = Static<typeof MeResponse>;
