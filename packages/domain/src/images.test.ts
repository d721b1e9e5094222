import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { imageMarkdown, sniffImageType, stripImageMetadata } from './images.ts';

const bytes = (...parts: (string | number[] | Uint8Array)[]) =>
  new Uint8Array(Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'latin1') : Buffer.from(part)))));
const has = (haystack: Uint8Array, needle: string) => Buffer.from(haystack).includes(Buffer.from(needle, 'latin1'));

/** A 1×1 PNG, as browsers decode it. */
const onePixelPng = new Uint8Array(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64'));

function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = bytes(type, data);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return bytes(length, body, crc);
}

/** The PNG above with a text chunk (a capture place) and a time chunk after its header. */
function pngWithMetadata(): Uint8Array {
  const headerEnd = 8 + 25;
  return bytes(onePixelPng.subarray(0, headerEnd), pngChunk('tEXt', bytes('Location\0Berlin office')), pngChunk('tIME', bytes([7, 234, 11, 29, 4, 0, 0])), onePixelPng.subarray(headerEnd));
}

const segment = (marker: number, payload: Uint8Array) => bytes([0xff, marker, (payload.length + 2) >> 8, (payload.length + 2) & 0xff], payload);

function jpeg(...segments: Uint8Array[]): Uint8Array {
  return bytes([0xff, 0xd8], ...segments, [0xff, 0xda, 0x00, 0x08, 1, 1, 0, 0, 0x3f, 0], 'scan data', [0xff, 0xd9]);
}

function webpChunk(type: string, data: Uint8Array): Uint8Array {
  const size = Buffer.alloc(4);
  size.writeUInt32LE(data.length);
  return bytes(type, size, data, data.length % 2 ? [0] : []);
}

function webp(...chunks: Uint8Array[]): Uint8Array {
  const body = bytes('WEBP', ...chunks);
  const size = Buffer.alloc(4);
  size.writeUInt32LE(body.length);
  return bytes('RIFF', size, body);
}

describe('sniffImageType', () => {
  it('tells PNG, JPEG, GIF and WebP by their bytes', () => {
    expect(sniffImageType(onePixelPng)).toBe('image/png');
    expect(sniffImageType(jpeg())).toBe('image/jpeg');
    expect(sniffImageType(bytes('GIF89a', [1, 0, 1, 0]))).toBe('image/gif');
    expect(sniffImageType(bytes('GIF87a'))).toBe('image/gif');
    expect(sniffImageType(webp(webpChunk('VP8L', bytes([0x2f, 0, 0, 0, 0]))))).toBe('image/webp');
  });

  it.each([
    ['SVG, which can carry script', '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'],
    ['HTML named .png', '<html><script>alert(1)</script>'],
    ['a PDF', '%PDF-1.7'],
    ['a RIFF that is not WebP (a WAV)', 'RIFF\u0000\u0000\u0000\u0000WAVEfmt '],
    ['nothing', ''],
  ])('refuses %s', (_title, text) => {
    expect(sniffImageType(bytes(text))).toBeNull();
  });
});

describe('stripImageMetadata', () => {
  it('drops a PNG’s text and time chunks and keeps the rest byte for byte', () => {
    const stripped = stripImageMetadata('image/png', pngWithMetadata());
    expect(stripped).toEqual({ ok: true, bytes: onePixelPng });
    expect(stripImageMetadata('image/png', onePixelPng)).toEqual({ ok: true, bytes: onePixelPng });
  });

  it('refuses a PNG that is cut short or has no header chunk', () => {
    expect(stripImageMetadata('image/png', onePixelPng.subarray(0, 40))).toMatchObject({ ok: false, reason: 'the PNG file is cut short' });
    expect(stripImageMetadata('image/png', bytes(onePixelPng.subarray(0, 8), pngChunk('IEND', bytes())))).toMatchObject({ ok: false });
  });

  it('drops a JPEG’s Exif (GPS position), IPTC and comments, and keeps its JFIF header, colour profile and scan', () => {
    const jfif = segment(0xe0, bytes('JFIF\0', [1, 1, 0, 0, 1, 0, 1, 0, 0]));
    const icc = segment(0xe2, bytes('ICC_PROFILE\0', [1, 1]));
    const exif = segment(0xe1, bytes('Exif\0\0', 'GPSLatitude 52.52'));
    const iptc = segment(0xed, bytes('Photoshop 3.0\0', 'By-line: Ana'));
    const comment = segment(0xfe, bytes('taken at the customer site'));
    const stripped = stripImageMetadata('image/jpeg', jpeg(jfif, exif, icc, iptc, comment));
    expect(stripped).toEqual({ ok: true, bytes: jpeg(jfif, icc) });
    expect(stripped.ok && (has(stripped.bytes, 'GPS') || has(stripped.bytes, 'Ana') || has(stripped.bytes, 'customer site'))).toBe(false);
  });

  it('refuses a JPEG without image data or with a segment running past its end', () => {
    expect(stripImageMetadata('image/jpeg', bytes([0xff, 0xd8], segment(0xe0, bytes('JFIF\0'))))).toMatchObject({ ok: false });
    expect(stripImageMetadata('image/jpeg', bytes([0xff, 0xd8, 0xff, 0xe1, 0xff, 0xff, 1, 2]))).toMatchObject({ ok: false, reason: 'the JPEG file is cut short' });
  });

  it('drops a WebP’s EXIF and XMP chunks, clears their flags and fixes the RIFF size', () => {
    const image = webpChunk('VP8L', bytes([0x2f, 0, 0, 0, 0]));
    const header = (flags: number) => webpChunk('VP8X', bytes([flags, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
    const stripped = stripImageMetadata('image/webp', webp(header(0x0c), image, webpChunk('EXIF', bytes('GPS 52.52')), webpChunk('XMP ', bytes('<x:xmpmeta/>'))));
    expect(stripped).toEqual({ ok: true, bytes: webp(header(0x00), image) });
  });

  it('keeps a GIF as it is', () => {
    const gif = bytes('GIF89a', [1, 0, 1, 0, 0, 0, 0, 0x3b]);
    expect(stripImageMetadata('image/gif', gif)).toEqual({ ok: true, bytes: gif });
  });
});

describe('imageMarkdown', () => {
  it('uses the file name as alt text, without what would end it', () => {
    expect(imageMarkdown({ name: 'Screenshot 2026-11-29 at 09.12.png', url: '/api/uploads/a.png' })).toBe('![Screenshot 2026-11-29 at 09.12.png](/api/uploads/a.png)');
    expect(imageMarkdown({ name: 'a]b[c\\d\ne.png', url: '/u.png' })).toBe('![a b c d e.png](/u.png)');
    expect(imageMarkdown({ name: null, url: '/u.png' })).toBe('![image](/u.png)');
    expect(imageMarkdown({ name: '   ', url: '/u.png' })).toBe('![image](/u.png)');
  });
});
