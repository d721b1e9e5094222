export const maxTagsPerTopic = 5;
const tagPattern = /^[\p{L}\p{N}][\p{L}\p{N}-]{0,29}$/u;

/**
 * Normalizes tags as typed (case, spaces, duplicates) into the stored form, or says which one is
 * not a tag.
 */
export function normalizeTags(input: readonly string[]): { ok: true; tags: string[] } | { ok: false; reason: string } {
  const tags: string[] = [];
  for (const raw of input) {
    const tag = raw.trim().toLowerCase().replace(/\s+/g, '-');
    if (!tagPattern.test(tag)) return { ok: false, reason: `"${raw}" is not a tag: letters, digits and dashes, at most 30 characters` };
    if (!tags.includes(tag)) tags.push(tag);
  }
  if (tags.length > maxTagsPerTopic) return { ok: false, reason: `at most ${maxTagsPerTopic} tags` };
  return { ok: true, tags };
}
