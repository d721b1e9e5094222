import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { mentionCandidates } from '$lib/server/api';

/** People to offer while `@…` is typed in a Markdown field (fetched by MarkdownField.svelte). */
export const GET: RequestHandler = async (event) => {
  const q = event.url.searchParams.get('q') ?? '';
  const topicId = Number(event.url.searchParams.get('topicId'));
  const result = await mentionCandidates(event, q, Number.isSafeInteger(topicId) && topicId > 0 ? topicId : null);
  if (!result.ok) return json({ items: [], error: result.error }, { status: result.status });
  return json(result.data);
};
