import { boards, users, type Database } from '@townhall/db';

/** The three boards every workspace has; created once, on the first start. */
export const defaultBoards = [
  {
    slug: 'qa',
    name: 'Q&A',
    description: 'Ask how to do something, report what puzzles you, and get answers from the team and other customers.',
    kind: 'qa',
    visibility: 'public',
    position: 1,
  },
  {
    slug: 'release-notes',
    name: 'Release notes',
    description: 'What shipped: what it is, when to use it, and what to watch out for.',
    kind: 'release_notes',
    visibility: 'public',
    position: 2,
  },
  {
    slug: 'beta',
    name: 'Beta programs',
    description: 'Try what is coming before everyone else and tell the product team what you think.',
    kind: 'beta',
    visibility: 'members',
    position: 3,
  },
] as const;

/** Creates the default boards when they are missing; safe to run on every start. */
export async function ensureWorkspace(db: Database): Promise<void> {
  await db
    .insert(boards)
    .values(defaultBoards.map((board) => ({ ...board })))
    .onConflictDoNothing({ target: boards.slug });
}

/** Whether nobody has an account yet: the moment to seed demo data. */
export async function isWorkspaceEmpty(db: Database): Promise<boolean> {
  const anyone = await db.select({ id: users.id }).from(users).limit(1);
  return anyone.length === 0;
}
