import { crc32 } from 'node:zlib';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uploads } from '@townhall/db';
import { createTestApp, type Person, type TestApp } from './test-app.ts';

// Images attached to posts: only real PNG, JPEG, GIF and WebP bytes are kept, without their
// metadata, served under an unguessable address with headers that keep them images.

let t: TestApp;
let alice: Person;
let bob: Person;

/** A 1×1 PNG. */
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

/** The PNG above with one more chunk after its header (CRC and all, as a browser would read it). */
function pngWithChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([png.subarray(0, 33), length, body, crc, png.subarray(33)]);
}

/** With a text chunk naming where it was taken. */
const pngWithText = (text: string) => pngWithChunk('tEXt', Buffer.from(`Location\0${text}`, 'latin1'));

beforeAll(async () => {
  t = await createTestApp({ rateLimits: { signInPerMinute: 1000, postsPerMinute: 1000 }, uploads: { maxBytes: 64 * 1024, dailyBytesPerPerson: 200 * 1024 } });
  alice = await t.signedIn('customer', { organization: 'Acme', tier: 'head' });
  bob = await t.signedIn('customer');
});
afterAll(() => t.close());

const upload = (person: Person | undefined, body: Buffer | string, contentType = 'image/png', name?: string) =>
  t.request({
    method: 'POST',
    url: `/api/uploads${name === undefined ? '' : `?name=${encodeURIComponent(name)}`}`,
    cookie: person?.cookie,
    body,
    headers: { 'content-type': contentType },
  });

describe('uploading an image', () => {
  it('stores a PNG without its text chunks, answers its address and Markdown, and serves the bytes as an image', async () => {
    const response = await upload(alice, pngWithText('Berlin office, desk 4'), 'image/png', 'Screenshot 09.12.png');
    expect(response.statusCode, response.body).toBe(201);
    const created = response.json();
    expect(created).toMatchObject({ contentType: 'image/png', byteSize: png.length });
    expect(created.id).toMatch(/^[a-z2-7]{26}$/);
    expect(created.url).toBe(`/api/uploads/${created.id}.png`);
    expect(created.markdown).toBe(`![Screenshot 09.12.png](${created.url})`);
    const [row] = await t.db.select().from(uploads).where(eq(uploads.id, created.id));
    expect(row).toMatchObject({ uploaderId: alice.id, contentType: 'image/png', byteSize: png.length, name: 'Screenshot 09.12.png' });

    // Anyone with the address gets it, a guest too (it is shown in posts guests read).
    const served = await t.request({ method: 'GET', url: created.url });
    expect(served.statusCode).toBe(200);
    expect(served.rawPayload.equals(png)).toBe(true);
    expect(served.rawPayload.includes('Berlin')).toBe(false);
    expect(served.headers).toMatchObject({
      'content-type': 'image/png',
      'x-content-type-options': 'nosniff',
      'cache-control': 'public, max-age=31536000, immutable',
      'content-security-policy': "default-src 'none'; sandbox; frame-ancestors 'none'",
    });

    // A post shows it.
    const topic = await t.request({ method: 'POST', url: '/api/boards/qa/topics', cookie: alice.cookie, body: { title: 'The export button is grey', body: `See here:\n\n${created.markdown}` } });
    expect(topic.json().posts[0].bodyHtml).toContain(`<img src="${created.url}" alt="Screenshot 09.12.png" />`);
  });

  it('tells the kind by the bytes, not by the type the browser names', async () => {
    const gif = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');
    const response = await upload(bob, gif, 'image/png');
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ contentType: 'image/gif', url: expect.stringMatching(/\.gif$/) });
    // An address with another kind's extension finds nothing.
    expect((await t.request({ method: 'GET', url: response.json().url.replace(/\.gif$/, '.png') })).statusCode).toBe(404);
  });

  it.each([
    ['SVG, which can carry script', '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', 'image/png', 'UNSUPPORTED_IMAGE'],
    ['HTML named as a PNG', '<html><script>alert(1)</script></html>', 'image/png', 'UNSUPPORTED_IMAGE'],
    ['a PNG cut short', png.subarray(0, 40), 'image/png', 'UNSUPPORTED_IMAGE'],
    ['an image sent as SVG', png, 'image/svg+xml', 'UNSUPPORTED_MEDIA_TYPE'],
    ['JSON', '{"body":"x"}', 'application/json', 'UNSUPPORTED_MEDIA_TYPE'],
  ])('refuses %s, storing nothing', async (_title, body, contentType, code) => {
    const before = (await t.db.select({ id: uploads.id }).from(uploads)).length;
    const response = await upload(bob, typeof body === 'string' ? Buffer.from(body) : body, contentType);
    expect(response.statusCode, response.body).toBe(415);
    expect(response.json().error.code).toBe(code);
    expect((await t.db.select({ id: uploads.id }).from(uploads)).length).toBe(before);
  });

  it('refuses an image above the size limit with 413, and an upload past the daily allowance with 429', async () => {
    const carol = await t.signedIn('customer');
    const tooLarge = await upload(carol, Buffer.concat([png, Buffer.alloc(70 * 1024)]));
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json().error.code).toBe('PAYLOAD_TOO_LARGE');
    // 60 KiB images (a PNG with a long ancillary chunk kept as it is) until 200 KiB a day is used.
    const big = pngWithChunk('prVt', Buffer.alloc(60 * 1024));
    for (let i = 0; i < 3; i += 1) expect((await upload(carol, big)).statusCode).toBe(201);
    const over = await upload(carol, big);
    expect(over.statusCode).toBe(429);
    expect(over.json().error).toMatchObject({ code: 'UPLOAD_QUOTA_EXCEEDED', message: expect.stringContaining('in the last 24 hours') });
    // Someone else's allowance is their own.
    expect((await upload(alice, png)).statusCode).toBe(201);
  });

  it('is for signed-in people, from this site', async () => {
    expect((await upload(undefined, png)).statusCode).toBe(401);
    const foreign = await t.request({ method: 'POST', url: '/api/uploads', cookie: alice.cookie, body: png, headers: { 'content-type': 'image/png', origin: 'https://evil.test' } });
    expect(foreign.statusCode).toBe(403);
  });

  it('answers 404 for an address nobody was given and 400 for one that is not an upload address', async () => {
    expect((await t.request({ method: 'GET', url: '/api/uploads/aaaaaaaaaaaaaaaaaaaaaaaaaa.png' })).statusCode).toBe(404);
    const malformed = await t.request({ method: 'GET', url: '/api/uploads/..%2F..%2Fetc%2Fpasswd' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.field).toBe('file');
  });
});
