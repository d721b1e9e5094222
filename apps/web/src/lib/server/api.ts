/**
 * The only module that knows API URLs and how to reach the API.
 *
 * Pages and the Fastify API share one Node process: apps/api/src/server.ts puts an `inject`
 * transport on `globalThis[Symbol.for('townhall.api')]` before loading the SvelteKit handler, so
 * calls here never leave the process. There is deliberately no HTTP fallback: a missing transport
 * means the pages were started without the API (for example `vite dev` on its own), and a clear
 * error says so instead of half-working against some other origin.
 */
import type { RequestEvent } from '@sveltejs/kit';
import type {
  BoardList,
  ChangePasswordBody,
  EmailVerified,
  CreatePostBody,
  CreateTopicBody,
  ErrorBody,
  MeResponse,
  Post,
  PasswordResetBody,
  PasswordResetRequestBody,
  SignInBody,
  SignUpBody,
  TopicDetail,
  TopicList,
  SetStatusBody,
  UploadResult,
  VoteResult,
} from '@townhall/contracts';
import type {
  AuditLogPage,
  EditPostBody,
  Flag,
  FlagPostBody,
  HidePostBody,
  ModeratedPost,
  ModeratedTopic,
  ModerateTopicBody,
  OpenFlagList,
  PostRevisionList,
  ResolveFlagBody,
} from '@townhall/contracts';
import type {
  CreateReleaseNoteBody,
  ReactionKind,
  ReactionState,
  ReleaseNoteDetail,
  ReleaseNoteList,
  UpdateReleaseNoteBody,
} from '@townhall/contracts';
import type {
  AdminInvitation,
  AdminInvitationList,
  AdminOrganization,
  AdminOrganizationList,
  AdminPeopleList,
  AdminPerson,
  CreatedInvitation,
  CreateInvitationBody,
  CreateOrganizationBody,
  InvitationPreview,
  PersonActivity,
  PersonCard,
  UpdateOrganizationBody,
  UpdatePersonBody,
} from '@townhall/contracts';
import type { MentionCandidateList, SearchResultList, SimilarQuestionList } from '@townhall/contracts';
import type { CreateDemandBody, DemandDetail, DemandList, ScoreDemandBody } from '@townhall/contracts';
import { relaySetCookies } from './cookies';

export type ApiError = ErrorBody['error'];
export type ApiResult<T> = { ok: true; status: number; data: T } | { ok: false; status: number; error: ApiError };

/** The light-my-request options `app.inject` accepts, as far as we use them. */
type InjectRequest = {
  method: HttpMethod;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
  remoteAddress: string;
};
type InjectResponse = {
  statusCode: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
};
type ApiTransport = { inject(request: InjectRequest): Promise<InjectResponse> };

const transportKey = Symbol.for('townhall.api');

/** Browser headers the API needs: the session, its cross-origin checks, and language. */
// x-townhall-proto is set by the server from the real connection; the API uses it for Secure cookies.
const forwardedHeaders = ['cookie', 'origin', 'sec-fetch-site', 'host', 'user-agent', 'accept-language', 'x-townhall-proto'] as const;

function getTransport(): ApiTransport {
  const transport = (globalThis as { [transportKey]?: ApiTransport })[transportKey];
  if (!transport) {
    throw new Error(
      'Townhall API transport is missing: start the pages through apps/api (server.ts), which sets globalThis[Symbol.for("townhall.api")].',
    );
  }
  return transport;
}

type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** `body` is sent as JSON; `bytes` as they are, under their own content type (an uploaded image). */
type CallOptions = { body?: unknown; idempotencyKey?: string; bytes?: { data: Uint8Array; contentType: string } };

async function call<T>(event: RequestEvent, method: HttpMethod, url: string, options: CallOptions = {}): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  for (const name of forwardedHeaders) {
    const value = event.request.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  let payload: string | Buffer | undefined;
  if (options.bytes !== undefined) {
    headers['content-type'] = options.bytes.contentType;
    // A view on the same memory, not a copy: light-my-request sends a Buffer as it is.
    const { data } = options.bytes;
    payload = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(options.body);
  }

  const response = await getTransport().inject({
    method,
    url,
    headers,
    payload,
    // The API rate-limits sign-in by client address.
    remoteAddress: event.getClientAddress(),
  });

  relaySetCookies(event.cookies, response.headers['set-cookie']);
  return toResult<T>(response);
}

