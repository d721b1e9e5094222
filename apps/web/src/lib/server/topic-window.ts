import type { TopicWindow } from './api';

/**
 * The replies (or comments) an address asks for: `?near=<post id>` (links to a post),
 * `?after=<post number>` ("Show more") or `?before=<post number>` ("Earlier"); the first that is
 * a whole number counts, anything else opens the first page.
 */
export function topicWindowOf(url: URL): TopicWindow {
  for (const name of ['near', 'after', 'before'] as const) {
    const value = url.searchParams.get(name);
    if (value && /^[1-9][0-9]{0,8}$/.test(value)) return { [name]: Number(value) };
  }
  return {};
}
