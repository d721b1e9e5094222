import type { Notifier } from '../../plugins/notify.ts';
import type { ReleaseNotesRepository } from './release-notes.repository.ts';

/**
 * Tells the people watching a release-notes board about each note that is out, published at once
 * or at its scheduled time, and ships the demands it links. Notifying before marking makes it at least once, and the
 * notification's unique key per person and note makes it exactly once.
 */
export async function announceReleaseNotes({ repository, notifier, limit = 20 }: { repository: ReleaseNotesRepository; notifier: Notifier; limit?: number }) {
  const due = await repository.listUnannounced(limit);
  for (const note of due) {
    await notifier.releaseNotePublished({ topicId: note.topicId, actorId: note.authorId });
    // The demands the note links are shipped now that it is out, and their askers told.
    await notifier.demandsShipped({ noteId: note.topicId });
    await repository.markAnnounced(note.topicId);
  }
  return { announced: due.length };
}