function toResult<T>(response: InjectResponse): ApiResult<T> {
  const status = response.statusCode;
  let json: unknown;
  try {
    json = response.body === '' ? undefined : JSON.parse(response.body);
  } catch {
    json = undefined;
  }
  if (status >= 200 && status < 300) return { ok: true, status, data: json as T };
  return { ok: false, status, error: readError(json, status) };
}

function readError(json: unknown, status: number): ApiError {
  const error = (json as Partial<ErrorBody> | undefined)?.error;
  if (error && typeof error.code === 'string' && typeof error.message === 'string') return error;
  return { code: status >= 500 ? 'INTERNAL' : 'UNEXPECTED_RESPONSE', message: 'The server gave an unexpected answer. Please try again.' };
}

const segment = encodeURIComponent;

export function getMe(event: RequestEvent): Promise<ApiResult<MeResponse>> {
  return call(event, 'GET', '/api/me');
}

export function signIn(event: RequestEvent, body: SignInBody): Promise<ApiResult<MeResponse>> {
  return call(event, 'POST', '/api/auth/sign-in', { body });
}

export function signUp(event: RequestEvent, body: SignUpBody): Promise<ApiResult<MeResponse>> {
  return call(event, 'POST', '/api/auth/sign-up', { body });
}

export function verifyEmail(event: RequestEvent, token: string): Promise<ApiResult<EmailVerified>> {
  return call(event, 'POST', '/api/auth/verify-email', { body: { token } });
}

export function resendEmailVerification(event: RequestEvent): Promise<ApiResult<{ requested: true }>> {
  return call(event, 'POST', '/api/auth/verify-email/resend');
}

export function requestPasswordReset(event: RequestEvent, body: PasswordResetRequestBody): Promise<ApiResult<{ requested: true }>> {
  return call(event, 'POST', '/api/auth/password-reset', { body });
}

export function resetPassword(event: RequestEvent, body: PasswordResetBody): Promise<ApiResult<MeResponse>> {
  return call(event, 'POST', '/api/auth/password-reset/confirm', { body });
}

export function updateMe(event: RequestEvent, body: { displayName: string }): Promise<ApiResult<MeResponse>> {
  return call(event, 'PATCH', '/api/me', { body });
}

export function changePassword(event: RequestEvent, body: ChangePasswordBody): Promise<ApiResult<void>> {
  return call(event, 'POST', '/api/auth/change-password', { body });
}

export function signOut(event: RequestEvent): Promise<ApiResult<void>> {
  return call(event, 'POST', '/api/auth/sign-out');
}

export function listBoards(event: RequestEvent): Promise<ApiResult<BoardList>> {
  return call(event, 'GET', '/api/boards');
}

/** What a board list can be asked for; absent keys take the API's defaults. */
export type TopicListParams = { cursor?: string | null; sort?: string | null; filter?: string | null; tag?: string | null; tier?: string | null };

export function listTopics(event: RequestEvent, slug: string, params: TopicListParams = {}): Promise<ApiResult<TopicList>> {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
  const query = search.size > 0 ? `?${search}` : '';
  return call(event, 'GET', `/api/boards/${segment(slug)}/topics${query}`);
}

export function setVote(event: RequestEvent, topicId: number, voted: boolean): Promise<ApiResult<VoteResult>> {
  return call(event, voted ? 'PUT' : 'DELETE', `/api/topics/${topicId}/vote`);
}

export function setAcceptedAnswer(event: RequestEvent, topicId: number, postId: number | null): Promise<ApiResult<unknown>> {
  return postId === null
    ? call(event, 'DELETE', `/api/topics/${topicId}/accepted-answer`)
    : call(event, 'POST', `/api/topics/${topicId}/accepted-answer`, { body: { postId } });
}

export function setTopicStatus(event: RequestEvent, topicId: number, body: SetStatusBody): Promise<ApiResult<unknown>> {
  return call(event, 'POST', `/api/topics/${topicId}/status`, { body });
}

/**
 * Uploads an image (its raw bytes, `contentType` as the browser gave it) for a post to show; the
 * API checks the bytes, the size and the session. `name` is the original file name, used as alt text.
 */
