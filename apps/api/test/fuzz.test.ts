import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { allRoles, type Role } from '@townhall/domain';
import { createTestApp, type Person, type TestApp } from './test-app.ts';

// A schema fuzz over every route in the OpenAPI document: malformed and boundary inputs (wrong
// types, huge strings, unknown fields, unicode, negative and huge numbers) as every role. No
// answer may be a 5xx, and a rejected request (4xx) must not have written a row anywhere.

type Schema = { type?: string | string[]; properties?: Record<string, Schema>; items?: Schema; enum?: unknown[]; anyOf?: Schema[] };
type Operation = { parameters?: { in: string; name: string; schema?: Schema }[]; requestBody?: { content?: Record<string, { schema?: Schema }> } };

const huge = 'x'.repeat(200_000);
const oddStrings = ['', ' ', '\u0000', '𝕏🚀\u202e', '../../etc/passwd', "' OR 1=1 --", '<script>alert(1)</script>', huge];
const oddNumbers = [-1, 0, 2 ** 53, -(2 ** 63), 1e308, 1.5];
const pathValues = ['0', '-1', '99999999999999999999', 'abc', '%00', encodeURIComponent('𝕏'), 'x'.repeat(2000)];

/** A value of the wrong type for `schema`. */
function wrongTypeFor(schema: Schema | undefined, n: number): unknown {
  const type = Array.isArray(schema?.type) ? schema!.type[0] : schema?.type;
  switch (type) {
    case 'string':
      return [123, true, { nested: 1 }, ['a']][n % 4];
    case 'integer':
    case 'number':
      return ['12', oddNumbers[n % oddNumbers.length], 'NaN', null][n % 4];
    case 'boolean':
      return ['yes', 1, null][n % 3];
    case 'array':
      return [{}, 'a,b', Array(5000).fill('x')][n % 3];
    case 'object':
      return [[], 'object', 42][n % 3];
    default:
      return oddStrings[n % oddStrings.length];
  }
}

/** Malformed bodies for an operation's JSON schema. */
function bodiesFor(schema: Schema | undefined): unknown[] {
  const properties = Object.entries(schema?.properties ?? {});
  const bodies: unknown[] = [null, [], 'text', 42, { unknownField: 1 }];
  for (let n = 0; n < 3; n += 1) bodies.push(Object.fromEntries(properties.map(([name, property]) => [name, wrongTypeFor(property, n)])));
  // Every field a boundary string, then every field a boundary number.
  bodies.push(Object.fromEntries(properties.map(([name], i) => [name, oddStrings[i % oddStrings.length]])));
  bodies.push(Object.fromEntries(properties.map(([name], i) => [name, oddNumbers[i % oddNumbers.length]])));
  bodies.push({ ...Object.fromEntries(properties.map(([name]) => [name, huge])), extra: 'x' });
  return bodies;
}

function queriesFor(operation: Operation): string[] {
  const names = (operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
  const queries = ['?unknown=1', `?${names.map((name) => `${name}=${encodeURIComponent(huge.slice(0, 5000))}`).join('&')}`];
  for (const value of ['-1', '99999999999999999999', '%00', 'true', '[]']) queries.push(`?${names.map((name) => `${name}=${value}`).join('&')}`);
  return queries;
}

let t: TestApp;
const people = new Map<Role, Person | null>();
let countRows: () => Promise<number>;

beforeAll(async () => {
  t = await createTestApp({ rateLimits: { signInPerMinute: 1_000_000, postsPerMinute: 1_000_000 }, searchesPerMinute: 1_000_000, mentionLookupsPerMinute: 1_000_000, reactionsPerMinute: 1_000_000 });
  for (const role of allRoles) people.set(role, role === 'guest' ? null : await t.signedIn(role, { tier: 'waist' }));
  // Something for the id routes to find: a question with an answer.
  const customer = people.get('customer')!;
  const topic = await t.request({ method: 'POST', url: '/api/boards/qa/topics', cookie: customer.cookie, body: { title: 'Fuzz target', body: 'Body' } });
  await t.request({ method: 'POST', url: `/api/topics/${topic.json().id}/posts`, cookie: people.get('ops')!.cookie, body: { body: 'Answer' } });
  const result = await t.db.execute<{ tablename: string }>(sql`select tablename from pg_tables where schemaname = 'public' order by tablename`);
  const tables = (Array.isArray(result) ? result : (result as { rows: { tablename: string }[] }).rows).map((row) => row.tablename).filter((name) => name !== '__drizzle_migrations');
  const total = sql.raw(`select (${tables.map((name) => `(select count(*) from "${name}")`).join(' + ')})::bigint as n`);
  countRows = async () => {
    const rows = await t.db.execute<{ n: string | number }>(total);
    return Number((Array.isArray(rows) ? rows : (rows as { rows: { n: string }[] }).rows)[0]!.n);
  };
});
afterAll(() => t.close());

describe('schema fuzz', () => {
  it('never answers 5xx and never writes on a rejected request, for any route, input or role', async () => {
    const spec = t.app.swagger() as { paths: Record<string, Record<string, Operation>> };
    const failures: string[] = [];
    let requests = 0;
    let rows = await countRows();
    for (const [path, operations] of Object.entries(spec.paths)) {
      if (!path.startsWith('/api/') || path.startsWith('/api/docs') || path === '/api/ws') continue;
      for (const [method, operation] of Object.entries(operations)) {
        const verb = method.toUpperCase() as 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
        const paramNames = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
        const urls = paramNames.length === 0 ? [path] : pathValues.map((value) => path.replace(/\{\w+\}/g, value));
        // Valid-looking ids too, so the body and query checks run past the resource lookup.
        if (paramNames.length > 0) urls.push(path.replace(/\{(\w+)\}/g, (_m, name: string) => (name === 'slug' ? 'qa' : name === 'kind' ? 'tada' : name === 'token' ? 'abc' : name === 'domain' ? 'x.test' : '1')));
        const bodySchema = operation.requestBody?.content?.['application/json']?.schema;
        const variants: { url: string; body?: unknown }[] = [];
        for (const url of urls) variants.push({ url });
        const base = urls[urls.length - 1]!;
        for (const query of queriesFor(operation)) variants.push({ url: base + query });
        if (verb !== 'GET' && verb !== 'DELETE') for (const body of bodiesFor(bodySchema)) variants.push({ url: base, body });
        for (const role of allRoles) {
          const person = people.get(role) ?? null;
          for (const variant of variants) {
            requests += 1;
            const response = await t.request({
              method: verb,
              url: variant.url,
              cookie: person?.cookie,
              ...(variant.body !== undefined ? { body: JSON.stringify(variant.body), headers: { 'content-type': 'application/json' } } : {}),
            });
            const label = `${role} ${verb} ${variant.url.slice(0, 120)} ${variant.body === undefined ? '' : JSON.stringify(variant.body).slice(0, 120)}`;
            if (response.statusCode >= 500) failures.push(`${response.statusCode} ${label}: ${response.body.slice(0, 200)}`);
            const after = await countRows();
            if (response.statusCode >= 400 && after !== rows) failures.push(`rejected with ${response.statusCode} but wrote ${after - rows} rows: ${label}`);
            rows = after;
          }
        }
      }
    }
    expect(failures).toEqual([]);
    expect(requests).toBeGreaterThan(3000);
  }, 600_000);
});
