import { randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import type { Locator, Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { ask, open, runTag, useTownhall } from './people.ts';

// Screenshots in what people write: a Markdown field's "Attach image" button and dropping files
// upload them (through the pages' /uploads endpoint to the API) behind a placeholder that becomes
// the image's Markdown, which previews and posts as an image that loads. A file that is not an
// image is refused with the API's words and the text stays as typed. Pasting is tested with a
// synthetic paste event carrying a file (a real clipboard image cannot be put into Chromium from a
// test), which is all the field reads.

const { signedIn, server } = useTownhall();

/** A valid 1×1 PNG (one opaque red pixel). */
const pixelPng = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

/** A PNG of random pixels (RGBA), which does not compress: about 4 × width × height bytes. */
function noisePng(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc32 = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(typed));
    return Buffer.concat([length, typed, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8 bits per channel, RGBA, deflate, no filter method, no interlace
  const rows = Buffer.concat(Array.from({ length: height }, () => Buffer.concat([Buffer.from([0]), randomBytes(width * 4)])));
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

const uploadedImage = /!\[[^\]]*\]\(\/api\/uploads\/[^)\s]+\)/g;

/** The answer box on the topic open in `page`, and its form. */
function replyForm(page: Page): { box: Locator; form: Locator } {
  const box = page.getByLabel('Answer', { exact: true });
  return { box, form: page.locator('form', { has: box }) };
}

/** Waits until `image` has loaded and returns its natural width (0 for a broken image). */
async function loadedWidth(image: Locator): Promise<number> {
  await image.waitFor();
  await expect.poll(() => image.evaluate((element: HTMLImageElement) => element.complete)).toBe(true);
  return image.evaluate((element: HTMLImageElement) => element.naturalWidth);
}

/** Drops files (name, type, bytes) onto `target` as a drag from the desktop would. */
async function dropFiles(target: Locator, files: { name: string; type: string; base64: string }[]): Promise<void> {
  await target.evaluate((element, dropped) => {
    const transfer = new DataTransfer();
    for (const file of dropped) {
      const bytes = Uint8Array.from(atob(file.base64), (char) => char.charCodeAt(0));
      transfer.items.add(new File([bytes], file.name, { type: file.type }));
    }
    element.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    element.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, files);
}

test('a customer attaches a PNG with the button, previews it and posts an answer that shows it', async () => {
  const alice = await signedIn('alice@acme.test');
  const questionPath = await ask(alice, `Where is the export button? (${runTag})`, 'I looked everywhere.');
  await open(alice, questionPath);
  const { box, form } = replyForm(alice);

  const typed = `Here it is (${runTag}):`;
  await box.fill(typed);
  await form.getByRole('button', { name: 'Attach image' }).waitFor();
  await form.getByTestId('attach-image-input').setInputFiles({ name: 'export-button.png', mimeType: 'image/png', buffer: pixelPng });

  // The placeholder becomes the API's Markdown, on its own line after the text typed.
  await expect.poll(() => box.inputValue()).toMatch(uploadedImage);
  const value = await box.inputValue();
  expect(value.startsWith(`${typed}\n![`)).toBe(true);
  expect(value).not.toContain('Uploading');
  expect(await form.getByRole('status').textContent()).toContain('export-button.png is attached.');

  await form.getByRole('button', { name: 'Preview' }).click();
  expect(await loadedWidth(alice.getByTestId('preview').locator('img'))).toBeGreaterThan(0);
  expect(await box.inputValue()).toBe(value);

  await form.getByRole('button', { name: 'Post your answer' }).click();
  await alice.waitForURL(/\/t\/\d+\?near=\d+#post-\d+$/);
  const post = alice.locator(`[data-testid="post"][id="${new URL(alice.url()).hash.slice(1)}"]`);
  const image = post.locator('img[src^="/api/uploads/"]');
  expect(await loadedWidth(image)).toBeGreaterThan(0);

  // The endpoint takes a same-origin fetch with an image type, and refuses another site's.
  const sameOrigin = await alice.evaluate(async (base64) => {
    const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
    const response = await fetch('/uploads?name=direct.png', { method: 'POST', headers: { 'content-type': 'image/png' }, body: bytes });
    return { status: response.status, body: (await response.json()) as { url?: string; markdown?: string } };
  }, pixelPng.toString('base64'));
  expect(sameOrigin.status).toBe(201);
  expect(sameOrigin.body.markdown).toContain(sameOrigin.body.url);
  const crossSite = await alice.request.post('/uploads?name=evil.png', {
    data: pixelPng,
    headers: { 'content-type': 'image/png', origin: 'https://evil.test', 'sec-fetch-site': 'cross-site' },
  });
  expect(crossSite.status()).toBeGreaterThanOrEqual(400);
  expect(crossSite.status()).toBeLessThan(500);
  expect(((await crossSite.json()) as { error: { code: string } }).error.code).toBe('CROSS_ORIGIN_REJECTED');
});

test('dropped and pasted images upload one after another and the form waits for them; a file that is not an image is refused and the text stays', async () => {
  const bob = await signedIn('bob@tinyco.test');
  const questionPath = await ask(bob, `Dropping screenshots (${runTag})`, 'Testing drops.');
  await open(bob, questionPath);
  const { box, form } = replyForm(bob);

  // A text file named .png: the browser calls it image/png, the API reads its bytes and refuses it.
  const typed = `Nothing else changes (${runTag}).`;
  await box.fill(typed);
  await dropFiles(box, [{ name: 'notes.png', type: 'image/png', base64: Buffer.from('just some text, not a picture').toString('base64') }]);
  const alert = form.getByRole('alert');
  await alert.waitFor();
  expect(await alert.textContent()).toBe('notes.png was not attached: This file is not a PNG, JPEG, GIF or WebP image');
  expect(await box.inputValue()).toBe(typed);

  // Two images at once, held on their way until the form has been sent: both placeholders
  // appear, the form waits instead of posting them, then each becomes its image, in order.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await bob.route('**/uploads?*', async (route) => {
    await held;
    await route.continue();
  });
  await box.evaluate((element: HTMLTextAreaElement) => element.setSelectionRange(element.value.length, element.value.length));
  const pixel = pixelPng.toString('base64');
  await dropFiles(box, [
    { name: 'first.png', type: 'image/png', base64: pixel },
    { name: 'second.png', type: 'image/png', base64: pixel },
  ]);
  expect(await box.inputValue()).toBe(`${typed}\n![Uploading first.png…]()\n![Uploading second.png…]()`);
  // A new attempt clears the earlier refusal.
  expect(await form.getByRole('alert').count()).toBe(0);
  await form.getByRole('button', { name: 'Post your answer' }).click();
  await form.getByRole('status').getByText('Wait until the images are attached, then send the form again.').waitFor();
  expect(new URL(bob.url()).pathname).toBe(questionPath);
  release();

  await expect.poll(async () => (await box.inputValue()).match(uploadedImage)?.length ?? 0).toBe(2);
  const value = await box.inputValue();
  expect(value).not.toContain('Uploading');
  expect(value.startsWith(`${typed}\n`)).toBe(true);
  expect(value.indexOf('first.png')).toBeLessThan(value.indexOf('second.png'));

  // Pasting an image (a synthetic paste: Chromium lets a test build one carrying a file) attaches
  // it at the caret; pasting text stays the browser's own.
  await box.evaluate((element: HTMLTextAreaElement, base64) => {
    element.focus();
    element.setSelectionRange(element.value.length, element.value.length);
    const transfer = new DataTransfer();
    transfer.items.add(new File([Uint8Array.from(atob(base64), (char) => char.charCodeAt(0))], 'image.png', { type: 'image/png' }));
    element.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
  }, pixel);
  await expect.poll(async () => (await box.inputValue()).match(uploadedImage)?.length ?? 0).toBe(3);
  expect(await box.inputValue()).toMatch(/\n!\[image\.png\]\(\/api\/uploads\/[^)]+\)$/);
  // Text that comes with a picture of itself (spreadsheet cells) is left to the browser to paste.
  const textPaste = await box.evaluate((element: HTMLTextAreaElement, base64) => {
    const before = element.value;
    const transfer = new DataTransfer();
    transfer.setData('text/plain', 'A1 B1');
    transfer.items.add(new File([Uint8Array.from(atob(base64), (char) => char.charCodeAt(0))], 'cells.png', { type: 'image/png' }));
    const event = new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true });
    element.dispatchEvent(event);
    return { prevented: event.defaultPrevented, unchanged: element.value === before };
  }, pixel);
  expect(textPaste).toEqual({ prevented: false, unchanged: true });

  await form.getByRole('button', { name: 'Post your answer' }).click();
  await bob.waitForURL(/\/t\/\d+\?near=\d+#post-\d+$/);
  const post = bob.locator(`[data-testid="post"][id="${new URL(bob.url()).hash.slice(1)}"]`);
  await post.waitFor();
  expect(await post.locator('img[src^="/api/uploads/"]').count()).toBe(3);
});

