import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ChangePasswordBody,
  EmailVerified,
  ErrorBody,
  MeResponse,
  PasswordResetBody,
  PasswordResetRequestBody,
  PasswordResetRequested,
  SignInBody,
  SignUpBody,
  UpdateMeBody,
  VerifyEmailBody,
} from '@townhall/contracts';
import { isStaffRole, normalizeEmail } from '@townhall/domain';
import { Type } from 'typebox';
import { createHandlesRepository } from '../people/handles.repository.ts';
import { AppError } from '../../errors.ts';
import { createAuthRepository, type AccountUser } from './auth.repository.ts';
import { hashPassword, verifyAgainstDummy, verifyPassword } from './password.ts';
import { createPasswordResetRepository } from './password-reset.repository.ts';
import { createEmailVerificationRepository } from './email-verification.repository.ts';
import { emailVerificationMail, verificationLinkCooldownMinutes, verificationLinkLifetimeDays, verificationLinkPath } from './email-verification-mail.ts';
import { passwordResetMail, resetLinkCooldownMinutes, resetLinkLifetimeMinutes, resetLinkPath } from './password-reset-mail.ts';
import { generateSessionToken, sessionIdFromToken } from './session-token.ts';
import { invitationIdFromToken } from '../admin/invitation-token.ts';
import { invitationError } from '../admin/invitations.routes.ts';

export type AuthRoutesOptions = { signInPerMinute: number; publicUrl: string };

/** The signed-in person as the wire shows them: never the hash, never the session. */
export function toMe(user: AccountUser) {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role,
    isStaff: isStaffRole(user.role),
    emailVerified: user.emailVerifiedAt !== null,
    organization: user.organization ? { id: user.organization.id, name: user.organization.name } : null,
  };
}

const invalidCredentials = () => new AppError('INVALID_CREDENTIALS', 'E-mail or password is incorrect');

