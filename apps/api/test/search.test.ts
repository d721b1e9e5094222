import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { boards, searchDocuments } from '@townhall/db';
import { indexMissingSearchDocuments } from '../src/features/search/search-index.repository.ts';
import { createSearchRepository } from '../src/features/search/search.repository.ts';
import { apply, decide, programBody, recruitingProgram } from './beta-helpers.ts';
import { createTestApp, type Person, type TestApp } from './test-app.ts';

let t: TestApp;
let alice: Person;
let bob: Person;
let ops: Person;
let pm: Person;

beforeAll(async () => {
  t = await createTestApp({ rateLimits: { signInPerMinute: 10_000, postsPerMinute: 10_000 }, searchesPerMinute: 10_000 });
  alice = await t.signedIn('customer', { tier: 'head' });
  bob = await t.signedIn('customer', { tier: 'tail' });
  ops = await t.signedIn('ops');
  pm = await t.signedIn('pm');
});
afterAll(() => t.close());

type Result = {
  id: number;
  kind: string;
  topicId: number;
  postId: number | null;
  titleHtml: string;
  snippetHtml: string;
  status: string;
  tags: string[];
  board: { slug: string; kind: string };
  hiddenFromMembers: boolean;
};

let seq = 0;
/** A word no other test uses, so each test sees only its own documents. */
const unique = (stem: string) => `${stem}${(++seq).toString(36)}x`.replace(/[0-9]/g, (d) => 'abcdefghij'[Number(d)]!);

async function ask(person: Person, title: string, body = 'Details follow.', extra: Record<string, unknown> = {}, board = 'qa') {
  const response = await t.request({ method: 'POST', url: `/api/boards/${board}/topics`, cookie: person.cookie, body: { title, body, ...extra } });
  expect(response.statusCode, response.body).toBe(201);
  const json = response.json();
  return { topicId: json.id as number, questionId: json.posts[0].id as number };
}

async function answer(person: Person, topicId: number, body: string) {
  const response = await t.request({ method: 'POST', url: `/api/topics/${topicId}/posts`, cookie: person.cookie, body: { body } });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id as number;
}

