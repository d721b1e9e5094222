import type { ReactionKind, ReleaseNoteStatus } from '@townhall/contracts';

export const reactionLabels: Record<ReactionKind, { emoji: string; name: string }> = {
  thumbs_up: { emoji: '👍', name: 'Thumbs up' },
  tada: { emoji: '🎉', name: 'Celebrate' },
  heart: { emoji: '❤️', name: 'Love' },
  confused: { emoji: '😕', name: 'Confused' },
};

export const reactionOrder: ReactionKind[] = ['thumbs_up', 'tada', 'heart', 'confused'];

export const releaseNoteStatusLabels: Record<ReleaseNoteStatus, string> = {
  draft: 'Draft',
  scheduled: 'Scheduled',
  published: 'Published',
};

/** The path of the notes list with the given filter (empty values left out). */
export function releaseNotesPath(query: Record<string, string | undefined>): string {
  const params = new URLSearchParams(Object.entries(query).filter((entry): entry is [string, string] => Boolean(entry[1])));
  return params.size > 0 ? `/release-notes?${params}` : '/release-notes';
}
