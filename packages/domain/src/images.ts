/**
 * Images people attach to what they write (screenshots, mostly): which kinds are taken, told by
 * their bytes and never by the name or type the browser claims, and their metadata removed before
 * they are stored, so a photo does not publish where and when it was taken.
 */
export const imageTypes = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
} as const;
export type ImageType = keyof typeof imageTypes;
export type ImageExtension = (typeof imageTypes)[ImageType];

const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0) => prefix.every((byte, index) => bytes[at + index] === byte);
const ascii = (text: string) => [...text].map((char) => char.charCodeAt(0));

/** The image kind `bytes` are, by their signature; null for anything else (SVG, HTML, PDF…). */
export function sniffImageType(bytes: Uint8Array): ImageType | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'image/gif';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp';
  return null;
}

export type StrippedImage = { ok: true; bytes: Uint8Array } | { ok: false; reason: string };

const readUint32 = (bytes: Uint8Array, at: number) => ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
const readUint32LE = (bytes: Uint8Array, at: number) => (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** PNG chunks that carry text, a capture time or Exif: dropped. Pixels, palette and colour stay. */
const pngMetadataChunks = new Set(['tEXt', 'zTXt', 'iTXt', 'eXIf', 'tIME']);

function stripPng(bytes: Uint8Array): StrippedImage {
  const parts: Uint8Array[] = [bytes.subarray(0, 8)];
  let at = 8;
  let first = true;
  while (at + 12 <= bytes.length) {
    const length = readUint32(bytes, at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    const end = at + 12 + length;
    if (end > bytes.length) return { ok: false, reason: 'the PNG file is cut short' };
    if (first && type !== 'IHDR') return { ok: false, reason: 'the PNG file has no header chunk' };
    first = false;
    if (!pngMetadataChunks.has(type)) parts.push(bytes.subarray(at, end));
    at = end;
    if (type === 'IEND') return { ok: true, bytes: concat(parts) };
  }
  return { ok: false, reason: 'the PNG file is cut short' };
}

/** JPEG segments dropped: APP1 (Exif, XMP: camera, GPS position, time), APP13 (IPTC), comments. */
const jpegMetadataMarkers = new Set([0xe1, 0xed, 0xfe]);

function stripJpeg(bytes: Uint8Array): StrippedImage {
  const parts: Uint8Array[] = [bytes.subarray(0, 2)];
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return { ok: false, reason: 'the JPEG file is not readable' };
    const marker = bytes[at + 1]!;
    // Fill bytes before a marker.
    if (marker === 0xff) {
      at += 1;
      continue;
    }
    // From the start of the scan on, the rest is image data: kept as it is.
    if (marker === 0xda) return { ok: true, bytes: concat([...parts, bytes.subarray(at)]) };
    const length = (bytes[at + 2]! << 8) | bytes[at + 3]!;
    const end = at + 2 + length;
    if (length < 2 || end > bytes.length) return { ok: false, reason: 'the JPEG file is cut short' };
    if (!jpegMetadataMarkers.has(marker)) parts.push(bytes.subarray(at, end));
    at = end;
  }
  return { ok: false, reason: 'the JPEG file has no image data' };
}

/** WebP chunks dropped, and the flags that announce them cleared in its extended header. */
const webpMetadataChunks = new Set(['EXIF', 'XMP ']);

function stripWebp(bytes: Uint8Array): StrippedImage {
  const declared = readUint32LE(bytes, 4) + 8;
  if (declared > bytes.length || bytes.length < 20) return { ok: false, reason: 'the WebP file is cut short' };
  const parts: Uint8Array[] = [];
  let at = 12;
  while (at + 8 <= declared) {
    const type = String.fromCharCode(...bytes.subarray(at, at + 4));
    const size = readUint32LE(bytes, at + 4);
    const end = at + 8 + size + (size % 2);
    if (at + 8 + size > declared) return { ok: false, reason: 'the WebP file is cut short' };
    if (type === 'VP8X') {
      const chunk = bytes.slice(at, Math.min(end, declared));
      // Flags: 0x08 says an EXIF chunk follows, 0x04 an XMP one; neither will.
      chunk[8] = chunk[8]! & ~0x0c;
      parts.push(chunk);
    } else if (!webpMetadataChunks.has(type)) {
      parts.push(bytes.subarray(at, Math.min(end, declared)));
    }
    at = end;
  }
  if (parts.length === 0) return { ok: false, reason: 'the WebP file has no image data' };
  const body = concat(parts);
  const header = new Uint8Array(12);
  header.set(bytes.subarray(0, 12));
  const size = body.length + 4;
  header.set([size & 0xff, (size >>> 8) & 0xff, (size >>> 16) & 0xff, (size >>> 24) & 0xff], 4);
  return { ok: true, bytes: concat([header, body]) };
}

/**
 * The image without its metadata (see each kind above), or why it cannot be read. GIFs carry no
 * camera metadata and are kept as they are.
 */
export function stripImageMetadata(type: ImageType, bytes: Uint8Array): StrippedImage {
  switch (type) {
    case 'image/png':
      return stripPng(bytes);
    case 'image/jpeg':
      return stripJpeg(bytes);
    case 'image/webp':
      return stripWebp(bytes);
    case 'image/gif':
      return { ok: true, bytes };
  }
}

/**
 * The Markdown that shows an upload: its file name (without brackets and line breaks, which
 * would end the alt text) as alt text, or "image".
 */
export function imageMarkdown({ name, url }: { name: string | null; url: string }): string {
  const alt = (name ?? '').replace(/[[\]\\\r\n]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 100) || 'image';
  return `![${alt}](${url})`;
}
