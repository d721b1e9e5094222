import { readdirSync, readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { hydrated } from './people.ts';

// What the hostile-text browser tests share: the XSS corpus, the hooks that record anything it
// manages to run, and a visit that collects what a page did.

const fixtures = new URL('../../api/test/fixtures/xss/', import.meta.url);

/** Every vector of the corpus (`apps/api/test/fixtures/xss`, from `../shared/corpora/xss/`). */
export function xssVectors(): string[] {
  const all: string[] = [];
  for (const file of readdirSync(fixtures).sort()) {
    const text = readFileSync(new URL(file, fixtures), 'utf8');
    if (file.endsWith('.txt')) all.push(...text.split(/\r?\n/).filter((line) => line.trim() !== ''));
    else if (file.endsWith('.json')) all.push(...(JSON.parse(text) as { payload: string }[]).map((item) => item.payload));
  }
  return all;
}

/** An init script: alert/confirm/prompt/print and CSP violations are recorded on `window`. */
export const recordExecutions = () => {
  const record = (what: string) => {
    const w = window as unknown as { __xss?: string[] };
    w.__xss = [...(w.__xss ?? []), what];
  };
  for (const name of ['alert', 'confirm', 'prompt', 'print'] as const) {
    (window as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => record(`${name}(${String(args[0])})`);
  }
  document.addEventListener('securitypolicyviolation', (event) => {
    const w = window as unknown as { __csp?: string[] };
    w.__csp = [...(w.__csp ?? []), `${event.violatedDirective} ${event.blockedURI}`];
  });
};

/** A JSON API call with the page's session, from the forum's own origin. */
export async function callApi(page: Page, origin: string, method: 'post' | 'patch' | 'put', path: string, data: unknown) {
  const response = await page.request[method](path, { data, headers: { origin } });
  return { status: response.status(), json: (await response.json().catch(() => null)) as Record<string, unknown> | null };
}

export type Findings = { path: string; xss: string[]; csp: string[]; dialogs: string[]; away: string[] };

/** Whether any visit ran something, was blocked by the CSP, or navigated away. */
export const withFindings = (findings: Findings[]) =>
  findings.filter((finding) => finding.xss.length + finding.csp.length + finding.dialogs.length + finding.away.length > 0);

/** Opens `path` (pages with the recording init script) and reports what ran there. */
export async function visit(page: Page, origin: string, path: string): Promise<Findings> {
  const dialogs: string[] = [];
  const away: string[] = [];
  const onDialog = (dialog: { type(): string; message(): string; dismiss(): Promise<void> }) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  };
  const onNavigate = (frame: { url(): string; parentFrame(): unknown }) => {
    if (!frame.parentFrame() && !frame.url().startsWith(origin) && frame.url() !== 'about:blank') away.push(frame.url());
  };
  page.on('dialog', onDialog);
  page.on('framenavigated', onNavigate);
  await page.goto(path);
  if (!path.includes('/edit')) await hydrated(page).catch(() => {});
  await page.waitForTimeout(300);
  const found = await page.evaluate(() => {
    const w = window as unknown as { __xss?: string[]; __csp?: string[] };
    return { xss: w.__xss ?? [], csp: w.__csp ?? [] };
  });
  page.off('dialog', onDialog);
  page.off('framenavigated', onNavigate);
  return { path, ...found, dialogs, away };
}
