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
  CreatePostBody,
  CreateTopicBody,
  ErrorBody,
  MeResponse,
  Post,
  SignInBody,
  SignUpBody,
  TopicDetail,
  TopicList,
} from '@townhall/contracts';
import { relaySetCookies } from './cookies';

export type ApiError = ErrorBody['error'];
export type ApiResult<T> = { ok: true; status: number; data: T } | { ok: false; status: number; error: ApiError };

/** The light-my-request options `app.inject` accepts, as far as we use them. */
type InjectRequest = {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  payload?: string;
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

type CallOptions = { body?: unknown; idempotencyKey?: string };

async function call<T>(event: RequestEvent, method: 'GET' | 'POST', url: string, options: CallOptions = {}): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  for (const name of forwardedHeaders) {
    const value = event.request.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  let payload: string | undefined;
  if (options.body !== undefined) {
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

export function signOut(event: RequestEvent): Promise<ApiResult<void>> {
  return call(event, 'POST', '/api/auth/sign-out');
}

export function listBoards(event: RequestEvent): Promise<ApiResult<BoardList>> {
  return call(event, 'GET', '/api/boards');
}

export function listTopics(event: RequestEvent, slug: string, cursor?: string | null): Promise<ApiResult<TopicList>> {
  const query = cursor ? `?${new URLSearchParams({ cursor })}` : '';
  return call(event, 'GET', `/api/boards/${segment(slug)}/topics${query}`);
}

export function getTopic(event: RequestEvent, id: number): Promise<ApiResult<TopicDetail>> {
  return call(event, 'GET', `/api/topics/${id}`);
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
