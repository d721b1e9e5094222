import type { BoardKind, BoardVisibility } from './boards.ts';

/** Slugs are URL segments (`/b/<slug>`): lower-case letters and digits in dash-separated words. */
const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const maxBoardSlugLength = 40;

/** Says what is wrong with a board slug, or null when it is a good one. */
export function boardSlugProblem(slug: string): string | null {
  if (slug.length < 2 || slug.length > maxBoardSlugLength) return `must be 2 to ${maxBoardSlugLength} characters`;
  if (!slugPattern.test(slug)) return 'may hold only lower-case letters, digits and single dashes between them';
  return null;
}

/**
 * The slug a board's name suggests: "Reports & Exports" → "reports-exports". Null when the name
 * has too few Latin letters or digits to make one (a Chinese name, say): the admin then gives one.
 */
export function boardSlugFromName(name: string): string | null {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxBoardSlugLength)
    .replace(/-+$/, '');
  return boardSlugProblem(slug) === null ? slug : null;
}

/** Admins add boards of this kind (a Q&A board per product line, say); the others are one each. */
export function canAddBoardOfKind(kind: BoardKind): boolean {
  return kind === 'qa';
}

/**
 * Which visibilities an admin may give a board of this kind: Q&A boards are public or for
 * signed-in members. Release notes and beta programs have pages and rules of their own built
 * around their one board's visibility, so theirs stays as it is.
 */
export function settableBoardVisibilities(kind: BoardKind): readonly BoardVisibility[] {
  return kind === 'qa' ? ['public', 'members'] : [];
}