test('a screenshot of over a megabyte is attached; one over the limit is refused with the API’s words', async () => {
  const alice = await signedIn('alice@acme.test');
  const questionPath = await ask(alice, `Large screenshots (${runTag})`, 'Big pictures.');
  await open(alice, questionPath);
  const { box, form } = replyForm(alice);
  const input = form.getByTestId('attach-image-input');

  // Far beyond adapter-node's default body limit (512 KB): the pages take what the API takes.
  const large = noisePng(640, 480);
  expect(large.length).toBeGreaterThan(1024 * 1024);
  await input.setInputFiles({ name: 'large.png', mimeType: 'image/png', buffer: large });
  await expect.poll(() => box.inputValue(), { timeout: 20_000 }).toMatch(uploadedImage);
  expect(await form.getByRole('alert').count()).toBe(0);

  // Just over the API's 5 MB: the API refuses it (413) and the text stays as it was.
  const before = await box.inputValue();
  const tooLarge = Buffer.concat([pixelPng, Buffer.alloc(5 * 1024 * 1024)]);
  await input.setInputFiles({ name: 'huge.png', mimeType: 'image/png', buffer: tooLarge });
  const alert = form.getByRole('alert');
  await alert.waitFor({ timeout: 20_000 });
  expect(await alert.textContent()).toBe('huge.png was not attached: The request body is too large');
  expect(await box.inputValue()).toBe(before);
});

test('without JavaScript there is no Attach image button, and answering still works', async () => {
  const bob = await signedIn('bob@tinyco.test', { javaScriptEnabled: false });
  const questionPath = await ask(bob, `No script here (${runTag})`, 'Plain text only.', { script: false });
  await bob.goto(questionPath);
  const { box, form } = replyForm(bob);
  await box.waitFor();
  expect(await form.getByRole('button', { name: 'Attach image' }).count()).toBe(0);
  expect(await form.locator('input[type="file"]').count()).toBe(0);
});