export function uploadImage(event: RequestEvent, bytes: Uint8Array, contentType: string, name: string | null): Promise<ApiResult<UploadResult>> {
  const query = name ? `?${new URLSearchParams({ name })}` : '';
  return call(event, 'POST', `/api/uploads${query}`, { bytes: { data: bytes, contentType } });
}

export function previewMarkdown(event: RequestEvent, body: string): Promise<ApiResult<{ html: string }>> {
  return call(event, 'POST', '/api/markdown/preview', { body: { body } });
}

/** Which replies of a topic to read: the first page without one, else one of these (see `TopicDetailQuery`). */
export type TopicWindow = { after?: number; before?: number; near?: number };

function windowQuery(window: TopicWindow): string {
  const query = new URLSearchParams();
  for (const name of ['after', 'before', 'near'] as const) if (window[name] !== undefined) query.set(name, String(window[name]));
  return query.size > 0 ? `?${query}` : '';
}

export function getTopic(event: RequestEvent, id: number, window: TopicWindow = {}): Promise<ApiResult<TopicDetail>> {
  return call(event, 'GET', `/api/topics/${id}${windowQuery(window)}`);
}

export function createTopic(
  event: RequestEvent,
  slug: string,
  body: CreateTopicBody,
  idempotencyKey?: string,
): Promise<ApiResult<TopicDetail>> {
  return call(event, 'POST', `/api/boards/${segment(slug)}/topics`, { body, idempotencyKey });
}

export function createPost(event: RequestEvent, topicId: number, body: CreatePostBody, idempotencyKey?: string): Promise<ApiResult<Post>> {
  return call(event, 'POST', `/api/topics/${topicId}/posts`, { body, idempotencyKey });
}

// Moderation: edits and revisions, delete/restore, hide/unhide, topic moderation, flags, audit log.

export function editPost(event: RequestEvent, postId: number, body: EditPostBody): Promise<ApiResult<ModeratedPost>> {
  return call(event, 'PATCH', `/api/posts/${postId}`, { body });
}

export function getPostRevisions(event: RequestEvent, postId: number): Promise<ApiResult<PostRevisionList>> {
  return call(event, 'GET', `/api/posts/${postId}/revisions`);
}

/** delete and restore (soft), hide (with a reason) and unhide. */
export function moderatePost(
  event: RequestEvent,
  postId: number,
  step: 'delete' | 'restore' | 'hide' | 'unhide',
  body?: HidePostBody,
): Promise<ApiResult<ModeratedPost>> {
  return call(event, 'POST', `/api/posts/${postId}/${step}`, { body });
}

export function moderateTopic(event: RequestEvent, topicId: number, body: ModerateTopicBody): Promise<ApiResult<ModeratedTopic>> {
  return call(event, 'POST', `/api/topics/${topicId}/moderation`, { body });
}

export function flagPost(event: RequestEvent, postId: number, body: FlagPostBody): Promise<ApiResult<Flag>> {
  return call(event, 'POST', `/api/posts/${postId}/flags`, { body });
}

export function listOpenFlags(event: RequestEvent, cursor?: string | null): Promise<ApiResult<OpenFlagList>> {
  const query = cursor ? `?${new URLSearchParams({ cursor })}` : '';
  return call(event, 'GET', `/api/flags${query}`);
}

export function resolveFlag(event: RequestEvent, flagId: number, body: ResolveFlagBody): Promise<ApiResult<Flag>> {
  return call(event, 'POST', `/api/flags/${flagId}/resolve`, { body });
}

export type AuditLogFilter = { action?: string; actor?: string; cursor?: string };

export function listAuditLog(event: RequestEvent, filter: AuditLogFilter): Promise<ApiResult<AuditLogPage>> {
  const search = new URLSearchParams(Object.entries(filter).filter(([, value]) => value));
  const query = search.size > 0 ? `?${search}` : '';
  return call(event, 'GET', `/api/audit-log${query}`);
}

export type ReleaseNoteFilter = { board?: string; version?: string; from?: string; to?: string; cursor?: string };

