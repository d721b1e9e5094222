import { afterEach, describe, expect, it } from 'vitest';
import { apiTransportKey, exposeApiToPages } from '../src/plugins/pages.ts';
import { createTestApp, testHost } from './test-app.ts';

type Transport = { inject(request: { method: string; url: string; headers: Record<string, string> }): Promise<{ statusCode: number; headers: Record<string, unknown>; body: string }> };
const transport = () => (globalThis as Record<symbol, unknown>)[apiTransportKey] as Transport;

afterEach(() => {
  delete (globalThis as Record<symbol, unknown>)[apiTransportKey];
});

describe('the pages’ way to the API while the server shuts down', () => {
  it('answers a page that is still rendering with 503, not an error, once the API takes no more requests', async () => {
    const t = await createTestApp();
    exposeApiToPages(t.app);
    const ask = () => transport().inject({ method: 'GET', url: '/api/boards', headers: { host: testHost } });

    const before = await ask();
    expect(before.statusCode).toBe(200);
    expect(JSON.parse(before.body).boards.length).toBeGreaterThan(0);

    await t.close();
    const after = await ask();
    expect(after.statusCode).toBe(503);
    expect(after.headers['retry-after']).toBe('5');
    expect(JSON.parse(after.body)).toEqual({ error: { code: 'SHUTTING_DOWN', message: 'The server is restarting; try again in a few seconds' } });
  });
});
