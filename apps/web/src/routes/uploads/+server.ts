import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { uploadImage } from '$lib/server/api';

/**
 * Uploads an image attached in a Markdown field (fetched by MarkdownField.svelte): the body is the
 * file's raw bytes under its own content type, `?name=` its original name. Answers the API's status
 * and JSON as they are: 201 with the image's url and Markdown, or `{ error: { code, message } }`.
 *
 * SvelteKit's own CSRF check covers form content types only, and an image type is not one, so the
 * cross-site check is the API's: `call` forwards the browser's Origin and Sec-Fetch-Site, and the
 * API refuses a write that does not come from this site (a browser cannot send an image content
 * type across sites without a CORS preflight, which nothing here answers, either).
 */
export const POST: RequestHandler = async (event) => {
  const contentType = event.request.headers.get('content-type') ?? 'application/octet-stream';
  const bytes = new Uint8Array(await event.request.arrayBuffer());
  const result = await uploadImage(event, bytes, contentType, event.url.searchParams.get('name'));
  const headers: Record<string, string> = { 'cache-control': 'no-store' };
  if (!result.ok) return json({ error: result.error }, { status: result.status, headers });
  return json(result.data, { status: result.status, headers });
};