export function listReleaseNotes(event: RequestEvent, filter: ReleaseNoteFilter): Promise<ApiResult<ReleaseNoteList>> {
  const params = new URLSearchParams(Object.entries(filter).filter((entry): entry is [string, string] => Boolean(entry[1])));
  const query = params.size > 0 ? `?${params}` : '';
  return call(event, 'GET', `/api/release-notes${query}`);
}

/** A release note with the page of comments `window` asks for (as a topic's replies). */
export function getReleaseNote(event: RequestEvent, id: number, window: TopicWindow = {}): Promise<ApiResult<ReleaseNoteDetail>> {
  return call(event, 'GET', `/api/release-notes/${id}${windowQuery(window)}`);
}

export function createReleaseNote(
  event: RequestEvent,
  slug: string,
  body: CreateReleaseNoteBody,
  idempotencyKey?: string,
): Promise<ApiResult<ReleaseNoteDetail>> {
  return call(event, 'POST', `/api/boards/${segment(slug)}/release-notes`, { body, idempotencyKey });
}

export function updateReleaseNote(event: RequestEvent, id: number, body: UpdateReleaseNoteBody): Promise<ApiResult<ReleaseNoteDetail>> {
  return call(event, 'PATCH', `/api/release-notes/${id}`, { body });
}

export function publishReleaseNote(event: RequestEvent, id: number): Promise<ApiResult<ReleaseNoteDetail>> {
  return call(event, 'POST', `/api/release-notes/${id}/publish`);
}

export function setReaction(event: RequestEvent, topicId: number, kind: ReactionKind, on: boolean): Promise<ApiResult<ReactionState>> {
  return call(event, on ? 'PUT' : 'DELETE', `/api/topics/${topicId}/reactions/${segment(kind)}`);
}

// ---- Admin: organizations, people, invitations; person cards ----

export function listAdminOrganizations(event: RequestEvent): Promise<ApiResult<AdminOrganizationList>> {
  return call(event, 'GET', '/api/admin/organizations');
}

export function createOrganization(event: RequestEvent, body: CreateOrganizationBody): Promise<ApiResult<AdminOrganization>> {
  return call(event, 'POST', '/api/admin/organizations', { body });
}

export function updateOrganization(event: RequestEvent, id: number, body: UpdateOrganizationBody): Promise<ApiResult<AdminOrganization>> {
  return call(event, 'PATCH', `/api/admin/organizations/${id}`, { body });
}

export function addOrganizationDomain(event: RequestEvent, id: number, domain: string): Promise<ApiResult<AdminOrganization>> {
  return call(event, 'POST', `/api/admin/organizations/${id}/domains`, { body: { domain } });
}

export function removeOrganizationDomain(event: RequestEvent, id: number, domain: string): Promise<ApiResult<void>> {
  return call(event, 'DELETE', `/api/admin/organizations/${id}/domains/${segment(domain)}`);
}

export function listAdminPeople(event: RequestEvent, params: { q?: string | null; cursor?: string | null }): Promise<ApiResult<AdminPeopleList>> {
  const search = new URLSearchParams();
  if (params.q) search.set('q', params.q);
  if (params.cursor) search.set('cursor', params.cursor);
  const query = search.size > 0 ? `?${search}` : '';
  return call(event, 'GET', `/api/admin/people${query}`);
}

export function updatePerson(event: RequestEvent, id: number, body: UpdatePersonBody): Promise<ApiResult<AdminPerson>> {
  return call(event, 'PATCH', `/api/admin/people/${id}`, { body });
}

export function setPersonActive(event: RequestEvent, id: number, active: boolean): Promise<ApiResult<AdminPerson>> {
  return call(event, 'POST', `/api/admin/people/${id}/${active ? 'reactivate' : 'deactivate'}`);
}

export function createInvitation(event: RequestEvent, body: CreateInvitationBody): Promise<ApiResult<CreatedInvitation>> {
  return call(event, 'POST', '/api/admin/invitations', { body });
}

export function listAdminInvitations(event: RequestEvent, cursor?: string | null): Promise<ApiResult<AdminInvitationList>> {
  const query = cursor ? `?${new URLSearchParams({ cursor })}` : '';
  return call(event, 'GET', `/api/admin/invitations${query}`);
}

export function revokeInvitation(event: RequestEvent, id: string): Promise<ApiResult<AdminInvitation>> {
  return call(event, 'POST', `/api/admin/invitations/${segment(id)}/revoke`);
}

