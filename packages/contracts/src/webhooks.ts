import { Type, type Static } from 'typebox';
import { Id, Timestamp } from './common.ts';

export const chatWebhookFormatNames = ['generic', 'slack', 'wecom', 'feishu', 'dingtalk'] as const;
export const ChatWebhookFormat = Type.Enum(chatWebhookFormatNames);

/** A staff member's chat webhook as they see it: the secret is never sent back. */
export const StaffWebhookState = Type.Object({
  webhook: Type.Union([
    Type.Object({ format: ChatWebhookFormat, url: Type.String(), hasSecret: Type.Boolean(), updatedAt: Timestamp }),
    Type.Null(),
  ]),
});
export type StaffWebhookState = Static<typeof StaffWebhookState>;

export const StaffWebhookBody = Type.Object(
  {
    format: ChatWebhookFormat,
    url: Type.String({ minLength: 10, maxLength: 2000, pattern: '^https?://[^\\s]+$' }),
    /** Signing secret: required for `generic`; DingTalk and Feishu robots with signing on need theirs. */
    secret: Type.Optional(Type.Union([Type.String({ minLength: 8, maxLength: 200 }), Type.Null()])),
  },
  { additionalProperties: false },
);
export type StaffWebhookBody = Static<typeof StaffWebhookBody>;

export const WebhookTestResult = Type.Object({
  ok: Type.Boolean(),
  status: Type.Union([Type.Integer(), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
});
export type WebhookTestResult = Static<typeof WebhookTestResult>;

export const webhookDeliveryStatuses = ['pending', 'sending', 'sent', 'failed'] as const;
export const WebhookDelivery = Type.Object({
  id: Id,
  format: ChatWebhookFormat,
  /** Only the host: the rest of a webhook URL is often its secret. */
  host: Type.String(),
  status: Type.Enum(webhookDeliveryStatuses),
  attempts: Type.Integer({ minimum: 0 }),
  lastError: Type.Union([Type.String(), Type.Null()]),
  responseStatus: Type.Union([Type.Integer(), Type.Null()]),
  sendAfter: Timestamp,
  sentAt: Type.Union([Timestamp, Type.Null()]),
  createdAt: Timestamp,
});
export const WebhookDeliveryPage = Type.Object({ items: Type.Array(WebhookDelivery), nextCursor: Type.Union([Type.String(), Type.Null()]) });
export type WebhookDeliveryPage = Static<typeof WebhookDeliveryPage>;
export const WebhookDeliveryQuery = Type.Object(
  {
    cursor: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,15}$' })),
    status: Type.Optional(Type.Enum(webhookDeliveryStatuses)),
  },
  { additionalProperties: false },
);
