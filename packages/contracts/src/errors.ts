import { Type, type Static } from 'typebox';

/** Every error code the API answers with, and the HTTP status that goes with it. */
export const errorStatus = {
  VALIDATION_FAILED: 400,
  INVALID_CURSOR: 400,
  SIGN_IN_REQUIRED: 401,
  INVALID_CREDENTIALS: 401,
  RESET_LINK_INVALID: 400,
  VERIFICATION_LINK_INVALID: 400,
  EMAIL_ALREADY_VERIFIED: 409,
  FORBIDDEN: 403,
  CROSS_ORIGIN_REJECTED: 403,
  ACCOUNT_DEACTIVATED: 403,
  NOT_FOUND: 404,
  EMAIL_TAKEN: 409,
  TOPIC_LOCKED: 409,
  OWN_TOPIC: 409,
  ALREADY_FLAGGED: 409,
  FLAG_ALREADY_RESOLVED: 409,
  ORGANIZATION_NAME_TAKEN: 409,
  DOMAIN_TAKEN: 409,
  CANNOT_CHANGE_SELF: 409,
  NOT_ELIGIBLE: 403,
  ALREADY_APPLIED: 409,
  SEATS_FULL: 409,
  TIER_QUOTA_FULL: 409,
  ORGANIZATION_CAP_REACHED: 409,
  INVALID_STATUS_CHANGE: 409,
  APPLICATION_ALREADY_DECIDED: 409,
  PROGRAM_CLOSED: 409,
  SLA_CLOCK_NOT_OPEN: 409,
  QUESTION_ALREADY_IN_DEMAND: 409,
  QUESTION_HAS_REPLIES: 409,
  EDIT_CONFLICT: 409,
  BOARD_SLUG_TAKEN: 409,
  STAFF_IN_ORGANIZATION: 400,
  SLA_ASSIGNED_TO_SOMEONE_ELSE: 409,
  INVITATION_NOT_PENDING: 409,
  INVITATION_USED: 410,
  INVITATION_REVOKED: 410,
  INVITATION_EXPIRED: 410,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNSUPPORTED_IMAGE: 415,
  UPLOAD_QUOTA_EXCEEDED: 429,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  DATABASE_UNAVAILABLE: 503,
  SHUTTING_DOWN: 503,
} as const;
export type ErrorCode = keyof typeof errorStatus;

export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      field: Type.Optional(Type.String()),
      /** Every bad field a form sent, when there are several (the first is `field`), so one save shows them all. */
      problems: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
    }),
  },
  { $id: 'ErrorBody' },
);
export type ErrorBody = Static<typeof ErrorBody>;