export function getInvitation(event: RequestEvent, token: string): Promise<ApiResult<InvitationPreview>> {
  return call(event, 'GET', `/api/invitations/${segment(token)}`);
}

export function getPersonCard(event: RequestEvent, id: number): Promise<ApiResult<PersonCard>> {
  return call(event, 'GET', `/api/people/${id}`);
}

/** What a person's activity can be asked for; absent keys take the API's defaults. */
export type PersonActivityParams = { kind?: string | null; cursor?: string | null };

export function getPersonActivity(event: RequestEvent, id: number, params: PersonActivityParams = {}): Promise<ApiResult<PersonActivity>> {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
  const query = search.size > 0 ? `?${search}` : '';
  return call(event, 'GET', `/api/people/${id}/activity${query}`);
}

// Beta programs.

import type {
  ApplyToBetaBody,
  BetaApplicationList,
  BetaDecisionResults,
  BetaProgramDetail,
  BetaProgramList,
  BetaProgramStatus,
  CreateBetaProgramBody,
  DecideBetaApplicationsBody,
  OwnBetaApplication,
  UpdateBetaProgramBody,
} from '@townhall/contracts';

export function listBetaPrograms(event: RequestEvent): Promise<ApiResult<BetaProgramList>> {
  return call(event, 'GET', '/api/beta/programs');
}

export function getBetaProgram(event: RequestEvent, id: number): Promise<ApiResult<BetaProgramDetail>> {
  return call(event, 'GET', `/api/beta/programs/${id}`);
}

export function createBetaProgram(event: RequestEvent, body: CreateBetaProgramBody, idempotencyKey?: string): Promise<ApiResult<BetaProgramDetail>> {
  return call(event, 'POST', '/api/beta/programs', { body, idempotencyKey });
}

export function updateBetaProgram(event: RequestEvent, id: number, body: UpdateBetaProgramBody): Promise<ApiResult<BetaProgramDetail>> {
  return call(event, 'PATCH', `/api/beta/programs/${id}`, { body });
}

export function setBetaProgramStatus(event: RequestEvent, id: number, status: BetaProgramStatus): Promise<ApiResult<BetaProgramDetail>> {
  return call(event, 'POST', `/api/beta/programs/${id}/status`, { body: { status } });
}

export function applyToBeta(event: RequestEvent, id: number, body: ApplyToBetaBody): Promise<ApiResult<OwnBetaApplication>> {
  return call(event, 'POST', `/api/beta/programs/${id}/applications`, { body });
}

export function withdrawBetaApplication(event: RequestEvent, id: number): Promise<ApiResult<OwnBetaApplication>> {
  return call(event, 'POST', `/api/beta/programs/${id}/withdraw`);
}

export function listBetaApplications(event: RequestEvent, id: number): Promise<ApiResult<BetaApplicationList>> {
  return call(event, 'GET', `/api/beta/programs/${id}/applications`);
}

export function decideBetaApplications(event: RequestEvent, id: number, body: DecideBetaApplicationsBody): Promise<ApiResult<BetaDecisionResults>> {
  return call(event, 'POST', `/api/beta/programs/${id}/decisions`, { body });
}

