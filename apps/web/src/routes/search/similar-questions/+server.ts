import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { similarQuestions } from '$lib/server/api';

/** Similar questions for the ask form while the title is typed (fetched by SimilarQuestions.svelte). */
export const GET: RequestHandler = async (event) => {
  const title = (event.url.searchParams.get('title') ?? '').trim().slice(0, 200);
  if (title.length < 3) return json({ items: [] });
  const result = await similarQuestions(event, title, event.url.searchParams.get('board'));
  if (!result.ok) return json({ items: [], error: result.error.message }, { status: result.status });
  return json(result.data);
};
