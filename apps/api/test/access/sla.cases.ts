import { boardsUnderTest, type AccessCaseFile } from './access-case.ts';

const configure = { action: 'sla.configure' } as const;
const read = { action: 'sla.read' } as const;
const ownCoverage = { action: 'coverage.manageOwn' } as const;
const work = { action: 'sla.work', board: boardsUnderTest.qa } as const;

const settings = {
  timeZone: 'Asia/Shanghai',
  workingWeekdays: [1, 2, 3, 4, 5],
  workingHours: [{ start: '09:00', end: '18:00' }],
  holidays: [],
  makeUpWorkingDays: [],
  checkInWindows: [{ opens: '09:00', closes: '09:30' }],
  alertLeadMinutes: 30,
  firstResponseTargetMinutesByTier: { head: 120, waist: 240, tail: 480 },
  nextResponseTargetMinutesByTier: { head: 120, waist: 240, tail: 480 },
  lifecycleTargetFactor: 0.5,
  tightenedLifecycleStages: ['onboarding'],
  renewalTighteningDays: 60,
};
const noCoverage = { boardIds: [], daysOff: [], backupId: null };
// "I'm on it" once per role, each on a question of its own (a colleague's question is refused).
let assignRuns = 0;

export const slaCases: AccessCaseFile = {
  async setup(ctx) {
    // A customer's question: its first-response clock runs.
    const asked = await ctx.t.request({ method: 'POST', url: '/api/boards/qa/topics', cookie: ctx.people.get('customer')!.cookie, body: { title: 'SLA matrix', body: 'x' } });
    ctx.ids['sla:topic'] = asked.json().id;
    for (let run = 0; run < 5; run++) {
      const toTake = await ctx.t.request({ method: 'POST', url: '/api/boards/qa/topics', cookie: ctx.people.get('customer')!.cookie, body: { title: `SLA take ${run}`, body: 'x' } });
      ctx.ids[`sla:take:${run}`] = toTake.json().id;
    }
  },
  cases: [
    { name: 'read SLA settings', method: 'GET', route: '/api/admin/sla-settings', url: () => '/api/admin/sla-settings', access: configure, success: 200 },
    { name: 'save SLA settings', method: 'PUT', route: '/api/admin/sla-settings', url: () => '/api/admin/sla-settings', body: () => settings, access: configure, success: 200 },
    { name: 'read own coverage', method: 'GET', route: '/api/staff/coverage', url: () => '/api/staff/coverage', access: ownCoverage, success: 200 },
    { name: 'save own coverage', method: 'PUT', route: '/api/staff/coverage', url: () => '/api/staff/coverage', body: () => noCoverage, access: ownCoverage, success: 200 },
    {
      name: "read someone's coverage",
      method: 'GET',
      route: '/api/admin/staff/{id}/coverage',
      url: (ctx) => `/api/admin/staff/${ctx.people.get('ops')!.id}/coverage`,
      access: configure,
      success: 200,
    },
    {
      name: "save someone's coverage",
      method: 'PUT',
      route: '/api/admin/staff/{id}/coverage',
      url: (ctx) => `/api/admin/staff/${ctx.people.get('ops')!.id}/coverage`,
      body: () => noCoverage,
      access: configure,
      success: 200,
    },
    { name: 'SLA queue', method: 'GET', route: '/api/staff/sla-queue', url: () => '/api/staff/sla-queue', access: read, success: 200 },
    { name: 'SLA queue CSV', method: 'GET', route: '/api/staff/sla-queue.csv', url: () => '/api/staff/sla-queue.csv', access: read, success: 200 },
    { name: 'mark urgent', method: 'POST', route: '/api/topics/{id}/sla/urgent', url: (ctx) => `/api/topics/${ctx.ids['sla:topic']}/sla/urgent`, access: work, success: 200 },
    { name: 'pause the clock', method: 'POST', route: '/api/topics/{id}/sla/pause', url: (ctx) => `/api/topics/${ctx.ids['sla:topic']}/sla/pause`, access: work, success: 200 },
    { name: "I'm on it", method: 'POST', route: '/api/topics/{id}/sla/assign', url: (ctx) => `/api/topics/${ctx.ids[`sla:take:${assignRuns++ % 5}`]}/sla/assign`, access: work, success: 200 },
    { name: 'release the question', method: 'POST', route: '/api/topics/{id}/sla/release', url: (ctx) => `/api/topics/${ctx.ids['sla:topic']}/sla/release`, access: work, success: 200 },
    { name: 'the workspace calendar', method: 'GET', route: '/api/staff/calendar', url: () => '/api/staff/calendar', access: read, success: 200 },
    { name: 'next check-in', method: 'GET', route: '/api/staff/next-check-in', url: () => '/api/staff/next-check-in', access: read, success: 200 },
    { name: 'SLA metrics', method: 'GET', route: '/api/staff/sla-metrics', url: () => '/api/staff/sla-metrics', access: read, success: 200 },
    {
      name: 'organization SLA report',
      method: 'GET',
      route: '/api/staff/sla-metrics/organizations/{id}',
      url: () => '/api/staff/sla-metrics/organizations/none',
      access: read,
      success: 200,
    },
    {
      name: 'organization SLA breaches CSV',
      method: 'GET',
      route: '/api/staff/sla-metrics/organizations/{id}/breaches.csv',
      url: () => '/api/staff/sla-metrics/organizations/none/breaches.csv',
      access: read,
      success: 200,
    },
    { name: 'resume the clock', method: 'POST', route: '/api/topics/{id}/sla/resume', url: (ctx) => `/api/topics/${ctx.ids['sla:topic']}/sla/resume`, access: work, success: 200 },
  ],
};
