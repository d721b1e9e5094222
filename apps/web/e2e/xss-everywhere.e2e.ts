import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { programBody } from '../../api/test/beta-helpers.ts';
import { callApi, recordExecutions as hooks, visit as visitPage, withFindings, xssVectors, type Findings } from './hostile-text.ts';
import { runTag, useTownhall } from './people.ts';

// Hostile text in every field a person can fill — display name, question titles and bodies,
// answers, an edit (its history and diff), release-note and beta-program fields, notification
// titles, search snippets — then every page that shows it opened as a customer and as an admin,
// with alert/confirm/prompt/print and navigation hooked and CSP violations collected: nothing may
// run, navigate away or be blocked by the Content-Security-Policy. Staff-only and workflow text
// (organizations, demands, applications, moderation) is in xss-staff-text.e2e.ts.

const all = xssVectors();
// Every vector goes into some body; a spread of them into titles and names.
const chunks: string[][] = [];
for (let i = 0; i < all.length; i += 120) chunks.push(all.slice(i, i + 120));
const titleVectors = all.filter((_, i) => i % 97 === 0).map((vector) => vector.slice(0, 180));

const { newPerson, signedIn, server } = useTownhall();

const api = (page: Page, method: 'post' | 'patch' | 'put', path: string, data: unknown) => callApi(page, server().url, method, path, data);
const visit = (page: Page, path: string) => visitPage(page, new URL(server().url).origin, path);

test('hostile text in every field runs nowhere, for a customer and for an admin', async () => {
  const writer = await newPerson();
  await writer.context().addInitScript(hooks);
  await writer.goto('/');
  const name = titleVectors[1]!.slice(0, 80).trim() || '<img src=x onerror=alert(1)>';
  const signUp = await api(writer, 'post', '/api/auth/sign-up', { email: `xss-${runTag}@acme.test`, password: 'a long enough password', displayName: name });
  expect(signUp.status).toBe(201);
  const writerId = (signUp.json!.user as { id: number }).id;

  const ops = await signedIn('ops@demo.test');
  const pm = await signedIn('pm@demo.test');
  const topicIds: number[] = [];
  for (const [i, chunk] of chunks.entries()) {
    const title = `${titleVectors[i % titleVectors.length]} ${runTag}`.slice(0, 200);
    const asked = await api(writer, 'post', '/api/boards/qa/topics', { title, body: chunk.join('\n\n').slice(0, 60_000) });
    expect(asked.status, JSON.stringify(asked.json)).toBe(201);
    topicIds.push(asked.json!.id as number);
  }
  const first = topicIds[0]!;
  // A staff answer (notifies the writer with the hostile title), and an edit with a hostile diff.
  const answered = await api(ops, 'post', `/api/topics/${first}/posts`, { body: `${all.slice(0, 60).join('\n')} @${'x'}` });
  expect(answered.status).toBe(201);
  const opening = (await (await writer.request.get(`/api/topics/${first}`)).json()) as { posts: { id: number }[] };
  const edited = await api(writer, 'patch', `/api/posts/${opening.posts[0]!.id}`, { body: all.slice(60, 180).join('\n') });
  expect(edited.status).toBe(200);
  // Hostile tags are refused, never stored.
  expect((await api(writer, 'post', '/api/boards/qa/topics', { title: 'Tags', body: 'x', tags: ['<svg onload=alert(1)>'] })).status).toBe(400);

  const note = await api(pm, 'post', '/api/boards/release-notes/release-notes', {
    title: `${titleVectors[2]} ${runTag}`.slice(0, 200),
    version: '9.9.9',
    introduction: all.slice(180, 300).join('\n\n'),
    scenarios: all.slice(300, 420).join('\n\n'),
    precautions: all.slice(420, 540).join('\n\n'),
    publish: 'now',
  });
  expect(note.status, JSON.stringify(note.json)).toBe(201);
  const program = await api(
    pm,
    'post',
    '/api/beta/programs',
    programBody({
      title: `${titleVectors[3]} ${runTag}`.slice(0, 200),
      introduction: all.slice(540, 660).join('\n\n'),
      precautions: all.slice(660, 780).join('\n\n'),
      form: [{ id: 'accept', kind: 'accept_precautions', label: titleVectors[4]!.slice(0, 100), required: true }],
    }),
  );
  expect(program.status, JSON.stringify(program.json)).toBe(201);
  await api(pm, 'post', `/api/beta/programs/${program.json!.id}/status`, { status: 'recruiting' });

  const admin = await signedIn('admin@demo.test');
  await admin.context().addInitScript(hooks);
  const reader = await signedIn('alice@acme.test');
  await reader.context().addInitScript(hooks);
  const common = [
    '/b/qa',
    ...topicIds.slice(0, 4).map((id) => `/t/${id}`),
    `/p/${opening.posts[0]!.id}/revisions`,
    '/release-notes',
    `/release-notes/${note.json!.id}`,
    '/beta',
    `/beta/${program.json!.id}`,
    `/people/${writerId}`,
    `/search?q=${encodeURIComponent('script alert')}`,
    `/search?q=${runTag}`,
  ];
  const findings: Findings[] = [];
  for (const path of [...common, '/notifications', `/p/${opening.posts[0]!.id}/edit`]) findings.push(await visit(writer, path));
  for (const path of common) findings.push(await visit(reader, path));
  for (const path of [...common, '/admin/people', '/admin/audit', '/staff/sla', '/staff/flags', `/beta/${program.json!.id}/applications`]) {
    findings.push(await visit(admin, path));
  }
  expect(withFindings(findings)).toEqual([]);
  expect(findings.length).toBeGreaterThan(35);
}, 300_000);
