import { invalidate, invalidateAll } from '$app/navigation';
import { navigating } from '$app/state';

const pollMs = 25;
/** A navigation that never settles (sveltejs/kit#17114) must not stop live updates for good. */
const longestWaitMs = 10_000;

/**
 * Resolves once no navigation is in flight. SvelteKit 2 aborts a navigation that an invalidation
 * overlaps (sveltejs/kit#9354; changed by #16188 in SvelteKit 3, which needs Node 22): a live
 * event that arrives while a form's redirect loads, such as the event of the answer just posted,
 * would keep the reader on the old page. The page's data is refreshed after the navigation.
 */
export async function navigationSettled(): Promise<void> {
  const deadline = Date.now() + longestWaitMs;
  while (navigating.to && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, pollMs));
}

/** `invalidateAll()` for live updates: waits for a navigation in flight rather than cancelling it. */
export async function invalidateAllWhenIdle(): Promise<void> {
  await navigationSettled();
  await invalidateAll();
}

/** `invalidate(dependency)` for live updates: waits for a navigation in flight rather than cancelling it. */
export async function invalidateWhenIdle(dependency: string): Promise<void> {
  await navigationSettled();
  await invalidate(dependency);
}