/** The applications as CSV text (not JSON), for the PM's download. */
export async function exportBetaApplicationsCsv(event: RequestEvent, id: number): Promise<ApiResult<string>> {
  const headers: Record<string, string> = { accept: 'text/csv' };
  for (const name of forwardedHeaders) {
    const value = event.request.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  const response = await getTransport().inject({
    method: 'GET',
    url: `/api/beta/programs/${id}/applications.csv`,
    headers,
    remoteAddress: event.getClientAddress(),
  });
  relaySetCookies(event.cookies, response.headers['set-cookie']);
  if (response.statusCode === 200) return { ok: true, status: 200, data: response.body };
  return toResult<string>(response);
}

import type { NotificationPage, NotificationPreferences, OutboxPage, SkippedEmailPage, WatchState } from '@townhall/contracts';

export type WatchLevel = WatchState['level'];

export function listNotifications(event: RequestEvent, params: { cursor?: string | null; unread?: boolean }): Promise<ApiResult<NotificationPage>> {
  const query = new URLSearchParams();
  if (params.cursor) query.set('cursor', params.cursor);
  if (params.unread) query.set('unread', 'true');
  return call(event, 'GET', `/api/notifications${query.size > 0 ? `?${query}` : ''}`);
}

export function getUnreadCount(event: RequestEvent): Promise<ApiResult<{ unreadCount: number }>> {
  return call(event, 'GET', '/api/notifications/unread-count');
}

export function markNotificationsRead(event: RequestEvent, ids: number[]): Promise<ApiResult<{ marked: number; unreadCount: number }>> {
  return call(event, 'POST', '/api/notifications/read', { body: { ids } });
}

export function markAllNotificationsRead(event: RequestEvent): Promise<ApiResult<{ marked: number; unreadCount: number }>> {
  return call(event, 'POST', '/api/notifications/read-all');
}

export function getNotificationPreferences(event: RequestEvent): Promise<ApiResult<NotificationPreferences>> {
  return call(event, 'GET', '/api/notifications/preferences');
}

export function setNotificationPreferences(
  event: RequestEvent,
  body: { emailNotifications: NotificationPreferences['emailNotifications'] },
): Promise<ApiResult<NotificationPreferences>> {
  return call(event, 'PUT', '/api/notifications/preferences', { body });
}

/** Watching a topic (`topic`, by id) or a board (`board`, by slug). */
export function getWatch(event: RequestEvent, kind: 'topic' | 'board', ref: string | number): Promise<ApiResult<WatchState>> {
  return call(event, 'GET', kind === 'topic' ? `/api/topics/${Number(ref)}/watch` : `/api/boards/${segment(String(ref))}/watch`);
}

export function setWatch(event: RequestEvent, kind: 'topic' | 'board', ref: string | number, level: WatchLevel): Promise<ApiResult<WatchState>> {
  const url = kind === 'topic' ? `/api/topics/${Number(ref)}/watch` : `/api/boards/${segment(String(ref))}/watch`;
  return call(event, 'PUT', url, { body: { level } });
}

export function listOutbox(event: RequestEvent, params: { cursor?: string | null; status?: string | null }): Promise<ApiResult<OutboxPage>> {
  const query = new URLSearchParams();
  if (params.cursor) query.set('cursor', params.cursor);
  if (params.status) query.set('status', params.status);
  return call(event, 'GET', `/api/admin/mail${query.size > 0 ? `?${query}` : ''}`);
}

/** Notification e-mails that were due and not written, and why; newest first. */
export function listSkippedEmails(event: RequestEvent, params: { cursor: string | null; email: string | null }): Promise<ApiResult<SkippedEmailPage>> {
  const query = new URLSearchParams();
  if (params.cursor) query.set('cursor', params.cursor);
  if (params.email) query.set('email', params.email);
  return call(event, 'GET', `/api/admin/mail/skipped${query.size > 0 ? `?${query}` : ''}`);
}

import type { StaffWebhookBody, StaffWebhookState, WebhookDeliveryPage, WebhookTestResult } from '@townhall/contracts';

export function getStaffWebhook(event: RequestEvent): Promise<ApiResult<StaffWebhookState>> {
  return call(event, 'GET', '/api/staff/webhook');
}

export function setStaffWebhook(event: RequestEvent, body: StaffWebhookBody): Promise<ApiResult<StaffWebhookState>> {
  return call(event, 'PUT', '/api/staff/webhook', { body });
}

export function removeStaffWebhook(event: RequestEvent): Promise<ApiResult<StaffWebhookState>> {
  return call(event, 'DELETE', '/api/staff/webhook');
}

export function testStaffWebhook(event: RequestEvent): Promise<ApiResult<WebhookTestResult>> {
  return call(event, 'POST', '/api/staff/webhook/test');
}

export function listWebhookDeliveries(event: RequestEvent, params: { cursor?: string | null; status?: string | null }): Promise<ApiResult<WebhookDeliveryPage>> {
  const query = new URLSearchParams();
  if (params.cursor) query.set('cursor', params.cursor);
  if (params.status) query.set('status', params.status);
  return call(event, 'GET', `/api/admin/webhook-deliveries${query.size > 0 ? `?${query}` : ''}`);
}

// Response SLA: settings (admin), coverage (staff), the queue and the staff actions on a clock.

import type {
  NextCheckIn,
  OrganizationSlaReport,
  SlaMetrics,
  SlaQueue,
  SlaSettings,
  SlaSettingsResult,
  StaffCalendar,
  StaffCoverage,
  StaffCoverageBody,
  TopicSlaResult,
} from '@townhall/contracts';

/** The workspace's time zone, on whose clock staff read and type times (staff only). */
export function getStaffCalendar(event: RequestEvent): Promise<ApiResult<StaffCalendar>> {
  return call(event, 'GET', '/api/staff/calendar');
}

export function getSlaSettings(event: RequestEvent): Promise<ApiResult<SlaSettingsResult>> {
  return call(event, 'GET', '/api/admin/sla-settings');
}

export function saveSlaSettings(event: RequestEvent, body: SlaSettings): Promise<ApiResult<SlaSettingsResult>> {
  return call(event, 'PUT', '/api/admin/sla-settings', { body });
}

/** My coverage, or (admins) someone else's with `userId`. */
export function getCoverage(event: RequestEvent, userId?: number): Promise<ApiResult<StaffCoverage>> {
  return call(event, 'GET', userId === undefined ? '/api/staff/coverage' : `/api/admin/staff/${userId}/coverage`);
}

export function saveCoverage(event: RequestEvent, body: StaffCoverageBody, userId?: number): Promise<ApiResult<StaffCoverage>> {
  return call(event, 'PUT', userId === undefined ? '/api/staff/coverage' : `/api/admin/staff/${userId}/coverage`, { body });
}

export type SlaQueueParams = { cursor?: string | null; board?: string | null; tier?: string | null; assignee?: string | null; view?: string | null };

function slaQueueQuery(params: SlaQueueParams): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
  return search.size > 0 ? `?${search}` : '';
}

