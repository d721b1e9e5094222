import type { Board } from '@townhall/contracts';

/** Where a board's page is: release-notes boards have pages of their own under /release-notes. */
export function boardPath(board: Pick<Board, 'slug' | 'kind'> & { visibility?: Board['visibility'] }): string {
  // Beta programs have pages of their own; a program's feedback area is an ordinary board page.
  if (board.kind === 'beta') return board.visibility === 'participants' ? `/b/${board.slug}` : '/beta';
  if (board.kind !== 'release_notes') return `/b/${board.slug}`;
  return board.slug === 'release-notes' ? '/release-notes' : `/release-notes?${new URLSearchParams({ board: board.slug })}`;
}
