import { allRoles } from '@townhall/domain';
import type { AccessCase, AccessCaseFile } from './access-case.ts';

const read = { action: 'demand.read' } as const;
const manage = { action: 'demand.manage' } as const;
const score = { action: 'demand.score' } as const;

// Each status change needs a demand of its own in `new`, and each removal a source of its own
// (one per role, in the order the walk runs).
let statusRuns = 0;
let removalRuns = 0;

export const demandsCases: AccessCaseFile = {
  async setup(ctx) {
    const pm = ctx.people.get('pm')!;
    const asked = await ctx.t.request({ method: 'POST', url: '/api/boards/qa/topics', cookie: ctx.people.get('customer')!.cookie, body: { title: 'Demand matrix question', body: 'x' } });
    ctx.ids['demand:question'] = asked.json().id;
    const created = await ctx.t.request({ method: 'POST', url: '/api/demands', cookie: pm.cookie, body: { title: 'Matrix demand', sourceTopicIds: [ctx.ids['demand:question']] } });
    if (created.statusCode !== 201) throw new Error(`could not create the matrix demand: ${created.body}`);
    ctx.ids['demand'] = created.json().id;
    for (const [n] of allRoles.entries()) {
      const response = await ctx.t.request({ method: 'POST', url: '/api/demands', cookie: pm.cookie, body: { title: `Matrix status demand ${n}` } });
      ctx.ids[`demand:status:${n}`] = response.json().id;
      const source = await ctx.t.request({ method: 'POST', url: '/api/boards/qa/topics', cookie: ctx.people.get('customer')!.cookie, body: { title: `Matrix source ${n}`, body: 'x' } });
      ctx.ids[`demand:source:${n}`] = source.json().id;
    }
    const sourceIds = allRoles.map((_, n) => ctx.ids[`demand:source:${n}`]);
    const merged = await ctx.t.request({ method: 'POST', url: `/api/demands/${ctx.ids['demand']}/sources`, cookie: pm.cookie, body: { topicIds: sourceIds } });
    if (merged.statusCode !== 200) throw new Error(`could not merge the matrix sources: ${merged.body}`);
  },
  cases: [
    { name: 'list demands', method: 'GET', route: '/api/demands', url: () => '/api/demands?weighted=true&sort=title&order=asc', access: read, success: 200 },
    { name: 'create a demand', method: 'POST', route: '/api/demands', url: () => '/api/demands', body: (ctx) => ({ title: `Matrix demand ${ctx.next()}` }), access: manage, success: 201 },
    { name: 'read a demand', method: 'GET', route: '/api/demands/{id}', url: (ctx) => `/api/demands/${ctx.ids['demand']}`, access: read, success: 200 },
    {
      name: 'edit a demand',
      method: 'PATCH',
      route: '/api/demands/{id}',
      url: (ctx) => `/api/demands/${ctx.ids['demand']}`,
      body: (ctx) => ({ description: `Edited ${ctx.next()}` }),
      access: manage,
      success: 200,
    },
    // Merging a question that is already in the demand is accepted and changes nothing.
    {
      name: 'merge questions into a demand',
      method: 'POST',
      route: '/api/demands/{id}/sources',
      url: (ctx) => `/api/demands/${ctx.ids['demand']}/sources`,
      body: (ctx) => ({ topicIds: [ctx.ids['demand:question']] }),
      access: manage,
      success: 200,
    },
    {
      name: 'take a question out of a demand',
      method: 'DELETE',
      route: '/api/demands/{id}/sources/{topicId}',
      url: (ctx) => `/api/demands/${ctx.ids['demand']}/sources/${ctx.ids[`demand:source:${removalRuns++ % allRoles.length}`]}`,
      access: manage,
      success: 200,
    },
    {
      name: 'score a demand',
      method: 'PUT',
      route: '/api/demands/{id}/score',
      url: (ctx) => `/api/demands/${ctx.ids['demand']}/score`,
      body: () => ({ userValue: 7, businessValue: 3, valueKinds: ['user_growth'] }),
      access: score,
      success: 200,
    },
    {
      name: 'set the status of a demand',
      method: 'POST',
      route: '/api/demands/{id}/status',
      url: (ctx) => `/api/demands/${ctx.ids[`demand:status:${statusRuns++ % allRoles.length}`]}/status`,
      body: () => ({ status: 'under_review' }),
      access: manage,
      success: 200,
    },
  ] satisfies AccessCase[],
};