export function getSlaQueue(event: RequestEvent, params: SlaQueueParams): Promise<ApiResult<SlaQueue>> {
  return call(event, 'GET', `/api/staff/sla-queue${slaQueueQuery(params)}`);
}

/** A CSV download's text (not JSON), with the reader's session. */
async function getCsv(event: RequestEvent, url: string): Promise<ApiResult<string>> {
  const headers: Record<string, string> = { accept: 'text/csv' };
  for (const name of forwardedHeaders) {
    const value = event.request.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  const response = await getTransport().inject({ method: 'GET', url, headers, remoteAddress: event.getClientAddress() });
  relaySetCookies(event.cookies, response.headers['set-cookie']);
  if (response.statusCode === 200) return { ok: true, status: 200, data: response.body };
  return toResult<string>(response);
}

/** The SLA queue as CSV text (not JSON), for the download. */
export function exportSlaQueueCsv(event: RequestEvent, params: Omit<SlaQueueParams, 'cursor'>): Promise<ApiResult<string>> {
  return getCsv(event, `/api/staff/sla-queue.csv${slaQueueQuery(params)}`);
}

/** "I'm on it" (`assign`) or "Release" on a question. */
export function changeSlaAssignee(event: RequestEvent, topicId: number, change: 'assign' | 'release'): Promise<ApiResult<TopicSlaResult>> {
  return call(event, 'POST', `/api/topics/${topicId}/sla/${change}`);
}

/** The check-in now open or next to open, and what my digest for it holds. */
export function getNextCheckIn(event: RequestEvent): Promise<ApiResult<NextCheckIn>> {
  return call(event, 'GET', '/api/staff/next-check-in');
}

export type SlaMetricsParams = { from?: string | null; to?: string | null; board?: string | null; tier?: string | null };

export function getSlaMetrics(event: RequestEvent, params: SlaMetricsParams): Promise<ApiResult<SlaMetrics>> {
  return call(event, 'GET', `/api/staff/sla-metrics${slaQueueQuery(params)}`);
}

/** An organization's SLA report (`none`: customers without an organization). */
export function getOrganizationSlaReport(event: RequestEvent, organization: string, params: SlaMetricsParams): Promise<ApiResult<OrganizationSlaReport>> {
  return call(event, 'GET', `/api/staff/sla-metrics/organizations/${encodeURIComponent(organization)}${slaQueueQuery(params)}`);
}

export function exportOrganizationBreachesCsv(event: RequestEvent, organization: string, params: SlaMetricsParams): Promise<ApiResult<string>> {
  return getCsv(event, `/api/staff/sla-metrics/organizations/${encodeURIComponent(organization)}/breaches.csv${slaQueueQuery(params)}`);
}

export function workSlaClock(event: RequestEvent, topicId: number, step: 'pause' | 'resume' | 'urgent'): Promise<ApiResult<TopicSlaResult>> {
  return call(event, 'POST', `/api/topics/${topicId}/sla/${step}`);
}

/** What the search page can ask for; empty values are left out, so the API's defaults apply. */
export type SearchParams = Partial<Record<'q' | 'board' | 'kind' | 'status' | 'tag' | 'from' | 'to' | 'cursor', string | null>>;

export function search(event: RequestEvent, params: SearchParams): Promise<ApiResult<SearchResultList>> {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) query.set(key, value);
  return call(event, 'GET', `/api/search?${query}`);
}

