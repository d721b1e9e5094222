import type { Locator, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { answer, ask, hydrated, open, runTag, useTownhall } from './people.ts';

// The Q&A loop in a real browser against the real server: a customer asks in Markdown, staff
// answer officially, guests read, and nothing a customer writes runs as script.

const alice = 'alice@acme.test';
const ops = 'ops@demo.test';
const run = runTag;

const { newPerson, signIn, signedIn } = useTownhall();

const postBody = (post: Locator) => post.locator('.post-body');

type HostileReading = {
  csp: string | undefined;
  xss: unknown;
  dialogs: string[];
  hrefs: (string | null)[];
  dangerous: string[];
  text: string;
  pathnames: string[];
};

/**
 * Opens the thread with the hostile answer, clicks whatever can be clicked without leaving the
 * page (a surviving `javascript:` link would run here), then the Q&A list with the hostile title,
 * and reports what ran and what dangerous markup is in the DOM.
 */
async function readHostileThread(page: Page, questionPath: string, title: string): Promise<HostileReading> {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  const response = await page.goto(questionPath);
  await hydrated(page);
  await page.getByRole('heading', { level: 1, name: title }).waitFor();

  const hostile = page.getByTestId('post').filter({ hasText: 'Hostile answer starts here.' });
  await hostile.waitFor();
  const body = postBody(hostile);
  const links = body.locator('a');
  const hrefs: (string | null)[] = [];
  for (let i = 0; i < (await links.count()); i++) {
    const link = links.nth(i);
    const href = await link.getAttribute('href');
    hrefs.push(href);
    if (href === null || !/^(https?:|mailto:)/i.test(href.trim())) await link.click({ noWaitAfter: true });
  }
  const summaries = body.locator('summary');
  for (let i = 0; i < (await summaries.count()); i++) await summaries.nth(i).click();
  await page.waitForTimeout(500);
  const pathnames = [new URL(page.url()).pathname];
  const text = await body.innerText();
  const dangerous = await page.locator('main').evaluate(findDangerousMarkup);
  const xssOnThread = await page.evaluate(() => (window as { __xss?: unknown }).__xss);

  await page.goto('/b/qa');
  await hydrated(page);
  await page.getByRole('link', { name: title }).waitFor();
  await page.waitForTimeout(200);
  pathnames.push(new URL(page.url()).pathname);
  dangerous.push(...(await page.locator('main').evaluate(findDangerousMarkup)));
  const xssOnList = await page.evaluate(() => (window as { __xss?: unknown }).__xss);

  return { csp: response?.headers()['content-security-policy'], xss: xssOnThread ?? xssOnList, dialogs, hrefs, dangerous, text, pathnames };
}

/** Runs in the page: event-handler attributes, script URLs, and tags a post must never contain. */
function findDangerousMarkup(main: Element): string[] {
  const found: string[] = [];
  for (const element of main.querySelectorAll('*')) {
    for (const attribute of element.getAttributeNames()) {
      if (/^on/i.test(attribute)) found.push(`<${element.localName} ${attribute}>`);
      if (/^(href|src|action|formaction|data|xlink:href)$/i.test(attribute)) {
        const value = element.getAttribute(attribute)!.replace(/[\s\u0000-\u001f]/g, '');
        if (/^(javascript|data|vbscript):/i.test(value)) found.push(`<${element.localName} ${attribute}="${value}">`);
      }
    }
    if (
      element.closest('.post-body, h1, [data-testid="topic-item"]') &&
      /^(script|iframe|frame|object|embed|svg|math|style|form|button|input|link|meta|base)$/.test(element.localName)
    ) {
      found.push(`<${element.localName}> in user content`);
    }
  }
  return found;
}

describe('asking and answering on the Q&A board', () => {
  test('a customer asks in Markdown and sees the question rendered and listed', async () => {
    const page = await newPerson();
    await page.goto('/sign-in');
    await signIn(page, alice);

    await page.goto('/b/qa');
    await page.getByRole('link', { name: 'Ask a question' }).click();
    await page.waitForURL('**/b/qa/new');
    await hydrated(page);

    const title = `Bulk import stops at 10,000 rows (${run})`;
    const body = [
      'Our **bulk import** stops early.',
      '',
      '- upload the CSV',
      '- press *Import*',
      '',
      'Running `import --all` gives the same result; see the [status page](https://status.example.com/import).',
    ].join('\n');
    await page.getByLabel('Title').fill(title);
    await page.getByLabel('Details').fill(body);
    await page.getByRole('button', { name: 'Post your question' }).click();

    await page.waitForURL(/\/t\/\d+$/);
    const questionPath = new URL(page.url()).pathname;
    await page.getByRole('heading', { level: 1, name: title }).waitFor();

    const question = page.getByTestId('post').first();
    const rendered = postBody(question);
    expect(await rendered.locator('strong').textContent()).toBe('bulk import');
    expect(await rendered.locator('em').textContent()).toBe('Import');
    expect(await rendered.locator('li').allTextContents()).toEqual(['upload the CSV', 'press Import']);
    expect(await rendered.locator('code').textContent()).toBe('import --all');
    const link = rendered.getByRole('link', { name: 'status page' });
    expect(await link.getAttribute('href')).toBe('https://status.example.com/import');
    expect(await link.getAttribute('rel')).toContain('noopener');
    const text = await rendered.innerText();
    expect(text).not.toContain('**');
    expect(text).not.toContain('`');
    expect(text).not.toMatch(/^- /m);
    expect(await question.getByTestId('author-org').innerText()).toContain('Acme');

    await page.goto('/b/qa');
    const listed = page.getByTestId('topic-item').filter({ hasText: title });
    await listed.waitFor();
    expect(await listed.count()).toBe(1);
    expect(await listed.getByRole('link', { name: title }).getAttribute('href')).toBe(questionPath);
    // The newest question is at the top of the list.
    expect(await page.getByTestId('topic-item').first().innerText()).toContain(title);
  });

  test('ops answers officially and sees the asker’s organization and tier; guests see only the organization', async () => {
    const title = `Where are the webhook retry settings? (${run})`;
    const asker = await signedIn(alice);
    const questionPath = await ask(asker, title, 'We need to change how often **webhooks** are retried.');

    const staff = await signedIn(ops);
    await open(staff, questionPath);
    const answerText = `Retries live under Settings, Webhooks, Delivery (${run}).`;
    const official = await answer(staff, answerText);

    // The answer is official and says who wrote it.
    expect(await postBody(official).innerText()).toBe(answerText);
    expect(await official.getByTestId('official-badge').innerText()).toBe('Official');
    expect(await official.innerText()).toContain('Omar Ops');
    // The customer's question is not.
    const question = staff.getByTestId('post').first();
    expect(await question.innerText()).toContain('Alice Chen');
    expect(await question.getByTestId('official-badge').count()).toBe(0);

    // Staff see the asker's organization with its tier (and lifecycle stage) beside the question.
    const staffView = await question.getByTestId('author-org').innerText();
    expect(staffView).toContain('Acme');
    expect(staffView).toContain('Head account');
    expect(staffView).toContain('Expansion');

    // A guest reads the same thread: the organization, the official answer, but no account data.
    const guest = await newPerson();
    await guest.goto(questionPath);
    const guestQuestion = guest.getByTestId('post').first();
    const guestView = await guestQuestion.getByTestId('author-org').innerText();
    expect(guestView).toContain('Acme');
    expect(guestView).not.toMatch(/head|waist|tail|account|expansion/i);
    const guestAnswer = guest.getByTestId('post').filter({ hasText: answerText });
    expect(await guestAnswer.getByTestId('official-badge').innerText()).toBe('Official');
    expect(await guestQuestion.getByTestId('official-badge').count()).toBe(0);

    // The list marks the question as officially answered.
    await guest.goto('/b/qa');
    const listed = guest.getByTestId('topic-item').filter({ hasText: title });
    expect(await listed.getByTestId('official-badge').innerText()).toBe('Official answer');

    // The asker, a customer, does not see the tier of their own organization either.
    await asker.reload();
    await asker.getByTestId('post').filter({ hasText: answerText }).waitFor();
    expect(await asker.getByTestId('post').first().getByTestId('author-org').innerText()).not.toMatch(/head|account/i);
  });

  test('an @mention in an answer links to the person’s profile, which shows their handle', async () => {
    const asker = await signedIn(alice);
    const questionPath = await ask(asker, `Who owns the export fix? (${run})`, 'Exports time out after a minute.');
    const staff = await signedIn(ops);
    await open(staff, questionPath);
    const answered = await answer(staff, `@alice.chen the fix ships in 4.2 (${run}); ask @no.such.person if not.`);

    // Only the person who exists is linked; the other handle stays text.
    const mention = postBody(answered).locator('a.mention');
    expect(await mention.count()).toBe(1);
    expect(await mention.innerText()).toBe('@alice.chen');
    expect(await postBody(answered).innerText()).toContain('ask @no.such.person if not');
    await mention.click();
    await staff.waitForURL(/\/people\/\d+$/);
    expect(await staff.getByRole('heading', { level: 1 }).innerText()).toBe('Alice Chen');
    expect(await staff.getByTestId('person-handle').innerText()).toBe('@alice.chen');
  });

  test('a guest who opens the ask page is sent to sign in and comes back after', async () => {
    const page = await newPerson();
    await page.goto('/b/qa/new');
    const url = new URL(page.url());
    expect(url.pathname).toBe('/sign-in');
    expect(url.searchParams.get('redirectTo')).toBe('/b/qa/new');
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    expect(await page.getByLabel('Title').count()).toBe(0);

    await signIn(page, alice);
    expect(new URL(page.url()).pathname).toBe('/b/qa/new');
    await page.getByRole('heading', { level: 1, name: 'Ask a question' }).waitFor();
  });

  test('a wrong password shows an error and keeps the typed e-mail', async () => {
    const page = await newPerson();
    await open(page, '/sign-in');
    await page.getByLabel('Email').fill(alice);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();

    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(/e-mail or password is incorrect/i);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect(await page.getByLabel('Email').inputValue()).toBe(alice);
    expect(await page.getByLabel('Password').inputValue()).toBe('');
    // Still a guest.
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
    expect((await page.context().cookies()).map((cookie) => cookie.name)).not.toContain('townhall_session');
  });

  test('no script runs from a hostile answer or title', async () => {
    const hostileTitle = `<img src=x onerror="window.__xss=1"> <script>alert(1)</script> (${run})`;
    const vectors = [
      'Hostile answer starts here.',
      '<img src=x onerror="window.__xss=1">',
      '<img src=x onerror=alert(1)>',
      '<svg onload=window.__xss=1></svg>',
      '<svg><animate onbegin=window.__xss=1 attributeName=x dur=1s></animate></svg>',
      '[markdown js link](javascript:window.__xss=1)',
      '[mixed case js link](JaVaScRiPt:window.__xss=1)',
      '[markdown data link](data:text/html,<script>alert(1)</script>)',
      '<a href="javascript:window.__xss=1">html js link</a>',
      '<a href="&#106;avascript:window.__xss=1">entity js link</a>',
      '<a href="  javascript:window.__xss=1">spaced js link</a>',
      '<a href="#" onclick="window.__xss=1">onclick link</a>',
      '<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>',
      '<details open ontoggle=window.__xss=1><summary>toggle me</summary>details text</details>',
      '<script>window.__xss=1</script>',
      '<object data="javascript:window.__xss=1"></object>',
      '<form action="javascript:window.__xss=1"><button>go</button></form>',
      '<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=1></style></mglyph></table></mtext></math>',
      '<p style="background:url(javascript:window.__xss=1)">styled</p>',
      '![image](javascript:window.__xss=1)',
      'Hostile answer ends here.',
    ];

    const author = await signedIn(alice);
    const questionPath = await ask(author, hostileTitle, 'A title that tries to run script.');
    await answer(author, vectors.join('\n\n'));

    // Read it from a fresh load twice: as the app serves it, with its Content-Security-Policy, and
    // with CSP bypassed, which shows the sanitizer alone keeps script out; the policy is a second
    // line of defence, not the only one.
    const withCsp = await readHostileThread(await author.context().newPage(), questionPath, hostileTitle);
    const scriptSrc = /(?:^|;)\s*script-src ([^;]*)/.exec(withCsp.csp ?? '')?.[1];
    expect(scriptSrc, 'script-src of the page CSP').toBeDefined();
    expect(scriptSrc).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    const withoutCsp = await readHostileThread(await newPerson({ bypassCSP: true }), questionPath, hostileTitle);

    for (const [label, result] of Object.entries({ 'with CSP': withCsp, 'CSP bypassed': withoutCsp })) {
      expect(result.xss, `window.__xss, ${label}`).toBeUndefined();
      expect(result.dialogs, `dialogs, ${label}`).toEqual([]);
      expect(result.pathnames, `still on the pages, ${label}`).toEqual([questionPath, '/b/qa']);
      // Every link that survived points somewhere harmless.
      expect(result.hrefs.filter((href) => href !== null && !/^(https?:\/\/|mailto:|\/|#)/i.test(href.trim()))).toEqual([]);
      expect(result.dangerous, `dangerous markup, ${label}`).toEqual([]);
      // The vectors were rendered, not dropped wholesale, and defused.
      expect(result.hrefs.length).toBeGreaterThanOrEqual(5);
      expect(result.text).toContain('Hostile answer ends here.');
    }
  });

  test('an edit saved from a version changed meanwhile (another tab) is refused with both texts on screen, then saved on purpose', async () => {
    const author = await signedIn(alice);
    const questionPath = await ask(author, `Edited in two tabs (${runTag})`, 'The first version.');
    const postId = (await author.getByTestId('post').first().getAttribute('id'))!.slice('post-'.length);
    const first = author;
    const second = await author.context().newPage();
    for (const tab of [first, second]) await open(tab, `/p/${postId}/edit`);

    await first.getByLabel('Text').fill('Saved from the first tab.');
    await first.getByLabel('Tags').fill('sso, okta');
    await first.getByRole('button', { name: 'Save changes' }).click();
    await first.waitForURL((url) => url.pathname === questionPath);

    await second.getByLabel('Text').fill('Saved from the second tab.');
    await second.getByRole('button', { name: 'Save changes' }).click();
    await second.getByText('This post was changed while you were editing, so your changes were not saved.', { exact: false }).waitFor();
    expect(await second.getByTestId('current-version').locator('pre').innerText()).toBe('Saved from the first tab.');
    // The other tab's tags are part of what changed, so they are shown too.
    expect(await second.getByTestId('current-tags').innerText()).toBe('Tags: sso, okta');
    expect(await second.getByLabel('Text').inputValue()).toBe('Saved from the second tab.');

    // Saving again, having seen the other version, goes through; both stay in the history.
    await second.getByRole('button', { name: 'Save changes' }).click();
    await second.waitForURL((url) => url.pathname === questionPath);
    await second.getByTestId('post').first().getByText('Saved from the second tab.').waitFor();
    await open(second, `/p/${postId}/revisions`);
    expect(await second.getByTestId('revision').count()).toBe(3);
  });
});
