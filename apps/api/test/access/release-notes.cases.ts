import { boards, topics } from '@townhall/db';
import { boardsUnderTest, type AccessCase, type AccessCaseFile } from './access-case.ts';

const releaseNotesBoard = boardsUnderTest['release-notes'];

const noteBody = (n: number) => ({
  title: `Matrix note ${n}`,
  version: `9.${n}`,
  introduction: 'What it is',
  scenarios: 'When to use it',
  precautions: 'What to watch',
  publish: 'now',
});

const perBoard = Object.entries(boardsUnderTest).flatMap(([slug, board]): AccessCase[] => [
  {
    name: `publish a release note on ${slug}`,
    method: 'POST',
    route: '/api/boards/{slug}/release-notes',
    url: () => `/api/boards/${slug}/release-notes`,
    body: (ctx) => noteBody(ctx.next()),
    access: { action: 'releaseNote.publish', board },
    success: 201,
  },
  {
    name: `react to a topic on ${slug}`,
    method: 'PUT',
    route: '/api/topics/{id}/reactions/{kind}',
    url: (ctx) => `/api/topics/${ctx.ids[`reactable:${slug}`]}/reactions/tada`,
    access: { action: 'topic.react', board },
    success: 200,
  },
  {
    name: `take back a reaction on ${slug}`,
    method: 'DELETE',
    route: '/api/topics/{id}/reactions/{kind}',
    url: (ctx) => `/api/topics/${ctx.ids[`reactable:${slug}`]}/reactions/tada`,
    access: { action: 'topic.react', board },
    success: 200,
  },
]);

export const releaseNotesCases: AccessCaseFile = {
  async setup(ctx) {
    const admin = ctx.people.get('admin')!;
    // A topic per board to react to, created directly (any kind of board).
    for (const board of await ctx.t.db.select().from(boards)) {
      const [row] = await ctx.t.db.insert(topics).values({ boardId: board.id, authorId: admin.id, title: `Reactable ${board.slug}` }).returning();
      ctx.ids[`reactable:${board.slug}`] = row!.id;
    }
    for (const [key, publish] of [['releaseNote', 'now'], ['releaseNote:draft', 'draft']] as const) {
      const response = await ctx.t.request({
        method: 'POST',
        url: '/api/boards/release-notes/release-notes',
        cookie: admin.cookie,
        body: { ...noteBody(ctx.next()), publish },
      });
      if (response.statusCode !== 201) throw new Error(`could not create the matrix release note: ${response.body}`);
      ctx.ids[key] = response.json().id;
    }
  },
  cases: [
    ...perBoard,
    {
      name: 'list release notes',
      method: 'GET',
      route: '/api/release-notes',
      url: () => '/api/release-notes?board=release-notes',
      access: { action: 'board.read', board: releaseNotesBoard },
      success: 200,
    },
    {
      name: 'release notes feed',
      method: 'GET',
      route: '/api/release-notes/feed.atom',
      url: () => '/api/release-notes/feed.atom',
      access: 'public',
      success: 200,
    },
    // Staff pass the access check on the draft; publishing an already published note is a no-op.
    {
      name: 'publish a draft release note',
      method: 'POST',
      route: '/api/release-notes/{id}/publish',
      url: (ctx) => `/api/release-notes/${ctx.ids['releaseNote:draft']}/publish`,
      access: { action: 'releaseNote.publish', board: releaseNotesBoard },
      success: 200,
    },
    {
      name: 'edit a release note',
      method: 'PATCH',
      route: '/api/release-notes/{id}',
      url: (ctx) => `/api/release-notes/${ctx.ids['releaseNote']}`,
      body: (ctx) => ({ title: `Matrix note edited ${ctx.next()}` }),
      access: { action: 'releaseNote.publish', board: releaseNotesBoard },
      success: 200,
    },
    {
      name: 'read a release note',
      method: 'GET',
      route: '/api/release-notes/{id}',
      url: (ctx) => `/api/release-notes/${ctx.ids['releaseNote']}`,
      access: { action: 'board.read', board: releaseNotesBoard },
      success: 200,
    },
  ],
};
