import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { useTownhall } from './people.ts';

// A build replaced in place under a running server (a careless deploy) leaves it serving files
// that are gone: that request fails, and the server goes on serving everything else.

const build = fileURLToPath(new URL('../build', import.meta.url));
let copy = '';

beforeAll(async () => {
  // Beside the build, so it is an ES module package and finds apps/web's dependencies as the build does.
  copy = await mkdtemp(fileURLToPath(new URL('../.e2e-build-', import.meta.url)));
  await cp(build, copy, { recursive: true });
});
// Registered before useTownhall's, so it runs after the server has stopped.
afterAll(async () => {
  if (copy) await rm(copy, { recursive: true, force: true });
});

const { server, newPerson } = useTownhall({ serverEnv: () => ({ WEB_BUILD_DIR: copy }) });

test('a static file removed under the running server fails its own request, not the server', async () => {
  const entry = join(copy, 'client/_app/immutable/entry');
  const script = (await readdir(entry)).find((name) => name.endsWith('.js'))!;
  const url = `${server().url}/_app/immutable/entry/${script}`;
  expect((await fetch(url, { headers: { 'accept-encoding': 'br' } })).status).toBe(200);

  for (const suffix of ['', '.br', '.gz']) await rm(join(entry, script + suffix), { force: true });
  // The server listed its files at start-up, so it still tries to send this one; the response
  // breaks off (or is refused) instead of the process dying.
  const gone = await fetch(url, { headers: { 'accept-encoding': 'br' } }).then(
    async (response) => (response.ok ? await response.arrayBuffer().then(() => 'read', () => 'broken') : 'refused'),
    () => 'broken',
  );
  expect(gone).not.toBe('read');

  expect((await fetch(`${server().url}/api/health`)).status).toBe(200);
  // Pages still render on the server (this one cannot hydrate: its entry script is gone).
  const page = await newPerson();
  await page.goto('/b/qa');
  expect(await page.getByRole('heading', { level: 1 }).count()).toBe(1);
});
