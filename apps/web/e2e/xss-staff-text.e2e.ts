import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { programBody } from '../../api/test/beta-helpers.ts';
import { callApi, recordExecutions, visit, withFindings, xssVectors, type Findings } from './hostile-text.ts';
import { runTag, useTownhall } from './people.ts';

// The text of the workflows around questions, written by customers and staff alike: an
// organization's name (shown beside every post of its people), a flag's reason, a moderation
// reason in the audit log, a demand's title, description and reasons, a beta program's questions
// and choices, an applicant's answers and the PM's decision message, a release's version. Each
// holds hostile markup; every page that shows it is opened by the people who see it. The markup
// must be shown as text, and nothing may run, navigate away or be blocked by the CSP.

const all = xssVectors();
const { signedIn, server } = useTownhall();

/** Hostile markup that stays visible as text when it is escaped, marked with what it is. */
const hostile = (what: string) => `<img src=x onerror=alert('${what}')><svg onload=alert('${what}')> ${what} ${runTag}`;

test('hostile text in organizations, flags, moderation, demands and beta applications runs nowhere', async () => {
  const origin = new URL(server().url).origin;
  const [admin, pm, ops, alice, bob] = [
    await signedIn('admin@demo.test'),
    await signedIn('pm@demo.test'),
    await signedIn('ops@demo.test'),
    await signedIn('alice@acme.test'),
    await signedIn('bob@tinyco.test'),
  ];
  for (const page of [admin, pm, ops, alice, bob]) await page.context().addInitScript(recordExecutions);
  const api = async (page: Page, method: 'post' | 'patch' | 'put', path: string, data: unknown, status: number) => {
    const result = await callApi(page, origin, method, path, data);
    expect(result.status, `${method} ${path}: ${JSON.stringify(result.json)}`).toBe(status);
    return result.json!;
  };

  // Alice's organization gets a hostile name: staff see it beside her posts and in the admin pages.
  const organizations = (await (await admin.request.get('/api/admin/organizations')).json()) as { organizations: { id: number; name: string }[] };
  const acme = organizations.organizations.find((organization) => organization.name === 'Acme')!;
  const organizationName = hostile('organization').slice(0, 120);
  await api(admin, 'patch', `/api/admin/organizations/${acme.id}`, { name: organizationName }, 200);

  // A question, two answers by Bob: Alice flags one, ops hides the other.
  const topic = await api(alice, 'post', '/api/boards/qa/topics', { title: hostile('title'), body: all.slice(0, 40).join('\n\n') }, 201);
  const topicId = topic.id as number;
  const flagged = await api(bob, 'post', `/api/topics/${topicId}/posts`, { body: 'Try turning it off and on again.' }, 201);
  const hidden = await api(bob, 'post', `/api/topics/${topicId}/posts`, { body: 'Buy followers at example.test' }, 201);
  await api(alice, 'post', `/api/posts/${flagged.id}/flags`, { reason: hostile('flag') }, 201);
  await api(ops, 'post', `/api/posts/${hidden.id}/hide`, { reason: hostile('hide') }, 200);

  // A demand from the question, scored against its quadrant and declined, each with a reason.
  const demand = await api(pm, 'post', '/api/demands', { title: hostile('demand'), description: all.slice(40, 160).join('\n\n'), sourceTopicIds: [topicId] }, 201);
  const demandId = demand.id as number;
  await api(pm, 'put', `/api/demands/${demandId}/score`, { userValue: 2, businessValue: 9, valueKinds: ['user_growth'], override: { verdict: 'do', reason: hostile('override') } }, 200);
  await api(pm, 'post', `/api/demands/${demandId}/status`, { status: 'declined', reason: hostile('decline') }, 200);

  // A beta program whose form has hostile labels and choices; Alice's answers and the decision too.
  const choice = hostile('choice').slice(0, 200);
  const program = await api(
    pm,
    'post',
    '/api/beta/programs',
    programBody({
      introduction: all.slice(160, 200).join('\n\n'),
      form: [
        { id: 'why', kind: 'long_text', label: hostile('label'), required: true },
        { id: 'size', kind: 'single_choice', label: 'Team size', required: true, options: [choice, 'Large'] },
        { id: 'accept', kind: 'accept_precautions', label: 'I accept the precautions', required: true },
      ],
    }),
    201,
  );
  const programId = program.id as number;
  await api(pm, 'post', `/api/beta/programs/${programId}/status`, { status: 'recruiting' }, 200);
  await api(alice, 'post', `/api/beta/programs/${programId}/applications`, { answers: { why: hostile('answer'), size: choice, accept: true } }, 201);
  const applications = (await (await pm.request.get(`/api/beta/programs/${programId}/applications`)).json()) as { items: { id: number }[] };
  await api(pm, 'post', `/api/beta/programs/${programId}/decisions`, { applicationIds: applications.items.map((item) => item.id), decision: 'decline', message: hostile('message') }, 200);

  const note = await api(
    pm,
    'post',
    '/api/boards/release-notes/release-notes',
    { title: `Release ${runTag}`, version: hostile('v').slice(0, 64).trim(), introduction: 'New.', scenarios: 'Always.', precautions: 'None.', publish: 'now' },
    201,
  );

  /** Opens each page and checks that the named text is on it, as text. */
  const findings: Findings[] = [];
  const shown: string[] = [];
  const check = async (page: Page, path: string, ...texts: string[]) => {
    findings.push(await visit(page, origin, path));
    const body = await page.locator('body').innerText();
    for (const text of texts) if (!body.includes(text)) shown.push(`${path} lacks ${JSON.stringify(text)}`);
  };
  const staffPages = async (page: Page) => {
    await check(page, `/t/${topicId}`, organizationName, hostile('title'), hostile('demand'));
    await check(page, '/staff/flags', hostile('flag'), hostile('title'));
    await check(page, '/demands?status=all', hostile('demand'));
    await check(page, `/demands/${demandId}`, hostile('demand'), hostile('override'), hostile('decline'), hostile('title'));
    await check(page, `/beta/${programId}/applications`, hostile('label'), hostile('answer'), hostile('message'), organizationName);
    await check(page, `/beta/${programId}`);
    await check(page, `/release-notes/${note.id}`, hostile('v').slice(0, 64).trim());
    await check(page, '/staff/sla', hostile('title'));
    await check(page, '/staff/dashboard');
  };
  await staffPages(admin);
  await check(admin, '/admin/organizations', organizationName);
  await check(admin, '/admin/people', organizationName);
  await check(admin, '/admin/audit', hostile('hide'));
  await staffPages(pm);
  await check(ops, '/staff/flags', hostile('flag'));
  await check(alice, `/t/${topicId}`, hostile('title'));
  await check(alice, `/beta/${programId}`, hostile('message'));
  await check(alice, '/release-notes', hostile('v').slice(0, 64).trim());
  await check(alice, '/notifications');
  await check(bob, `/t/${topicId}`, hostile('title'));
  await check(bob, '/notifications');
  // Bob has not applied: the form is his to fill in.
  await check(bob, `/beta/${programId}`, hostile('label'), choice);

  expect(withFindings(findings)).toEqual([]);
  expect(shown).toEqual([]);
}, 300_000);
