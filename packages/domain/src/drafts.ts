/** Unsent text kept in the browser is dropped after this many days. */
export const draftLifetimeDays = 30;

/** What the browser keeps of one field: the text, and when it was last typed. */
export type StoredDraft = { text: string; savedAt: string };

/** The storage key of a person's draft of one field (`reply:12`…); none for guests, who cannot post. */
export function draftStorageKey(userId: number | null | undefined, draft: string | null | undefined): string | null {
  if (userId === null || userId === undefined || !draft) return null;
  return `townhall.draft.${userId}.${draft}`;
}

/** What to keep while the field holds `text`: nothing when it is blank or what the page loaded. */
export function draftToStore({ text, initial, now }: { text: string; initial: string; now: Date }): StoredDraft | null {
  if (text.trim() === '' || text === initial) return null;
  return { text, savedAt: now.toISOString() };
}

/** A stored draft as read back, or null when absent, unreadable or older than `draftLifetimeDays`. */
export function parseStoredDraft(stored: string | null, now: Date): StoredDraft | null {
  if (stored === null) return null;
  let draft: unknown;
  try {
    draft = JSON.parse(stored);
  } catch {
    return null;
  }
  if (typeof draft !== 'object' || draft === null) return null;
  const { text, savedAt } = draft as Record<string, unknown>;
  if (typeof text !== 'string' || typeof savedAt !== 'string') return null;
  const age = now.getTime() - Date.parse(savedAt);
  if (!Number.isFinite(age) || age > draftLifetimeDays * 86_400_000) return null;
  return { text, savedAt };
}

/**
 * The text to put back into a field that holds `current` and was loaded with `initial`: a
 * draft only goes into an untouched field (nothing typed since, and no text the server sent back
 * after a failed submit), and only when it differs from what is there.
 */
export function draftToRestore({ draft, current, initial }: { draft: StoredDraft | null; current: string; initial: string }): string | null {
  if (!draft || current !== initial || draft.text === current) return null;
  return draft.text;
}