async function releaseNote(title: string, introduction: string, publish: Record<string, unknown> = { publish: 'now' }) {
  const response = await t.request({
    method: 'POST',
    url: '/api/boards/release-notes/release-notes',
    cookie: pm.cookie,
    body: { title, version: `7.${++seq}`, introduction, scenarios: 'When you need it.', precautions: 'None.', ...publish },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id as number;
}

async function search(query: string, person?: Person) {
  const response = await t.request({ method: 'GET', url: `/api/search?${query}`, cookie: person?.cookie });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { items: Result[]; nextCursor: string | null };
}

const q = (text: string, extra = '') => `q=${encodeURIComponent(text)}${extra}`;
const topicIdsFor = async (query: string, person?: Person) => (await search(query, person)).items.map((item) => item.topicId);

describe('English', () => {
  it('finds other forms of a word (stemming) and ranks title matches first', async () => {
    const word = unique('grackle');
    const inTitle = await ask(alice, `Exporting invoices from ${word}`, 'Nothing else here.');
    const inBody = await ask(bob, `A question about ${word}`, 'Someone said they exported the invoice last week.');
    const elsewhere = await ask(bob, 'Exported invoices elsewhere', 'No marker word.');
    const { items } = await search(q(`export invoice ${word}`));
    expect(items.map((item) => item.topicId)).toEqual([inTitle.topicId, inBody.topicId]);
    expect(items.map((item) => item.topicId)).not.toContain(elsewhere.topicId);
    expect(items[0]!.titleHtml).toBe(`<mark>Exporting</mark> <mark>invoices</mark> from <mark>${word}</mark>`);
    expect(items[1]!.snippetHtml).toContain('<mark>exported</mark> the <mark>invoice</mark>');
  });

  it('prefers the newer of two equally relevant documents', async () => {
    const word = unique('heron');
    const older = await ask(alice, `Heron ${word} question`);
    const newer = await ask(alice, `Heron ${word} question`);
    await t.db
      .update(searchDocuments)
      .set({ publishedAt: new Date(Date.now() - 400 * 86_400_000) })
      .where(eq(searchDocuments.topicId, older.topicId));
    expect(await topicIdsFor(q(word))).toEqual([newer.topicId, older.topicId]);
  });

  it('finds answers and says which post matched', async () => {
    const word = unique('osprey');
    const { topicId } = await ask(alice, 'Where is the setting?');
    const answerId = await answer(ops, topicId, `Open ${word} settings, then Security.`);
    const { items } = await search(q(word));
    expect(items).toEqual([expect.objectContaining({ kind: 'reply', topicId, postId: answerId, titleHtml: 'Where is the setting?' })]);
  });

  it('takes "quoted phrases" and -word to leave a word out, as the search page says', async () => {
    const marker = unique('syntax');
    const csv = await ask(alice, `Export to CSV fails ${marker}`);
    const excel = await ask(bob, `Export to Excel fails ${marker}`, 'The CSV one works.');
    expect(await topicIdsFor(q(`export -excel ${marker}`))).toEqual([csv.topicId]);
    expect(await topicIdsFor(q(`"csv fails" ${marker}`))).toEqual([csv.topicId]);
    expect((await topicIdsFor(q(`csv ${marker}`))).sort()).toEqual([csv.topicId, excel.topicId].sort());
  });

  it('finds nothing for stop words alone or punctuation, without an error', async () => {
    expect((await search(q('the and of'))).items).toEqual([]);
    expect((await search(q('?!…'))).items).toEqual([]);
    // Only words to exclude cannot use the index: nothing, rather than a scan of every row.
    expect((await search(q('-export'))).items).toEqual([]);
    expect((await search(q('the -export'))).items).toEqual([]);
  });
});

describe('Chinese', () => {
  it('finds 如何导出报表 by 导出, in a title and in a body', async () => {
    const marker = unique('cjk');
    const inTitle = await ask(alice, `如何导出报表 ${marker}`);
    const inBody = await ask(bob, `Question ${marker}`, '请问在哪里可以导出数据？');
    expect((await topicIdsFor(q(`导出 ${marker}`))).sort()).toEqual([inTitle.topicId, inBody.topicId].sort());
    const { items } = await search(q(`导出 ${marker}`));
    expect(items.find((item) => item.topicId === inTitle.topicId)!.titleHtml).toBe(`如何<mark>导出</mark>报表 <mark>${marker}</mark>`);
    expect(items.find((item) => item.topicId === inBody.topicId)!.snippetHtml).toContain('可以<mark>导出</mark>数据');
  });

  it('matches whole phrases and single characters, not scattered characters', async () => {
    const marker = unique('cjk');
    const { topicId } = await ask(alice, `如何导出报表 ${marker}`);
    expect(await topicIdsFor(q(`导出报表 ${marker}`))).toEqual([topicId]);
    expect(await topicIdsFor(q(`表 ${marker}`))).toEqual([topicId]);
    // 报表导出 needs the pair 表导, which the title does not have.
    expect(await topicIdsFor(q(`报表导出 ${marker}`))).toEqual([]);
  });

  it('finds Chinese next to Latin words without spaces', async () => {
    const marker = unique('mixed');
    const { topicId } = await ask(alice, `导出Excel报表很慢 ${marker}`);
    expect(await topicIdsFor(q(`excel 报表 ${marker}`))).toEqual([topicId]);
  });
});

describe('filters', () => {
  it('filters by board, kind, status, tag and date', async () => {
    const word = unique('kestrel');
    const question = await ask(alice, `Kestrel ${word} sync`, 'Body', { tags: ['sync', 'api'] });
    const other = await ask(bob, `Kestrel ${word} login`, 'Body', { tags: ['sso'] });
    const answerId = await answer(ops, question.topicId, `Try ${word} again`);
    const noteId = await releaseNote(`Kestrel ${word} shipped`, 'Now faster.');

    const ids = async (extra: string) => (await search(q(word, extra))).items.map((item) => `${item.kind}:${item.postId ?? item.topicId}`);
    expect((await ids('')).sort()).toEqual(
      [`topic:${question.questionId}`, `topic:${other.questionId}`, `reply:${answerId}`, `release_note:${noteId}`].sort(),
    );
    expect(await ids('&board=release-notes')).toEqual([`release_note:${noteId}`]);
    expect((await ids('&board=qa')).length).toBe(3);
    expect(await ids('&kind=reply')).toEqual([`reply:${answerId}`]);
    expect((await ids('&tag=SYNC')).sort()).toEqual([`topic:${question.questionId}`, `reply:${answerId}`].sort());

    await t.request({ method: 'POST', url: `/api/topics/${other.topicId}/status`, cookie: ops.cookie, body: { status: 'closed', reason: 'duplicate' } });
    expect(await ids('&status=closed')).toEqual([`topic:${other.questionId}`]);
    expect((await ids('&status=answered')).sort()).toEqual([`topic:${question.questionId}`, `reply:${answerId}`].sort());

    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    expect((await ids(`&from=${today}&to=${today}`)).length).toBe(4);
    expect(await ids(`&from=${tomorrow}`)).toEqual([]);
    expect(await ids(`&to=${yesterday}`)).toEqual([]);
  });

  it.each([
    ['q=', 'q'],
    [`${q('x')}&from=2026-02-01&to=2026-01-01`, 'from'],
    [`${q('x')}&cursor=not-a-cursor`, 'cursor'],
    [`${q('x')}&tag=%3Cscript%3E`, 'tag'],
    [`${q('x')}&status=archived`, 'status'],
  ])('refuses %s naming %s', async (query, field) => {
    const response = await t.request({ method: 'GET', url: `/api/search?${query}` });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.field ?? response.json().error.message).toContain(field);
  });
});

describe('snippets', () => {
  it('escape HTML from titles and bodies, and mark only matches', async () => {
    const word = unique('magpie');
    await ask(alice, `<img src=x onerror=alert(1)> ${word}`, `Type \`<script>alert("${word}")</script>\` into the box.`);
    const [item] = (await search(q(word))).items;
    expect(item!.titleHtml).toBe(`&lt;img src=x onerror=alert(1)&gt; <mark>${word}</mark>`);
    expect(item!.snippetHtml).toBe(`Type &lt;script&gt;alert(&quot;<mark>${word}</mark>&quot;)&lt;/script&gt; into the box.`);
    expect(item!.snippetHtml.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
  });

  it('cut long bodies around the first match', async () => {
    const word = unique('plover');
    await ask(alice, 'Long one', `${'Lorem ipsum dolor sit amet. '.repeat(40)}The ${word} setting is here. ${'More text follows. '.repeat(40)}`);
    const [item] = (await search(q(word))).items;
    expect(item!.snippetHtml).toMatch(/^….*<mark>plover\w*<\/mark> setting is here.*…$/);
    expect(item!.snippetHtml.length).toBeLessThan(300);
  });
});

describe('pagination', () => {
  it('walks every result once, by keyset', async () => {
    const word = unique('wren');
    const created = [];
    for (let i = 0; i < 5; i += 1) created.push((await ask(alice, `Wren ${word} number ${i}`)).topicId);
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { items: Result[]; nextCursor: string | null } = await search(q(word, `&limit=2${cursor ? `&cursor=${cursor}` : ''}`));
      seen.push(...page.items.map((item) => item.topicId));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual(created.sort());
  });
});

describe('the index stays current', () => {
  it('follows title and body edits of questions and answers', async () => {
    const before = unique('siskin');
    const after = unique('linnet');
    const { topicId, questionId } = await ask(alice, `About ${before}`);
    const edited = await t.request({ method: 'PATCH', url: `/api/posts/${questionId}`, cookie: alice.cookie, body: { title: `About ${after}`, body: 'New body' } });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(await topicIdsFor(q(before))).toEqual([]);
    expect(await topicIdsFor(q(after))).toEqual([topicId]);
  });

  it('follows release note edits and publication', async () => {
    const before = unique('tern');
    const after = unique('skua');
    const noteId = await releaseNote(`Note ${before}`, 'Intro', { publish: 'draft' });
    expect(await topicIdsFor(q(before), alice)).toEqual([]);
    expect(await topicIdsFor(q(before), ops)).toEqual([noteId]);
    await t.request({ method: 'PATCH', url: `/api/release-notes/${noteId}`, cookie: pm.cookie, body: { scenarios: `Use it with ${after}` } });
    await t.request({ method: 'POST', url: `/api/release-notes/${noteId}/publish`, cookie: pm.cookie });
    expect(await topicIdsFor(q(after), alice)).toEqual([noteId]);
    expect(await topicIdsFor(q(after))).toEqual([noteId]);
  });

  it('follows beta program edits and recruiting', async () => {
    const before = unique('auk');
    const after = unique('puffin');
    const created = await t.request({ method: 'POST', url: '/api/beta/programs', cookie: pm.cookie, body: programBody({ title: `Beta ${before}` }) });
    const id = created.json().id as number;
    expect(await topicIdsFor(q(before), ops)).toEqual([id]);
    expect(await topicIdsFor(q(before), alice)).toEqual([]);
    const edited = await t.request({ method: 'PATCH', url: `/api/beta/programs/${id}`, cookie: pm.cookie, body: { introduction: `Now with ${after}` } });
    expect(edited.statusCode, edited.body).toBe(200);
    await t.request({ method: 'POST', url: `/api/beta/programs/${id}/status`, cookie: pm.cookie, body: { status: 'recruiting' } });
    expect(await topicIdsFor(q(after), alice)).toEqual([id]);
    // Beta programs are for members: guests do not find them.
    expect(await topicIdsFor(q(after))).toEqual([]);
  });

  it('backfills topics and replies that have no document', async () => {
    const word = unique('gannet');
    const { topicId } = await ask(alice, `Backfill ${word}`);
    await answer(bob, topicId, `Reply ${word}`);
    await t.db.delete(searchDocuments).where(eq(searchDocuments.topicId, topicId));
    expect(await topicIdsFor(q(word))).toEqual([]);
    const { indexed } = await indexMissingSearchDocuments(t.db);
    expect(indexed).toBeGreaterThanOrEqual(2);
    expect(await topicIdsFor(q(word))).toEqual([topicId, topicId]);
    expect((await indexMissingSearchDocuments(t.db)).indexed).toBe(0);
  });
});

describe('permissions', () => {
  it('never shows hidden, deleted, draft, scheduled or private things to those who may not read them', async () => {
    const word = unique('curlew');
    const visible = await ask(alice, `Visible ${word}`);
    const hiddenTopic = await ask(alice, `Hidden topic ${word}`);
    await t.request({ method: 'POST', url: `/api/topics/${hiddenTopic.topicId}/moderation`, cookie: ops.cookie, body: { action: 'hide' } });
    const withHiddenAnswer = await ask(alice, 'Has a hidden answer');
    const hiddenAnswer = await answer(bob, withHiddenAnswer.topicId, `Hidden answer ${word}`);
    await t.request({ method: 'POST', url: `/api/posts/${hiddenAnswer}/hide`, cookie: ops.cookie, body: { reason: 'Leaks data' } });
    const deleted = await ask(alice, `Deleted ${word}`);
    await t.request({ method: 'POST', url: `/api/posts/${deleted.questionId}/delete`, cookie: alice.cookie });
    const draft = await releaseNote(`Draft note ${word}`, 'Intro', { publish: 'draft' });
    const scheduled = await releaseNote(`Scheduled note ${word}`, 'Intro', { publish: 'at', publishAt: new Date(Date.now() + 86_400_000).toISOString() });
    const draftProgram = (await t.request({ method: 'POST', url: '/api/beta/programs', cookie: pm.cookie, body: programBody({ title: `Draft program ${word}` }) })).json().id as number;
    const program = await recruitingProgram(t, pm, { title: `Recruiting program ${word}` });
    const participant = await t.signedIn('customer', { tier: 'head' });
    const outsider = await t.signedIn('customer', { tier: 'head' });
    const application = (await apply(t, participant, program.id)).json();
    expect((await decide(t, pm, program.id, [application.id], 'accept')).statusCode).toBe(200);
    const feedback = await ask(participant, `Private feedback ${word}`, 'Body', {}, program.feedbackBoard.slug);

    const everyoneSees = [visible.topicId];
    const membersSee = [...everyoneSees, program.id];
    const participantSees = [...membersSee, feedback.topicId];
    const staffSee = [...participantSees, hiddenTopic.topicId, withHiddenAnswer.topicId, draft, scheduled, draftProgram];

    expect((await topicIdsFor(q(word))).sort()).toEqual(everyoneSees.sort());
    for (const person of [alice, bob, outsider]) expect((await topicIdsFor(q(word), person)).sort()).toEqual(membersSee.sort());
    expect((await topicIdsFor(q(word), participant)).sort()).toEqual(participantSees.sort());
    for (const person of [ops, pm]) expect((await topicIdsFor(q(word), person)).sort()).toEqual(staffSee.sort());

    const staffItems = (await search(q(word), ops)).items;
    expect(staffItems.filter((item) => item.hiddenFromMembers).map((item) => item.topicId).sort()).toEqual(
      [hiddenTopic.topicId, withHiddenAnswer.topicId, draft, scheduled, draftProgram].sort(),
    );
    // The board filter does not open a private area either.
    expect(await topicIdsFor(q(word, `&board=${program.feedbackBoard.slug}`), outsider)).toEqual([]);
    // Once the answer is shown again, members find it.
    await t.request({ method: 'POST', url: `/api/posts/${hiddenAnswer}/unhide`, cookie: ops.cookie });
    expect(await topicIdsFor(q(word), bob)).toContain(withHiddenAnswer.topicId);
  });
});

describe('similar questions', () => {
  it('suggests up to five readable questions sharing words with a title', async () => {
    const word = unique('shrike');
    const matching = [];
    for (let i = 0; i < 6; i += 1) matching.push((await ask(alice, `Export ${word} reports number ${i}`)).topicId);
    const hidden = await ask(alice, `Export ${word} hidden`);
    await t.request({ method: 'POST', url: `/api/topics/${hidden.topicId}/moderation`, cookie: ops.cookie, body: { action: 'hide' } });
    await releaseNote(`Export ${word} note`, 'Not a question.');
    const response = await t.request({ method: 'GET', url: `/api/search/similar-questions?title=${encodeURIComponent(`How do I export ${word}?`)}`, cookie: bob.cookie });
    expect(response.statusCode, response.body).toBe(200);
    const items = response.json().items as { id: number; title: string; board: { slug: string } }[];
    expect(items).toHaveLength(5);
    for (const item of items) expect(matching).toContain(item.id);
  });

  it('finds Chinese titles by a part of them', async () => {
    const { topicId } = await ask(alice, '如何批量导入客户名单');
    const response = await t.request({ method: 'GET', url: `/api/search/similar-questions?title=${encodeURIComponent('客户名单导入失败')}` });
    expect(response.json().items.map((item: { id: number }) => item.id)).toContain(topicId);
  });
});

describe('rate limit', () => {
  it('answers 429 after the budget per minute', async () => {
    const limited = await createTestApp({ searchesPerMinute: 2 });
    try {
      const statuses = [];
      for (let i = 0; i < 3; i += 1) statuses.push((await limited.request({ method: 'GET', url: '/api/search?q=x', remoteAddress: '10.1.2.3' })).statusCode);
      expect(statuses).toEqual([200, 200, 429]);
    } finally {
      await limited.close();
    }
  });
});

describe('a word in very many documents', () => {
  it('ranks only its newest matches, after the board filter, and pages through exactly those', async () => {
    const word = unique('plentiful');
    const onQa: number[] = [];
    for (let i = 0; i < 5; i += 1) onQa.push((await ask(alice, `${word} question ${i}`)).topicId);
    await t.db.insert(boards).values({ slug: 'qa-two', name: 'Second Q&A', kind: 'qa', visibility: 'public', position: 60 });
    const onIdeas = (await ask(alice, `${word} idea`, 'Details follow.', {}, 'qa-two')).topicId;
    // Spread in time: question i is i days old, the idea the oldest of all.
    for (const [i, topicId] of [...onQa, onIdeas].entries()) {
      await t.db.update(searchDocuments).set({ publishedAt: new Date(Date.now() - (i + 1) * 86_400_000) }).where(eq(searchDocuments.subjectId, topicId));
    }
    const search = createSearchRepository(t.db, { rankedMatchesCap: 3 });
    const base = { segmentedQuery: word, reader: { role: 'customer' as const, userId: alice.id }, cursor: null, rankedAt: new Date(), limit: 2 };
    const first = await search.search(base);
    expect(first.hasMore).toBe(true);
    const last = first.rows.at(-1)!;
    const second = await search.search({ ...base, cursor: { score: last.score, id: last.id, rankedAt: base.rankedAt } });
    expect(second.hasMore).toBe(false);
    // The three newest of six matches, and no more.
    expect([...first.rows, ...second.rows].map((row) => row.topicId).sort()).toEqual(onQa.slice(0, 3).sort());
    // The oldest match is still found when a filter narrows the matches before the cap.
    const ideas = await search.search({ ...base, boardSlug: 'qa-two' });
    expect(ideas.rows.map((row) => row.topicId)).toEqual([onIdeas]);
  });
});
