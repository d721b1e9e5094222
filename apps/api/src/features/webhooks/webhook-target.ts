import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';

/**
 * Where a webhook may be sent. A webhook URL is typed by staff, and the server posts to it: without
 * a check, anyone with a webhook could make the server call what only it can reach (the database
 * port, an admin interface, a cloud metadata address) — server-side request forgery. Loopback,
 * private, link-local, shared, multicast and reserved addresses are refused, when the URL is saved
 * and again when each connection is opened (a name can resolve elsewhere by then).
 */

/** IPv4 ranges that are not the public internet (RFC 6890 and friends): [first address, prefix length]. */
const blockedV4: [string, number][] = [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
];

const v4Number = (address: string) => address.split('.').reduce((n, part) => n * 256 + Number(part), 0);

function blockedIPv4(address: string): boolean {
  const n = v4Number(address);
  return blockedV4.some(([first, bits]) => Math.floor(n / 2 ** (32 - bits)) === Math.floor(v4Number(first) / 2 ** (32 - bits)));
}

/** The eight 16-bit groups of an IPv6 address (`::` expanded, an embedded IPv4 tail split). */
function v6Groups(address: string): number[] {
  let text = address.toLowerCase().split('%')[0]!;
  const v4Tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4Tail) {
    const n = v4Number(v4Tail[1]!);
    text = text.slice(0, -v4Tail[1]!.length) + `${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const middle = tail === undefined ? [] : Array(8 - left.length - right.length).fill('0');
  return [...left, ...middle, ...right].map((group) => parseInt(group || '0', 16));
}

function blockedIPv6(address: string): boolean {
  const g = v6Groups(address);
  const zeroUntil = (count: number) => g.slice(0, count).every((group) => group === 0);
  if (zeroUntil(8) || (zeroUntil(7) && g[7] === 1)) return true; // :: and ::1
  // IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d) and NAT64 (64:ff9b::a.b.c.d): the IPv4 decides.
  const embedded = `${g[6]! >> 8}.${g[6]! & 255}.${g[7]! >> 8}.${g[7]! & 255}`;
  if (zeroUntil(5) && (g[5] === 0xffff || g[5] === 0)) return blockedIPv4(embedded);
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((group) => group === 0)) return blockedIPv4(embedded);
  if ((g[0]! & 0xfe00) === 0xfc00) return true; // unique local fc00::/7
  if ((g[0]! & 0xffc0) === 0xfe80) return true; // link-local fe80::/10
  if ((g[0]! & 0xff00) === 0xff00) return true; // multicast
  if (g[0] === 0x2001 && g[1] === 0x0db8) return true; // documentation
  return false;
}

/** Whether `address` (an IP literal) is one a webhook must not reach. */
export function isBlockedAddress(address: string): boolean {
  const version = isIP(address);
  if (version === 4) return blockedIPv4(address);
  if (version === 6) return blockedIPv6(address);
  return true;
}

/** Why a webhook URL cannot be used, or null. `allowPrivate` (development, tests) lifts the address check. */
export function webhookUrlProblem(url: string, allowPrivate: boolean): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not a valid URL';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'must start with http:// or https://';
  if (parsed.username || parsed.password) return 'must not carry a user name or password';
  if (allowPrivate) return null;
  // The URL parser has already turned decimal, octal and short forms of IPv4 into dotted quads.
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) return isBlockedAddress(host) ? 'points at a private or local address' : null;
  if (host === 'localhost' || host.endsWith('.localhost') || !host.includes('.')) return 'points at a private or local address';
  return null;
}

/** A DNS lookup that refuses names resolving to a blocked address. */
const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, '', 4);
    const blocked = addresses.find((entry) => isBlockedAddress(entry.address));
    if (blocked || addresses.length === 0) {
      const refusal = Object.assign(new Error(`${hostname} resolves to a private or local address`), { code: 'EBLOCKEDADDRESS' });
      return callback(refusal, '', 4);
    }
    if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
};

export type WebhookAnswer = { status: number; text: string };

/** The most of an answer that is read: enough for a chat service's error code. */
const maxAnswerBytes = 64 * 1024;

/**
 * Posts one webhook request and reads the answer. Redirects are not followed (a redirect could
 * lead anywhere); unless `allowPrivate`, the address is checked again as the connection opens.
 */
export function postWebhook(
  request: { url: string; headers: Record<string, string>; body: string },
  { allowPrivate, timeoutMs }: { allowPrivate: boolean; timeoutMs: number },
): Promise<WebhookAnswer> {
  const problem = webhookUrlProblem(request.url, allowPrivate);
  if (problem) return Promise.reject(new Error(`The webhook URL ${problem}`));
  const url = new URL(request.url);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = send(
      url,
      {
        method: 'POST',
        headers: { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) },
        ...(allowPrivate ? {} : { lookup: publicOnlyLookup }),
        timeout: timeoutMs,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          if (size < maxAnswerBytes) chunks.push(chunk);
          size += chunk.length;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8').slice(0, maxAnswerBytes) }));
        response.on('error', reject);
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error(`No answer within ${timeoutMs / 1000} s`)));
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}