export const authRoutes: FastifyPluginAsyncTypebox<AuthRoutesOptions> = async (app, options) => {
  const accounts = createAuthRepository(app.db);
  const handles = createHandlesRepository(app.db);
  const resets = createPasswordResetRepository(app.db);
  const verifications = createEmailVerificationRepository(app.db);

  /**
   * A link mailed to someone: a fresh token like a session's, of which only the hash is stored,
   * and the mail job run now (rather than at its next minute) when a mail was queued.
   */
  async function mailLink(path: (token: string) => string, issue: (link: { tokenId: string; url: string }) => Promise<unknown>): Promise<void> {
    const token = generateSessionToken();
    const issued = await issue({ tokenId: sessionIdFromToken(token), url: options.publicUrl + path(token) });
    if (issued) await app.jobs.trigger('mail-delivery').catch(() => {});
  }

  /** Mails a confirmation link to a person whose address is not confirmed (at most one every few minutes). */
  const sendVerification = (userId: number) =>
    mailLink(verificationLinkPath, ({ tokenId, url }) =>
      verifications.issue({
        userId,
        tokenId,
        now: app.clock.now(),
        lifetimeMs: verificationLinkLifetimeDays * 86_400_000,
        cooldownMs: verificationLinkCooldownMinutes * 60_000,
        mail: (person) => emailVerificationMail({ ...person, link: url }),
      }),
    );
  const rateLimit = { max: options.signInPerMinute, timeWindow: '1 minute' };

  app.post(
    '/auth/sign-up',
    {
      config: { access: 'public', rateLimit },
      schema: {
        tags: ['auth'],
        summary: 'Create a customer account and sign in',
        body: SignUpBody,
        response: { 201: MeResponse, 400: ErrorBody, 404: ErrorBody, 409: ErrorBody, 410: ErrorBody, 429: ErrorBody },
      },
    },
    async (request, reply) => {
      const email = normalizeEmail(request.body.email);
      const account = {
        email,
        displayName: request.body.displayName.trim(),
        passwordHash: await hashPassword(request.body.password),
      };
      let userId: number | null;
      if (request.body.inviteToken === undefined) {
        userId = await accounts.createCustomer(account);
      } else {
        const invited = await accounts.createInvitedAccount({
          ...account,
          invitationId: invitationIdFromToken(request.body.inviteToken),
          now: new Date(),
        });
        if (!invited.ok && invited.reason !== 'EMAIL_TAKEN') throw invitationError(invited.reason, 'inviteToken');
        userId = invited.ok ? invited.userId : null;
      }
      if (userId === null) throw new AppError('EMAIL_TAKEN', 'An account with this e-mail already exists', 'email');
      await handles.assignHandle(userId, account.displayName);
      await sendVerification(userId);
      await reply.startSession(userId);
      const user = await accounts.findAccount(userId);
      return reply.status(201).send({ user: toMe(user!) });
    },
  );

  app.post(
    '/auth/sign-in',
    {
      config: { access: 'public', rateLimit },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with e-mail and password; sets the session cookie',
        body: SignInBody,
        response: { 200: MeResponse, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 429: ErrorBody },
      },
    },
    async (request, reply) => {
      const found = await accounts.findCredentialsByEmail(normalizeEmail(request.body.email));
      if (!found) {
        await verifyAgainstDummy(request.body.password);
        throw invalidCredentials();
      }
      if (!(await verifyPassword(found.passwordHash, request.body.password))) throw invalidCredentials();
      if (found.user.deactivatedAt) throw new AppError('ACCOUNT_DEACTIVATED', 'This account has been deactivated');
      await reply.startSession(found.user.id);
      return { user: toMe(found.user) };
    },
  );

  app.post(
    '/auth/sign-out',
    {
      config: { access: 'public' },
      schema: { tags: ['auth'], summary: 'End the current session', response: { 204: Type.Null() } },
    },
    async (_request, reply) => {
      await reply.endSession();
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/auth/change-password',
    {
      config: { access: { action: 'account.read' }, rateLimit },
      schema: {
        tags: ['auth'],
        summary: 'Change the password; every session ends and this device gets a new one',
        body: ChangePasswordBody,
        response: { 204: Type.Null(), 400: ErrorBody, 401: ErrorBody, 429: ErrorBody },
      },
    },
    async (request, reply) => {
      const user = request.viewer.user!;
      const currentHash = await accounts.findPasswordHash(user.id);
      if (!currentHash || !(await verifyPassword(currentHash, request.body.currentPassword))) {
        throw new AppError('INVALID_CREDENTIALS', 'The current password is incorrect', 'currentPassword');
      }
      await accounts.changePassword({ userId: user.id, passwordHash: await hashPassword(request.body.newPassword) });
      await reply.startSession(user.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/auth/verify-email',
    {
      config: { access: 'public', rateLimit },
      schema: {
        tags: ['auth'],
        summary: 'Confirm an e-mail address with the token of the link mailed to it; a customer then joins the organization of their e-mail domain',
        body: VerifyEmailBody,
        response: { 200: EmailVerified, 400: ErrorBody, 429: ErrorBody },
      },
    },
    async (request) => {
      const confirmed = await verifications.confirm({ tokenId: sessionIdFromToken(request.body.token), now: app.clock.now() });
      if (!confirmed) throw new AppError('VERIFICATION_LINK_INVALID', 'This confirmation link is invalid, used or expired; ask for a new one', 'token');
      const user = await accounts.findAccount(confirmed.userId);
      const joined = confirmed.joinedOrganizationId !== null && user?.organization ? { id: user.organization.id, name: user.organization.name } : null;
      return { verified: true as const, joinedOrganization: joined };
    },
  );

  app.post(
    '/auth/verify-email/resend',
    {
      config: { access: { action: 'account.read' }, rateLimit },
      schema: {
        tags: ['auth'],
        summary: 'Mail a new confirmation link to your address (at most one every two minutes)',
        response: { 202: PasswordResetRequested, 401: ErrorBody, 409: ErrorBody, 429: ErrorBody },
      },
    },
    async (request, reply) => {
      const user = request.viewer.user!;
      if (user.emailVerifiedAt !== null) throw new AppError('EMAIL_ALREADY_VERIFIED', 'Your e-mail address is already confirmed');
      await sendVerification(user.id);
      return reply.status(202).send({ requested: true as const });
    },
  );

  app.post(
    '/auth/password-reset',
    {
      config: { access: 'public', rateLimit },
      schema: {
        tags: ['auth'],
        summary: 'Mail a password reset link to this address if an active account has it; the answer is the same either way',
        body: PasswordResetRequestBody,
        response: { 202: PasswordResetRequested, 400: ErrorBody, 429: ErrorBody },
      },
    },
    async (request, reply) => {
      await mailLink(resetLinkPath, ({ tokenId, url }) =>
        resets.create({
          email: normalizeEmail(request.body.email),
          tokenId,
          now: app.clock.now(),
          lifetimeMs: resetLinkLifetimeMinutes * 60_000,
          cooldownMs: resetLinkCooldownMinutes * 60_000,
          mail: (person) => passwordResetMail({ ...person, link: url }),
        }),
      );
      return reply.status(202).send({ requested: true as const });
    },
  );

  app.post(
    '/auth/password-reset/confirm',
    {
      config: { access: 'public', rateLimit },
      schema: {
        tags: ['auth'],
        summary: 'Set a new password with the token of a reset link (once, within the hour); every session ends and this device is signed in',
        body: PasswordResetBody,
        response: { 200: MeResponse, 400: ErrorBody, 429: ErrorBody },
      },
    },
    async (request, reply) => {
      const userId = await resets.use({
        tokenId: sessionIdFromToken(request.body.token),
        passwordHash: await hashPassword(request.body.password),
        now: app.clock.now(),
      });
      if (userId === null) throw new AppError('RESET_LINK_INVALID', 'This reset link is invalid, used or expired; ask for a new one', 'token');
      await reply.startSession(userId);
      const user = await accounts.findAccount(userId);
      return { user: toMe(user!) };
    },
  );

  app.get(
    '/me',
    {
      config: { access: { action: 'account.read' } },
      schema: { tags: ['auth'], summary: 'The signed-in person', response: { 200: MeResponse, 401: ErrorBody } },
    },
    async (request) => ({ user: toMe(request.viewer.user!) }),
  );

  app.patch(
    '/me',
    {
      config: { access: { action: 'account.read' } },
      schema: { tags: ['auth'], summary: 'Change your display name (your @handle stays)', body: UpdateMeBody, response: { 200: MeResponse, 400: ErrorBody, 401: ErrorBody } },
    },
    async (request) => {
      const userId = request.viewer.user!.id;
      await accounts.rename(userId, request.body.displayName.trim());
      return { user: toMe((await accounts.findAccount(userId))!) };
    },
  );
};