export function similarQuestions(event: RequestEvent, title: string, board: string | null): Promise<ApiResult<SimilarQuestionList>> {
  const query = new URLSearchParams({ title });
  if (board) query.set('board', board);
  return call(event, 'GET', `/api/search/similar-questions?${query}`);
}

export function mentionCandidates(event: RequestEvent, q: string, topicId: number | null): Promise<ApiResult<MentionCandidateList>> {
  const query = new URLSearchParams({ q });
  if (topicId !== null) query.set('topicId', String(topicId));
  return call(event, 'GET', `/api/people/mention-candidates?${query}`);
}

export type DemandListParams = Partial<Record<'status' | 'kind' | 'verdict' | 'weighted' | 'sort' | 'order', string | null>>;

export function listDemands(event: RequestEvent, params: DemandListParams): Promise<ApiResult<DemandList>> {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) query.set(key, value);
  return call(event, 'GET', `/api/demands${query.size > 0 ? `?${query}` : ''}`);
}

export function getDemand(event: RequestEvent, id: number): Promise<ApiResult<DemandDetail>> {
  return call(event, 'GET', `/api/demands/${id}`);
}

export function createDemand(event: RequestEvent, body: CreateDemandBody): Promise<ApiResult<DemandDetail>> {
  return call(event, 'POST', '/api/demands', { body });
}

export function addDemandSources(event: RequestEvent, id: number, topicIds: number[]): Promise<ApiResult<DemandDetail>> {
  return call(event, 'POST', `/api/demands/${id}/sources`, { body: { topicIds } });
}

export function removeDemandSource(event: RequestEvent, id: number, topicId: number): Promise<ApiResult<DemandDetail>> {
  return call(event, 'DELETE', `/api/demands/${id}/sources/${topicId}`);
}

export function scoreDemand(event: RequestEvent, id: number, body: ScoreDemandBody): Promise<ApiResult<DemandDetail>> {
  return call(event, 'PUT', `/api/demands/${id}/score`, { body });
}

export function setDemandStatus(event: RequestEvent, id: number, body: { status: string; reason?: string }): Promise<ApiResult<DemandDetail>> {
  return call(event, 'POST', `/api/demands/${id}/status`, { body });
}

// ---- Admin: boards ----

import type { AdminBoard, AdminBoardList, CreateBoardBody, UpdateBoardBody } from '@townhall/contracts';

export function listAdminBoards(event: RequestEvent): Promise<ApiResult<AdminBoardList>> {
  return call(event, 'GET', '/api/admin/boards');
}

export function createBoard(event: RequestEvent, body: CreateBoardBody): Promise<ApiResult<AdminBoard>> {
  return call(event, 'POST', '/api/admin/boards', { body });
}

export function updateBoard(event: RequestEvent, id: number, body: UpdateBoardBody): Promise<ApiResult<AdminBoard>> {
  return call(event, 'PATCH', `/api/admin/boards/${id}`, { body });
}

// ---- Beta: the organizations a program may name ----

import type { BetaOrganizationChoices } from '@townhall/contracts';

export function listBetaOrganizations(event: RequestEvent): Promise<ApiResult<BetaOrganizationChoices>> {
  return call(event, 'GET', '/api/beta/organizations');
}
