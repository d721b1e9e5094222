import { boardsUnderTest, type AccessCase, type AccessCaseFile, type AccessContext } from './access-case.ts';
import { goodAnswers, programBody } from '../beta-helpers.ts';

const programsBoard = boardsUnderTest.beta;
const feedbackBoard = { kind: 'beta', visibility: 'participants' } as const;

/** Status changes move a program for good: each run gets a draft of its own. */
const draftsForStatus: number[] = [];

async function createProgram(ctx: AccessContext, status: 'draft' | 'recruiting') {
  const admin = ctx.people.get('admin')!;
  const created = await ctx.t.request({ method: 'POST', url: '/api/beta/programs', cookie: admin.cookie, body: programBody() });
  if (created.statusCode !== 201) throw new Error(`could not create the matrix program: ${created.body}`);
  const program = created.json() as { id: number; feedbackBoard: { slug: string } };
  if (status === 'recruiting') {
    await ctx.t.request({ method: 'POST', url: `/api/beta/programs/${program.id}/status`, cookie: admin.cookie, body: { status: 'recruiting' } });
  }
  return program;
}

const programCases: AccessCase[] = [
  {
    name: 'organizations a program may name',
    method: 'GET',
    route: '/api/beta/organizations',
    url: () => '/api/beta/organizations',
    access: { action: 'beta.manage' },
    success: 200,
  },
  {
    name: 'list beta programs',
    method: 'GET',
    route: '/api/beta/programs',
    url: () => '/api/beta/programs',
    access: { action: 'beta.read' },
    success: 200,
  },
  {
    name: 'create a beta program',
    method: 'POST',
    route: '/api/beta/programs',
    url: () => '/api/beta/programs',
    body: () => programBody(),
    access: { action: 'beta.manage' },
    success: 201,
  },
  {
    name: 'read a beta program',
    method: 'GET',
    route: '/api/beta/programs/{id}',
    url: (ctx) => `/api/beta/programs/${ctx.ids['beta:recruiting']}`,
    access: { action: 'beta.read', board: programsBoard },
    success: 200,
  },
  {
    name: 'edit a beta program',
    method: 'PATCH',
    route: '/api/beta/programs/{id}',
    url: (ctx) => `/api/beta/programs/${ctx.ids['beta:recruiting']}`,
    body: (ctx) => ({ title: `Matrix program edited ${ctx.next()}` }),
    access: { action: 'beta.manage', board: programsBoard },
    success: 200,
  },
  {
    name: 'open recruiting on a beta program',
    method: 'POST',
    route: '/api/beta/programs/{id}/status',
    url: () => `/api/beta/programs/${draftsForStatus.shift()}/status`,
    body: () => ({ status: 'recruiting' }),
    access: { action: 'beta.manage', board: programsBoard },
    success: 200,
  },
  {
    name: 'apply to a beta program',
    method: 'POST',
    route: '/api/beta/programs/{id}/applications',
    url: (ctx) => `/api/beta/programs/${ctx.ids['beta:recruiting']}/applications`,
    body: () => ({ answers: goodAnswers }),
    access: { action: 'beta.apply', board: programsBoard },
    success: 201,
  },
  {
    name: 'withdraw a beta application',
    method: 'POST',
    route: '/api/beta/programs/{id}/withdraw',
    url: (ctx) => `/api/beta/programs/${ctx.ids['beta:applied']}/withdraw`,
    access: { action: 'beta.apply', board: programsBoard },
    success: 200,
  },
  {
    name: 'list beta applications',
    method: 'GET',
    route: '/api/beta/programs/{id}/applications',
    url: (ctx) => `/api/beta/programs/${ctx.ids['beta:applied']}/applications`,
    access: { action: 'beta.manage', board: programsBoard },
    success: 200,
  },
  {
    name: 'export beta applications as CSV',
    method: 'GET',
    route: '/api/beta/programs/{id}/applications.csv',
    url: (ctx) => `/api/beta/programs/${ctx.ids['beta:applied']}/applications.csv`,
    access: { action: 'beta.manage', board: programsBoard },
    success: 200,
  },
  // Several applications at once always answer 200 with a result each.
  {
    name: 'decide beta applications in bulk',
    method: 'POST',
    route: '/api/beta/programs/{id}/decisions',
    url: (ctx) => `/api/beta/programs/${ctx.ids['beta:applied']}/decisions`,
    body: (ctx) => ({ applicationIds: [ctx.ids['beta:application']!, 999_999], decision: 'waitlist' }),
    access: { action: 'beta.manage', board: programsBoard },
    success: 200,
  },
];

// The feedback area through the topics routes: the matrix's customer has not been accepted.
const feedbackCases: AccessCase[] = [
  {
    name: 'list topics of a beta feedback area',
    method: 'GET',
    route: '/api/boards/{slug}/topics',
    url: (ctx) => `/api/boards/beta-feedback-${ctx.ids['beta:recruiting']}/topics`,
    access: { action: 'board.read', board: feedbackBoard },
    success: 200,
  },
  {
    name: 'start a topic in a beta feedback area',
    method: 'POST',
    route: '/api/boards/{slug}/topics',
    url: (ctx) => `/api/boards/beta-feedback-${ctx.ids['beta:recruiting']}/topics`,
    body: (ctx) => ({ title: `Feedback ${ctx.next()}`, body: 'It works' }),
    access: { action: 'topic.create', board: feedbackBoard },
    success: 201,
  },
  {
    name: 'read a topic in a beta feedback area',
    method: 'GET',
    route: '/api/topics/{id}',
    url: (ctx) => `/api/topics/${ctx.ids['beta:feedbackTopic']}`,
    access: { action: 'board.read', board: feedbackBoard },
    success: 200,
  },
  {
    name: 'reply in a beta feedback area',
    method: 'POST',
    route: '/api/topics/{id}/posts',
    url: (ctx) => `/api/topics/${ctx.ids['beta:feedbackTopic']}/posts`,
    body: () => ({ body: 'Same here' }),
    access: { action: 'post.create', board: feedbackBoard },
    success: 201,
  },
];

export const betaCases: AccessCaseFile = {
  async setup(ctx) {
    const admin = ctx.people.get('admin')!;
    const customer = ctx.people.get('customer')!;
    ctx.ids['beta:recruiting'] = (await createProgram(ctx, 'recruiting')).id;
    const applied = await createProgram(ctx, 'recruiting');
    ctx.ids['beta:applied'] = applied.id;
    const application = await ctx.t.request({
      method: 'POST',
      url: `/api/beta/programs/${applied.id}/applications`,
      cookie: customer.cookie,
      body: { answers: goodAnswers },
    });
    ctx.ids['beta:application'] = application.json().id;
    for (let i = 0; i < 5; i += 1) draftsForStatus.push((await createProgram(ctx, 'draft')).id);
    const topic = await ctx.t.request({
      method: 'POST',
      url: `/api/boards/beta-feedback-${ctx.ids['beta:recruiting']}/topics`,
      cookie: admin.cookie,
      body: { title: 'Matrix feedback', body: 'First impressions' },
    });
    if (topic.statusCode !== 201) throw new Error(`could not create the feedback topic: ${topic.body}`);
    ctx.ids['beta:feedbackTopic'] = topic.json().id;
  },
  cases: [...programCases, ...feedbackCases],
};
